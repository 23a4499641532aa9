"""Keys for duplicate detection: an exact key and a MinHash signature per article.

Exact duplicates share their normalised text (NFC, case and whitespace folded),
whatever their URL.  Near-duplicates (a syndicated agency text with a new title,
a trimmed last paragraph, a typo fixed) share most of their word 3-grams, which a
MinHash signature estimates in constant space (datasketch, affine32 scheme).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np
from datasketch import MinHash

from ..model import Article, normalise_text

__all__ = ["SCHEME", "exact_key", "jaccard", "shingles", "signature", "signature_of"]

SCHEME = "affine32"
_WORD = re.compile(r"\w+", re.UNICODE)
#: Word n-gram length: 3-grams are specific enough that two unrelated articles
#: share few, and short enough that an edit spoils only three of them.
_N = 3


def exact_key(article: Article) -> str:
    """Hash of the normalised body text (lead and body; title too when there is no body).

    The title is left out when there is a body: outlets retitle agency copy, and a
    copy with a new title over the same text is still the same report.
    """
    text = "\n".join(p for p in [article.lead, *article.body] if p) or (article.title or "")
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:24]


def shingles(article: Article) -> list[bytes]:
    """Word 3-grams of the lead and body, folded, as bytes for hashing."""
    text = "\n".join(p for p in [article.lead, *article.body] if p) or (article.title or "")
    words = _WORD.findall(text.casefold())
    if len(words) < _N:
        return [" ".join(words).encode("utf-8")] if words else []
    return list({" ".join(words[i:i + _N]).encode("utf-8") for i in range(len(words) - _N + 1)})


@lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    # Drawing permutations costs more than hashing a short article: draw them once.
    return MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME).permutations


def signature(article: Article, num_perm: int = 128, seed: int = 1) -> np.ndarray | None:
    """MinHash hash values (uint32) of the article's shingles, None when it has no words."""
    return signature_of(shingles(article), num_perm, seed)


def signature_of(grams: list[bytes], num_perm: int = 128, seed: int = 1) -> np.ndarray | None:
    """MinHash hash values (uint32) of shingles already cut, None when there are none."""
    if not grams:
        return None
    mh = MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME,
                 permutations=_permutations(num_perm, seed))
    mh.update_batch(grams)
    return mh.hashvalues.copy()


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """MinHash estimate of the Jaccard similarity of two shingle sets."""
    return float(np.count_nonzero(a == b)) / len(a)
