"""The marker tables of ``markers.toml``, compiled into matchers.

All languages' markers are merged: an article's language is often known only
after extraction, and the markers are distinctive enough not to clash.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["Markers", "markers"]

KINDS = ("related", "photo", "author", "byline_verbs", "navigation", "comments", "boilerplate",
         "published", "updated", "desks", "org_words")


def _alternation(words: set[str]) -> str:
    # Longest first so "Läs mer" wins over "Läs"; spaces match any whitespace.
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True, eq=False)  # hashed by identity, so the compiled patterns can be cached
class Markers:
    table: dict[str, dict[str, list[str]]]
    agencies: frozenset[str]

    def words(self, kind: str) -> frozenset[str]:
        return _words(self, kind)

    def longest_first(self, kind: str) -> tuple[str, ...]:
        """The words of ``kind`` (or the agencies, kind "agencies"), longest first, so that an
        alternation or a prefix scan prefers "NTB Scanpix" to "NTB"."""
        return _longest_first(self, kind)

    def language_of(self, kind: str, word: str) -> list[str]:
        low = word.casefold()
        return [lang for lang, t in self.table.items() if low in {w.casefold() for w in t.get(kind, [])}]

    # A line "MARKER: rest" (colon required) for related, photo and author markers.
    @property
    def labelled(self) -> re.Pattern[str]:
        return _labelled(self)

    @property
    def navigation(self) -> re.Pattern[str]:
        return _navigation(self)

    @property
    def comments(self) -> re.Pattern[str]:
        return _comments(self)

    @property
    def boilerplate(self) -> frozenset[str]:
        return _casefolded(self, "boilerplate")

    @property
    def desks(self) -> frozenset[str]:
        return _casefolded(self, "desks") | _casefolded(self, "agencies")


# The tables never change after loading; these are asked for every block of every page,
# so each answer is computed once (Markers hashes by identity).
@cache
def _words(m: Markers, kind: str) -> frozenset[str]:
    if kind == "agencies":
        return m.agencies
    return frozenset(w for lang in m.table.values() for w in lang.get(kind, []))


@cache
def _longest_first(m: Markers, kind: str) -> tuple[str, ...]:
    return tuple(sorted(_words(m, kind), key=len, reverse=True))


@cache
def _casefolded(m: Markers, kind: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in _words(m, kind))


@cache
def _labelled(m: Markers) -> re.Pattern[str]:
    groups = "|".join(
        f"(?P<{kind}>{_alternation(m.words(kind))})" for kind in ("related", "photo", "author")
    )
    return re.compile(rf"^\s*(?:{groups})\s*[:|]\s*(?P<rest>.*\S)?\s*$", re.IGNORECASE | re.DOTALL)


@cache
def _navigation(m: Markers) -> re.Pattern[str]:
    # A navigation heading stands alone or runs into its list; it must be followed
    # by something capitalised or quoted (a headline), never by lower-case prose.
    return re.compile(rf"(?<!\w)(?:{_alternation(m.words('navigation'))})(?!\w)", re.IGNORECASE)


@cache
def _comments(m: Markers) -> re.Pattern[str]:
    # Case-sensitive: the heading of a comment form is capitalised, in a line of its own
    # or run into the text of a page copied as one line.
    return re.compile(rf"(?<!\w)(?:{_alternation(m.words('comments'))})(?!\w)")


@cache
def markers() -> Markers:
    data = tomllib.loads(resources.files("tidings.extract").joinpath("markers.toml").read_text("utf-8"))
    credits = data.pop("credits", {})
    return Markers(table=data, agencies=frozenset(credits.get("agencies", [])))
