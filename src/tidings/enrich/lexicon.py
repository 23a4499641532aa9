"""Word-list evidence for telling close Nordic languages apart.

The n-gram model (:mod:`tidings.enrich.ngrams`) knows only the words of its
training text (news for sv, nb, nn and da).  simplemma's dictionaries, already
installed for lemmas, list hundreds of thousands of word forms per language and
tell Nynorsk (``ikkje``, ``kva``, ``korleis``) from Bokmål (``ikke``, ``hva``,
``hvordan``) and Danish spellings.  Each token of a text gets its *pattern*: the
set of candidate languages whose list knows it (``{nn}``, ``{nb, da}``, none...).
A small naive Bayes model, :class:`WordListModel`, has the probability of each
pattern per language, counted on the n-gram model's training text; its
length-normalised log-likelihoods are added, with a weight chosen on held-out
training text (``make models``), to the scores in :mod:`tidings.enrich.language`.
Patterns, not words, are what it learns, so it carries over to words the
training text never had (Faroese: the tokens no list knows).

Nothing from the dictionaries is shipped: they are read from the installed
simplemma on first use and kept as a compact table of 64-bit hashes of the word
forms with a bit per language (about 20 MB), cached on disk under
``$XDG_CACHE_HOME/tidings`` (or ``~/.cache/tidings``) so that later processes load it
in a fraction of a second instead of decoding the dictionaries again (several seconds).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

__all__ = ["LEXICON_LANGUAGES", "Lexicon", "WordListModel", "lexicon", "word_hashes",
           "WEIGHTS_RESOURCE"]

#: The close languages the n-gram model decides among that simplemma has a dictionary for.
LEXICON_LANGUAGES = ("da", "is", "nb", "nn", "sv")
#: Weights chosen by :mod:`tidings.enrich.langid_train`, inside the package.
WEIGHTS_RESOURCE = "enrich/data/nordic_lexicon.json"
#: Only the first tokens count: plenty for a verdict, and it bounds the cost (each
#: lookup in the 20 MB table is a few CPU cache misses: about 0.7 µs on a busy core).
MAX_TOKENS = 100
_FORMAT = 4  # bump when the cached table's layout changes


_PRIME = np.uint64(1_000_003)
_SPACE = np.uint32(ord(" "))


_NOT_ONE_WORD = re.compile(r"^.*[^\w\n\r].*$|^.*[\d_].*$", re.MULTILINE)  # whole lines (entries)
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd: a bijection that spreads the bits to the top
_BUCKET_BITS = 21
_INVERSE = np.uint64(pow(int(_PRIME), -1, 1 << 64))  # P is odd, so invertible mod 2**64


@lru_cache(maxsize=8)
def _power_tables(size: int) -> tuple[np.ndarray, np.ndarray]:
    """P**j and P**-j (mod 2**64) for j < size."""
    with np.errstate(over="ignore"):
        up = np.concatenate([np.ones(1, dtype=np.uint64),
                             np.cumprod(np.full(size - 1, _PRIME, dtype=np.uint64))])
        down = np.concatenate([np.ones(1, dtype=np.uint64),
                               np.cumprod(np.full(size - 1, _INVERSE, dtype=np.uint64))])
    return up, down


def word_hashes(normalised: str) -> np.ndarray:
    """A 64-bit hash (uint64) of each space-separated word of ``normalised``, vectorised.

    The polynomial hash ``sum(cp[j] * P**(b - 1 - j))`` of the code points of the word
    ``[a, b)``, wrapping modulo 2**64, computed for all words at once as
    ``P**(b - 1) * sum(cp[j] * P**-j)`` (an odd P has an inverse modulo 2**64), then
    multiplied by an odd constant so that short words spread over the top bits too."""
    cp = np.frombuffer((" " + normalised + " ").encode("utf-32-le"), dtype=np.uint32)
    letter = cp != _SPACE
    starts = np.flatnonzero(letter[1:] & ~letter[:-1]) + 1
    if len(starts) == 0:
        return np.zeros(0, dtype=np.uint64)
    ends = np.flatnonzero(letter[:-1] & ~letter[1:]) + 1
    up, down = _power_tables(max(4096, 1 << len(cp).bit_length()))
    with np.errstate(over="ignore"):
        terms = np.where(letter, cp.astype(np.uint64) * down[:len(cp)], np.uint64(0))
        return np.add.reduceat(terms, starts) * up[ends - 1] * _MIX


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tidings"


class Lexicon:
    """Which of :data:`LEXICON_LANGUAGES` list each word form (lower-cased, NFC)."""

    def __init__(self, hashes: np.ndarray, masks: np.ndarray, languages: Sequence[str]) -> None:
        self.hashes = hashes  # sorted uint64
        self.masks = masks  # uint8, a bit per language in ``languages``
        self.languages = tuple(languages)
        # A lookup reads the bucket of the hash's top bits: where it starts in the sorted
        # table and at most ``_width`` entries from there (a binary search over the whole
        # 20 MB table would miss the CPU caches some 20 times per word instead of 2 or 3).
        bucket = (hashes >> np.uint64(64 - _BUCKET_BITS)).astype(np.int64)
        sizes = np.bincount(bucket, minlength=1 << _BUCKET_BITS)
        self._starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        self._width = np.arange(max(int(sizes.max(initial=0)), 1))

    @classmethod
    def load(cls, cache: Path | None = None) -> Lexicon:
        """From the disk cache, else built from simplemma (and cached when possible)."""
        import simplemma

        version = getattr(simplemma, "__version__", "unknown")
        path = (cache or _cache_dir()) / f"lexicon-simplemma{version}-v{_FORMAT}.npz"
        try:
            with np.load(path, allow_pickle=False) as data:
                if tuple(str(x) for x in data["languages"]) == LEXICON_LANGUAGES:
                    return cls(data["hashes"], data["masks"], LEXICON_LANGUAGES)
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            pass  # no cache yet, or a damaged one: rebuild
        built = cls.build()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".npz", delete=False) as fh:
                np.savez(fh, hashes=built.hashes, masks=built.masks,
                         languages=np.array(built.languages))
            os.replace(fh.name, path)  # atomic: a concurrent reader never sees half a file
        except OSError:
            pass  # read-only home: keep it in memory only
        return built

    @classmethod
    def build(cls, languages: Sequence[str] = LEXICON_LANGUAGES) -> Lexicon:
        """Decode simplemma's dictionaries: every form and every lemma, lower-cased."""
        from simplemma.strategies.dictionaries.dictionary_factory import (
            _load_dictionary_from_disk,  # noqa: PLC2701 - raw forms, no per-entry decoding
        )
        import unicodedata

        keys, bits = [], []
        for bit, lang in enumerate(languages):
            entries = _load_dictionary_from_disk(lang)
            text = b"\n".join(set(entries) | set(entries.values())).decode("utf-8")
            # an entry with a space, digit or punctuation is not one normalised token
            text = _NOT_ONE_WORD.sub("", unicodedata.normalize("NFC", text.lower()))
            joined = " ".join(text.split())
            hashed = np.unique(word_hashes(joined))
            keys.append(hashed)
            bits.append(np.full(len(hashed), 1 << bit, dtype=np.uint8))
        allkeys, allbits = np.concatenate(keys), np.concatenate(bits)
        hashes, inverse = np.unique(allkeys, return_inverse=True)
        masks = np.zeros(len(hashes), dtype=np.uint8)
        np.bitwise_or.at(masks, inverse, allbits)
        return cls(hashes, masks, languages)

    def masks_of(self, normalised: str) -> np.ndarray:
        """The language bits of each of the first :data:`MAX_TOKENS` words of ``normalised``
        (0: in no list)."""
        keys = word_hashes(normalised)[:MAX_TOKENS]
        if len(keys) == 0 or len(self.hashes) == 0:
            return np.zeros(len(keys), dtype=np.uint8)
        bucket = (keys >> np.uint64(64 - _BUCKET_BITS)).astype(np.int64)
        at = self._starts[bucket][:, None] + self._width  # (words, width)
        hit = (at < self._starts[bucket + 1][:, None])
        at = np.minimum(at, len(self.hashes) - 1)
        hit &= self.hashes[at] == keys[:, None]
        return np.where(hit, self.masks[at], 0).max(axis=1).astype(np.uint8)

    def patterns(self, normalised: str) -> np.ndarray:
        """How many of the first :data:`MAX_TOKENS` tokens have each pattern (bits over
        ``languages``): an array of ``2 ** len(languages)`` counts."""
        masks = self.masks_of(normalised)
        return np.bincount(masks, minlength=1 << len(self.languages))


