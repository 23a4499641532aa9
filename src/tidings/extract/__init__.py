"""Extraction: raw input to clean articles with their metadata."""

from .dump import DumpExtractor, extract_articles

__all__ = ["DumpExtractor", "extract_articles"]
