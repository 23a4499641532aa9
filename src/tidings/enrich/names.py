"""Words, sentences and name keys: the small text tools that linking, quotes and sources share.

Kept apart from the steps so that all three cut text the same way: a mention found by
the linker and a speaker found by the quote step must agree on where a name starts
and ends, or the same person would be linked twice.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "Token",
    "fold_word",
    "capitalised_tokens",
    "folded_tokens",
    "is_capitalised",
    "name_key",
    "name_run",
    "sentence_spans",
    "tokens",
]

#: A word: letters and digits, with inner hyphens and apostrophes ("Jong-un", "O'Brien",
#: "M-1991").  A full stop never belongs to a word, so "Ryssland." ends at the d.
_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
#: A sentence ends at . ! ? or … (optionally followed by a closing quote mark) before
#: white space, or at a paragraph break.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”“»’]?\s+|\n+")
#: Letters that Unicode does not decompose into a base letter and an accent, folded by
#: hand so "Ø" and "O", "Þ" and "Th" meet in name keys.
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "ð": "d", "þ": "th", "ß": "ss", "œ": "oe",
                          "ł": "l", "đ": "d", "ı": "i"})
_PUNCT = re.compile(r"[-‐‑‒–—'’`´.,:;]+")
_SPACE = re.compile(r"\s+")


class Token(NamedTuple):
    """One word of a text with its character offsets."""

    text: str
    start: int
    end: int


@lru_cache(maxsize=8)
def tokens(text: str) -> list[Token]:
    """The words of ``text`` with their offsets.

    Cached: linking, sources and quotes each cut the same article text, so the list is
    shared between them and must not be modified."""
    new = tuple.__new__  # Token(...) without the NamedTuple constructor's Python frame
    return [new(Token, (m[0], m.start(), m.end())) for m in _WORD.finditer(text)]


@lru_cache(maxsize=8)
def capitalised_tokens(text: str) -> list[int]:
    """Indexes of the capitalised words among ``tokens(text)`` (cached and shared like them):
    the only ones a name can start at."""
    return [i for i, t in enumerate(tokens(text)) if t.text[0].isupper()]


@lru_cache(maxsize=8)
def folded_tokens(text: str) -> list[str]:
    """The case-folded text of each of ``tokens(text)`` (cached and shared like them)."""
    return [t.text.casefold() for t in tokens(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; paragraph breaks always end one."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text)))
    return spans


def is_capitalised(word: str) -> bool:
    """Starts with a capital letter ("Kim", "TV4", "Norður-Kórea")."""
    return bool(word) and word[0].isupper()


@lru_cache(maxsize=65536)
def fold_word(word: str, rules: tuple[tuple[str, str], ...] = ()) -> str:
    """One word of a name as compared: lower case, accents stripped, transliteration
    variants folded by ``rules`` ("Pútín" -> "putin", "Sergej" -> "sergei")."""
    text = unicodedata.normalize("NFKD", word.casefold().translate(_LETTERS))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    for pattern, repl in rules:
        text = re.sub(pattern, repl, text)
    return text


@lru_cache(maxsize=65536)
def name_key(name: str, rules: tuple[tuple[str, str], ...] = ()) -> str:
    """The key under which spellings of one name meet: "Kim Jong-un", "Kim Jong Un" and
    "KIM JONG UN" all give "kim jong un"."""
    words = _SPACE.split(_PUNCT.sub(" ", name).strip())
    return " ".join(fold_word(w, rules) for w in words if w)


def name_run(toks: Sequence[Token], i: int, text: str, connectors: frozenset[str] = frozenset(),
             max_words: int = 6) -> int:
    """Index one past the last token of the capitalised name that starts at ``toks[i]``.

    A name goes on over capitalised words separated by white space alone, and over a
    lower-case connector ("of", "the") when a capitalised word follows it, so
    "Institute for the Study of War" is one name and "Kim och Belousov" is two.
    Returns ``i`` when ``toks[i]`` is not capitalised.
    """
    if i >= len(toks) or not is_capitalised(toks[i].text):
        return i
    j = i + 1
    while j < len(toks) and j - i < max_words:
        gap = text[toks[j - 1].end:toks[j].start]
        if gap not in (" ", "\u00a0"):
            break
        if is_capitalised(toks[j].text):
            j += 1
            continue
        # Connectors only bridge to a further capitalised word ("Study of War").
        k = j
        while k < len(toks) and toks[k].text.casefold() in connectors and \
                text[toks[k - 1].end:toks[k].start] == " ":
            k += 1
        if k > j and k < len(toks) and is_capitalised(toks[k].text) and \
                text[toks[k - 1].end:toks[k].start] == " ":
            j = k + 1
            continue
        break
    return j
