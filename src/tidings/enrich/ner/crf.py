"""Tagging with the shipped CRFsuite models without going through CRFsuite's tagger.

The models are trained by python-crfsuite (``make models``), and a CRF1d model is small:
a weight per (attribute, label) and per (label, label).  Tagging through pycrfsuite costs
most of its time turning ~20 feature strings per token into C++ strings and looking each
up in the model's attribute dictionary, every time a word is seen.  Here the weights are
read from the model file once (:class:`CrfModel`), and for each word form the summed
weights of its own features and of its features as a neighbour are kept as vectors
(:class:`Decoder`), so a token's scores are the sum of five cached vectors and of its few
context features (sentence start, capital inside a sentence, bigram, gazetteer phrase).
Viterbi then runs over all the sentences of a text at once with numpy.

The scores are CRFsuite's (the same weights, summed in another order, so they may differ
in the last bits of a double) and so are the tags: ``tests/test_enrich_fast_paths.py``
compares the two taggers on dev sentences of each shipped model.
"""

from __future__ import annotations

import struct
from itertools import chain
from pathlib import Path

import numpy as np

from ...errors import ModelError
from .features import FeatureIds, Featurizer
from .gazetteer import MAX_WORDS

__all__ = ["CrfModel", "Decoder"]

#: Word forms whose score vectors a decoder keeps before starting afresh (bounds memory:
#: five vectors of a few labels each per form).
_CACHE_LIMIT = 100_000

#: Position suffixes of neighbour features -> their slot in ``CrfModel.slots`` (0: own).
_SLOTS = {"[-1]": 1, "[+1]": 2, "[-2]": 3, "[+2]": 4}

# Rows 0 and 1 of a decoder's tables: the two padding positions beyond a sentence's edges
# (what Featurizer pads with), then one row per word form.
_PAD, _PAD2 = 0, 1
# A row's flags: the word opens a sentence, is capitalised, may start a bigram feature the
# model knows, may start a gazetteer phrase.
_OPENS, _TITLE, _BIGRAM, _PHRASE = 1, 2, 4, 8


def _cqdb(buf: bytes, offset: int) -> list[str]:
    """The strings of a CQDB chunk (CRFsuite's string table), in id order."""
    if buf[offset:offset + 4] != b"CQDB":
        raise ValueError("no CQDB chunk where the header points")
    _size, _flag, _order, count, backward = struct.unpack_from("<5I", buf, offset + 4)
    records = np.frombuffer(buf, dtype="<u4", count=count, offset=offset + backward).tolist()
    out = []
    for at in records:
        _id, size = struct.unpack_from("<iI", buf, offset + at)
        start = offset + at + 8
        out.append(buf[start:start + size - 1].decode("utf-8"))  # size counts the final NUL
    return out


