"""Storage of embeddings, duplicate links, events and storylines (issue 5).

Kept apart from the article tables: the clustering state is derived data that
``tidings recluster`` throws away and rebuilds, and embeddings are a cache keyed
by model name.  Each backend returns a :class:`ClusterTables` from
``Store.clusters()``; SQLite keeps the state in the tables of ``CLUSTER_MIGRATION``,
the in-memory store in dicts.  Records are plain dicts (see ``cluster/state.py``
for what they hold); the article's own ``event_id``, ``storyline_id`` and
``duplicate_of`` are written into the stored article too, so ``show`` and
``export`` need no join.
"""

from __future__ import annotations

import json
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import StorageError

__all__ = ["CLUSTER_MIGRATION", "ClusterSnapshot", "ClusterTables", "SQLiteClusters", "loads_core"]

CLUSTER_MIGRATION = """
    CREATE TABLE embeddings (
        article_id TEXT NOT NULL,
        model TEXT NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (article_id, model)
    );
    CREATE TABLE article_links (
        article_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        ts REAL NOT NULL,
        event_id TEXT,
        duplicate_of TEXT,
        exact_key TEXT,
        n_shingles INTEGER NOT NULL DEFAULT 0,
        signature BLOB
    );
    CREATE INDEX article_links_event ON article_links(event_id, seq);
    CREATE INDEX article_links_ts ON article_links(ts);
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        first_ts REAL NOT NULL,
        last_ts REAL NOT NULL,
        storyline_id TEXT,
        size INTEGER NOT NULL,
        title TEXT,
        core TEXT NOT NULL DEFAULT '[]',
        data TEXT NOT NULL,
        vector BLOB
    );
    CREATE INDEX events_last ON events(last_ts);
    CREATE INDEX events_storyline ON events(storyline_id, first_ts);
    CREATE TABLE storylines (
        id TEXT PRIMARY KEY,
        first_ts REAL NOT NULL,
        last_ts REAL NOT NULL,
        data TEXT NOT NULL,
        vector BLOB
    );
    CREATE INDEX storylines_last ON storylines(last_ts);
"""

_LINK = ("article_id", "seq", "ts", "event_id", "duplicate_of", "exact_key", "n_shingles", "signature")
_EVENT = ("id", "first_ts", "last_ts", "storyline_id", "size", "title", "core", "data", "vector")
_STORYLINE = ("id", "first_ts", "last_ts", "data", "vector")


@dataclass(slots=True)
class ClusterSnapshot:
    """The state a clusterer resumes from: what is still inside each of its windows."""

    events: list[dict[str, Any]] = field(default_factory=list)  # last_ts >= event_since
    loose: list[dict[str, Any]] = field(default_factory=list)  # in no storyline, >= storyline_since
    storylines: list[dict[str, Any]] = field(default_factory=list)  # last_ts >= storyline_since
    links: list[dict[str, Any]] = field(default_factory=list)  # ts >= dedup_since, in seq order
    exact: list[tuple[str, str]] = field(default_factory=list)  # (exact key, original), seq order
    next_seq: int = 0


