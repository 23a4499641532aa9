"""Reading WARC crawls (``.warc``, ``.warc.gz``) with fastwarc: HTML responses become articles.

The archive is streamed record by record, so memory stays flat whatever its
size; the limit is per record (``ingest.max_input_bytes``), never per file.
Each HTML ``response`` record becomes a finished article with its URL and outlet
from ``WARC-Target-URI`` and its crawl time from ``WARC-Date`` (no published date
may be later).  Other records (requests, metadata, images, redirects) are skipped
and counted per reason in the run report's ``warc`` row; they are not errors.

A broken record (a bad header, a payload shorter than its ``Content-Length``, a
truncated gzip member) is refused with its offset and the reader looks for the
next record after it, so one bad record does not cost the rest of the crawl.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO

from ..errors import InputError
from ..extract.html import extract_html
from ..extract.htmlmeta import parse_iso_date
from ..model import Article
from ..pipeline.report import RunReport, StepCounters
from .text import file_time

__all__ = ["WarcReader"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_WARC_MAGIC = b"WARC/1."
_GZIP_MAGIC = b"\x1f\x8b\x08"
_SCAN_CHUNK = 1 << 20


def _next_record(fh: IO[bytes], start: int, magic: bytes) -> int | None:
    """Offset of the next ``magic`` at or after ``start``, read in chunks (flat memory)."""
    fh.seek(start)
    offset = start
    tail = b""
    while True:
        chunk = fh.read(_SCAN_CHUNK)
        if not chunk:
            return None
        hay = tail + chunk
        found = hay.find(magic)
        if found >= 0:
            return offset - len(tail) + found
        tail = hay[-(len(magic) - 1):]
        offset += len(chunk)


class WarcReader:
    """WARC and WARC.gz crawls: one article per HTML response record."""

    name = "warc"
    suffixes: tuple[str, ...] = (".warc", ".warc.gz", ".arc.gz")

    def __init__(self, max_bytes: int = 32 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes  # per record

    def read(self, path: Path, report: RunReport) -> Iterator[Article]:
        source = str(path)
        try:
            fh = path.open("rb")
        except FileNotFoundError as exc:
            raise InputError(source, "no such file") from exc
        except OSError as exc:
            raise InputError(source, exc.strerror or str(exc)) from exc
        counters = report.step("warc")
        fallback = file_time(path)
        with fh:
            magic = _GZIP_MAGIC if fh.read(3) == _GZIP_MAGIC else _WARC_MAGIC
            start = 0
            while start is not None:
                start = yield from self._records(fh, start, magic, source, fallback, report, counters)

    def _records(self, fh: IO[bytes], start: int, magic: bytes, source: str, fallback: datetime,
                 report: RunReport, counters: StepCounters) -> Iterator[Article]:
        """Read records from ``start``; on a broken one, return where to resume (None at the end)."""
        from fastwarc.warc import ArchiveIterator, WarcRecordType

        fh.seek(start)
        position = start
        try:
            for record in ArchiveIterator(fh, parse_http=True, record_types=WarcRecordType.any_type):
                position = start + record.stream_pos
                counters.seen += 1
                article = self._article(record, f"{source}@{position}", fallback, counters, report)
                if article is not None:
                    counters.emitted += 1
                    yield article
        except (OSError, ValueError, EOFError) as exc:
            report.reject_input(f"{source}@{position}", "corrupt or truncated", f"broken WARC record ({exc})")
            return _next_record(fh, position + 1, magic)
        return None

    def _article(self, record, where: str, fallback: datetime, counters: StepCounters,
                 report: RunReport) -> Article | None:
        from fastwarc.warc import WarcRecordType

        if record.record_type != WarcRecordType.response:
            counters.dropped[f"{record.record_type.name} record"] += 1
            return None
        content_type = (record.http_content_type or "").lower()
        if not record.is_http:
            counters.dropped["response without HTTP headers"] += 1
            return None
        status = record.http_headers.status_code if record.http_headers is not None else 0
        if status and status != 200:
            counters.dropped[f"HTTP {status // 100}xx"] += 1
            return None
        if not content_type.startswith(_HTML_TYPES):
            counters.dropped["not HTML"] += 1
            return None
        declared = record.content_length
        if declared > self.max_bytes:
            report.reject_input(where, "too large", f"record of {declared / 1e6:.1f} MB > limit "
                                                    f"{self.max_bytes / 1e6:.1f} MB")
            return None
        payload = record.reader.read(self.max_bytes + 1)
        url = record.headers.get("WARC-Target-URI")
        if len(payload) < declared * 0.98 and len(payload) + 4 < declared:
            report.reject_input(where, "corrupt or truncated",
                                f"record for {url} holds {len(payload)} of {declared} bytes")
            return None
        crawled = parse_iso_date(record.headers.get("WARC-Date") or "")
        fetched = crawled if isinstance(crawled, datetime) else fallback
        try:
            return extract_html(payload, source=url or where, url=url, fetched=fetched)
        except InputError as exc:
            report.reject_input(exc.source, exc.reason, exc.detail)
            return None
