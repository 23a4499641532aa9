"""Language identification per article and per block, over a configurable set of languages.

Two models, each doing what it is good at:

* py3langid (restricted to the configured languages) picks the language among
  everything a user follows; it is robust across scripts and large languages.
* When its first choice is one of the close Nordic languages (sv, nb, nn, da, is,
  fo), our own n-gram model (:mod:`tidings.enrich.ngrams`, trained on Nordic
  news and Wikipedia text) decides again among the configured ones, adding
  py3langid's own scores and word-list evidence with weights chosen in training.  This
  is what tells Bokmål from Nynorsk and Danish, and Faroese from Icelandic.

Blocks (title, lead, paragraphs, captions, subheadings) get a language each, but
short ones (credits, datelines, a name) carry too little signal and take the
article's language, as does a block whose own verdict is not confident.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from ..errors import ConfigError
from ..model import Article
from ..pipeline import Enricher
from .lexicon import WordListModel
from .ngrams import NgramModel, normalise

__all__ = ["BLOCK_FIELDS", "LanguageIdentifier", "LanguageStep", "Py3Scores", "identify",
           "identify_blocks"]

#: py3langid's label for Norwegian Bokmål is "no"; ours (and the user's) is "nb".
_TO_PY3 = {"nb": "no"}
_FROM_PY3 = {"no": "nb"}

#: Article fields whose items get a language each (in ``Article.block_languages``).
BLOCK_FIELDS = ("title", "lead", "body", "subheadings", "image_captions", "related_titles")

#: Blocks with fewer words or letters than this take the article's language: a
#: credit, a dateline or a name says nothing reliable about the language.
MIN_BLOCK_WORDS = 4
MIN_BLOCK_LETTERS = 25
#: A block keeps a language other than the article's only when this sure of it.
MIN_BLOCK_CONFIDENCE = 0.8
#: Identification reads at most this many characters: far more than any verdict
#: needs (accuracy is flat from a few hundred on), and it keeps a long article or
#: a 100 kB page from costing more than a short one.
MAX_CHARS = 1500

#: Scales the combined, length-normalised scores before the softmax so that the
#: confidence of a clear sentence lands near 1 (the scores are per sqrt(feature)).
_SHARPNESS = 4.0


class Py3Scores:
    """py3langid restricted to ``languages``, exposing its length-normalised scores."""

    def __init__(self, languages: Sequence[str] = ()) -> None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier as _LI

        self.model = _LI.from_model_file(MODEL_FILE, norm_probs=True)
        known = set(self.model.nb_classes)
        wanted = sorted({_TO_PY3.get(code, code) for code in languages} & known)
        if languages and not wanted:
            raise ConfigError(f"none of the configured languages {list(languages)} is one "
                              "py3langid knows")
        if wanted:
            self.model.set_languages(wanted)
        self.labels = [_FROM_PY3.get(c, c) for c in self.model.nb_classes]
        self._walker = _DfaCounts(self.model)

    def scores(self, text: str) -> np.ndarray:
        """Log-scores per label in ``labels``, best 0, divided by sqrt(bytes) as py3langid does."""
        return self.scores_many([text])[0]

    def scores_many(self, texts: Sequence[str]) -> np.ndarray:
        """:meth:`scores` of each text, one row each, computed together (an article's
        blocks cost one pass instead of one each)."""
        model = self.model
        encoded = [model._encode(t) for t in texts]  # noqa: SLF001 - pinned py3langid
        out = np.zeros((len(texts), len(self.labels)), dtype=np.float64)
        owner, features, counts = self._walker.counts_many(encoded)
        if len(owner) == 0:
            return out  # no feature anywhere: py3langid scores 0 under norm_probs
        # py3langid's naive Bayes, log1p(counts) @ nb_ptc[features] + nb_pc, for every
        # text at once: each text's rows of the product summed by reduceat.
        weighted = np.log1p(counts)[:, None] * model.nb_ptc[features]
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        present = owner[starts]
        raw = np.add.reduceat(weighted, starts, axis=0) + model.nb_pc
        raw -= raw.max(axis=1, keepdims=True)
        sizes = np.fromiter(map(len, encoded), dtype=np.float64, count=len(encoded))[present]
        out[present] = raw / np.sqrt(np.maximum(sizes, 1.0))[:, None]
        return out


class _DfaCounts:
    """py3langid's feature counts of byte strings, computed with numpy.

    py3langid walks an Aho-Corasick automaton over the bytes, one Python step per byte
    (``visit_counts``), and counts the feature each state it reaches emits: most of the
    time that language identification cost.  In such an automaton the state after byte
    ``i`` is the trie node of the longest suffix of the bytes so far that is in the trie,
    so it depends only on the last ``depth`` bytes (``depth``: the deepest node, 6 in the
    shipped model).  Every position's state is then the walk from the root over its own
    window of at most ``depth`` bytes (not reaching back past the start of its text):
    ``depth`` vectorised steps over all positions of all texts at once.  The counts are
    the loop's (tests/test_enrich_fast_paths.py compares the two); the scores differ from
    py3langid's only by float32 rounding, since the sums run in another order.
    """

    def __init__(self, model: object) -> None:
        dtypes = {2: np.uint16, 4: np.uint32, 8: np.uint64}
        moves, rows = model.tk_nextmove, model.tk_row  # type: ignore[attr-defined]
        self.nextmove = np.frombuffer(moves, dtype=dtypes[moves.itemsize])
        self.rowbase = np.frombuffer(rows, dtype=dtypes[rows.itemsize]).astype(np.int64) << 8
        self.output = np.asarray(model.tk_output, dtype=np.int64)  # type: ignore[attr-defined]
        self.features = int(self.output.max()) + 1
        self.depth = self._depth()

    def _depth(self) -> int:
        """The number of steps from the root to the farthest state (breadth first)."""
        seen = np.zeros(len(self.rowbase), dtype=bool)
        seen[0] = True
        frontier = np.zeros(1, dtype=np.int64)
        depth = 0
        every_byte = np.arange(256)
        while True:
            reached = np.zeros(len(self.rowbase), dtype=bool)
            rows = np.unique(self.rowbase[frontier])  # states sharing a row move alike
            for k in range(0, len(rows), 4096):
                reached[self.nextmove[(rows[k:k + 4096, None] + every_byte).ravel()]] = True
            reached &= ~seen
            if not reached.any():
                return depth
            seen |= reached
            frontier = np.flatnonzero(reached)
            depth += 1

    def counts_many(self, datas: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every (text, feature) pair that occurs, as three arrays: the index of the byte
        string in ``datas``, the feature, and its count (float32); by text, then feature."""
        lengths = np.fromiter(map(len, datas), dtype=np.int64, count=len(datas))
        n = int(lengths.sum())
        if n == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty.astype(np.float32)
        depth = self.depth
        text = np.frombuffer(b"".join(datas), dtype=np.uint8)
        which = np.repeat(np.arange(len(datas)), lengths)
        offset = np.arange(n) - (np.cumsum(lengths) - lengths)[which]  # position in its text
        # padded[k + i] is the byte depth-1-k places before byte i
        padded = np.concatenate([np.zeros(depth - 1, dtype=np.int64), text.astype(np.int64)])
        state = np.zeros(n, dtype=np.int64)
        for k in range(depth):
            moved = self.nextmove[self.rowbase[state] + padded[k:k + n]]
            # a window never reaches back past the start of its own text
            state = moved if k == depth - 1 else np.where(offset >= depth - 1 - k, moved, state)
        emitted = self.output[state]
        keep = emitted >= 0
        keys, counts = np.unique(which[keep] * self.features + emitted[keep], return_counts=True)
        owner = keys // self.features
        return owner, keys - owner * self.features, counts.astype(np.float32)


