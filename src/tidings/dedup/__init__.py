"""Duplicates: exact copies and near-copies (syndicated texts), the earliest as original."""

from .index import DedupConfig, DuplicateIndex
from .minhash import exact_key, jaccard, shingles, signature, signature_of

__all__ = ["DedupConfig", "DuplicateIndex", "exact_key", "jaccard", "shingles", "signature",
           "signature_of"]
