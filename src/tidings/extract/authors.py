"""Bylines: cleaning author strings, splitting them, telling organisations from persons.

Users' most common complaints about news extractors' authors are organisation
names taken for persons ("NTB", "Redaktionen"), page furniture taken for a name
("Email the author", "Follow on Twitter") and only the first of several authors.
This module is where those are handled, for every input format:

* :func:`clean_authors` takes raw byline strings (from HTML metadata, a byline
  element or a dump) and returns a de-duplicated list of names: "By" prefixes,
  e-mail addresses, URLs, dates and role suffixes are cut off, and "A, B and C"
  becomes three names.
* :func:`is_organisation` says whether a name is a desk or an agency.  The
  convention (documented on :class:`~tidings.model.Article`): ``authors`` keeps
  every byline in page order, and ``author_organisations`` lists those of them
  that are organisations, so a consumer that wants persons only takes the
  difference.

Both read their words from ``markers.toml`` (``author`` prefixes, ``desks``,
``org_words``), so a language is added there, not here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from .markers import markers

__all__ = ["clean_authors", "is_organisation", "organisations"]

# Tokens that end a name: what follows them is page furniture, not a name.
_EMAIL = re.compile(r"\S+@\S+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_DIGITS = re.compile(r"\d")
# "A, B and C", "A und B", "A og B", "A & B", "A / B", "A; B".
_SPLIT = re.compile(r"\s*(?:[,;|/]|\s&\s|\s(?:and|und|og|och|ja|et|y|e|en)\s)\s*", re.IGNORECASE)
# Things a byline element holds besides names.
_FURNITURE = re.compile(
    r"(?:e-?mail|follow|twitter|facebook|instagram|linkedin|contact|kontakt|profile|more by|"
    r"all articles|alle artikel|mehr von|artikel von|posted|published|updated|veröffentlicht|"
    r"aktualisiert|read more|min read|comments?|kommentar)", re.IGNORECASE)
_MAX_NAME_WORDS = 5


@cache
def _prefix_pattern() -> re.Pattern[str]:
    alternation = "|".join(re.escape(w) for w in markers().longest_first("author"))
    return re.compile(rf"^(?:{alternation})\s*[:\-–]?\s+", re.IGNORECASE)


@cache
def _org_words() -> tuple[frozenset[str], frozenset[str]]:
    """Whole desk names, and words that make any name an organisation's ("Staff", "Redaktion")."""
    m = markers()
    return m.desks, frozenset(w.casefold() for w in m.words("org_words"))


def is_organisation(name: str) -> bool:
    """True for a desk or agency byline ("NTB", "Redaktionen", "Reuters", "dpa/AFP", "Staff")."""
    desks, org_words = _org_words()
    low = name.casefold().strip(" .()")
    if low in desks:
        return True
    parts = [p for p in re.split(r"[\s/,+-]+", low) if p]
    if parts and all(p in desks for p in parts):
        return True  # "dpa/AFP", "TT-Reuters"
    if any(p in org_words for p in parts):
        return True
    # An all-capital short token is an agency acronym ("STT", "ANP"), never a person's name.
    return len(parts) == 1 and name.isupper() and 2 <= len(name.strip(" .()")) <= 5


def _clean_one(text: str) -> list[str]:
    text = _EMAIL.sub(" ", _URL.sub(" ", text))
    text = re.sub(r"\s+", " ", text).strip(" \t|·•–—-:,")
    if not text:
        return []
    # Strip a leading "By"/"Von"/"Av"/"Text:" as often as it repeats ("By: By Jane Doe").
    for _ in range(2):
        text = _prefix_pattern().sub("", text).strip()
    furniture = _FURNITURE.search(text)
    if furniture:
        text = text[: furniture.start()].strip(" |·•–—-:,")
    names = []
    for part in _SPLIT.split(text):
        part = part.strip(" .,:;|·•–—-()\"'")
        if not part or _DIGITS.search(part):
            continue  # a date or a time left in the byline element
        if len(part.split()) > _MAX_NAME_WORDS and not is_organisation(part):
            continue  # a sentence, not a name
        names.append(part)
    return names


def clean_authors(raw: Iterable[str]) -> list[str]:
    """Clean, split and de-duplicate byline strings, keeping their order."""
    out: dict[str, str] = {}
    for item in raw:
        if not item:
            continue
        for name in _clean_one(item):
            out.setdefault(name.casefold(), name)
    return list(out.values())


def organisations(authors: Iterable[str]) -> list[str]:
    """The authors that are organisations, in order."""
    return [a for a in authors if is_organisation(a)]