class ClusterTables(ABC):
    """What clustering reads and writes in a store."""

    @abstractmethod
    def get_embeddings(self, ids: Sequence[str], model: str) -> dict[str, bytes]: ...

    @abstractmethod
    def put_embeddings(self, model: str, items: Iterable[tuple[str, bytes]]) -> None: ...

    @abstractmethod
    def linked(self, ids: Sequence[str]) -> set[str]:
        """Which of these articles already have their place (event or original)."""

    @abstractmethod
    def snapshot(self, event_since: float, storyline_since: float, dedup_since: float) -> ClusterSnapshot: ...

    @abstractmethod
    def link(self, article_id: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def event(self, event_id: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def storyline(self, storyline_id: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def save(self, links: list[dict[str, Any]], events: list[dict[str, Any]],
             storylines: list[dict[str, Any]]) -> None:
        """Write links, events and storylines in one transaction, and the articles' own fields."""

    @abstractmethod
    def clear(self) -> None:
        """Forget every link, event and storyline (embeddings stay: they are a cache)."""

    @abstractmethod
    def events(self, *, limit: int = 50, storyline_id: str | None = None) -> list[dict[str, Any]]:
        """Events, the latest first (or a storyline's, in time order)."""

    @abstractmethod
    def storylines(self, *, limit: int = 50) -> list[dict[str, Any]]:
        """Storylines, the latest first."""

    @abstractmethod
    def members(self, event_id: str) -> list[dict[str, Any]]:
        """Links of an event's articles, in the order they were placed."""


class SQLiteClusters(ClusterTables):
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self.conn.execute(sql, args)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur]

    def get_embeddings(self, ids: Sequence[str], model: str) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        for i in range(0, len(ids), 500):
            chunk = list(ids[i:i + 500])
            marks = ",".join("?" * len(chunk))
            out.update(self.conn.execute(
                f"SELECT article_id, vector FROM embeddings WHERE model = ? AND article_id IN ({marks})",
                [model, *chunk]).fetchall())
        return out

    def put_embeddings(self, model: str, items: Iterable[tuple[str, bytes]]) -> None:
        self._write(lambda: self.conn.executemany(
            "INSERT OR REPLACE INTO embeddings (article_id, model, vector) VALUES (?, ?, ?)",
            [(k, model, v) for k, v in items]))

    def linked(self, ids: Sequence[str]) -> set[str]:
        out: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = list(ids[i:i + 500])
            out.update(r[0] for r in self.conn.execute(
                f"SELECT article_id FROM article_links WHERE article_id IN ({','.join('?' * len(chunk))})",
                chunk))
        return out

    def snapshot(self, event_since: float, storyline_since: float, dedup_since: float) -> ClusterSnapshot:
        snap = ClusterSnapshot()
        snap.events = self._rows("SELECT * FROM events WHERE last_ts >= ?", (event_since,))
        snap.loose = self._rows("SELECT id, first_ts, last_ts, title, core, vector FROM events "
                                "WHERE storyline_id IS NULL AND last_ts >= ?", (storyline_since,))
        snap.storylines = self._rows("SELECT * FROM storylines WHERE last_ts >= ?", (storyline_since,))
        snap.links = self._rows("SELECT * FROM article_links WHERE ts >= ? ORDER BY seq", (dedup_since,))
        snap.exact = [(k, o) for k, o in self.conn.execute(
            "SELECT exact_key, COALESCE(duplicate_of, article_id) FROM article_links "
            "WHERE exact_key IS NOT NULL ORDER BY seq")]
        snap.next_seq = int(self.conn.execute("SELECT COALESCE(MAX(seq) + 1, 0) FROM article_links")
                            .fetchone()[0])
        return snap

    def link(self, article_id: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT * FROM article_links WHERE article_id = ?", (article_id,))
        return rows[0] if rows else None

    def event(self, event_id: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT * FROM events WHERE id = ? OR id LIKE ? ORDER BY id = ? DESC LIMIT 2",
                          (event_id, _prefix(event_id), event_id))
        return rows[0] if len(rows) == 1 or (rows and rows[0]["id"] == event_id) else None

    def storyline(self, storyline_id: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT * FROM storylines WHERE id = ? OR id LIKE ? ORDER BY id = ? DESC "
                          "LIMIT 2", (storyline_id, _prefix(storyline_id), storyline_id))
        return rows[0] if len(rows) == 1 or (rows and rows[0]["id"] == storyline_id) else None

    def save(self, links: list[dict[str, Any]], events: list[dict[str, Any]],
             storylines: list[dict[str, Any]]) -> None:
        def write() -> None:
            c = self.conn
            c.executemany(f"INSERT OR REPLACE INTO article_links ({', '.join(_LINK)}) VALUES "
                          f"({', '.join('?' * len(_LINK))})", [tuple(r[k] for k in _LINK) for r in links])
            c.executemany(f"INSERT OR REPLACE INTO events ({', '.join(_EVENT)}) VALUES "
                          f"({', '.join('?' * len(_EVENT))})", [tuple(r[k] for k in _EVENT) for r in events])
            c.executemany(f"INSERT OR REPLACE INTO storylines ({', '.join(_STORYLINE)}) VALUES "
                          f"({', '.join('?' * len(_STORYLINE))})",
                          [tuple(r[k] for k in _STORYLINE) for r in storylines])
            storyline_of = {r["id"]: r["storyline_id"] for r in events}
            c.executemany(
                "UPDATE articles SET data = json_set(data, '$.event_id', ?, '$.duplicate_of', ?, "
                "'$.storyline_id', ?) WHERE id = ?",
                [(r["event_id"], r["duplicate_of"], storyline_of.get(r["event_id"]), r["article_id"])
                 for r in links])
            # An event that joined a storyline carries it to the articles it already had.
            c.executemany(
                "UPDATE articles SET data = json_set(data, '$.storyline_id', ?) WHERE id IN "
                "(SELECT article_id FROM article_links WHERE event_id = ?) "
                "AND json_extract(data, '$.storyline_id') IS NOT ?",
                [(r["storyline_id"], r["id"], r["storyline_id"]) for r in events if r["storyline_id"]])
        self._write(write)

    def clear(self) -> None:
        def write() -> None:
            for table in ("article_links", "events", "storylines"):
                self.conn.execute(f"DELETE FROM {table}")
            self.conn.execute("UPDATE articles SET data = json_set(data, '$.event_id', NULL, "
                              "'$.duplicate_of', NULL, '$.storyline_id', NULL)")
        self._write(write)

    def events(self, *, limit: int = 50, storyline_id: str | None = None) -> list[dict[str, Any]]:
        if storyline_id:
            return self._rows("SELECT * FROM events WHERE storyline_id = ? ORDER BY first_ts, id LIMIT ?",
                              (storyline_id, limit))
        return self._rows("SELECT * FROM events ORDER BY last_ts DESC, id LIMIT ?", (limit,))

    def storylines(self, *, limit: int = 50) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM storylines ORDER BY last_ts DESC, id LIMIT ?", (limit,))

    def members(self, event_id: str) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM article_links WHERE event_id = ? ORDER BY seq", (event_id,))

    def _write(self, action) -> None:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            action()
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise StorageError(f"clustering state: write failed ({exc})") from exc


def _prefix(ident: str) -> str:
    return ident.replace("%", "").replace("_", "") + "%"


def loads_core(text: str | None) -> list[str]:
    """An event's ``core`` column: its core entity keys (JSON list)."""
    return list(json.loads(text or "[]"))
