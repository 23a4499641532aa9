"""Finding and reading dates in raw page text, in every target language.

Month and weekday names come from CLDR (babel) for each language, so "13. júlí
2025 07:53", "8okt2025", "16. marts 2026 kl. 08.15", "maaliskuuta" and "March 15,
2026" are all found without a hand-kept list.  Regular expressions locate a
date; its parts are read from the match (day first wherever the order is
ambiguous).  Lines that hold a date no pattern covers ("i går 14:30", "2 hours
ago") are read by dateparser with ``DATE_ORDER='DMY'``, ``PREFER_DATES_FROM='past'``
and the file or crawl time as ``RELATIVE_BASE``.  No date later than that time
is accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache

__all__ = ["DateMatch", "date_line", "find_dates", "latest_allowed"]

#: Languages whose month and weekday names are recognised: the target languages, their
#: neighbours, and the largest other languages of European news (Cyrillic names cannot clash).
LANGUAGES = ("sv", "is", "nb", "nn", "da", "fo", "fi", "en", "de", "fr", "es", "it", "nl", "pl", "pt",
             "ru", "uk")


@dataclass(slots=True, frozen=True)
class DateMatch:
    start: int
    end: int
    value: date | datetime
    has_year: bool = True  # False when the year was supplied ("29 november" read before the base)

    @property
    def has_time(self) -> bool:
        return isinstance(self.value, datetime)


@cache
def _names() -> tuple[dict[str, int], set[str]]:
    """Month name -> number, and weekday names, over all languages (casefolded, no dots)."""
    from babel.dates import get_day_names, get_month_names

    months: dict[str, int] = {}
    days: set[str] = set()
    for lang in LANGUAGES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for num, name in get_month_names(width, context, locale=lang).items():
                    key = name.casefold().rstrip(".")
                    months.setdefault(key, num)
                    if lang == "fi" and key.endswith("ta"):  # partitive "maaliskuuta" -> "maaliskuu"
                        months.setdefault(key[:-2], num)
                for name in get_day_names(width, context, locale=lang).values():
                    days.add(name.casefold().rstrip("."))
    for key in list(months):
        if len(key) > 3:  # "sept", "okt": short forms outlets use besides CLDR's
            months.setdefault(key[:3], months[key])
    return months, days


def is_month_name(word: str) -> bool:
    """Is ``word`` a month's name or its short form in one of the languages ("März", "júlí", "Nov.")?"""
    return word.casefold().rstrip(".,") in _names()[0]


_TIME = r"(?:\s*,?\s*(?:kl\.?|klo\.?|kello|at|um|à|a las)?\s*(?P<H>[01]?\d|2[0-3])[:.](?P<M>[0-5]\d)(?![\d.:]\d))?"


@cache
def _pattern() -> re.Pattern[str]:
    months, _ = _names()
    names = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    year = r"(?P<y{n}>(?:1[89]|20)\d\d)"
    alternatives = [
        # 2025-07-13T07:53, 2025-07-13 07:53
        rf"(?<!\d){year.format(n=1)}-(?P<m1>[01]?\d)-(?P<d1>[0-3]?\d)(?:[T ](?P<H1>[01]?\d|2[0-3]):(?P<M1>[0-5]\d))?(?!\d)",
        # 2024 11 30, 2024/11/30, 2024.11.30
        rf"(?<![\d.]){year.format(n=2)}(?P<s2>[ /.])(?P<m2>[01]?\d)(?P=s2)(?P<d2>[0-3]?\d)(?![\d])",
        # 8.9.2015 10:48, 16/03/2026
        r"(?<![\d.])(?P<d3>[0-3]?\d)(?P<s3>[./])(?P<m3>[01]?\d)(?P=s3)" + year.format(n=3) + r"(?!\d)",
        # 13. júlí 2025, 8okt2025, 29 november, 16. marts 2026
        r"(?<![\w.])(?P<d4>[0-3]?\d)" + rf"\.?\s*(?P<n4>{names})\.?(?:\s*{year.format(n=4)})?(?![\w])",
        # March 15, 2026
        rf"(?<!\w)(?P<n5>{names})\.?\s+(?P<d5>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{year.format(n=5)}(?!\d)",
        # 23.09.20 | 18:19, 23.09.20, 18:19 Uhr: a two-digit year only with a time after it
        r"(?<![\d.])(?P<d6>[0-3]?\d)\.(?P<m6>[01]?\d)\.(?P<y6>\d\d)"
        r"\s*[,|–-]?\s*(?:um\s*|kl\.?\s*|klo\.?\s*)?(?P<H6>[01]?\d|2[0-3]):(?P<M6>[0-5]\d)(?![\d.:]\d)",
    ]
    return re.compile("(?:" + "|".join(f"(?:{a})" for a in alternatives) + ")" + _TIME, re.IGNORECASE)