class CrfModel:
    """A CRFsuite first-order CRF (``.crfsuite`` file): labels, attributes, weights.

    ``state[a, y]`` is the weight of attribute ``a`` for label ``y`` (a last row of
    zeros stands for any attribute the model does not know); ``trans[y, z]`` the weight
    of label ``z`` following label ``y``.
    """

    def __init__(self, labels: list[str], attributes: list[str], state: np.ndarray,
                 trans: np.ndarray) -> None:
        self.labels = labels
        self.attributes = {name: i for i, name in enumerate(attributes)}
        self.unknown = len(attributes)  # the zero row
        self.state = state
        self.trans = trans
        # Per feature as the featurizer makes it: the ids of it and of its neighbour
        # versions (suffixed [-1], [+1], [-2], [+2]), the zero row where the model lacks one.
        self.slots: dict[str, list[int]] = {}
        for name, i in self.attributes.items():
            slot = _SLOTS.get(name[-4:], 0)
            base = name[:-4] if slot else name
            self.slots.setdefault(base, [self.unknown] * 5)[slot] = i
        self._absent = [self.unknown] * 5
        # Words that some known bigram feature ("bg=PREVIOUS|WORD") starts with: a bigram
        # after any other word is not looked up.  (A token may be "|" itself, so every
        # split of the name counts.)
        self.bigram_starts: set[str] = set()
        for name in self.attributes:
            if name.startswith("bg="):
                rest = name[3:]
                at = rest.find("|")
                while at >= 0:
                    self.bigram_starts.add(rest[:at])
                    at = rest.find("|", at + 1)

    @classmethod
    def load(cls, path: str | Path) -> CrfModel:
        try:
            buf = Path(path).read_bytes()
            if buf[:4] != b"lCRF" or buf[8:12] != b"FOMC":
                raise ValueError("not a CRFsuite CRF1d model")
            (_size, _type, _version, _nfeat, n_labels, n_attrs, off_features, off_labels,
             off_attrs, _off_lrefs, _off_arefs) = struct.unpack_from("<I4s9I", buf, 4)
            labels = _cqdb(buf, off_labels)
            attributes = _cqdb(buf, off_attrs)
            if buf[off_features:off_features + 4] != b"FEAT":
                raise ValueError("no feature chunk where the header points")
            _chunk, count = struct.unpack_from("<II", buf, off_features + 4)
            record = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("w", "<f8")])
            feats = np.frombuffer(buf, dtype=record, count=count, offset=off_features + 12)
        except (OSError, ValueError, struct.error, UnicodeDecodeError) as exc:
            raise ModelError(f"{path}: cannot read NER model ({exc})") from exc
        if len(labels) != n_labels or len(attributes) != n_attrs:
            raise ModelError(f"{path}: NER model header and tables disagree")
        state = np.zeros((n_attrs + 1, n_labels), dtype=np.float64)
        trans = np.zeros((n_labels, n_labels), dtype=np.float64)
        is_state = feats["type"] == 0
        is_trans = feats["type"] == 1
        # each (attribute, label) and (label, label) pair is one feature in the file
        state[feats["src"][is_state], feats["dst"][is_state]] = feats["w"][is_state]
        trans[feats["src"][is_trans], feats["dst"][is_trans]] = feats["w"][is_trans]
        return cls(labels, attributes, state, trans)

    def viterbi(self, scores: list[np.ndarray]) -> list[np.ndarray]:
        """The best label sequence of each sentence, given its (tokens, labels) state scores."""
        if not scores:
            return []
        lengths = np.fromiter(map(len, scores), dtype=np.intp, count=len(scores))
        flat = self.best_labels(np.concatenate(scores).reshape(-1, self.trans.shape[0]),
                                lengths)
        return np.split(flat, np.cumsum(lengths)[:-1])

    def best_labels(self, emissions: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """The label of every token on the best path of its sentence, given the state
        scores of all tokens (tokens x labels, sentence after sentence) and the sentences'
        lengths.

        CRFsuite's Viterbi (first best on ties), run over all sentences in step: the
        sentences are ordered longest first, so those still running are a prefix."""
        n, n_labels = len(lengths), self.trans.shape[0]
        if not n or not lengths.any():
            return np.zeros(0, dtype=np.intp)
        order = np.argsort(-lengths, kind="stable")
        row = np.empty(n, dtype=np.intp)
        row[order] = np.arange(n)  # the row of each sentence in the step arrays
        # each token's step (its place in its sentence) and row
        token_step = np.arange(len(emissions)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        token_row = np.repeat(row, lengths)
        sorted_lengths = lengths[order]
        longest = int(sorted_lengths[0])
        emit = np.zeros((longest, n, n_labels), dtype=np.float64)  # step, sentence, label
        emit[token_step, token_row] = emissions
        # sentences still running at step t: lengths are in descending order
        running = np.searchsorted(-sorted_lengths, -np.arange(longest), side="left").tolist()
        back = np.zeros((longest, n, n_labels), dtype=np.intp)
        score = emit[0].copy()
        trans = self.trans[None]
        cand_buf = np.empty((n, n_labels, n_labels))
        sentence, label = np.arange(n)[:, None], np.arange(n_labels)[None]
        for t in range(1, longest):
            k = running[t]
            # cand[s, y, z]: best score ending in y at t-1, then z at t
            cand = np.add(score[:k, :, None], trans, out=cand_buf[:k])
            best = cand.argmax(axis=1, out=back[t, :k])
            # the best scores themselves, picked (numpy's max over this axis is slower)
            np.add(cand[sentence[:k], best, label], emit[t, :k], out=score[:k])
        current = score.argmax(axis=1)
        path = np.zeros((longest, n), dtype=np.intp)
        rows = np.arange(n)
        for t in range(longest - 1, 0, -1):
            k = running[t]
            path[t, :k] = current[:k]
            current[:k] = back[t, rows[:k], current[:k]]
        path[0] = current
        return path[token_step, token_row]


class Decoder:
    """Tags sentences with one model and the :class:`Featurizer` it was trained with.

    Per word form it keeps five vectors of label scores: the form's own features, and its
    features as seen from the token after it, before it, two after and two before.  They
    are sums of per-feature blocks (:attr:`blocks`: a feature's weights in each of the
    five places, zero where a neighbour does not see that kind of feature), so a new word
    form costs one lookup per feature of its own.
    """

    def __init__(self, model: CrfModel, featurizer: Featurizer,
                 cache_limit: int = _CACHE_LIMIT) -> None:
        self.model = model
        self.featurizer = featurizer
        self.cache_limit = cache_limit
        gets = model.attributes.get
        unknown = model.unknown
        self._first = gets("first", unknown)
        self._inside = gets("T-inside", unknown)
        # blocks[b, place]: the weights of base feature b as its word's own feature and as
        # seen from each neighbour; the last block (all zeros) stands for unknown features.
        names = list(model.slots)
        slot_ids = np.array([model.slots[name] for name in names], dtype=np.intp).reshape(-1, 5)
        roles = np.array([featurizer.neighbour_roles(name) for name in names],
                         dtype=bool).reshape(-1, 2)
        slot_ids[~roles[:, 0], 1:3] = unknown  # a neighbour never sees it: no weight
        slot_ids[~roles[:, 1], 3:5] = unknown
        self.blocks = np.concatenate(
            [model.state[slot_ids], np.zeros((1, 5, model.state.shape[1]))])
        self.block_of = {name: i for i, name in enumerate(names)}
        self._no_block = len(names)
        self._feature_ids = FeatureIds(featurizer, self.block_of, self._no_block)
        self._reset()

    def _reset(self) -> None:
        model = self.model
        n_labels = model.trans.shape[0]
        self._rows: dict[str, int] = {}
        # per row: lower case; flags (opens a sentence, capitalised, may start a known
        # bigram, may start a gazetteer phrase) for the context features
        self._lower: list[str] = ["", ""]
        self._flags = np.zeros(1024, dtype=np.uint8)
        self._flags[_PAD] = _OPENS  # the first token of a sentence comes after an opener
        self._tables = np.zeros((5, 1024, n_labels), dtype=np.float64)  # own, -1, +1, -2, +2
        # The edges: the token after the sentence sees "BOS" as its -1 neighbour, the one
        # before the end sees "EOS" as its +1 neighbour; the rest of the padding is empty.
        for f, table in (("BOS", 1), ("EOS", 2)):
            self._tables[table, _PAD] = model.state[model.attributes.get(f, model.unknown)]
        self._size = 2

    def _add(self, words: list[str]) -> None:
        """Compute the vectors of new word forms, all at once."""
        need = self._size + len(words)
        if need > self._tables.shape[1]:
            size = max(need, 2 * self._tables.shape[1])
            grown = np.zeros((5, size, self._tables.shape[2]))
            grown[:, :self._size] = self._tables[:, :self._size]
            self._tables = grown
            flags = np.zeros(size, dtype=np.uint8)
            flags[:self._size] = self._flags[:self._size]
            self._flags = flags
        ids: list[int] = []  # the block of each feature of each word, word after word
        counts: list[int] = []  # features per word
        flags: list[int] = []
        parts, no_block = self._feature_ids, self._no_block
        bigram_starts = self.model.bigram_starts
        phrase_starts = self.featurizer.gazetteer.first_words
        rows, lowers, row = self._rows, self._lower, len(self._lower)
        for word in words:
            own, lower, title, opens = parts(word)
            ids += own
            counts.append(len(own))
            rows[word] = row
            row += 1
            lowers.append(lower)
            flags.append(opens | (title << 1) | ((lower in bigram_starts) << 2)
                         | ((lower in phrase_starts) << 3))
        # One row of blocks per word, padded with the zero block; then a sum over columns
        # (faster than np.add.reduceat over the blocks, which walks them one by one).
        n = len(words)
        count = np.array(counts, dtype=np.intp)
        grid = np.full((n, int(count.max())), no_block, dtype=np.intp)
        first = np.cumsum(count) - count
        grid[np.repeat(np.arange(n), count), np.arange(len(ids)) - np.repeat(first, count)] = ids
        blocks = self.blocks
        sums = blocks[grid[:, 0]]  # word, place, label
        for column in grid.T[1:]:
            sums += blocks[column]
        self._tables[:, self._size:need] = sums.transpose(1, 0, 2)
        self._flags[self._size:need] = flags
        self._size = need

    def scores(self, sentences: list[list[str]]) -> list[np.ndarray]:
        """State scores (tokens x labels) of each sentence of tokens."""
        total, lengths = self._scores(sentences)
        return np.split(total, np.cumsum(lengths)[:-1]) if sentences else []

    def _scores(self, sentences: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """State scores (tokens x labels) of every token of the sentences, in a row, and
        the sentences' lengths."""
        words = dict.fromkeys(chain.from_iterable(sentences))
        new = [w for w in words if w not in self._rows]
        if new:
            if self._size + len(new) > self.cache_limit:
                self._reset()  # start afresh: every word of these sentences is new again
                new = list(words)
            self._add(new)
        get_row = self._rows.__getitem__
        # Every sentence's rows with the padding around it: _PAD next to each edge, _PAD2
        # beyond, shared between sentences (_PAD2 _PAD s0 _PAD _PAD2 _PAD s1 _PAD _PAD2).
        padded: list[int] = [_PAD2]
        for sentence in sentences:
            padded.append(_PAD)
            padded += map(get_row, sentence)
            padded += (_PAD, _PAD2)
        p = np.array(padded, dtype=np.intp)
        # every token's index in padded: a sentence of n tokens takes n + 3 places
        lengths = np.fromiter(map(len, sentences), dtype=np.intp, count=len(sentences))
        n = int(lengths.sum())
        idx = np.arange(n) + np.repeat(2 + 3 * np.arange(len(sentences)), lengths)
        t = self._tables
        own, before = p[idx], p[idx - 1]
        total = (t[0, own] + t[1, before] + t[2, p[idx + 1]] + t[3, p[idx - 2]]
                 + t[4, p[idx + 2]])
        # Context features: "first" after an opener (or at the start), else "T-inside" on a
        # capital; a bigram with the word before; a gazetteer phrase the token is inside.
        flags, before_flags = self._flags[own], self._flags[before]
        state, model = self.model.state, self.model
        context = np.where(before_flags & _OPENS, self._first,
                           np.where(flags & _TITLE, self._inside, model.unknown))
        total += state[context]
        lower = self._lower
        attrs, unknown = model.attributes, model.unknown
        bigrams = np.flatnonzero(before_flags & _BIGRAM).tolist()
        if bigrams:
            pairs = [attrs.get("bg=" + lower[b] + "|" + lower[o], unknown)
                     for b, o in zip(before[bigrams].tolist(), own[bigrams].tolist())]
            total[bigrams] += state[pairs]
        phrase_tokens = np.flatnonzero(flags & _PHRASE).tolist()
        if phrase_tokens:
            # Gazetteer phrases, longest first from left to right within each sentence (as
            # Gazetteer.phrase_matches finds them), tried only where one may start.
            ends = np.cumsum(lengths)
            sentence_ends = ends[np.searchsorted(ends, phrase_tokens, side="right")].tolist()
            rows = own.tolist()
            phrase_at, taken = self.featurizer.gazetteer.phrase_at, 0
            for j, end in zip(phrase_tokens, sentence_ends):
                if j < taken or j + 1 >= end:
                    continue
                found = phrase_at([lower[r] for r in rows[j:min(end, j + MAX_WORDS)]], 0)
                if found:
                    kind, taken = found[0], j + found[1]
                    total[j] += state[attrs.get("gp=B-" + kind, unknown)]
                    total[j + 1:taken] += state[attrs.get("gp=I-" + kind, unknown)]
        return total, lengths

    def label_ids(self, sentences: list[list[str]]) -> np.ndarray:
        """The label id of every token of the sentences, sentence after sentence."""
        if not any(sentences):
            return np.zeros(0, dtype=np.intp)
        return self.model.best_labels(*self._scores(sentences))

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIO tags of each sentence of tokens."""
        labels = self.model.labels
        flat = [labels[y] for y in self.label_ids(sentences).tolist()]
        out, start = [], 0
        for sentence in sentences:
            out.append(flat[start:start + len(sentence)])
            start += len(sentence)
        return out
