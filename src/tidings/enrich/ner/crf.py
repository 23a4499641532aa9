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
from pathlib import Path

import numpy as np

from ...errors import ModelError
from .features import Featurizer

__all__ = ["CrfModel", "Decoder"]

#: Word forms whose score vectors a decoder keeps before starting afresh (bounds memory:
#: five vectors of a few labels each per form).
_CACHE_LIMIT = 100_000

#: Position suffixes of neighbour features -> their slot in ``CrfModel.slots`` (0: own).
_SLOTS = {"[-1]": 1, "[+1]": 2, "[-2]": 3, "[+2]": 4}

# Rows 0 and 1 of a decoder's tables: the two padding positions beyond a sentence's edges
# (what Featurizer pads with), then one row per word form.
_PAD, _PAD2 = 0, 1


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
        """The best label sequence of each sentence, given its (tokens, labels) state scores.

        CRFsuite's Viterbi (first best on ties), run over all sentences in step: the
        sentences are ordered longest first, so those still running are a prefix."""
        if not scores:
            return []
        order = sorted(range(len(scores)), key=lambda k: -len(scores[k]))
        lengths = np.array([len(scores[k]) for k in order])
        n, longest, n_labels = len(order), int(lengths[0]), self.trans.shape[0]
        emit = np.zeros((longest, n, n_labels), dtype=np.float64)  # step, sentence, label
        for row, k in enumerate(order):
            emit[:len(scores[k]), row] = scores[k]
        # sentences still running at step t: lengths are in descending order
        running = np.searchsorted(-lengths, -np.arange(longest), side="left").tolist()
        back = np.zeros((longest, n, n_labels), dtype=np.intp)
        score = emit[0].copy()
        trans = self.trans[None]
        cand_buf = np.empty((n, n_labels, n_labels))
        best_buf = np.empty((n, n_labels))
        for t in range(1, longest):
            k = running[t]
            # cand[s, y, z]: best score ending in y at t-1, then z at t
            cand = np.add(score[:k, :, None], trans, out=cand_buf[:k])
            cand.argmax(axis=1, out=back[t, :k])
            np.add(cand.max(axis=1, out=best_buf[:k]), emit[t, :k], out=score[:k])
        current = score.argmax(axis=1)
        path = np.zeros((longest, n), dtype=np.intp)
        rows = np.arange(n)
        for t in range(longest - 1, 0, -1):
            k = running[t]
            path[t, :k] = current[:k]
            current[:k] = back[t, rows[:k], current[:k]]
        path[0] = current
        out: list[np.ndarray] = [np.zeros(0, dtype=np.intp)] * len(scores)
        for row, k in enumerate(order):
            out[k] = path[:lengths[row], row]
        return out


