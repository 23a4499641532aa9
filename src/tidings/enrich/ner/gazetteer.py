"""Gazetteers: lists of names that tell the tagger what a word may be.

Four lists, all lower-cased, shipped in ``models/gazetteers.tsv`` (one ``KIND<TAB>entry`` a
line; a multi-word entry has its tokens joined by spaces):

* ``LOC``   CLDR names of countries, territories and regions in every language babel
  knows ("Norður-Kórea", "Nordkorea", "Pohjois-Korea"), so a country never seen in a
  language's training data is still known there;
* ``LANG``  CLDR language names ("dansk", "svenska"), which are also the stems of the
  nationality adjectives that CoNLL-style corpora tag MISC ("danske", "svenske");
* ``FIRST`` first names: first tokens of multi-word PER entities, seen at least twice in the
  shippable training splits of all languages together;
* ``ORGSUF`` words that mostly end organisation names in those splits ("asa", "universitet").

The file is built by ``scripts/train_ner.py`` (:func:`build`) and only read at run time, so
loading needs neither babel's 700 locale files nor the corpora.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from .corpora import Sentence
from .scoring import spans
from .tokenize import tokenize

__all__ = ["Gazetteer", "build"]

#: CLDR "territories" that are organisations or placeholders, not places.
_NOT_PLACES = frozenset({"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB"})
#: Longest multi-word entry matched, in tokens.
MAX_WORDS = 6


class Gazetteer:
    """The four lists, ready for lookups by the feature extractor."""

    def __init__(self, entries: Iterable[tuple[str, str]] = ()) -> None:
        # Single-token entry -> kinds, kept sorted: the order of an item's features decides
        # the ids crfsuite gives them, and a set's order changes with Python's hash seed,
        # which would make `make models` give different bytes from the same data.
        words: dict[str, set[str]] = {}
        self.phrases: dict[tuple[str, ...], str] = {}  # multi-token entry -> kind
        self.first_words: set[str] = set()  # first tokens of phrases, to skip most lookups
        #: first token of a phrase -> the tokens that follow it in some phrase
        self.second_words: dict[str, set[str]] = {}
        for kind, entry in entries:
            tokens = tuple(entry.split(" "))
            if len(tokens) == 1:
                words.setdefault(entry, set()).add(kind)
            elif len(tokens) <= MAX_WORDS:
                self.phrases.setdefault(tokens, kind)
                self.first_words.add(tokens[0])
                self.second_words.setdefault(tokens[0], set()).add(tokens[1])
        self.words: dict[str, tuple[str, ...]] = {w: tuple(sorted(k)) for w, k in words.items()}
        # The features ``kinds`` gives, made once: of a word itself, and of a word as the
        # stem of an inflected form (none for a word that is neither a place nor a language:
        # such a stem still ends the search for shorter ones)
        self._exact = {w: tuple(f"g={k}" for k in kinds) for w, kinds in self.words.items()}
        self._stem = {w: tuple(f"g~{k}" for k in kinds if k in {"LOC", "LANG"})
                      for w, kinds in self.words.items()}

    @classmethod
    def load(cls, path: Path) -> Gazetteer:
        with path.open(encoding="utf-8") as lines:
            return cls(tuple(line.rstrip("\n").split("\t", 1)) for line in lines if "\t" in line)

    def kinds(self, lower: str) -> list[str]:
        """Features for one lower-cased word: exact kinds, and kinds of an inflected stem.

        "rússlands" and "venäjällä" are not in CLDR, "rússland" and "venäjä" are: a stem
        of four letters or more followed by a short ending counts, marked apart ("~LOC")
        so that the model can trust it less than an exact match.
        """
        found = self._exact.get(lower)
        if found is not None:
            return list(found)
        stems = self._stem
        for cut in range(1, min(3, len(lower) - 4) + 1):  # stems of four letters or more
            found = stems.get(lower[:-cut])
            if found is not None:
                return list(found)
        return []

    def phrase_matches(self, lowers: list[str]) -> list[str | None]:
        """Per token, "B-KIND"/"I-KIND" when it is inside a multi-word entry (longest first)."""
        out: list[str | None] = [None] * len(lowers)
        i = 0
        while i < len(lowers):
            step = 1
            if lowers[i] in self.first_words:
                found = self.phrase_at(lowers, i)
                if found:
                    kind, step = found
                    out[i] = "B-" + kind
                    for j in range(i + 1, i + step):
                        out[j] = "I-" + kind
            i += step
        return out

    def phrase_at(self, lowers: list[str], i: int) -> tuple[str, int] | None:
        """(kind, tokens) of the longest multi-word entry starting at ``lowers[i]``."""
        following = self.second_words.get(lowers[i])
        if following is None or i + 1 >= len(lowers) or lowers[i + 1] not in following:
            return None  # no entry goes on with the next token
        for n in range(min(MAX_WORDS, len(lowers) - i), 1, -1):
            kind = self.phrases.get(tuple(lowers[i:i + n]))
            if kind:
                return kind, n
        return None


def _cldr() -> Iterable[tuple[str, str]]:
    from babel import Locale
    from babel.localedata import locale_identifiers

    for ident in sorted(locale_identifiers()):
        if "_" in ident:  # regional variants repeat their language's names
            continue
        try:
            locale = Locale.parse(ident)
        except Exception:  # noqa: BLE001 - a locale babel lists but cannot load is skipped
            continue
        for code, name in locale.territories.items():
            if code not in _NOT_PLACES:
                yield "LOC", name
        for name in locale.languages.values():
            if " " not in name:
                yield "LANG", name


def build(train: Iterable[Sentence], min_first: int = 2, min_suffix: int = 3) -> list[tuple[str, str]]:
    """Every gazetteer entry: CLDR names from babel, names learnt from ``train`` sentences."""
    entries: set[tuple[str, str]] = set()
    for kind, name in _cldr():
        words = " ".join(t for t, _, _ in tokenize(name.lower()))
        if len(words) >= 3:
            entries.add((kind, words))
    first: Counter[str] = Counter()
    org_last: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for tokens, tags in train:
        lowers = [t.lower() for t in tokens]
        seen.update(lowers)
        for start, end, kind in spans(tags):
            if end - start < 2:
                continue
            if kind == "PER" and tokens[start][:1].isupper() and tokens[start].isalpha():
                first[lowers[start]] += 1
            elif kind == "ORG" and tokens[end - 1].isalpha():
                org_last[lowers[end - 1]] += 1
    entries.update(("FIRST", w) for w, n in first.items() if n >= min_first and len(w) > 1)
    # A suffix must end organisations more often than not, or it is just a common word.
    entries.update(("ORGSUF", w) for w, n in org_last.items()
                   if n >= min_suffix and n * 2 >= seen[w])
    return sorted(entries)
