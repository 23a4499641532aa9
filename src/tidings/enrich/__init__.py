"""Enrichment steps: language (and later lemmas, entities, quotes, sources)."""

from .language import LanguageIdentifier, LanguageStep, identify

__all__ = ["LanguageIdentifier", "LanguageStep", "identify"]
