"""Dates of an HTML page from its fields and from its visible text.

:func:`parse_stamp` reads a date from a field (ISO 8601 and its variants, or any
date format of the target languages), keeping the UTC offset the text gives;
:func:`_headline_date` reads the date line printed next to the headline (a short
line above or below it, a "Published" label preferred to an "Updated" one) and
:func:`_first_date_line` the first date line of a page.  :mod:`.htmlmeta` decides
among these and the page's other sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from lxml import etree

from .dates import find_dates, latest_allowed
from .markers import markers

__all__ = ["Stamp", "parse_iso_date", "parse_stamp"]

# 2024-11-30T07:53:00+01:00, 2024-11-30 07:53, 2022-5-5, 2024/11/30, 20241130 (a separator, or none
# and two-digit month and day), then an optional time and UTC offset.
_ISO = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)(?:(?P<sep>[-/.])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)|(?P<m2>[01]\d)(?P<d2>[0-3]\d))"
    r"(?!\d)(?:[T ](?P<H>[0-2]?\d):(?P<M>[0-5]\d)(?::[0-5]\d(?:[.,]\d+)?)?"
    r"\s*(?P<tz>Z|(?:GMT|UTC)?\s?[+-][01]\d:?[0-5]\d|GMT|UTC)?)?",
    re.IGNORECASE)

@dataclass(slots=True, frozen=True)
class Stamp:
    """A date read from a field: its wall-clock value as written and its UTC offset in minutes
    (None when the text gives none)."""
    value: date | datetime
    offset: int | None = None


def _offset(tz: str | None) -> int | None:
    if not tz:
        return None
    tz = tz.upper().removeprefix("GMT").removeprefix("UTC").strip()
    if tz in ("", "Z"):
        return 0
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    return sign * (int(digits[:2]) * 60 + int(digits[2:4]))


def parse_stamp(text: str | None, base: datetime | None = None) -> Stamp | None:
    """A date from a metadata field: ISO-like ("2024-11-30T07:53:00+01:00", "2022-5-5",
    "20241130"), RFC 2822 ("Sat, 19 Oct 2019 00:04:00 +0200"), else a date as a page writes
    it ("Di., 25.01.2022 - 14:45"), read day first."""
    if not text:
        return None
    text = text.strip()
    m = _ISO.search(text)
    if m:
        return _iso_stamp(m)
    if len(text) > 80:
        return None
    if re.match(r"[A-Za-z]{3}, \d", text):
        try:
            from email.utils import parsedate_to_datetime

            value = parsedate_to_datetime(text)
            offset = value.utcoffset()
            return Stamp(value.replace(tzinfo=None),
                         None if offset is None else int(offset.total_seconds() // 60))
        except (TypeError, ValueError, IndexError):
            pass
    found = find_dates(text, base)
    return Stamp(found[0].value) if len(found) == 1 else None


def _iso_stamp(m: re.Match[str]) -> Stamp | None:
    g = m.groupdict()
    try:
        day = date(int(g["y"]), int(g["m"] or g["m2"]), int(g["d"] or g["d2"]))
        if g["H"] is None:
            return Stamp(day)
        return Stamp(datetime(day.year, day.month, day.day, int(g["H"]), int(g["M"])), _offset(g["tz"]))
    except ValueError:
        return None


def parse_iso_date(text: str | None) -> date | datetime | None:
    """A date or datetime from an ISO-like string ("2024-11-30T07:53:00+01:00", "20241130"),
    its wall-clock value as written."""
    m = _ISO.search(text) if text else None
    stamp = _iso_stamp(m) if m else None
    return stamp.value if stamp else None


def _as_dt(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)

_NO_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "select", "option", "button"})
#: Elements that start a new line of text; everything else (a, span, time, strong...) runs inline.
_BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br", "section",
                     "article", "header", "footer", "aside", "main", "nav", "table", "tr", "td", "th",
                     "dd", "dt", "dl", "figure", "figcaption", "blockquote", "pre", "hr", "address"})
_DIGIT = re.compile(r"\d")
#: A line that is all link text inside one of these is a menu entry or a teaser, not a date line.
_LISTS = frozenset({"li", "nav", "menu"})
#: How far from the headline a date line is looked for, in characters of text.
_BEFORE_HEADLINE = 400
_AFTER_HEADLINE = 1200
#: A date in running text is a date the article talks about; a date line is short, or starts
#: with the date ("29.11.2022 – Berlin ...", "Karlsruhe, 12.11.2021.").
_DATE_LINE_LENGTH = 80
_DATE_LINE_START = 30


@cache
def _date_labels() -> re.Pattern[str]:
    """Labels before a date ("Veröffentlicht", "Aktualisiert", "Updated"; markers.toml); the group
    ``updated`` is set when the label is an update's."""
    m = markers()

    def alternation(kind: str) -> str:
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in m.longest_first(kind))

    return re.compile(rf"(?<!\w)(?:(?P<updated>{alternation('updated')})|{alternation('published')})(?!\w)",
                      re.IGNORECASE)


