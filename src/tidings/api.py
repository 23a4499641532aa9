"""The Python API: ingest inputs into a store, open a store to read it.

>>> import tidings
>>> report = tidings.ingest(["news/"], db="news.db")      # doctest: +SKIP
>>> with tidings.open("news.db") as store:                 # doctest: +SKIP
...     for article in store.articles(language="sv"):
...         print(article.published, article.title)

The CLI and the web app are thin layers over these functions.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .config import Config, load_config
from .enrich.language import LanguageStep
from .enrich.lemmas import LemmaStep
from .enrich.linking import LinkingStep
from .enrich.ner import NerStep
from .enrich.quotes import QuoteStep
from .enrich.sources import SourceStep
from .errors import InputError
from .extract.boilerplate import BoilerplateStep
from .extract.dump import DumpExtractor
from .model import Article
from .pipeline import Pipeline, RunReport
from .readers import iter_files, reader_for, readers
from .readers.fetch import is_url, read_url
from .storage import Store, open_store

__all__ = ["default_pipeline", "ingest", "open", "post_store_stages", "read_inputs"]

Progress = Callable[[str], None]


def default_pipeline(config: Config) -> Pipeline:
    """The standard steps, in order: extract articles, identify their language, find names."""
    # linking -> sources -> quotes: sources add the outlets a quote's attribution may name,
    # and quotes resolve speakers against every linked mention.
    return Pipeline([DumpExtractor(), BoilerplateStep(), LanguageStep(config.languages),
                     LemmaStep(), NerStep(),
                     LinkingStep.from_config(config), SourceStep.from_config(config),
                     QuoteStep.from_config(config)])


def post_store_stages(config: Config, store: Store) -> list:
    """Stages run on each stored batch, in order: they read the store (recent events), so they
    come after the write.  Now: duplicates, embeddings, events and storylines (tidings.cluster)."""
    if not config.section("cluster").get("enabled", True):
        return []
    from .cluster import ClusterStage  # imported here: numpy and the model load only when used

    return [ClusterStage(store, config)]


def read_inputs(paths: Iterable[str | os.PathLike[str]], config: Config, report: RunReport,
                on_file: Progress | None = None) -> Iterator[Article]:
    """Raw articles from every readable input (files, folders, http(s) URLs of feeds or pages);
    unreadable ones are counted with their reason."""
    available = readers(config)
    for item in paths:
        if is_url(item):
            if on_file:
                on_file(str(item))
            try:
                yield from read_url(str(item), report, max_bytes=config.max_input_bytes,
                                    timeout=float(config.section("ingest").get("fetch_timeout_seconds", 20.0)))
            except InputError as exc:
                report.reject_input(exc.source, exc.reason, exc.detail)
                continue
            report.inputs_read += 1
            continue
        yield from _read_files(item, available, report, on_file)


def _read_files(item: str | os.PathLike[str], available: list, report: RunReport,
                on_file: Progress | None) -> Iterator[Article]:
    for path in iter_files([item]):
        if on_file:
            on_file(str(path))
        try:
            yield from reader_for(Path(path), available).read(Path(path), report)
        except InputError as exc:
            report.reject_input(exc.source, exc.reason, exc.detail)
            continue
        report.inputs_read += 1


def ingest(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], db: str | None = None,
           *, store: Store | None = None, config: Config | None = None,
           on_file: Progress | None = None) -> RunReport:
    """Read ``paths`` (files or folders), extract and enrich articles, store the new ones.

    Returns the run report; ``report.exit_code`` is 0 when every input was read,
    3 when some were refused and the rest stored, 1 when none could be read.
    Re-ingesting the same input stores nothing new.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    config = config or load_config(db=db)
    own = store is None
    store = store if store is not None else open_store(config.db)
    report = RunReport()
    started = time.perf_counter()
    stages: list = []
    try:
        pipeline = default_pipeline(config)
        stages = post_store_stages(config, store)
        pending: list = [None] * len(stages)
        batch: list[Article] = []
        for article in pipeline.run(read_inputs(paths, config, report, on_file), report):
            article.assign_id()
            batch.append(article)
            if len(batch) >= config.batch_size:
                _flush(store, batch, report, stages, pending)
        _flush(store, batch, report, stages, pending)
        for stage, prepared in zip(stages, pending):
            stage.finish(prepared)
    finally:
        for stage in stages:
            stage.close()
        report.seconds = time.perf_counter() - started
        if own:
            store.close()
    return report


def _flush(store: Store, batch: list[Article], report: RunReport, stages: list = (),
           pending: list | None = None) -> None:
    new, existing = store.add_articles(batch)
    report.stored_new += new
    report.stored_existing += existing
    # Each stage prepares this batch (its slow part, embedding, runs in the background while
    # the next batch is read) and finishes the one before; a re-ingested article is placed once.
    for i, stage in enumerate(stages):
        prepared = stage.prepare(batch, report)
        if pending is None:
            stage.finish(prepared)
        else:
            stage.finish(pending[i])
            pending[i] = prepared
    batch.clear()


def open(db: str | os.PathLike[str] | None = None) -> Store:  # noqa: A001 - mirrors tidings.open(db)
    """Open the store at ``db`` (default: configuration, ``TIDINGS_DB`` or ./tidings.db)."""
    return open_store(db if db is not None else load_config().db)
