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
from .errors import InputError
from .extract.dump import DumpExtractor
from .model import Article
from .pipeline import Pipeline, RunReport
from .readers import iter_files, reader_for, readers
from .storage import Store, open_store

__all__ = ["default_pipeline", "ingest", "open", "read_inputs"]

Progress = Callable[[str], None]


def default_pipeline(config: Config) -> Pipeline:
    """The standard steps, in order: extract articles, identify their language."""
    return Pipeline([DumpExtractor(), LanguageStep(config.languages)])


def read_inputs(paths: Iterable[str | os.PathLike[str]], config: Config, report: RunReport,
                on_file: Progress | None = None) -> Iterator[Article]:
    """Raw articles from every readable input; unreadable ones are counted with their reason."""
    available = readers(config)
    for path in iter_files(paths):
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
    try:
        pipeline = default_pipeline(config)
        batch: list[Article] = []
        for article in pipeline.run(read_inputs(paths, config, report, on_file), report):
            article.assign_id()
            batch.append(article)
            if len(batch) >= config.batch_size:
                _flush(store, batch, report)
        _flush(store, batch, report)
    finally:
        report.seconds = time.perf_counter() - started
        if own:
            store.close()
    return report


def _flush(store: Store, batch: list[Article], report: RunReport) -> None:
    new, existing = store.add_articles(batch)
    report.stored_new += new
    report.stored_existing += existing
    batch.clear()


def open(db: str | os.PathLike[str] | None = None) -> Store:  # noqa: A001 - mirrors tidings.open(db)
    """Open the store at ``db`` (default: configuration, ``TIDINGS_DB`` or ./tidings.db)."""
    return open_store(db if db is not None else load_config().db)
