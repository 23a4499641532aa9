"""Features of each token for the CRF: the word, its shape and affixes, its neighbours, and
what the gazetteers say about it.

The same code makes the features for training and for tagging, so the two never drift
apart.  Speed matters (enrichment as a whole has about 10 ms per article): everything that
depends on the word alone is computed once per word form and cached, with the neighbour
versions ("w[-1]=...") prefixed in advance, so a token's feature list is mostly the
concatenation of a few cached lists.
"""

from __future__ import annotations

import re

from .gazetteer import Gazetteer

__all__ = ["Featurizer", "shape"]

_UPPER = re.compile(r"[^\W\d_]", re.UNICODE)
#: Tokens after which the next word starts a sentence (or a quoted or listed one): a
#: capital there says little about being a name.
_OPENERS = frozenset({".", "!", "?", ":", "…", '"', "“", "”", "„", "«", "»", "–", "—", "-",
                      "(", "'", "‘", "•", "*", "|"})
#: Cached word forms kept before the caches are emptied (bounds memory on long runs).
_CACHE_LIMIT = 300_000
#: Padding beyond the sentence's edges (not strings a tokenizer can produce: they hold a
#: space, which no token does).
_PAD, _PAD2 = " <edge>", " <edge2>"


def shape(word: str) -> str:
    """Word shape with runs folded: "Jong-un" -> "Xx-x", "3.000" -> "d.d", "NATO" -> "X"."""
    # the commonest shapes first, without the loop (each gives what the loop would)
    if word.isalpha():
        if word.islower():
            return "x"
        if word[0].isupper() and (len(word) == 1 or word[1:].islower()):
            return "Xx" if len(word) > 1 else "X"
    elif word.isdigit():
        return "d"
    out = []
    for ch in word:
        if ch.isupper():
            c = "X"
        elif ch.isalpha():
            c = "x"
        elif ch.isdigit():
            c = "d"
        else:
            c = ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


class Featurizer:
    """Turns a sentence (a list of token strings) into CRF feature lists."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        # Per word form: (own features, lower case, capitalised, opens a sentence), and its
        # features as seen from a neighbour one or two places after or before it.
        self._own: dict[str, tuple[list[str], str, bool, bool]] = {}
        self._before: dict[str, list[str]] = {}
        self._after: dict[str, list[str]] = {}
        self._before2: dict[str, list[str]] = {}
        self._after2: dict[str, list[str]] = {}
        self._reset()

    def word_parts(self, word: str) -> tuple[list[str], str, bool, bool, list[str], list[str]]:
        """One word form: its own features, lower case, whether it is capitalised, whether it
        opens a sentence, and which of its features a neighbour one place away sees (near)
        and two places away (far), without their position suffix."""
        lower = word.lower()
        sh = shape(word)
        title = word[:1].isupper()
        flags = []
        if title:
            flags.append("T")
        if word.isupper() and len(word) > 1:
            flags.append("U")
        if not word.isalpha() and any(map(str.isdigit, word)):
            flags.append("D")
        if not _UPPER.search(word):
            flags.append("P")  # punctuation or number: no letters
        gaz = self.gazetteer.kinds(lower)
        own = ["b", "w=" + lower, "sh=" + sh, *flags, *gaz,
               "p2=" + lower[:2], "p3=" + lower[:3],
               "s2=" + lower[-2:], "s3=" + lower[-3:], "s4=" + lower[-4:]]
        if "-" in word:
            # Each part of a compound: "Nord-Korea", "Oslo-politiet", "SID-huset".
            head, _, tail = lower.rpartition("-")
            own.append("hd=" + head)
            own.append("tl=" + tail)
            own.extend(f"{g}@tl" for g in self.gazetteer.kinds(tail))
        near = [own[1], own[2], "s3=" + lower[-3:], *flags, *gaz]
        far = [own[1], own[2], *gaz]
        return own, lower, title, word in _OPENERS, near, far

    def word_lists(self, word: str) -> tuple[list[str], str, bool, bool, list[str], list[str],
                                             list[str], list[str]]:
        """:meth:`word_parts` with the neighbours' features as the CRF sees them: as seen
        from the token after the word ([-1]), before it ([+1]), two after and two before."""
        own, lower, title, opens, near, far = self.word_parts(word)
        return (own, lower, title, opens, [f"{f}[-1]" for f in near],
                [f"{f}[+1]" for f in near], [f"{f}[-2]" for f in far], [f"{f}[+2]" for f in far])

    def _word(self, word: str) -> None:
        own, lower, title, opens, before, after, before2, after2 = self.word_lists(word)
        if len(self._own) > _CACHE_LIMIT:
            self._reset()
        self._own[word] = (own, lower, title, opens)
        self._before[word] = before
        self._after[word] = after
        self._before2[word] = before2
        self._after2[word] = after2

    def _reset(self) -> None:
        """Empty the caches, keeping the sentinels that pad every sentence."""
        self._own = {}
        # Sentence edges: padding words whose "neighbour" features say where the edge is.
        self._before = {_PAD: ["BOS"], _PAD2: []}
        self._after = {_PAD: ["EOS"], _PAD2: []}
        self._before2 = {_PAD: [], _PAD2: []}
        self._after2 = {_PAD: [], _PAD2: []}

    def sentence(self, tokens: list[str]) -> list[list[str]]:
        """One feature list per token of a sentence."""
        own = self._own
        for word in tokens:
            if word not in own:
                self._word(word)
        before, after, before2, after2 = self._before, self._after, self._before2, self._after2
        padded = [_PAD2, _PAD, *tokens, _PAD, _PAD2]
        infos = [own[w] for w in tokens]
        phrases = self.gazetteer.phrase_matches([info[1] for info in infos])
        out = []
        previous_opens, previous_lower = True, ""
        for i, (feats, lower, title, opens) in enumerate(infos):
            feats = (feats + before[padded[i + 1]] + after[padded[i + 3]]
                     + before2[padded[i]] + after2[padded[i + 4]])
            if previous_opens:
                feats.append("first")
            elif title:
                # A capital inside a sentence is the strongest single sign of a name.
                feats.append("T-inside")
            if i:
                feats.append("bg=" + previous_lower + "|" + lower)
            if phrases[i]:
                feats.append("gp=" + phrases[i])
            out.append(feats)
            previous_opens, previous_lower = opens, lower
        return out
