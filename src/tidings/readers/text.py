"""Reading inputs as text: finding files, detecting the encoding, refusing bad input.

Every refusal is an :class:`~tidings.errors.InputError` subclass naming the input
and the reason; the caller counts it and goes on with the next input.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path

from ..errors import BinaryInput, DecodingError, EmptyInput, InputError, TooLarge
from ..model import Article
from ..pipeline.report import RunReport

__all__ = ["TextReader", "decode_bytes", "file_time", "iter_files", "read_text_file", "repair_text"]

# Bytes that never occur in text: NUL and the C0 controls other than tab, LF, FF, CR, ESC.
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
# A well-formed UTF-8 multibyte sequence (used to tell broken UTF-8 from a legacy encoding).
_UTF8_MULTI = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# Legacy encodings of the target languages, most likely first (Nordic and Western
# European text was written in cp1252/Latin-1, Baltic in cp1257, Central European in cp1250).
_PREFERRED = ["cp1252", "latin_1", "iso8859_15", "mac_iceland", "cp1257", "iso8859_4", "cp1250",
              "iso8859_2", "cp1251", "koi8_r"]
_SKIP_NAMES = {".DS_Store", "Thumbs.db"}


def iter_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files named or found below the folders named, in a stable (sorted) order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for sub in sorted(path.rglob("*")):
                if sub.is_file() and not any(p.startswith(".") for p in sub.relative_to(path).parts) \
                        and sub.name not in _SKIP_NAMES:
                    yield sub
        else:
            yield path  # a missing file is reported by the reader, with its name


# UTF-8 read as Latin-1/cp1252 ("mojibake"): a lead byte shown as Â-ï followed by a
# continuation byte shown as one of U+0080-U+00BF or cp1252's punctuation. Text that
# really holds such pairs is rare; text copied from a page served with the wrong
# charset is full of them ("Weâ€™d", "Ã¥").
_MOJIBAKE = re.compile("[\u00c2-\u00ef][\u0080-\u00bf\u2018-\u201e\u2020-\u2026\u2030"
                       "\u2039\u203a\u20ac\u2122\u0152\u0153\u0160\u0161\u0178\u017d"
                       "\u017e\u0192\u02c6\u02dc]")


def repair_text(text: str) -> tuple[str, bool]:
    """Undo mojibake with ftfy when the text shows it; returns (text, repaired)."""
    # Three pairs are enough to decide; stop looking there (this runs on every input).
    if sum(1 for _, _ in zip(range(3), _MOJIBAKE.finditer(text, 0, 200_000))) < 3:
        return text, False
    import ftfy

    # Curly quotes stay curly: quote detection reads them.
    fixed = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False)
    return fixed, fixed != text


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode ``data`` to text; returns (text, encoding) or raises an InputError."""
    if not data.strip():
        raise EmptyInput(source, f"{len(data)} bytes" if data else "0 bytes")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise DecodingError(source, f"broken UTF-16 at byte {exc.start}") from exc
    head = data[:65536]
    controls = len(_CONTROL.findall(head))
    if b"\x00" in head or controls > max(8, len(head) // 100):
        raise BinaryInput(source, f"{controls} control bytes in the first {len(head)}")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if len(_UTF8_MULTI.findall(data[: 1 << 20])) >= 3:
        # The file is mostly UTF-8 (it holds well-formed multibyte sequences) but has
        # broken ones: guessing a legacy encoding would only produce mojibake.
        raise DecodingError(
            source, f"invalid UTF-8: byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}")
    from charset_normalizer import from_bytes

    results = from_bytes(data[: 1 << 20])
    best = results.best()
    if best is not None:
        # Single-byte code pages often tie (cp1250 and cp1252 decode Nordic text equally
        # "cleanly"); among the tied, prefer the ones the target languages were written in.
        tied = [m for m in results if m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.05]
        best = min(tied, key=lambda m: _PREFERRED.index(m.encoding) if m.encoding in _PREFERRED
                   else len(_PREFERRED))
    if best is None or best.chaos > 0.2:
        raise DecodingError(source, f"not UTF-8 (byte 0x{data[utf8_error.start]:02x} at offset "
                                    f"{utf8_error.start}) and no other encoding fits")
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError) as exc:
        raise DecodingError(source, f"guessed {best.encoding}, which fails: {exc}") from exc


def read_text_file(path: Path, max_bytes: int) -> tuple[str, str]:
    """Read and decode one file, refusing it with a reason when it cannot be text."""
    source = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise InputError(source, "no such file") from exc
    except OSError as exc:
        raise InputError(source, exc.strerror or str(exc)) from exc
    if size > max_bytes:
        raise TooLarge(source, f"{size / 1e6:.1f} MB > limit {max_bytes / 1e6:.1f} MB; "
                               "raise ingest.max_input_bytes to read it")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(source, exc.strerror or str(exc)) from exc
    return decode_bytes(data, source)


class TextReader:
    """Turns text-dump files into one raw Article per file (the splitter cuts them)."""

    name = "text"

    def __init__(self, max_bytes: int = 32 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes

    suffixes: tuple[str, ...] = ()  # the fallback for every file no other reader claims

    def read(self, path: Path, report: RunReport) -> Iterator[Article]:
        """One raw article holding the whole file; a guessed encoding is noted in the report."""
        text, encoding = read_text_file(path, self.max_bytes)
        if encoding not in ("utf-8", "ascii"):
            report.warn(str(path), f"decoded as {encoding}")
        text, repaired = repair_text(text)
        if repaired:
            report.warn(str(path), "mojibake repaired (text had been decoded with the wrong charset)")
        yield Article(source=str(path), raw=text, fetched=file_time(path))


def file_time(path: Path) -> datetime:
    """The file's modification time (UTC, naive): the latest a published date may be."""
    return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc).replace(tzinfo=None)
