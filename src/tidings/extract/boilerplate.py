"""Site boilerplate learned across a corpus: paragraphs that recur in many articles of one outlet.

No marker table knows every outlet's furniture ("Subscribe to our weekly
digest", a standing disclaimer, the author's bio box).  What gives it away is
repetition: the same paragraph in many different articles of the same outlet is
the site's, not the story's.  This step counts, per outlet, in how many distinct
articles each paragraph occurs and removes those that occur in at least
``min_docs`` of them and in at least ``min_share`` of the outlet's articles.

Streaming with bounded memory: the first ``window`` articles of an outlet are
held back until the window fills (so the first ones are cleaned too), then every
article is cleaned against the counts so far and passed on at once; per outlet
at most ``max_keys`` paragraph keys are kept (the rarest are forgotten first).
Articles without an outlet are passed through: a file of unrelated dumps has no
site to learn from.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

from ..model import Article, normalise_text
from ..pipeline import Step
from ..pipeline.report import RunReport

__all__ = ["BoilerplateStep", "paragraph_key"]


def paragraph_key(text: str) -> str:
    """A short stable key of a paragraph's normalised text."""
    return hashlib.blake2b(normalise_text(text).encode("utf-8"), digest_size=8).hexdigest()


class BoilerplateStep(Step):
    """Removes paragraphs that recur across many articles of the same outlet."""

    name = "boilerplate"
    requires = frozenset({"body", "outlet"})
    assigns = frozenset({"body"})

    def __init__(self, min_docs: int = 3, min_share: float = 0.3, window: int = 20,
                 max_keys: int = 50_000, min_words: int = 3) -> None:
        self.min_docs = min_docs
        self.min_share = min_share
        self.window = window
        self.max_keys = max_keys
        self.min_words = min_words  # shorter paragraphs are left to the marker tables
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)
        self.docs: Counter[str] = Counter()

    def _learn(self, article: Article) -> None:
        outlet = article.outlet or ""
        keys = {paragraph_key(p) for p in [article.lead or "", *article.body]
                if len(p.split()) >= self.min_words}
        counts = self.counts[outlet]
        counts.update(keys)
        self.docs[outlet] += 1
        if len(counts) > self.max_keys:  # forget the rarest half: boilerplate is never rare
            for key, _ in counts.most_common()[self.max_keys // 2:]:
                del counts[key]

    def is_boilerplate(self, outlet: str, paragraph: str) -> bool:
        n = self.counts[outlet].get(paragraph_key(paragraph), 0)
        return n >= self.min_docs and n >= self.min_share * self.docs[outlet]

    def clean(self, article: Article) -> int:
        """Remove learned boilerplate from ``article`` in place; returns how many paragraphs went."""
        outlet = article.outlet or ""
        before = len(article.body)
        article.body = [p for p in article.body if not self.is_boilerplate(outlet, p)]
        if article.lead and self.is_boilerplate(outlet, article.lead):
            article.lead, article.body = (article.body[0], article.body[1:]) if article.body else (None, [])
            before += 1
        return before - len(article.body)

    def process(self, article: Article) -> Iterable[Article]:  # used by the base loop in tests
        return (article,)

    def run(self, articles: Iterable[Article], report: RunReport) -> Iterator[Article]:
        counters = report.step(self.name)
        held: dict[str, list[Article]] = defaultdict(list)

        def emit(article: Article) -> Iterator[Article]:
            removed = self.clean(article)
            if removed:
                counters.dropped["boilerplate paragraphs removed"] += removed
            counters.emitted += 1
            yield article

        for article in articles:
            counters.seen += 1
            if not article.outlet:
                counters.emitted += 1
                yield article
                continue
            self._learn(article)
            outlet = article.outlet
            if self.docs[outlet] <= self.window:
                held[outlet].append(article)
                if self.docs[outlet] == self.window:
                    for waiting in held.pop(outlet):
                        yield from emit(waiting)
                continue
            yield from emit(article)
        for waiting in [a for group in held.values() for a in group]:
            yield from emit(waiting)
