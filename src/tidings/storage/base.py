"""The Store interface: what every backend (SQLite, in-memory, later PostgreSQL) offers.

A backend is a small interface with an in-memory implementation for tests
(httpx's ``BaseTransport``/``MockTransport`` idea); one contract test suite runs
against every backend.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from types import TracebackType

from ..model import Article

__all__ = ["Store"]


class Store(ABC):
    """Where articles live.  Writes are idempotent: an id already stored is left as it is."""

    url: str = ""

    @abstractmethod
    def add_articles(self, articles: Iterable[Article]) -> tuple[int, int]:
        """Store the articles in one transaction; returns (new, already stored)."""

    @abstractmethod
    def get(self, article_id: str) -> Article | None:
        """The article with this id, or with this unique id prefix."""

    @abstractmethod
    def articles(self, *, language: str | None = None, limit: int | None = None) -> Iterator[Article]:
        """Stored articles in the order they were first stored."""

    @abstractmethod
    def count(self) -> int:
        """How many articles are stored."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the backend's resources."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
