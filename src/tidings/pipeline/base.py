"""Steps and the pipeline that chains them over a stream of articles.

A step owns nothing but one narrow hook; the base classes own the loop, the
counters and the failure policy (datatrove's idea).  A step declares the fields
it ``requires`` and the fields it ``assigns`` (spaCy's idea) so that a pipeline
whose steps are in an impossible order fails when it is built, not halfway
through a crawl.

Failure policy: a step that raises :class:`Drop` removes the article with that
reason; any other exception from a step's hook drops the article with the
exception's name as the reason and the run goes on.  Configuration and storage
errors (:class:`~tidings.errors.TidingsError` other than input errors) stop it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from typing import ClassVar

from ..errors import InputError, PipelineError, TidingsError
from ..model import Article
from .report import RunReport

__all__ = ["Drop", "Enricher", "Filter", "Pipeline", "Splitter", "Step"]

#: Fields that a reader sets on every article it emits.
READER_FIELDS = frozenset({"source", "raw", "url", "outlet", "fetched"})


class Drop(TidingsError):
    """Raised by a step's hook to drop the current article with a reason.

    A signal, not a failure: the base class counts it and goes on."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Step:
    """Base class: turns a stream of articles into a stream of articles."""

    name: ClassVar[str] = "step"
    requires: ClassVar[frozenset[str]] = frozenset()
    assigns: ClassVar[frozenset[str]] = frozenset()

    def process(self, article: Article) -> Iterable[Article]:  # pragma: no cover - abstract
        raise NotImplementedError

    def run(self, articles: Iterable[Article], report: RunReport) -> Iterator[Article]:
        counters = report.step(self.name)
        for article in articles:
            counters.seen += 1
            try:
                produced = list(self.process(article))
            except Drop as drop:
                counters.drop(drop.reason, article.source)
                continue
            except InputError:
                raise
            except TidingsError:
                raise
            except Exception as exc:  # one bad document must not stop the run
                counters.drop(f"error: {type(exc).__name__}", article.source, str(exc))
                continue
            counters.emitted += len(produced)
            yield from produced


class Splitter(Step):
    """A step that cuts one article (a whole input) into zero or more articles."""

    name = "split"

    def split(self, article: Article) -> Iterable[Article]:  # pragma: no cover - abstract
        raise NotImplementedError

    def process(self, article: Article) -> Iterable[Article]:
        return self.split(article)


class Enricher(Step):
    """A step that sets fields on each article in place."""

    name = "enrich"

    def enrich(self, article: Article) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def process(self, article: Article) -> Iterable[Article]:
        self.enrich(article)
        return (article,)


class Filter(Step):
    """A step that keeps or drops articles.  ``keep`` returns True or a reason."""

    name = "filter"

    def keep(self, article: Article) -> bool | str:  # pragma: no cover - abstract
        raise NotImplementedError

    def process(self, article: Article) -> Iterable[Article]:
        verdict = self.keep(article)
        if verdict is True:
            return (article,)
        raise Drop(verdict if isinstance(verdict, str) else "filtered")


class Pipeline:
    """An ordered list of steps, checked when built."""

    def __init__(self, steps: Sequence[Step], provided: Iterable[str] = READER_FIELDS) -> None:
        self.steps = list(steps)
        available = set(provided)
        for step in self.steps:
            missing = step.requires - available
            if missing:
                raise PipelineError(
                    f"step {step.name!r} requires {sorted(missing)}, which no earlier step assigns"
                )
            available |= step.assigns
        self.assigned = frozenset(available)

    def run(self, articles: Iterable[Article], report: RunReport) -> Iterator[Article]:
        stream: Iterable[Article] = articles
        for step in self.steps:
            report.step(step.name)  # registered now so the report lists steps in order
            stream = step.run(stream, report)
        return _settle(iter(stream))


_settled = False
#: The collector's first threshold while a pipeline runs (Python's default: 700).
_YOUNG_THRESHOLD = 20_000
_running = 0  # pipelines running in this process
_saved_threshold: tuple[int, ...] | None = None


def _settle(stream: Iterator[Article]) -> Iterator[Article]:
    """Pass the stream on, with the garbage collector set for a stream of articles.

    Steps load their models and tables on first use (hundreds of thousands of objects:
    alias tables, lemma dictionaries, NER weights).  They live as long as the process, but
    the cyclic garbage collector would walk all of them again in every full collection,
    which a long run triggers over and over as its caches grow (about 5 % of enrichment
    time).  ``gc.freeze`` moves them out of its sight, once per process, after the first
    article is through and a last collection (so no garbage is frozen); new objects are
    collected as before.

    An article's steps make and drop some ten thousand small objects (tokens, feature
    lists, spans), most of them gone before the article is done.  With Python's default
    threshold (a young collection every 700 new objects) each of them is walked, and the
    survivors promoted and walked again; so while a pipeline runs, young collections wait
    for ``_YOUNG_THRESHOLD`` new objects (the default comes back when the last running
    pipeline's stream ends).  Garbage is still collected, a little later."""
    global _settled, _running, _saved_threshold  # noqa: PLW0603 - process-wide settings
    if _running == 0:
        _saved_threshold = gc.get_threshold()
        gc.set_threshold(max(_YOUNG_THRESHOLD, _saved_threshold[0]), *_saved_threshold[1:])
    _running += 1
    try:
        for article in stream:
            yield article
            if not _settled:
                _settled = True
                gc.collect()
                gc.freeze()
    finally:
        _running -= 1
        if _running == 0 and _saved_threshold is not None:
            gc.set_threshold(*_saved_threshold)
            _saved_threshold = None
