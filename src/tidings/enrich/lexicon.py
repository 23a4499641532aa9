"""Word-list evidence for telling close Nordic languages apart.

The n-gram model (:mod:`tidings.enrich.ngrams`) knows only the words of its
training text (news for sv, nb, nn and da).  simplemma's dictionaries, already
installed for lemmas, list hundreds of thousands of word forms per language and
tell Nynorsk (``ikkje``, ``kva``, ``korleis``) from Bokmål (``ikke``, ``hva``,
``hvordan``) and Danish spellings.  Each token of a text gets its *pattern*: the
set of candidate languages whose list knows it (``{nn}``, ``{nb, da}``, none...).
A small naive Bayes model, :class:`WordListModel`, has the probability of each
pattern per language, counted on the n-gram model's training text; its
length-normalised log-likelihoods are added, with a weight chosen by
:mod:`tidings.enrich.langid_train` (``make models``), to the scores in
:mod:`tidings.enrich.language`.
Patterns, not words, are what it learns, so it carries over to words the
training text never had (Faroese: the tokens no list knows).

A second source widens the view from news to the vocabulary of the web and of
Wikipedia: wordfreq's frequency lists (sv, nb, da, is; their data CC BY-SA 4.0).
Each token also gets a *frequency level*: how common it is in each of those
lists, in a few coarse bands (:data:`FREQ_LISTS`).  The pattern the model counts is
then the pair (lists that know the word, frequency level): ``och`` is in every list but
common only in Swedish; ``ikkje`` is fairly common in the Norwegian list, rare in the Swedish one.
Without wordfreq installed the model falls back to the list pattern alone
(its probabilities summed over the frequency levels).

Nothing from the dictionaries is shipped: they are read from the installed
simplemma (and wordfreq) on first use and kept as a compact table of 64-bit hashes of the word
forms with a bit per language and a byte of frequency level (about 27 MB), cached on disk under
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

__all__ = ["FREQ_LISTS", "FREQ_LEVELS", "LEXICON_LANGUAGES", "Lexicon", "WordListModel",
           "freq_levels_of", "lexicon", "word_hashes", "WEIGHTS_RESOURCE"]

#: The close languages the n-gram model decides among that simplemma has a dictionary for.
LEXICON_LANGUAGES = ("da", "is", "nb", "nn", "sv")
#: Weights chosen by :mod:`tidings.enrich.langid_train`, inside the package.
WEIGHTS_RESOURCE = "enrich/data/nordic_lexicon.json"
#: Only the first tokens count: plenty for a verdict, and it bounds the cost (each
#: lookup in the 27 MB table is a few CPU cache misses: about 0.7 µs on a busy core).
MAX_TOKENS = 100
_FORMAT = 5  # bump when the cached table's layout changes

#: wordfreq's lists: (language, list, Zipf-scale band edges).  A word's level in a list
#: is 0 when the list lacks it, else 1 + the number of edges its Zipf frequency reaches
#: (Zipf 3: once per million words; 4.5: common).  The "small" lists stop at Zipf 3, so
#: they get one edge only.  The frequency level of a word combines the four lists.
FREQ_LISTS: tuple[tuple[str, str, tuple[float, ...]], ...] = (
    ("sv", "large", (3.0, 4.5)), ("nb", "large", (3.0, 4.5)),
    ("da", "small", (4.5,)), ("is", "small", (4.5,)))
#: How many frequency levels there are (4 * 4 * 3 * 3).
FREQ_LEVELS = int(np.prod([len(edges) + 2 for _, _, edges in FREQ_LISTS]))


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

    def __init__(self, hashes: np.ndarray, masks: np.ndarray, languages: Sequence[str],
                 levels: np.ndarray | None = None) -> None:
        self.hashes = hashes  # sorted uint64
        self.masks = masks  # uint8, a bit per language in ``languages``
        self.languages = tuple(languages)
        # uint8 frequency level per word (:data:`FREQ_LISTS`), or None without wordfreq
        self.levels = levels
        #: how many frequency levels the patterns distinguish (1: no wordfreq)
        self.freq_levels = FREQ_LEVELS if levels is not None else 1
        # A lookup reads the bucket of the hash's top bits: where it starts in the sorted
        # table and at most ``_width`` entries from there (a binary search over the whole
        # 27 MB table would miss the CPU caches some 20 times per word instead of 2 or 3).
        bucket = (hashes >> np.uint64(64 - _BUCKET_BITS)).astype(np.int64)
        sizes = np.bincount(bucket, minlength=1 << _BUCKET_BITS)
        self._starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        self._width = np.arange(max(int(sizes.max(initial=0)), 1))

    @classmethod
    def load(cls, cache: Path | None = None) -> Lexicon:
        """From the disk cache, else built from simplemma (and cached when possible)."""
        import simplemma

        version = getattr(simplemma, "__version__", "unknown")
        freq = _wordfreq_version()
        path = (cache or _cache_dir()) / f"lexicon-simplemma{version}-wordfreq{freq}-v{_FORMAT}.npz"
        try:
            with np.load(path, allow_pickle=False) as data:
                if tuple(str(x) for x in data["languages"]) == LEXICON_LANGUAGES:
                    levels = data["levels"] if "levels" in data.files else None
                    return cls(data["hashes"], data["masks"], LEXICON_LANGUAGES, levels)
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            pass  # no cache yet, or a damaged one: rebuild
        built = cls.build()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            extra = {} if built.levels is None else {"levels": built.levels}
            with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".npz", delete=False) as fh:
                np.savez(fh, hashes=built.hashes, masks=built.masks,
                         languages=np.array(built.languages), **extra)
            os.replace(fh.name, path)  # atomic: a concurrent reader never sees half a file
        except OSError:
            pass  # read-only home: keep it in memory only
        return built

    @classmethod
    def build(cls, languages: Sequence[str] = LEXICON_LANGUAGES,
              frequencies: bool = True) -> Lexicon:
        """Decode simplemma's dictionaries (every form and every lemma, lower-cased) and,
        when wordfreq is installed and ``frequencies``, its lists' frequency levels."""
        from simplemma.strategies.dictionaries.dictionary_factory import (
            _load_dictionary_from_disk,  # noqa: PLC2701 - raw forms, no per-entry decoding
        )

        keys, bits = [], []
        for bit, lang in enumerate(languages):
            entries = _load_dictionary_from_disk(lang)
            hashed = _hash_words(b"\n".join(set(entries) | set(entries.values())).decode("utf-8"))
            keys.append(hashed)
            bits.append(np.full(len(hashed), 1 << bit, dtype=np.uint8))
        freq = _wordfreq_levels() if frequencies else None
        if freq is not None:
            keys.append(freq[0])
            bits.append(np.zeros(len(freq[0]), dtype=np.uint8))
        allkeys, allbits = np.concatenate(keys), np.concatenate(bits)
        hashes, inverse = np.unique(allkeys, return_inverse=True)
        masks = np.zeros(len(hashes), dtype=np.uint8)
        np.bitwise_or.at(masks, inverse, allbits)
        levels = None
        if freq is not None:
            levels = np.zeros(len(hashes), dtype=np.uint8)
            levels[np.searchsorted(hashes, freq[0])] = freq[1]
        return cls(hashes, masks, languages, levels)

    def _find(self, normalised: str) -> tuple[np.ndarray, np.ndarray]:
        """Index in the table of each of the first :data:`MAX_TOKENS` words (-1: absent)."""
        keys = word_hashes(normalised)[:MAX_TOKENS]
        if len(keys) == 0 or len(self.hashes) == 0:
            return np.full(len(keys), -1, dtype=np.int64), keys
        bucket = (keys >> np.uint64(64 - _BUCKET_BITS)).astype(np.int64)
        at = self._starts[bucket][:, None] + self._width  # (words, width)
        hit = (at < self._starts[bucket + 1][:, None])
        at = np.minimum(at, len(self.hashes) - 1)
        hit &= self.hashes[at] == keys[:, None]
        return np.where(hit, at, -1).max(axis=1), keys

    def masks_of(self, normalised: str) -> np.ndarray:
        """The language bits of each of the first :data:`MAX_TOKENS` words of ``normalised``
        (0: in no list)."""
        at, _ = self._find(normalised)
        return np.where(at >= 0, self.masks[at], 0).astype(np.uint8)

    def patterns(self, normalised: str) -> np.ndarray:
        """How many of the first :data:`MAX_TOKENS` tokens have each pattern: an array of
        ``freq_levels * 2 ** len(languages)`` counts, pattern ``level * 2 ** len(languages)
        + bits`` (bits over ``languages``; level: :data:`FREQ_LISTS`, 0 without wordfreq)."""
        at, _ = self._find(normalised)
        known = at >= 0
        codes = np.where(known, self.masks[at], 0).astype(np.int64)
        if self.levels is not None:
            codes += np.where(known, self.levels[at], 0).astype(np.int64) << len(self.languages)
        return np.bincount(codes, minlength=self.freq_levels << len(self.languages))


