"""The pipeline step "ner": sets ``article.mentions`` from the article's text."""

from __future__ import annotations

from pathlib import Path

from ...model import Article
from ...pipeline import Enricher
from .tagger import MODELS_DIR, Recogniser, recogniser

__all__ = ["NerStep"]


class NerStep(Enricher):
    """Named entities (PER, ORG, LOC, MISC) of each article, with the model of its language.

    Offsets point into ``article.text`` (title, lead and body joined by blank lines), which
    every later step (linking, quotes) reads too.  Runs after the language step, since the
    language chooses the model; an article of a language without a model of its own is
    tagged by the fallback model (see ``models.toml``).
    """

    name = "ner"
    requires = frozenset({"title", "lead", "body", "language"})
    assigns = frozenset({"mentions"})

    def __init__(self, folder: Path = MODELS_DIR) -> None:
        self.folder = folder
        self._recogniser: Recogniser | None = None  # loaded on the first article, not at build

    def enrich(self, article: Article) -> None:
        if self._recogniser is None:
            self._recogniser = recogniser(self.folder)
        article.mentions = self._recogniser.mentions(article.text, article.language)