def latest_allowed(base: datetime | None) -> datetime:
    """No published date may be later than the crawl or file time (one day's slack for zones)."""
    return (base or datetime.now()) + timedelta(days=1)


def _build(m: re.Match[str], base: datetime | None) -> date | datetime | None:
    months, _ = _names()
    g = m.groupdict()
    for n in "123456":
        if g.get(f"d{n}"):
            day = int(g[f"d{n}"])
            month = int(g[f"m{n}"]) if g.get(f"m{n}") else months.get(g[f"n{n}"].casefold().rstrip("."))
            year_text = g.get(f"y{n}")
            hour, minute = g.get(f"H{n}") or g.get("H"), g.get(f"M{n}") or g.get("M")
            break
    else:  # pragma: no cover - every alternative has a day group
        return None
    if month is None:
        return None
    ref = base or datetime.now()
    year = int(year_text) if year_text else ref.year
    if year_text and len(year_text) == 2:  # "23.09.20": the latest such year not after the base
        year += 2000 if year + 2000 <= ref.year else 1900
    try:
        value: date | datetime = date(year, month, day)
        if not year_text and value > ref.date():  # "29 november" read in January: last year
            value = date(year - 1, month, day)
        if hour is not None:
            value = datetime(value.year, value.month, value.day, int(hour), int(minute))
    except ValueError:
        return None
    return value


def _has_year(m: re.Match[str]) -> bool:
    return any(m.group(f"y{n}") for n in "123456")


def find_dates(text: str, base: datetime | None = None, pos: int = 0,
               endpos: int | None = None) -> list[DateMatch]:
    """Every date in ``text`` (or in ``text[pos:endpos]``, offsets kept) that is a real
    calendar date not after ``base``."""
    limit = latest_allowed(base)
    found = []
    for m in _pattern().finditer(text, pos, len(text) if endpos is None else endpos):
        value = _build(m, base)
        if value is None:
            continue
        as_dt = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
        if as_dt > limit:
            continue
        found.append(DateMatch(m.start(), m.end(), value, has_year=_has_year(m)))
    return found


_LABEL_JUNK = re.compile(r"[\s,.:;|–—\-()/]+")
#: A word that joins a label to its date: "Published on", "Veröffentlicht am", "Publié le".
_LABEL_LINKS = frozenset({"on", "am", "um", "le", "el", "em", "il", "op", "den", "kl", "klo", "at"})


def date_line(line: str, base: datetime | None = None, labels: frozenset[str] = frozenset()
              ) -> tuple[DateMatch, str] | None:
    """If ``line`` is only a date (with weekday names, labels such as "Publicerad" and a
    time in clock words: "at 6:34 am", "um 19:49 Uhr", "10:12 PM ET"), return the date and
    the label found ("" when none); else None."""
    if len(line) > 80:
        return None
    dates = find_dates(line, base)
    if len(dates) != 1:
        return _dateparser_line(line, base) if not dates and len(line) <= 40 else None
    match = dates[0]
    tail = line[match.end:]
    timed = _time_tail(match, tail)
    if timed is not None:
        match, tail = timed, ""
    rest = (line[: match.start] + " " + tail).casefold()
    _, days = _names()
    label = ""
    for word in sorted(labels, key=len, reverse=True):
        if word in rest:
            rest = rest.replace(word, " ")
            label = word
    leftover = [w for w in _LABEL_JUNK.split(rest) if w and w not in days]
    if label and leftover and len(leftover) == 1 and leftover[0] in _LABEL_LINKS:
        leftover = []  # "Published on ...", "Veröffentlicht am ...", "Publié le ..."
    return (match, label) if not leftover else None


