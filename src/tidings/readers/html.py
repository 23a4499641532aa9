"""Reading saved HTML pages (``.html``, ``.htm``, also gzip-compressed) into finished articles.

A page is one article: the reader runs :func:`tidings.extract.html.extract_html`
and yields the result with ``body`` set, so the extract step passes it through.
The URL and outlet come from the page's canonical link; the file time bounds
its dates.  A compressed page is decompressed with a size limit, so a "zip
bomb" is refused with a reason instead of filling the memory, and a truncated
gzip is refused as such.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

from ..errors import CorruptInput, EmptyInput, InputError, TooLarge
from ..extract.html import extract_html
from ..model import Article
from ..pipeline.report import RunReport
from .text import file_time

__all__ = ["HtmlReader", "gunzip_limited", "read_limited"]


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refused with a reason when missing or larger than ``max_bytes``."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise TooLarge(source, f"{size / 1e6:.1f} MB > limit {max_bytes / 1e6:.1f} MB; "
                                   "raise ingest.max_input_bytes to read it")
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(source, "no such file") from exc
    except OSError as exc:
        raise InputError(source, exc.strerror or str(exc)) from exc
    if not data.strip():
        raise EmptyInput(source, f"{len(data)} bytes")
    return data


def gunzip_limited(data: bytes, source: str, max_bytes: int) -> bytes:
    """Decompress gzip ``data`` to at most ``max_bytes``; truncated or corrupt input is refused."""
    out = bytearray()
    try:
        # Concatenated members are legal gzip; decompress them one after another, bounded.
        while data:
            d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            out += d.decompress(data, max_bytes + 1 - len(out))
            if len(out) > max_bytes:
                raise TooLarge(source, f"more than {max_bytes / 1e6:.1f} MB once decompressed; "
                                       "raise ingest.max_input_bytes to read it")
            if not d.eof:
                raise CorruptInput(source, f"truncated gzip: the stream ends after {len(data)} "
                                           f"compressed bytes ({len(out)} bytes decompressed)")
            data = d.unused_data.lstrip(b"\x00")
    except zlib.error as exc:
        raise CorruptInput(source, f"not a valid gzip stream ({exc})") from exc
    return bytes(out)


class HtmlReader:
    """Saved HTML pages, one article each."""

    name = "html"
    suffixes: tuple[str, ...] = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")

    def __init__(self, max_bytes: int = 32 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes

    def read(self, path: Path, report: RunReport) -> Iterator[Article]:
        source = str(path)
        data = read_limited(path, self.max_bytes)
        if path.name.lower().endswith(".gz") or data[:2] == b"\x1f\x8b":
            data = gunzip_limited(data, source, self.max_bytes)
        yield extract_html(data, source=source, fetched=file_time(path))