#: Texts of at most this many words to which py3langid gives the close group together at
#: least the probability of its own pick outside it are decided within the close group.
SHORT_WORDS = 4


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max())
    return e / e.sum()


class LanguageIdentifier:
    """Identifies the language of a text among ``languages`` (empty: all py3langid knows)."""

    def __init__(self, languages: Sequence[str] = (), model: NgramModel | None = None) -> None:
        self.languages = tuple(languages)
        self.py3 = Py3Scores(languages)
        self.ngrams = model if model is not None else NgramModel.load()
        # word-list evidence (simplemma's dictionaries and wordfreq's frequency lists,
        # tidings.enrich.lexicon), weighted as langid_train chose; the lists load on first use
        self.wordlists = WordListModel.load()
        allowed = set(self.py3.labels)
        # the close languages we re-decide among: those both models know and the user wants
        self._close = [i for i, code in enumerate(self.ngrams.labels) if code in allowed]
        self._close_codes = [self.ngrams.labels[i] for i in self._close]
        self._py3_index = [self.py3.labels.index(c) for c in self._close_codes]

    def classify(self, text: str) -> tuple[str, float]:
        """``(code, confidence)``; ``("und", 0.0)`` when the text has no letters."""
        text = text[:MAX_CHARS]
        if not _has_letter(text):
            return "und", 0.0
        py3 = self.py3.scores(text)
        return self._decide(text, py3)

    def classify_block(self, text: str, article_language: str,
                       py3: np.ndarray | None = None) -> tuple[str, float]:
        """Like :meth:`classify`, but cheap when py3langid already agrees with the article.

        Most blocks are in the article's language; only a block that py3langid puts
        elsewhere pays for the n-gram model (per-block checks would otherwise cost
        several times the article's own).  ``py3``: the block's py3langid scores when
        already computed (:meth:`Py3Scores.scores_many` of the article's blocks)."""
        text = text[:MAX_CHARS]
        if py3 is None:
            py3 = self.py3.scores(text)
        best = int(py3.argmax())
        if self.py3.labels[best] == article_language:
            return article_language, min(1.0, float(_softmax(py3)[best]))
        return self._decide(text, py3)

    def _decide(self, text: str, py3: np.ndarray) -> tuple[str, float]:
        probs = _softmax(py3)
        best = int(py3.argmax())
        code = self.py3.labels[best]
        if len(self._close) < 2:
            return code, min(1.0, float(probs[best]))
        # py3langid's mass on the close group says how sure we are it is one of them;
        # within the group the combined scores decide
        group_mass = float(probs[self._py3_index].sum())
        if code not in self._close_codes and not (
                group_mass >= float(probs[best]) and len(text.split(None, SHORT_WORDS)) <= SHORT_WORDS):
            return code, min(1.0, float(probs[best]))
        # A few words ("hej", "takk") say little to py3langid's n-grams: when it still puts
        # some mass on the close group, the word lists get their say.
        norm = normalise(text)
        combined = self.ngrams.scores(norm, normalised=True)[self._close] \
            + self.ngrams.py3_weight * py3[self._py3_index] \
            + self.wordlists.boost(norm, self._close_codes)
        within = _softmax(combined * _SHARPNESS)
        pick = int(within.argmax())
        # (a product of two probabilities near 1 may round a hair above it)
        return self._close_codes[pick], min(1.0, group_mass * float(within[pick]))


