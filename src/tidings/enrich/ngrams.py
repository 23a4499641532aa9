"""A compact hashed character n-gram classifier for close languages (numpy only).

General-purpose identifiers (py3langid included) mix up Bokmål, Nynorsk, Danish
and Swedish, and Faroese with Icelandic, because their profiles of these
languages are thin.  This model is trained on our own labelled-language text
(``make models``, see :mod:`tidings.enrich.langid_train`) and only ever decides
among those close languages; :mod:`tidings.enrich.language` calls it when
py3langid's first choice is one of them.

Features are character 1-5-grams of the normalised text (case-folded, letters
only, so it matches the evaluation set's format and ignores markup, digits and
punctuation that say nothing about the language) plus whole words, hashed into
``2**bits`` buckets.  Hashing is a vectorised polynomial rolling hash so that a
3,000-character article costs tens of microseconds, not a Python loop per n-gram.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

__all__ = ["NgramModel", "features", "normalise", "MODEL_RESOURCE"]

#: The shipped weights, inside the package.
MODEL_RESOURCE = "enrich/data/nordic_ngrams.npz"

_NON_LETTERS = re.compile(r"[\W\d_]+")
# Invisible characters that sit inside words (soft hyphen, zero-width space and
# joiners, BOM): deleting them keeps the word whole, replacing them would split it.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_HAS_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")

_PRIME = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: spreads the high bits
_SALT = np.uint64(0x51ED27)  # keeps an n-gram apart from the (n+1)-gram with a 0 in front


def normalise(text: str) -> str:
    """Case-folded letters, one space between words, one space at each end."""
    text = unicodedata.normalize("NFC", text)
    if _HAS_INVISIBLE.search(text):  # rare; translate is slow on long text
        text = text.translate(_INVISIBLE)
    text = text.lower()
    return " " + " ".join(_NON_LETTERS.sub(" ", text).split()) + " "


def features(text: str, bits: int, max_n: int = 5, words: bool = True,
             normalised: bool = False) -> np.ndarray:
    """Hashed feature ids (int64, with repeats) of ``text``: char 1..max_n-grams and words."""
    norm = text if normalised else normalise(text)
    cp = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    shift = np.uint64(64 - bits)
    parts: list[np.ndarray] = []
    h = np.zeros(len(cp), dtype=np.uint64)
    for n in range(1, max_n + 1):
        if len(cp) < n:
            break
        # h[i] = hash of cp[i:i+n], built from the (n-1)-gram hash; uint64 wraps on overflow
        h = h[: len(cp) - n + 1] * _PRIME + cp[n - 1:]
        parts.append(((h + np.uint64(n) * _SALT) * _MIX) >> shift)
    if words:
        # crc32 is stable across processes (Python's str hash is salted per process)
        tokens = norm.split()
        if tokens:
            w = np.fromiter((zlib.crc32(t.encode("utf-8")) for t in tokens), dtype=np.uint64,
                            count=len(tokens))
            parts.append(((w + np.uint64(max_n + 1) * _SALT) * _MIX) >> shift)
    if not parts:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate(parts).astype(np.int64)


@dataclass(slots=True)
class NgramModel:
    """Per-language log-probabilities of hashed features (multinomial naive Bayes).

    ``weights`` has shape ``(2**bits, len(labels))``; ``py3_weight`` is how much
    py3langid's own (length-normalised) scores count beside ours, chosen on
    held-out training text when the model was trained.
    """

    labels: tuple[str, ...]
    weights: np.ndarray
    bits: int
    max_n: int
    py3_weight: float

    @classmethod
    def load(cls, path: str | Path | None = None) -> NgramModel:
        if path is None:
            with resources.files("tidings").joinpath(MODEL_RESOURCE).open("rb") as fh:
                data = dict(np.load(fh, allow_pickle=False))
        else:
            data = dict(np.load(path, allow_pickle=False))
        return cls(labels=tuple(str(x) for x in data["labels"]),
                   weights=data["weights"].astype(np.float32),
                   bits=int(data["bits"]), max_n=int(data["max_n"]),
                   py3_weight=float(data["py3_weight"]))

    def save(self, path: str | Path) -> None:
        # float16 halves the file; the rounding is far below the gaps between languages
        np.savez_compressed(path, labels=np.array(self.labels), weights=self.weights.astype(np.float16),
                            bits=self.bits, max_n=self.max_n, py3_weight=self.py3_weight)

    def scores(self, text: str, normalised: bool = False) -> np.ndarray:
        """Log-likelihood per label, shifted so the best is 0 and divided by sqrt(#features).

        Dividing by the square root of the length keeps long texts from turning
        every small margin into certainty (py3langid calibrates the same way)."""
        ids = features(text, self.bits, self.max_n, normalised=normalised)
        if len(ids) == 0:
            return np.zeros(len(self.labels), dtype=np.float32)
        s = np.take(self.weights, ids, axis=0).sum(axis=0)  # take: faster than [ids]
        return (s - s.max()) / np.float32(np.sqrt(len(ids)))
