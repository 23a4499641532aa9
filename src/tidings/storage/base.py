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
from .clusters import ClusterTables
from .search import Browse, SearchPage, scan_browse, scan_facets, scan_search
from .entities import (EntityMention, EntitySummary, QuoteRow, scan_entities, scan_entity,
                       scan_entity_mentions, scan_quotes)

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

    # Browsing and search (web UI, API).  These defaults scan ``articles()``, which is
    # right for small stores; SQLite overrides them with indexed queries (storage/search.py).
    def browse(self, filters: Browse) -> list[Article]:
        """Articles matching the filters, newest first."""
        return scan_browse(self.articles(), filters)

    def facets(self) -> dict[str, dict[str, int]]:
        """Article counts per ``language`` and per ``outlet`` (for filter menus)."""
        return scan_facets(self.articles())

    def search(self, query: str, *, language: str | None = None, limit: int = 20,
               offset: int = 0) -> SearchPage:
        """Articles whose words or lemmas match every word of ``query``, best first."""
        return scan_search(self.articles(), query, languages=list(self.facets()["language"]),
                           language=language, limit=limit, offset=offset)

    def clusters(self) -> ClusterTables:
        """Embeddings, duplicate links, events and storylines (storage/clusters.py)."""
        from ..errors import StorageError

        raise StorageError(f"{type(self).__name__} does not store events and storylines")

    # Canonical entities and quotes (CLI `entities`, `entity`, `quotes`).  These defaults
    # scan ``articles()``; SQLite answers from indexed tables (storage/entities_sql.py).
    def entities(self, *, language: str | None = None, type: str | None = None,  # noqa: A002
                 limit: int | None = None) -> list[EntitySummary]:
        """Entities mentioned in stored articles (of ``language``, of ``type``), most
        mentioned first."""
        return scan_entities(self.articles(), language=language, type_=type)[:limit]

    def entity(self, query: str) -> EntitySummary | None:
        """The entity named ``query`` in any language or form, or with this id."""
        return scan_entity(self.articles(), query)

    def entity_mentions(self, entity_id: str) -> list[EntityMention]:
        """The articles that mention an entity, oldest first."""
        return scan_entity_mentions(self.articles(), entity_id)

    def quotes(self, *, speaker_ids: set[str] | None = None,
               limit: int | None = None) -> list[QuoteRow]:
        """Stored quotes (by these speaker entities, when given), oldest first."""
        return scan_quotes(self.articles(), speaker_ids=speaker_ids)[:limit]

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the backend's resources."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