@lru_cache(maxsize=8)
def _identifier(languages: tuple[str, ...]) -> LanguageIdentifier:
    return LanguageIdentifier(languages)


def identify(text: str, languages: Sequence[str] = ()) -> tuple[str, float]:
    """The language of ``text`` among ``languages`` and the confidence (0 to 1)."""
    return _identifier(tuple(languages)).classify(text)


def _has_letter(text: str) -> bool:
    return any(map(str.isalpha, text))


def _is_short(block: str) -> bool:
    if len(block.split(None, MIN_BLOCK_WORDS - 1)) < MIN_BLOCK_WORDS:
        return True
    # letters counted over a prefix first: a paragraph passes long before its end
    head = block[:4 * MIN_BLOCK_LETTERS]
    return sum(map(str.isalpha, head)) < MIN_BLOCK_LETTERS and \
        (len(head) == len(block) or sum(map(str.isalpha, block)) < MIN_BLOCK_LETTERS)


def _blocks(article: Article) -> list[tuple[str, list[str]]]:
    """(field name, its items) of each of :data:`BLOCK_FIELDS` that has items."""
    out = []
    for name in BLOCK_FIELDS:
        value = getattr(article, name)
        items = [value] if isinstance(value, str) else list(value or [])
        if items:
            out.append((name, items))
    return out


def identify_blocks(article: Article, identifier: LanguageIdentifier,
                    scores: dict[str, np.ndarray] | None = None) -> dict[str, list[str]]:
    """A language per item of each of :data:`BLOCK_FIELDS` (title and lead as one-item lists).

    ``scores``: py3langid scores of the long blocks by their text (their first
    :data:`MAX_CHARS` characters), when already computed; else computed here, together."""
    default = article.language or "und"
    fields = _blocks(article)
    if scores is None:
        long_blocks = list(dict.fromkeys(b[:MAX_CHARS] for _, items in fields for b in items
                                         if not _is_short(b)))
        scores = dict(zip(long_blocks, identifier.py3.scores_many(long_blocks)))
    out: dict[str, list[str]] = {}
    for name, items in fields:
        codes = []
        for block in items:
            if _is_short(block):
                codes.append(default)
                continue
            code, confidence = identifier.classify_block(block, default, scores[block[:MAX_CHARS]])
            codes.append(code if code == default or confidence >= MIN_BLOCK_CONFIDENCE else default)
        out[name] = codes
    return out


class LanguageStep(Enricher):
    """Sets the article's language and confidence, and a language per block."""

    name = "language"
    requires = frozenset({"title", "lead", "body"})
    assigns = frozenset({"language", "language_confidence", "block_languages"})

    def __init__(self, languages: Sequence[str] = (), blocks: bool = True) -> None:
        self.languages = tuple(languages)
        self.blocks = blocks

    def enrich(self, article: Article) -> None:
        text = article.text
        if len(text.strip()) < 3:
            return
        identifier = _identifier(self.languages)
        head = text[:MAX_CHARS]
        if not _has_letter(head):
            return
        # The article and its long blocks are scored by py3langid in one pass.
        long_blocks: list[str] = []
        if self.blocks:
            long_blocks = list(dict.fromkeys(b[:MAX_CHARS] for _, items in _blocks(article)
                                             for b in items if not _is_short(b)))
        scores = identifier.py3.scores_many([head, *long_blocks])
        code, confidence = identifier._decide(head, scores[0])  # noqa: SLF001 - = classify(text)
        if code == "und":
            return
        article.language, article.language_confidence = code, round(confidence, 4)
        if self.blocks:
            article.block_languages = identify_blocks(article, identifier,
                                                      dict(zip(long_blocks, scores[1:])))