def _hash_words(text: str) -> np.ndarray:
    """The distinct :func:`word_hashes` of the entries (one a line) of ``text`` that are
    one normalised token each."""
    import unicodedata

    # an entry with a space, digit or punctuation is not one normalised token
    text = _NOT_ONE_WORD.sub("", unicodedata.normalize("NFC", text.lower()))
    return np.unique(word_hashes(" ".join(text.split())))


def _wordfreq_version() -> str:
    try:
        from importlib.metadata import PackageNotFoundError, version
        return version("wordfreq")
    except PackageNotFoundError:
        return "none"


def freq_levels_of(words: Sequence[str], zipf: dict[str, Sequence[float]]) -> np.ndarray:
    """The frequency level (:data:`FREQ_LISTS`) of each word, from its Zipf frequency in
    each list (``zipf[lang][i]``; 0 or less: not in the list)."""
    level = np.zeros(len(words), dtype=np.int64)
    for lang, _, edges in FREQ_LISTS:
        z = np.asarray(zipf[lang], dtype=np.float64)
        band = np.where(z > 0, 1 + (z[:, None] >= np.array(edges)).sum(axis=1), 0)
        level = level * (len(edges) + 2) + band
    return level.astype(np.uint8)


def _wordfreq_levels() -> tuple[np.ndarray, np.ndarray] | None:
    """(sorted word hashes, frequency level) of every word in wordfreq's :data:`FREQ_LISTS`,
    or None when wordfreq is not installed."""
    try:
        import wordfreq
    except ImportError:
        return None
    import unicodedata

    freqs = {lang: wordfreq.get_frequency_dict(lang, size) for lang, size, _ in FREQ_LISTS}
    # the same filter and hash as the dictionaries' entries
    words = sorted(w for w in set().union(*freqs.values()) if not _NOT_ONE_WORD.search(w))
    forms = [unicodedata.normalize("NFC", w.lower()) for w in words]
    hashes = word_hashes(" ".join(forms))
    if len(hashes) != len(words):  # cannot happen after the filter; be safe, not wrong
        return None
    zipf = {lang: [np.log10(f[w]) + 9 if w in f else 0.0 for w in words]
            for lang, f in freqs.items()}
    levels = freq_levels_of(words, zipf)
    # two words with one normalised form: keep the higher level
    order = np.lexsort((-levels.astype(np.int64), hashes))
    hashes, levels = hashes[order], levels[order]
    first = np.r_[True, hashes[1:] != hashes[:-1]]
    return hashes[first], levels[first]