# What may follow a date on a date line: a time with its clock words, in any of the
# usual forms ("at 6:34 am", "um 19:49 Uhr", "à 19h49", "kl. 18.34", "10:12 PM ET",
# "7:49 p.m.", "(CET)").
_CLOCK = re.compile(
    r"\s*[,|–—/-]?\s*(?:(?:at|um|à|a las|alle|om|kl\.?|klo\.?|kello|o)\s*)?"
    r"(?:(?P<H>[01]?\d|2[0-3])(?:[:.]|h\s?)(?P<M>[0-5]\d)(?::[0-5]\d)?)?"
    r"\s*(?:(?P<ampm>[ap]\.?\s?m\.?)(?!\w)|uhr|h|horas|hrs?)?"
    r"\s*(?P<tz>\(?(?:[A-Z]{2,5}|UTC[+-]\d{1,2}(?::?\d\d)?|GMT[+-]\d{1,2}(?::?\d\d)?)\)?)?\s*$",
    re.IGNORECASE)


def _time_tail(match: DateMatch, tail: str) -> DateMatch | None:
    """The date with the time written after it, when ``tail`` is only a time (clock words,
    a 12-hour mark, a zone name); None when it is anything else."""
    if not tail.strip():
        return None
    m = _CLOCK.match(tail)
    if not m or not m.group(0).strip() or (m.group("tz") and not m.group("tz").strip("()").isupper()):
        return None  # a zone name is written in capitals: "ET", "MEZ", not a word
    value = match.value
    hour = minute = None
    if m.group("H"):
        if match.has_time:
            return None  # two times: not a date line
        hour, minute = int(m.group("H")), int(m.group("M"))
    elif match.has_time:
        assert isinstance(value, datetime)
        hour, minute = value.hour, value.minute
    elif m.group("ampm"):
        return None  # "am" with no time
    if hour is not None:
        ampm = (m.group("ampm") or "").casefold()
        if ampm and not 1 <= hour <= 12:
            return None
        if ampm.startswith("p") and hour < 12:
            hour += 12
        elif ampm.startswith("a") and hour == 12:
            hour = 0
        value = datetime(value.year, value.month, value.day, hour, minute)
    return DateMatch(match.start, match.end + m.end(), value, has_year=match.has_year)


_YEAR = re.compile(r"(?:1[89]|20)\d\d\.?")  # a year alone ("1913") dates a list item or an entry
_NUMBER = re.compile(r"[-+±–]?\s?[$€£]?\s?\d[\d.,]*\s?(?:%|°\w?|[$€£])?")


def _dateparser_line(line: str, base: datetime | None) -> tuple[DateMatch, str] | None:
    if not re.search(r"\d{1,2}[:.]\d\d|\b(?:19|20)\d\d\b", line) or len(line.split()) > 5:
        return None  # without a time or a year, a short line is a heading far more often than a date
    if _NUMBER.fullmatch(line.strip()) and not _YEAR.fullmatch(line.strip()):
        return None  # one number ("-12.99", "-5.44%", "1200"), which dateparser reads as a date
    value = _dateparser(line, base or datetime.now())
    if value is not None and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # the wall-clock time as written; bases are naive
    if value is None or value > latest_allowed(base):
        return None
    if not re.search(r"\d[:.]\d\d", line):
        value = value.date()  # no time in the text: do not invent midnight
    return DateMatch(0, len(line), value), ""


@lru_cache(maxsize=4096)
def _dateparser(line: str, base: datetime) -> datetime | None:
    """dateparser's reading of ``line``, in the languages above only: left to detect the
    language among all of its 200 locales it spends ten times as long (tens of
    milliseconds a line) and finds no more dates in these languages."""
    import dateparser

    settings = {"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past", "RELATIVE_BASE": base,
                "STRICT_PARSING": False}
    return dateparser.parse(line, settings=settings, languages=list(LANGUAGES))
