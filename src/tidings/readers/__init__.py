"""Readers turn inputs (files, folders) into articles for the pipeline.

A reader has a ``name``, the file ``suffixes`` it claims, and
``read(path, report)``, which yields articles: raw ones (``raw`` set, to be cut
by the extract step) or finished ones (``body`` set, passed through).  It raises
an :class:`~tidings.errors.InputError` to refuse the whole input, and counts a
refused record inside an input (a broken WARC record) with ``report.reject_input``.
To add a format, write a reader and put it in :func:`readers`.  A reader that
recognises its format by content has ``sniff(head)`` (the file's first bytes):
it is chosen whatever the file's name, and only then (see :func:`reader_for`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from ..config import Config
from ..model import Article
from ..pipeline.report import RunReport
from .feed import SNIFF_BYTES, FeedReader
from .html import HtmlReader
from .jsonl import JsonlReader
from .text import TextReader, decode_bytes, file_time, iter_files, read_text_file
from .warc import WarcReader

__all__ = ["FeedReader", "HtmlReader", "JsonlReader", "Reader", "TextReader", "WarcReader", "decode_bytes",
           "file_time", "iter_files", "read_text_file", "reader_for", "readers"]


class Reader(Protocol):
    name: str
    suffixes: tuple[str, ...]

    def read(self, path: Path, report: RunReport) -> Iterator[Article]: ...


def readers(config: Config) -> list[Reader]:
    """Every reader, most specific first; the text reader takes what no other claims."""
    limit = config.max_input_bytes  # per file for pages and dumps, per record or line for crawls
    return [WarcReader(limit), JsonlReader(limit), FeedReader(limit), HtmlReader(limit), TextReader(limit)]


def reader_for(path: Path, available: list[Reader]) -> Reader:
    """A reader that recognises the file's content (a feed, whatever its name), else the first
    that claims its suffix, else the text reader."""
    sniffers = [r for r in available if hasattr(r, "sniff")]
    if sniffers:
        try:
            with path.open("rb") as fh:
                head = fh.read(SNIFF_BYTES)
        except OSError:
            head = b""  # the reader chosen below reports a missing file with its reason
        for reader in sniffers:
            if reader.sniff(head):
                return reader
    name = path.name.lower()
    for reader in available:
        if reader not in sniffers and any(name.endswith(s) for s in reader.suffixes):
            return reader
    return available[-1]
