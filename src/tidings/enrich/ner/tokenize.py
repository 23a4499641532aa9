"""Cutting text into tokens with character offsets, and tokens into sentences.

The tokens should look like the ones the corpora were annotated on (Universal
Dependencies style): punctuation apart, hyphenated compounds ("SID-huset",
"Nord-Korea") and numbers with separators ("3.000", "6.") whole, English clitics
("'s", "n't") apart.  Offsets point into the text given, so a mention's surface is
always ``text[start:end]``.
"""

from __future__ import annotations

import re
from bisect import bisect_right

__all__ = ["Token", "sentences", "tokenize"]

#: ``(text, start, end)`` with ``text == source[start:end]``.
Token = tuple[str, int, int]

_TOKEN = re.compile(
    r"""
    \d+(?:[.,:/]\d+)*\.?(?=\s|$|[,;)\]])   # 3.000 / 12:30 / 6. (ordinal) / 2024
    | (?=\w++['’])\w+(?=n['’]t\b|['’]s\b)    # do|n't, Kim|'s (tried only before an apostrophe)
    | n['’]t\b
    | ['’](?:s|re|ve|ll|d|m)\b               # 's 're ...
    | \w+(?:[-'’.&/]\w+)*                    # words, SID-huset, O'Brien, A/S, e.on
    | \S                                     # any other character on its own
    """,
    re.VERBOSE,
)

#: A token after which a new sentence may begin.
_ENDS = frozenset({".", "!", "?", "…"})
#: A token that may open a sentence besides a capitalised word or a number.
_OPENERS = frozenset({'"', "“", "”", "„", "«", "»", "–", "—", "-", "'", "‘", "(", "["})


def tokenize(text: str) -> list[Token]:
    """Every token of ``text`` with its offsets."""
    return [(m[0], m.start(), m.end()) for m in _TOKEN.finditer(text)]


def sentences(tokens: list[Token], text: str) -> list[list[Token]]:
    """Tokens grouped into sentences.

    A sentence ends at ., ! or ? when the next token opens a new one (capital, quote
    or dash), and always at a blank line (paragraph).  Abbreviations such as
    "t.d." stay whole inside the word pattern, so they rarely cut a sentence.
    """
    n = len(tokens)
    cuts = set()  # indexes of the tokens that open a sentence (besides the first)
    for i in [i for i, t in enumerate(tokens) if t[0] in _ENDS]:
        if i + 1 < n:
            nxt = tokens[i + 1][0]
            # Not before a digit: "kl. 12:30" and "nr. 5" would cut far more often than
            # a sentence that opens with a number is missed.
            if nxt[:1].isupper() or nxt in _OPENERS:
                cuts.add(i + 1)
    at = text.find("\n\n")
    if at >= 0:
        starts = [t[1] for t in tokens]
        while at >= 0:
            i = bisect_right(starts, at)  # the blank line is in the gap before token i
            if i >= n:
                break
            if i:
                cuts.add(i)
            at = text.find("\n\n", starts[i])
    bounds = [0, *sorted(cuts), n]
    return [tokens[a:b] for a, b in zip(bounds, bounds[1:])] if n else []
