"""Time stamps run into a page copied as one line, cut out of it.

A date with a year and a time inside running text ("... sammievee says: November 19, 2019
at 7:23 am Chargers are ...") dated a comment or a teaser that stood on a line of its own;
so does a date after a published or updated label ("... Erschienen am 26. Jan 2022 im
Format ...") and a relative stamp ("... in Afghanistan 2H ago Woman risks ...").
:func:`cut_stamps` cuts them out for :mod:`.runin`.
"""

from __future__ import annotations

import re
from datetime import datetime

from .blocks import _OPENERS, _is_cap, words
from .dates import DateMatch, find_dates
from .markers import markers, relative_stamps

__all__ = ["cut_stamps"]


_CLOCK_HINT = re.compile(r"\d[:.h]\d\d")
_YEAR_HINT = re.compile(r"(?:1[89]|20)\d\d|\d\.\d\d?\.\d\d")  # "2020", "23.09.20"
_STAMP_END = re.compile(r"(?:\s*[-–|,·•]\s*(?:[01]?\d|2[0-3])[:.][0-5]\d(?!\d))?"  # "28.04.2021 - 07:18"
                        r"(?:\s*(?:[aApP]\.?\s?[mM]\.?(?!\w)|[Uu]hr\b))?(?:\s+\(?[A-Z]{2,4}\)?(?!\w))?")


def _stands_alone(before: str, after: str) -> bool:
    """Is a date between ``before`` and ``after`` a stamp of its own rather than part of a
    sentence?  Before it the text ends (a label "says:", a sentence, a byline's name), after
    it a new sentence starts."""
    if after and not (after[0].isupper() or after[0].isdigit() or after[0] in _OPENERS or after[0] in "|•·"):
        return False  # after a separator ("• 2 Min. Lesezeit", "| Quelle: dpa") more metadata follows
    if not before or before[-1] in ".!?:|–—-":
        return True
    toks = words(before[-80:])  # its last words: what stands before a date may be long
    return len(toks) >= 2 and _is_cap(toks[-1])


_DIGIT = re.compile(r"\d")
_YEAR_END = re.compile(r"\b(?:1[89]|20)\d\d\b[.,]?(?:\s+|$)")
#: How far before its year a date reaches ("Wednesday, 20 November 2019").
_DATE_REACH = 40


def _dates_before_starts(text: str, base: datetime | None) -> list[DateMatch]:
    """Dates with a year followed by a capitalised word or the end: a date without a
    time may stand alone there.  Only the stretch before each such year is read."""
    out: list[DateMatch] = []
    for m in _YEAR_END.finditer(text):
        nxt = text[m.end():m.end() + 1]
        if nxt and not nxt.isupper() and nxt not in _OPENERS:
            continue
        out += [d for d in find_dates(text, base, max(0, m.start() - _DATE_REACH), m.end())
                if d.has_year and (not out or d.start > out[-1].start)]
    return out


def cut_stamps(text: str, base: datetime | None) -> list[tuple[str, str]]:
    """Cut the time stamps out of a run-in segment: a date with a year and a time inside
    running text ("... sammievee says: November 19, 2019 at 7:23 am Chargers are ...")
    dates a comment or a teaser that stood on a line of its own on the page; so does a
    relative stamp ("... in Afghanistan 2H ago Woman risks ...").  The dates become
    date blocks ("date"), the relative stamps "stamp" blocks, the text around them stays
    run-in ("")."""
    if not _DIGIT.search(text):
        return [(text, "")]
    dates = {d.start: d for d in _dates_before_starts(text, base)}
    # a date after a published or updated label stands alone whatever follows it
    # ("... Erschienen am 26. Jan 2022 im Format Pressemitteilung ...")
    labelled = {m.end() for m in markers().date_label.finditer(text)}
    dates.update((d.start, d) for end in labelled for d in find_dates(text, base, end, end + _DATE_REACH)
                 if d.start == end and d.has_year)
    if _YEAR_HINT.search(text):
        end = -1
        for clock in _CLOCK_HINT.finditer(text):
            if clock.start() < end:
                continue
            # only the stretch around each time is read: a page's line is long
            lo, end = max(0, clock.start() - _DATE_REACH - 20), clock.end() + 15
            dates.update((d.start, d) for d in find_dates(text, base, lo, end) if d.has_year and d.has_time)
    found = [(d.start, _STAMP_END.match(text, d.end).end(), "date")  # "am", "Uhr", a zone
             for d in dates.values()]
    found += [(m.start(), m.end(), "stamp") for m in relative_stamps(text)]
    if not found:
        return [(text, "")]
    out: list[tuple[str, str]] = []
    pos = 0
    for start, end, hint in sorted(found):
        if start < pos:
            continue
        before, after = text[pos:start].strip(), text[end:end + 40].lstrip()  # (not the whole rest: a page is long)
        if start not in labelled and not _stands_alone("." if hint == "stamp" else before, after):
            # a time in a sentence: "Am 3. März um 19:49 Uhr kam es ..."; "2H ago" never
            # stands in one before a capitalised word
            continue
        if before:
            out.append((before, ""))
        out.append((text[start:end].strip(), hint))
        pos = end
    rest = text[pos:].strip()
    if rest:
        out.append((rest, ""))
    return out or [(text, "")]
