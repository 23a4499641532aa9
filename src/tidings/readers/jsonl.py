"""Reading JSON Lines: one page per line, ``{"url": ..., "html": ...}`` or ``{"url": ..., "text": ...}``.

A line with ``html`` becomes a finished article (main text and metadata from the
page); a line with ``text`` becomes a raw article that the dump extractor cuts,
so pasted page text and crawled HTML can share a file.  An optional
``fetched`` (ISO 8601) is the crawl time that bounds the dates.

Lines are read one at a time with a length limit, so a 200 MB line is refused
with its line number and the rest of the file is still read; a bad line (not
JSON, no ``html``/``text``) is refused the same way.  Memory stays flat whatever
the file's size.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO

from ..errors import CorruptInput, InputError, TooLarge
from ..extract.html import extract_html, outlet_of
from ..extract.htmlmeta import parse_iso_date
from ..model import Article
from ..pipeline.report import RunReport
from .text import file_time

__all__ = ["JsonlReader", "bounded_lines"]

_CHUNK = 1 << 20


def bounded_lines(fh: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per line; bytes is None for a line longer than ``max_bytes``.

    An over-long line is skipped in chunks, never held whole in memory."""
    number = 0
    while True:
        line = fh.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:  # skip to the end of this line
                rest = fh.readline(_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, line


def _fetched(value: object, fallback: datetime) -> datetime:
    parsed = parse_iso_date(str(value)) if value else None
    if isinstance(parsed, datetime):
        return parsed
    if parsed is not None:
        return datetime(parsed.year, parsed.month, parsed.day, 23, 59)
    return fallback


class JsonlReader:
    """JSON Lines of pages (``.jsonl``, ``.ndjson``, also gzip-compressed)."""

    name = "jsonl"
    suffixes: tuple[str, ...] = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")

    def __init__(self, max_bytes: int = 32 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes  # per line: a JSONL file itself may be any size

    def read(self, path: Path, report: RunReport) -> Iterator[Article]:
        source = str(path)
        try:
            fh: IO[bytes] = gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")
        except FileNotFoundError as exc:
            raise InputError(source, "no such file") from exc
        except OSError as exc:
            raise InputError(source, exc.strerror or str(exc)) from exc
        fallback = file_time(path)
        lines = 0
        with fh:
            try:
                for number, line in bounded_lines(fh, self.max_bytes):
                    lines += 1
                    where = f"{source}:{number}"
                    if line is None:
                        report.reject_input(where, TooLarge.reason,
                                            f"line longer than {self.max_bytes / 1e6:.1f} MB")
                        continue
                    if not line.strip():
                        continue
                    try:
                        yield self._article(line, where, fallback)
                    except InputError as exc:
                        report.reject_input(exc.source, exc.reason, exc.detail)
            except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
                # Lines read before the damage are kept; the rest of the file is lost.
                report.reject_input(source, CorruptInput.reason,
                                    f"truncated gzip after line {lines} ({exc})")

    def _article(self, line: bytes, where: str, fallback: datetime) -> Article:
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as exc:
            raise CorruptInput(where, f"not JSON: {str(exc)[:120]}") from exc
        if not isinstance(record, dict):
            raise CorruptInput(where, f"a JSON {type(record).__name__}, not an object")
        url = record.get("url") if isinstance(record.get("url"), str) else None
        fetched = _fetched(record.get("fetched"), fallback)
        if isinstance(record.get("html"), str) and record["html"].strip():
            return extract_html(record["html"], source=where, url=url, fetched=fetched)
        if isinstance(record.get("text"), str) and record["text"].strip():
            return Article(source=where, raw=record["text"], url=url, outlet=outlet_of(url),
                           fetched=fetched)
        raise CorruptInput(where, 'no page in the line: expected an "html" or "text" string')
