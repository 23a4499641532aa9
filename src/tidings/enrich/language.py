"""Language identification with py3langid over a configurable set of languages.

py3langid knows Faroese, Bokmål and Nynorsk; restricting it to the languages a
user follows removes most confusions between close languages.  Short blocks
(credits, dates) carry too little signal and take the article's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ..model import Article
from ..pipeline import Enricher

__all__ = ["LanguageIdentifier", "LanguageStep", "identify"]

#: py3langid's code for Norwegian Bokmål is "nb"; generic "no" is folded into it.
_ALIASES = {"no": "nb"}


class LanguageIdentifier:
    """A py3langid model restricted to ``languages`` (an empty list means all it knows)."""

    def __init__(self, languages: Sequence[str] = ()) -> None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier as _LI

        self._model = _LI.from_model_file(MODEL_FILE, norm_probs=True)
        known = set(self._model.nb_classes)
        wanted = [l for l in languages if l in known]
        if wanted:
            self._model.set_languages(wanted)

    def classify(self, text: str) -> tuple[str, float]:
        code, prob = self._model.classify(text)
        return _ALIASES.get(code, code), float(prob)


@lru_cache(maxsize=8)
def _identifier(languages: tuple[str, ...]) -> LanguageIdentifier:
    return LanguageIdentifier(languages)


def identify(text: str, languages: Sequence[str] = ()) -> tuple[str, float]:
    """The language of ``text`` and the model's confidence (0 to 1)."""
    return _identifier(tuple(languages)).classify(text)


class LanguageStep(Enricher):
    name = "language"
    requires = frozenset({"title", "lead", "body"})
    assigns = frozenset({"language", "language_confidence"})

    def __init__(self, languages: Sequence[str] = ()) -> None:
        self.languages = tuple(languages)

    def enrich(self, article: Article) -> None:
        text = article.text
        if len(text.strip()) < 3:
            return
        article.language, article.language_confidence = identify(text[:5000], self.languages)