@dataclass(frozen=True, slots=True)
class WordListModel:
    """log P(pattern | language) for ``labels``, and its weight beside the other scores.

    A pattern is ``level * 2 ** len(languages) + bits`` (:meth:`Lexicon.patterns`), with
    ``freq_levels`` levels (1: the lists' bits alone)."""

    labels: tuple[str, ...]
    logp: np.ndarray  # (len(labels), number of patterns)
    weight: float
    languages: tuple[str, ...] = LEXICON_LANGUAGES  # the bits of a pattern
    freq_levels: int = 1

    @classmethod
    def fit(cls, counts: np.ndarray, labels: Sequence[str], weight: float,
            smoothing: float = 1.0, languages: Sequence[str] = LEXICON_LANGUAGES
            ) -> WordListModel:
        """From pattern counts per language (rows in the order of ``labels``)."""
        c = np.asarray(counts, dtype=np.float64) + smoothing
        levels = c.shape[1] >> len(languages)
        return cls(tuple(labels), np.log(c / c.sum(axis=1, keepdims=True)), weight,
                   tuple(languages), max(levels, 1))

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
                   float(data["weight"]), tuple(data["languages"]),
                   int(data.get("freq_levels", 1)))

    def to_json(self, **extra: object) -> str:
        return json.dumps({"weight": self.weight, "labels": list(self.labels),
                           "languages": list(self.languages), "freq_levels": self.freq_levels,
                           **extra, "logp": np.round(self.logp, 4).tolist()}) + "\n"

    def without_levels(self) -> WordListModel:
        """The same model over the lists' bits alone: P(bits | language), the frequency
        levels summed out (for a table built without wordfreq)."""
        if self.freq_levels == 1:
            return self
        p = np.exp(self.logp).reshape(len(self.labels), self.freq_levels, -1).sum(axis=1)
        return WordListModel(self.labels, np.log(p), self.weight, self.languages, 1)

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
        patterns = table.patterns(normalised)
        model = self
        if table.freq_levels != self.freq_levels:
            # the table has no frequency levels (wordfreq missing): bits alone
            model = _marginal(self)
            patterns = patterns.reshape(table.freq_levels, -1).sum(axis=0)
        scores = model.loglik(patterns)
        for i, code in enumerate(codes):
            if code in self.labels:
                out[i] = self.weight * scores[self.labels.index(code)]
        return out


_MARGINALS: dict[int, tuple[WordListModel, WordListModel]] = {}


def _marginal(model: WordListModel) -> WordListModel:
    """:meth:`WordListModel.without_levels`, computed once per model."""
    kept = _MARGINALS.get(id(model))
    if kept is None or kept[0] is not model:
        kept = _MARGINALS[id(model)] = (model, model.without_levels())
    return kept[1]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon | None:
    """The shared lexicon, loaded on first use; None when simplemma is unavailable."""
    try:
        return Lexicon.load()
    except ImportError:
        return None
