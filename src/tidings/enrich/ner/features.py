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

__all__ = ["FeatureIds", "Featurizer", "shape"]

_UPPER = re.compile(r"[^\W\d_]", re.UNICODE)
#: Tokens after which the next word starts a sentence (or a quoted or listed one): a
#: capital there says little about being a name.
_OPENERS = frozenset({".", "!", "?", ":", "…", '"', "“", "”", "„", "«", "»", "–", "—", "-",
                      "(", "'", "‘", "•", "*", "|"})
#: Flags among a word's own features (capitalised, all capitals, digits, no letters).
_FLAGS = frozenset({"T", "U", "D", "P"})
#: Cached word forms kept before the caches are emptied (bounds memory on long runs).
_CACHE_LIMIT = 300_000
#: Word pieces (first three letters, last four, shapes) whose feature ids a FeatureIds
#: keeps before starting afresh.
_PIECES_LIMIT = 200_000
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

    def own_parts(self, word: str) -> tuple[list[str], str, bool, bool, list[str], list[str]]:
        """One word form: its own features, lower case, whether it is capitalised, whether it
        opens a sentence, its flags and its gazetteer features (both also in its own)."""
        lower = word.lower()
        title = word[:1].isupper()
        flags = []
        if title:
            flags.append("T")
        if word.isupper() and len(word) > 1:
            flags.append("U")
        if not word.isalpha():  # (a word of letters has no digit and a letter)
            if any(map(str.isdigit, word)):
                flags.append("D")
            if not _UPPER.search(word):
                flags.append("P")  # punctuation or number: no letters
        sh = shape(word)
        kinds = self.gazetteer.kinds
        gaz = kinds(lower)
        own = ["b", "w=" + lower, "sh=" + sh, *flags, *gaz,
               "p2=" + lower[:2], "p3=" + lower[:3],
               "s2=" + lower[-2:], "s3=" + lower[-3:], "s4=" + lower[-4:]]
        if "-" in word:
            # Each part of a compound: "Nord-Korea", "Oslo-politiet", "SID-huset".
            head, _, tail = lower.rpartition("-")
            own.append("hd=" + head)
            own.append("tl=" + tail)
            own.extend(f"{g}@tl" for g in kinds(tail))
        return own, lower, title, word in _OPENERS, flags, gaz

    def word_parts(self, word: str) -> tuple[list[str], str, bool, bool, list[str], list[str]]:
        """One word form: its own features, lower case, whether it is capitalised, whether it
        opens a sentence, and which of its features a neighbour one place away sees (near)
        and two places away (far), without their position suffix."""
        own, lower, title, opens, flags, gaz = self.own_parts(word)
        near = [own[1], own[2], "s3=" + lower[-3:], *flags, *gaz]
        far = [own[1], own[2], *gaz]
        return own, lower, title, opens, near, far

    @staticmethod
    def neighbour_roles(feature: str) -> tuple[bool, bool]:
        """Whether a neighbour one place away (near) and two places away (far) sees this
        feature of a word (:meth:`word_parts`: the word, its shape and gazetteer kinds at
        both distances; its last three letters and flags one place away)."""
        if feature.startswith(("w=", "sh=")) or (
                feature.startswith(("g=", "g~")) and not feature.endswith("@tl")):
            return True, True
        return feature.startswith("s3=") or feature in _FLAGS, False

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


class FeatureIds:
    """The ids of a word's own features (:meth:`Featurizer.own_parts`) in one model's
    table, in the same order, without building most of the feature strings.

    A tagger meets new word forms all the time; most of their features are not new: the
    first three letters (which give "p2=" and "p3="), the last four ("s2=", "s3=", "s4="),
    the shape, the flags and the gazetteer kinds.  Their ids are kept per piece of the word,
    so a new word costs the lookup of its own "w=" feature and a few small-dict hits.
    ``tests/test_enrich_fast_paths.py`` checks the ids against ``own_parts``'s strings.
    """

    def __init__(self, featurizer: Featurizer, ids: dict[str, int], missing: int) -> None:
        self.gazetteer = featurizer.gazetteer
        self.ids = ids
        self.missing = missing
        get = ids.get
        self._bias = get("b", missing)
        self._flag = {f: get(f, missing) for f in _FLAGS}
        gaz = self.gazetteer
        self._exact = {w: tuple(get(f, missing) for f in feats) for w, feats in gaz._exact.items()}  # noqa: SLF001
        self._stem = {w: tuple(get(f, missing) for f in feats) for w, feats in gaz._stem.items()}  # noqa: SLF001
        self._shape: dict[str, int] = {}
        self._prefix: dict[str, tuple[int, int]] = {}
        self._suffix: dict[str, tuple[int, int, int]] = {}

    def _kinds(self, lower: str) -> tuple[int, ...]:
        """The ids of ``Gazetteer.kinds(lower)``."""
        found = self._exact.get(lower)
        if found is not None:
            return found
        if len(lower) > 4:  # stems of four letters or more, one to three letters cut
            stems = self._stem
            found = stems.get(lower[:-1])
            if found is None and len(lower) > 5:
                found = stems.get(lower[:-2])
                if found is None and len(lower) > 6:
                    found = stems.get(lower[:-3])
            if found is not None:
                return found
        return ()

    def __call__(self, word: str) -> tuple[list[int], str, bool, bool]:
        """(feature ids, lower case, capitalised, opens a sentence) of ``word``."""
        missing, get = self.missing, self.ids.get
        lower = word.lower()
        title = word[:1].isupper()
        flag = self._flag
        out = [self._bias, get("w=" + lower, missing)]
        sh = shape(word)
        sh_id = self._shape.get(sh)
        if sh_id is None:
            sh_id = self._shape[sh] = get("sh=" + sh, missing)
        out.append(sh_id)
        if title:
            out.append(flag["T"])
        if word.isupper() and len(word) > 1:
            out.append(flag["U"])
        if not word.isalpha():
            if any(map(str.isdigit, word)):
                out.append(flag["D"])
            if not _UPPER.search(word):
                out.append(flag["P"])
        out += self._kinds(lower)
        head = lower[:3]
        pre = self._prefix.get(head)
        if pre is None:
            if len(self._prefix) > _PIECES_LIMIT or len(self._suffix) > _PIECES_LIMIT:
                self._prefix, self._suffix, self._shape = {}, {}, {}
            pre = self._prefix[head] = (get("p2=" + lower[:2], missing), get("p3=" + head, missing))
        out += pre
        tail = lower[-4:]
        suf = self._suffix.get(tail)
        if suf is None:
            suf = self._suffix[tail] = (get("s2=" + lower[-2:], missing),
                                        get("s3=" + lower[-3:], missing),
                                        get("s4=" + tail, missing))
        out += suf
        if "-" in word:
            first, _, last = lower.rpartition("-")
            out.append(get("hd=" + first, missing))
            out.append(get("tl=" + last, missing))
            out += [get(f"{g}@tl", missing) for g in self.gazetteer.kinds(last)]
        return out, lower, title, word in _OPENERS
