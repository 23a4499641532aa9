"""Per-language cues for quotes and cited sources, read from ``speech.toml``.

The table is data, so a new language is a new ``[xx]`` section there; this module only
turns the lists into sets and word sequences the steps can match quickly.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["Cues", "cues_for"]

#: The language whose cues apply when an article's language has no section of its own.
_FALLBACK = "en"


def _words(values: list[str]) -> frozenset[str]:
    return frozenset(v.casefold() for v in values if " " not in v)


def _phrases(values: list[str]) -> tuple[tuple[str, ...], ...]:
    """Multi-word cues as word tuples, longest first so "according to" beats "to"."""
    out = {tuple(v.casefold().split()) for v in values}
    return tuple(sorted(out, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Cues:
    """The cues of one language (merged with the ``[common]`` section)."""

    lang: str
    verbs: frozenset[str]
    indirect: frozenset[str]
    complementizers: frozenset[str]
    according: tuple[tuple[str, ...], ...]
    according_after: tuple[tuple[str, ...], ...]
    publish: frozenset[str]
    told: tuple[tuple[str, ...], ...]
    wrote_in: frozenset[str]
    source_nouns: tuple[tuple[str, ...], ...]
    clause_words: frozenset[str]
    he: frozenset[str]
    she: frozenset[str]
    they: frozenset[str]
    connectors: frozenset[str]
    quote_pairs: tuple[tuple[str, str], ...]
    dashes: tuple[str, ...]
    min_quote_words: int
    #: Pronouns that stand for one named person ("han", "hon", "hann", "she"): he | she.
    personal: frozenset[str] = frozenset()

    def any_verb(self, word: str) -> bool:
        w = word.casefold()
        return w in self.verbs or w in self.indirect or w in self.publish


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, object]]:
    text = resources.files(__package__).joinpath("speech.toml").read_text("utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=64)
def cues_for(lang: str | None) -> Cues:
    """The cues for ``lang``; English ones for a language without a section."""
    table = _table()
    common = table["common"]
    code = lang if lang in table and lang != "common" else _FALLBACK
    own = table[code]

    def get(key: str) -> list[str]:
        return list(own.get(key, []))  # type: ignore[arg-type]

    he, she = _words(get("he")), _words(get("she"))
    return Cues(
        lang=code,
        verbs=_words(get("verbs")),
        indirect=_words(get("indirect")),
        complementizers=_words(get("complementizers")),
        according=_phrases(get("according")),
        according_after=_phrases(get("according_after")),
        publish=_words(get("publish")),
        told=_phrases(get("told")),
        wrote_in=_words(get("wrote_in")),
        source_nouns=_phrases(get("source_nouns")),
        clause_words=_words(get("clause_words")),
        he=he,
        she=she,
        they=_words(get("they")),
        connectors=_words(get("connectors") + list(common["connectors"])),  # type: ignore[arg-type]
        quote_pairs=tuple((a, b) for a, b in common["quote_pairs"]),  # type: ignore[union-attr]
        dashes=tuple(common["dashes"]),  # type: ignore[arg-type]
        min_quote_words=int(common["min_quote_words"]),  # type: ignore[call-overload]
        personal=he | she,
    )