class Decoder:
    """Tags sentences with one model and the :class:`Featurizer` it was trained with.

    Per word form it keeps five vectors of label scores: the form's own features, and its
    features as seen from the token after it, before it, two after and two before.
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
        self._reset()

    def _reset(self) -> None:
        model = self.model
        n_labels = model.trans.shape[0]
        self._rows: dict[str, int] = {}
        # per row: lower case, capitalised, opens a sentence (for the context features)
        self._lower: list[str] = ["", ""]
        self._title: list[bool] = [False, False]
        self._opens: list[bool] = [False, False]
        self._tables = np.zeros((5, 1024, n_labels), dtype=np.float64)  # own, -1, +1, -2, +2
        # The edges: the token after the sentence sees "BOS" as its -1 neighbour, the one
        # before the end sees "EOS" as its +1 neighbour; the rest of the padding is empty.
        for f, table in (("BOS", 1), ("EOS", 2)):
            self._tables[table, _PAD] = model.state[model.attributes.get(f, model.unknown)]
        self._size = 2

    def _add(self, words: list[str]) -> None:
        """Compute the vectors of new word forms, all at once."""
        model = self.model
        need = self._size + len(words)
        if need > self._tables.shape[1]:
            grown = np.zeros((5, max(need, 2 * self._tables.shape[1]), self._tables.shape[2]))
            grown[:, :self._size] = self._tables[:, :self._size]
            self._tables = grown
        ids: list[int] = []
        starts: list[int] = []
        parts = self.featurizer.word_parts
        slots, absent = model.slots.get, model._absent  # noqa: SLF001 - same module
        for word in words:
            own, lower, title, opens, near, far = parts(word)
            # the tables' order: own, as seen from after it (-1), before it (+1), two after
            # (-2), two before (+2); a feature the model lacks adds a zero row
            near_ids = [slots(f, absent) for f in near]
            far_ids = [slots(f, absent) for f in far]
            for group in ([slots(f, absent)[0] for f in own], [x[1] for x in near_ids],
                          [x[2] for x in near_ids], [x[3] for x in far_ids],
                          [x[4] for x in far_ids]):
                starts.append(len(ids))
                ids.extend(group)
            self._rows[word] = len(self._lower)
            self._lower.append(lower)
            self._title.append(title)
            self._opens.append(opens)
        sums = np.add.reduceat(model.state[ids], starts, axis=0)
        self._tables[:, self._size:need] = sums.reshape(len(words), 5, -1).transpose(1, 0, 2)
        self._size = need

    def scores(self, sentences: list[list[str]]) -> list[np.ndarray]:
        """State scores (tokens x labels) of each sentence of tokens."""
        words = dict.fromkeys(w for s in sentences for w in s)
        new = [w for w in words if w not in self._rows]
        if new:
            if self._size + len(new) > self.cache_limit:
                self._reset()  # start afresh: every word of these sentences is new again
                new = list(words)
            self._add(new)
        rows_of = self._rows
        lower, title, opens = self._lower, self._title, self._opens
        attrs, unknown = self.model.attributes, self.model.unknown
        phrases = self.featurizer.gazetteer.phrase_matches
        padded: list[int] = []  # every sentence's rows with two padding rows each side
        at: list[int] = []  # index in padded of each token
        context: list[int] = []  # per token: "first" or "T-inside", bigram, phrase attribute
        bigram_starts, first, inside = self.model.bigram_starts, self._first, self._inside
        append = context.append
        for sentence in sentences:
            rows = list(map(rows_of.__getitem__, sentence))
            base = len(padded) + 2
            padded += [_PAD2, _PAD, *rows, _PAD, _PAD2]
            at.extend(range(base, base + len(rows)))
            lowers = [lower[r] for r in rows]
            matches = phrases(lowers)
            previous_opens, previous_lower = True, None
            for r, low, match in zip(rows, lowers, matches):
                append(first if previous_opens else inside if title[r] else unknown)
                append(attrs.get("bg=" + previous_lower + "|" + low, unknown)
                       if previous_lower in bigram_starts else unknown)
                append(attrs.get("gp=" + match, unknown) if match else unknown)
                previous_opens, previous_lower = opens[r], low
        p = np.array(padded, dtype=np.intp)
        idx = np.array(at, dtype=np.intp)
        t = self._tables
        total = (t[0, p[idx]] + t[1, p[idx - 1]] + t[2, p[idx + 1]] + t[3, p[idx - 2]]
                 + t[4, p[idx + 2]])
        total += self.model.state[np.array(context, dtype=np.intp)].reshape(len(idx), 3, -1).sum(axis=1)
        out, start = [], 0
        for sentence in sentences:
            out.append(total[start:start + len(sentence)])
            start += len(sentence)
        return out

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIO tags of each sentence of tokens."""
        nonempty = [s for s in sentences if s]
        paths = iter(self.model.viterbi(self.scores(nonempty))) if nonempty else iter(())
        labels = self.model.labels
        return [[labels[y] for y in next(paths).tolist()] if s else [] for s in sentences]