@dataclass(slots=True)
class _Line:
    offset: int  # characters of page text before it
    parts: list[str] = field(default_factory=list)
    stamps: list[Stamp] = field(default_factory=list)  # from <time datetime> elements in it
    linked: int = 0  # characters of it inside links in a list or menu

    @property
    def text(self) -> str:
        return " ".join(self.parts)


def _page_lines(tree: Any, headline: Any) -> tuple[list[_Line], int, int]:
    """The page's lines of visible text up to a stretch past the headline, and the offsets
    where the headline starts and ends (-1, -1 without one)."""
    lines: list[_Line] = [_Line(0)]
    pos, start, end, in_link, in_list = 0, -1, -1, 0, 0

    def add(text: str | None) -> None:
        nonlocal pos
        if text and (text := text.strip()):
            lines[-1].parts.append(text)
            lines[-1].linked += len(text) if in_link and in_list else 0
            pos += len(text) + 1

    def newline() -> None:
        if lines[-1].parts or lines[-1].stamps:
            lines.append(_Line(pos))

    body = tree.find("body")  # the <head> has no date lines, only <title> and scripts
    walk = etree.iterwalk(body if body is not None else tree, events=("start", "end"))
    for event, el in walk:
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _BLOCKS:
                newline()
            if el is headline:
                newline()
                start = pos
            if tag in _NO_TEXT or not tag:
                walk.skip_subtree()
                continue
            if tag == "time" and (st := parse_stamp(el.get("datetime"))) is not None:
                lines[-1].stamps.append(st)  # the machine-readable value, not "vor 3 Tagen"
                walk.skip_subtree()
                continue
            in_link += tag == "a"
            in_list += tag in _LISTS
            add(el.text)
        else:
            in_link -= in_link > 0 and tag == "a"
            in_list -= in_list > 0 and tag in _LISTS
            if el is headline:
                end = pos
                newline()
            elif end >= 0 and pos > end + _AFTER_HEADLINE:
                break
            if tag in _BLOCKS:
                newline()
            add(el.tail)
    return lines, start, end


def _line_date(line: _Line, fetched: datetime | None) -> Stamp | None:
    """The publication date a line shows, if it is a date line (and not an update's); never one
    later than ``fetched``."""
    limit = latest_allowed(fetched)
    stamps = [st for st in line.stamps if _as_dt(st.value) <= limit]
    if stamps:
        return stamps[0]
    text = line.text
    if line.linked >= len(text.replace(" ", "")) - 1:
        return None  # a menu entry or a teaser in a list of links ("12M – 12. Mai 2012")
    if not _DIGIT.search(text):
        return None
    # In a long line only a date at its start counts, so only its start is searched.
    head = text if len(text) <= _DATE_LINE_LENGTH else text[:_DATE_LINE_START + 40]
    after = 0  # where the text that may label the next date starts
    for found in find_dates(head, fetched):
        label = None
        for label in _date_labels().finditer(head, max(after, found.start - 40), found.start):
            pass  # the label nearest the date is the one that names it
        after = found.end
        if not found.has_year:
            continue  # "26. Mai" on an old page is not this year's 26 May
        if len(text) > _DATE_LINE_LENGTH and found.start > _DATE_LINE_START:
            continue
        if label is not None and label.group("updated"):
            continue  # "Aktualisiert am 05.03.2024", "Mis à jour le 5 mars 2024"
        return Stamp(found.value)
    return None


def _headline_date(tree: Any, headline: Any, fetched: datetime | None) -> Stamp | None:
    """The date printed next to the headline: the first date line after it, else the nearest
    one before it (a date above the headline), skipping dates labelled as updates."""
    if headline is None:
        return None
    lines, start, end = _page_lines(tree, headline)
    if start < 0:
        return None
    before: Stamp | None = None
    for line in lines:
        if line.offset < start - _BEFORE_HEADLINE or start <= line.offset < end:
            continue
        if line.offset > end + _AFTER_HEADLINE:
            break
        if (found := _line_date(line, fetched)) is not None:
            if line.offset >= end:
                return found
            before = found
    return before


def _first_date_line(tree: Any, fetched: datetime | None) -> date | datetime | None:
    """The first date line anywhere on the page (menus and link lists aside)."""
    lines, _, _ = _page_lines(tree, None)
    return next((st.value for line in lines if (st := _line_date(line, fetched))), None)