@dataclass(frozen=True, slots=True)
class WordListModel:
    """log P(pattern | language) for ``labels``, and its weight beside the other scores."""

    labels: tuple[str, ...]
    logp: np.ndarray  # (len(labels), number of patterns)
    weight: float
    languages: tuple[str, ...] = LEXICON_LANGUAGES  # the bits of a pattern

    @classmethod
    def fit(cls, counts: np.ndarray, labels: Sequence[str], weight: float,
            smoothing: float = 1.0) -> WordListModel:
        """From pattern counts per language (rows in the order of ``labels``)."""
        c = np.asarray(counts, dtype=np.float64) + smoothing
        return cls(tuple(labels), np.log(c / c.sum(axis=1, keepdims=True)), weight)

    @classmethod
    def load(cls, path: str | Path | None = None) -> WordListModel:
        """The shipped model (when there is none, one of weight 0: the lists do not count)."""
        try:
            if path is None:
                text = resources.files("tidings").joinpath(WEIGHTS_RESOURCE).read_text("utf-8")
            else:
                text = Path(path).read_text("utf-8")
        except (FileNotFoundError, OSError):
            return cls((), np.zeros((0, 1 << len(LEXICON_LANGUAGES))), 0.0)
        data = json.loads(text)
        return cls(tuple(data["labels"]), np.array(data["logp"], dtype=np.float64),
                   float(data["weight"]), tuple(data["languages"]))

    def to_json(self, **extra: object) -> str:
        return json.dumps({"weight": self.weight, "labels": list(self.labels),
                           "languages": list(self.languages),
                           "logp": np.round(self.logp, 5).tolist(), **extra}, indent=1) + "\n"

    def loglik(self, patterns: np.ndarray) -> np.ndarray:
        """Per label: log-likelihood of the pattern counts, best 0, divided by sqrt(tokens)
        (the calibration of the n-gram model and of py3langid)."""
        s = self.logp @ patterns
        return (s - s.max()) / np.sqrt(max(float(patterns.sum()), 1.0))

    def boost(self, normalised: str, codes: Sequence[str]) -> np.ndarray:
        """What to add to the combined scores of ``codes`` for the text ``normalised``
        (as :func:`tidings.enrich.ngrams.normalise` gives it): ``weight`` times the
        log-likelihoods.  The word lists load on the first call."""
        out = np.zeros(len(codes), dtype=np.float64)
        table = lexicon() if self.weight else None
        if table is None or table.languages != self.languages:
            return out
        scores = self.loglik(table.patterns(normalised))
        for i, code in enumerate(codes):
            if code in self.labels:
                out[i] = self.weight * scores[self.labels.index(code)]
        return out


@lru_cache(maxsize=1)
def lexicon() -> Lexicon | None:
    """The shared lexicon, loaded on first use; None when simplemma is unavailable."""
    try:
        return Lexicon.load()
    except ImportError:
        return None
