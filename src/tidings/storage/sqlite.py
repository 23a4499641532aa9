"""The default store: one SQLite file, WAL mode, a versioned schema with migrations.

The schema version is SQLite's ``user_version``; ``MIGRATIONS[n]`` takes a
database from version n to n+1.  Opening a database runs the migrations it
lacks in one transaction each, and refuses one written by a newer tidings.
Articles are stored whole as JSON beside the columns that queries filter on,
so a new field needs no migration until something has to query it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path

from ..errors import SchemaError, StorageError
from ..model import Article
from .base import Store
from . import search as fts
from . import entities_sql
from .entities_sql import ENTITY_MIGRATION
from .clusters import CLUSTER_MIGRATION, SQLiteClusters
from .browse import BROWSE_MIGRATION

__all__ = ["MIGRATIONS", "SQLiteStore", "SCHEMA_VERSION"]

MIGRATIONS: list[str] = [
    # 0 -> 1: articles
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        url TEXT,
        outlet TEXT,
        title TEXT,
        language TEXT,
        published TEXT,
        date_reliable INTEGER NOT NULL DEFAULT 0,
        position INTEGER NOT NULL DEFAULT 0,
        data TEXT NOT NULL,
        raw TEXT NOT NULL DEFAULT '',
        added TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_language ON articles(language);
    CREATE INDEX articles_source ON articles(source, position);
    """,
    # search: FTS5 over title, lead, body, lemmas, entity ids (filled lazily; storage/search.py)
    fts.FTS_MIGRATION,
    # events: embeddings cache, duplicate links, events, storylines (storage/clusters.py)
    CLUSTER_MIGRATION,
    # entities, their names, article links and quotes (storage/entities_sql.py)
    ENTITY_MIGRATION,
    # browsing: indexes for the day counts and per-language lists (storage/browse.py)
    BROWSE_MIGRATION,
]
SCHEMA_VERSION = len(MIGRATIONS)

_COLUMNS = ("id", "source", "url", "outlet", "title", "language", "published", "date_reliable",
            "position", "data", "raw", "added")


class SQLiteStore(Store):
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.url = str(self.path)
        try:
            if self.path.parent and not self.path.parent.exists():
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"{self.path}: cannot open as a tidings database ({exc})") from exc
        except OSError as exc:
            raise StorageError(f"{self.path}: {exc}") from exc

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SchemaError(f"{self.path}: schema version {version} is newer than this "
                              f"tidings understands ({SCHEMA_VERSION}); upgrade tidings")
        for target in range(version, SCHEMA_VERSION):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in MIGRATIONS[target].split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {target + 1}")
                self.conn.execute("COMMIT")
            except sqlite3.Error:
                self.conn.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def add_articles(self, articles: Iterable[Article]) -> tuple[int, int]:
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        rows = []
        for a in articles:
            if not a.id:
                raise StorageError(f"{a.source}: article has no id (call assign_id first)")
            data = a.to_dict()
            raw = data.pop("raw")
            rows.append((a.id, a.source, a.url, a.outlet, a.title, a.language, data["published"],
                         int(a.date_reliable), a.position, json.dumps(data, ensure_ascii=False),
                         raw, now))
        if not rows:
            return 0, 0
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            before = self.conn.total_changes
            self.conn.executemany(
                f"INSERT OR IGNORE INTO articles ({', '.join(_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(_COLUMNS))})", rows)
            new = self.conn.total_changes - before
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise StorageError(f"{self.path}: write failed ({exc}); nothing of this batch was stored") \
                from exc
        return new, len(rows) - new

    @staticmethod
    def _article(data: str, raw: str) -> Article:
        d = json.loads(data)
        d["raw"] = raw
        return Article.from_dict(d)

    def get(self, article_id: str) -> Article | None:
        row = self.conn.execute("SELECT data, raw FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None and article_id:
            rows = self.conn.execute("SELECT data, raw FROM articles WHERE id LIKE ? LIMIT 2",
                                     (article_id.replace("%", "").replace("_", "") + "%",)).fetchall()
            row = rows[0] if len(rows) == 1 else None
        return self._article(*row) if row else None

    def articles(self, *, language: str | None = None, limit: int | None = None) -> Iterator[Article]:
        sql, args = "SELECT data, raw FROM articles", []
        if language:
            sql += " WHERE language = ?"
            args.append(language)
        sql += " ORDER BY rowid"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        for data, raw in self.conn.execute(sql, args):
            yield self._article(data, raw)

    def count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    # Browsing and search: SQL and FTS5 versions of the Store defaults, kept in storage/search.py.
    def browse(self, filters: fts.Browse) -> list[Article]:
        return fts.sqlite_browse(self.conn, self._article, filters)

    def facets(self) -> dict[str, dict[str, int]]:
        return fts.sqlite_facets(self.conn)

    def search(self, query: str, *, language: str | None = None, limit: int = 20,
               offset: int = 0) -> fts.SearchPage:
        fts.sync_index(self.conn, self._article)
        return fts.sqlite_search(self.conn, self._article, query, language=language,
                                 limit=limit, offset=offset)

    def clusters(self) -> SQLiteClusters:
        return SQLiteClusters(self.conn)

    # Entities and quotes: indexed versions of the Store defaults (storage/entities_sql.py).
    def entities(self, *, language: str | None = None, type: str | None = None,  # noqa: A002
                 limit: int | None = None) -> list[entities_sql.EntitySummary]:
        return entities_sql.sqlite_entities(self.conn, self._article, language=language,
                                            type_=type, limit=limit)

    def entity(self, query: str) -> entities_sql.EntitySummary | None:
        return entities_sql.sqlite_entity(self.conn, self._article, query)

    def entity_mentions(self, entity_id: str) -> list[entities_sql.EntityMention]:
        return entities_sql.sqlite_entity_mentions(self.conn, self._article, entity_id)

    def quotes(self, *, speaker_ids: set[str] | None = None,
               limit: int | None = None) -> list[entities_sql.QuoteRow]:
        return entities_sql.sqlite_quotes(self.conn, self._article, speaker_ids=speaker_ids,
                                          limit=limit)

    def close(self) -> None:
        self.conn.close()
