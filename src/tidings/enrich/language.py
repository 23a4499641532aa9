"""Language identification per article and per block, over a configurable set of languages.

Two models, each doing what it is good at:

* py3langid (restricted to the configured languages) picks the language among
  everything a user follows; it is robust across scripts and large languages.
* When its first choice is one of the close Nordic languages (sv, nb, nn, da, is,
  fo), our own n-gram model (:mod:`tidings.enrich.ngrams`, trained on Nordic
  news and Wikipedia text) decides again among the configured ones, adding
  py3langid's own scores with a weight chosen on held-out training text.  This
  is what tells Bokmål from Nynorsk and Danish, and Faroese from Icelandic.

Blocks (title, lead, paragraphs, captions, subheadings) get a language each, but
short ones (credits, datelines, a name) carry too little signal and take the
article's language, as does a block whose own verdict is not confident.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from ..errors import ConfigError
from ..model import Article
from ..pipeline import Enricher
from .ngrams import NgramModel

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

    def scores(self, text: str) -> np.ndarray:
        """Log-scores per label in ``labels``, best 0, divided by sqrt(bytes) as py3langid does."""
        encoded = self.model._encode(text)  # noqa: SLF001 - pinned py3langid; no public raw scores
        raw = np.asarray(self.model._raw_score(encoded), dtype=np.float64)  # noqa: SLF001
        return (raw - raw.max()) / math.sqrt(len(encoded) or 1)


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max())
    return e / e.sum()


class LanguageIdentifier:
    """Identifies the language of a text among ``languages`` (empty: all py3langid knows)."""

    def __init__(self, languages: Sequence[str] = (), model: NgramModel | None = None) -> None:
        self.languages = tuple(languages)
        self.py3 = Py3Scores(languages)
        self.ngrams = model if model is not None else NgramModel.load()
        allowed = set(self.py3.labels)
        # the close languages we re-decide among: those both models know and the user wants
        self._close = [i for i, code in enumerate(self.ngrams.labels) if code in allowed]
        self._close_codes = [self.ngrams.labels[i] for i in self._close]
        self._py3_index = [self.py3.labels.index(c) for c in self._close_codes]

    def classify(self, text: str) -> tuple[str, float]:
        """``(code, confidence)``; ``("und", 0.0)`` when the text has no letters."""
        text = text[:MAX_CHARS]
        if not any(ch.isalpha() for ch in text):
            return "und", 0.0
        py3 = self.py3.scores(text)
        return self._decide(text, py3)

    def classify_block(self, text: str, article_language: str) -> tuple[str, float]:
        """Like :meth:`classify`, but cheap when py3langid already agrees with the article.

        Most blocks are in the article's language; only a block that py3langid puts
        elsewhere pays for the n-gram model (per-block checks would otherwise cost
        several times the article's own)."""
        text = text[:MAX_CHARS]
        py3 = self.py3.scores(text)
        best = int(py3.argmax())
        if self.py3.labels[best] == article_language:
            return article_language, float(_softmax(py3)[best])
        return self._decide(text, py3)

    def _decide(self, text: str, py3: np.ndarray) -> tuple[str, float]:
        probs = _softmax(py3)
        best = int(py3.argmax())
        code = self.py3.labels[best]
        if len(self._close) < 2 or code not in self._close_codes:
            return code, float(probs[best])
        # py3langid's mass on the close group says how sure we are it is one of them;
        # within the group the combined scores decide
        group_mass = float(probs[self._py3_index].sum())
        combined = self.ngrams.scores(text)[self._close] + self.ngrams.py3_weight * py3[self._py3_index]
        within = _softmax(combined * _SHARPNESS)
        pick = int(within.argmax())
        return self._close_codes[pick], group_mass * float(within[pick])


@lru_cache(maxsize=8)
def _identifier(languages: tuple[str, ...]) -> LanguageIdentifier:
    return LanguageIdentifier(languages)


def identify(text: str, languages: Sequence[str] = ()) -> tuple[str, float]:
    """The language of ``text`` among ``languages`` and the confidence (0 to 1)."""
    return _identifier(tuple(languages)).classify(text)


def _is_short(block: str) -> bool:
    words = block.split()
    return len(words) < MIN_BLOCK_WORDS or sum(ch.isalpha() for ch in block) < MIN_BLOCK_LETTERS


def identify_blocks(article: Article, identifier: LanguageIdentifier) -> dict[str, list[str]]:
    """A language per item of each of :data:`BLOCK_FIELDS` (title and lead as one-item lists)."""
    default = article.language or "und"
    out: dict[str, list[str]] = {}
    for name in BLOCK_FIELDS:
        value = getattr(article, name)
        items = [value] if isinstance(value, str) else list(value or [])
        codes = []
        for block in items:
            if _is_short(block):
                codes.append(default)
                continue
            code, confidence = identifier.classify_block(block, default)
            codes.append(code if code == default or confidence >= MIN_BLOCK_CONFIDENCE else default)
        if items:
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
        code, confidence = identifier.classify(text)
        if code == "und":
            return
        article.language, article.language_confidence = code, round(confidence, 4)
        if self.blocks:
            article.block_languages = identify_blocks(article, identifier)
