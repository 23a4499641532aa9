"""An in-memory store for tests and throwaway runs."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator

from ..errors import StorageError
from ..model import Article
from .base import Store
from .clusters_memory import MemoryClusters

__all__ = ["MemoryStore"]


class MemoryStore(Store):
    url = "memory://"

    def __init__(self) -> None:
        self._articles: dict[str, Article] = {}
        self._clusters = MemoryClusters(self._articles)

    def add_articles(self, articles: Iterable[Article]) -> tuple[int, int]:
        new = existing = 0
        staged: dict[str, Article] = {}
        for article in articles:
            if not article.id:
                raise StorageError(f"{article.source}: article has no id (call assign_id first)")
            if article.id in self._articles or article.id in staged:
                existing += 1
            else:
                staged[article.id] = copy.deepcopy(article)
                new += 1
        self._articles.update(staged)  # all or nothing, like a transaction
        return new, existing

    def get(self, article_id: str) -> Article | None:
        if article_id in self._articles:
            return copy.deepcopy(self._articles[article_id])
        hits = [a for k, a in self._articles.items() if k.startswith(article_id)]
        return copy.deepcopy(hits[0]) if len(hits) == 1 else None

    def articles(self, *, language: str | None = None, limit: int | None = None) -> Iterator[Article]:
        n = 0
        for article in self._articles.values():
            if language and article.language != language:
                continue
            if limit is not None and n >= limit:
                return
            n += 1
            yield copy.deepcopy(article)

    def count(self) -> int:
        return len(self._articles)

    def clusters(self) -> MemoryClusters:
        return self._clusters
