"""Enrichment steps: language (and later lemmas, entities, quotes, sources)."""

from .language import LanguageIdentifier, LanguageStep, identify
from .lemmas import LemmaStep, lemmas, lemmatize

__all__ = ["LanguageIdentifier", "LanguageStep", "LemmaStep", "identify", "lemmas", "lemmatize"]
