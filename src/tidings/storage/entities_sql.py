"""Canonical entities and quotes in SQLite: tables, lazy indexing and the queries.

Articles keep their entities, quotes and cited sources inside their JSON; these tables
index them so ``tidings entities``, ``entity NAME`` and ``quotes --speaker`` need no scan:

* ``entities``: one row per canonical entity, with name votes per language and every alias
* ``entity_names``: folded name -> entity, so "kim jong un" finds "Kim Jong-un"
* ``article_entities``: which article mentions (or cites) which entity, with its surfaces
* ``quotes``: every quote with its speaker's entity id

Like the search index, the tables are brought up to date lazily: every query first indexes
the articles stored since the last one (a high-water mark on the articles' rowid; articles
are never rewritten in place), so any writer is covered without hooks in the write path.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable

from ..enrich.names import name_key
from ..errors import StorageError
from ..model import Article
from .entities import EntityMention, EntitySummary, QuoteRow, display_name, entity_matches

__all__ = ["ENTITY_MIGRATION", "sqlite_entities", "sqlite_entity", "sqlite_entity_mentions",
           "sqlite_quotes", "sync_entities"]

ENTITY_MIGRATION = """
    CREATE TABLE entities (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        names TEXT NOT NULL DEFAULT '{}',
        types TEXT NOT NULL DEFAULT '{}',
        aliases TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE entity_names (
        key TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        PRIMARY KEY (key, entity_id)
    );
    CREATE TABLE article_entities (
        article_id TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        surfaces TEXT NOT NULL,
        cited INTEGER NOT NULL DEFAULT 0,
        language TEXT,
        published TEXT,
        PRIMARY KEY (article_id, entity_id)
    );
    CREATE INDEX article_entities_entity ON article_entities(entity_id, published);
    CREATE TABLE quotes (
        article_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        speaker TEXT,
        speaker_entity_id TEXT,
        verb TEXT,
        direct INTEGER NOT NULL,
        published TEXT,
        PRIMARY KEY (article_id, position)
    );
    CREATE INDEX quotes_speaker ON quotes(speaker_entity_id, published);
    CREATE TABLE entity_sync (last_rowid INTEGER NOT NULL);
    INSERT INTO entity_sync VALUES (0)
"""

Loader = Callable[[str, str], Article]


def _index_article(conn: sqlite3.Connection, a: Article) -> None:
    published = a.published.isoformat() if a.published else None
    cited = {c.entity_id for c in a.cited_sources if c.entity_id}
    for e in a.entities:
        row = conn.execute("SELECT names, types, aliases FROM entities WHERE id = ?",
                           (e.id,)).fetchone()
        names, types, aliases = (json.loads(x) for x in row) if row else ({}, {}, [])
        for lang, name in e.names.items():
            votes = names.setdefault(lang, {})
            votes[name] = votes.get(name, 0) + 1
        types[e.type] = types.get(e.type, 0) + 1
        new_aliases = [s for s in e.aliases if s not in aliases]
        aliases += new_aliases
        type_ = max(types, key=lambda t: types[t])
        conn.execute("INSERT OR REPLACE INTO entities (id, type, names, types, aliases) "
                     "VALUES (?, ?, ?, ?, ?)",
                     (e.id, type_, json.dumps(names, ensure_ascii=False), json.dumps(types),
                      json.dumps(aliases, ensure_ascii=False)))
        keys = {name_key(n) for n in [e.name, *e.names.values(), *new_aliases]}
        conn.executemany("INSERT OR IGNORE INTO entity_names VALUES (?, ?)",
                         [(k, e.id) for k in keys if k])
        conn.execute("INSERT OR IGNORE INTO article_entities VALUES (?, ?, ?, ?, ?, ?)",
                     (a.id, e.id, json.dumps(e.aliases, ensure_ascii=False), int(e.id in cited),
                      a.language, published))
    conn.executemany("INSERT OR IGNORE INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     [(a.id, i, q.text, q.speaker, q.speaker_entity_id, q.verb, int(q.direct),
                       published) for i, q in enumerate(a.quotes)])


def sync_entities(conn: sqlite3.Connection, load: Loader) -> None:
    """Index the entities and quotes of articles stored since the last sync."""
    try:
        last = conn.execute("SELECT last_rowid FROM entity_sync").fetchone()[0]
        rows = conn.execute("SELECT rowid, data, raw FROM articles WHERE rowid > ? ORDER BY rowid",
                            (last,)).fetchall()
        if not rows:
            return
        conn.execute("BEGIN IMMEDIATE")
        for _rowid, data, raw in rows:
            _index_article(conn, load(data, raw))
        conn.execute("UPDATE entity_sync SET last_rowid = ?", (rows[-1][0],))
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise StorageError(f"entity index: {exc}") from exc


def _summary(conn: sqlite3.Connection, row: tuple, language: str | None = None) -> EntitySummary:
    eid, type_, names_json, aliases_json = row
    names = {lang: max(votes, key=lambda n: votes[n])
             for lang, votes in json.loads(names_json).items()}
    totals: Counter[str] = Counter()
    for votes in json.loads(names_json).values():
        totals.update(votes)
    name = display_name(names, totals.most_common(1)[0][0] if totals else eid)
    where, args = "entity_id = ?", [eid]
    if language:
        where += " AND language = ?"
        args.append(language)
    n, cited, first, last = conn.execute(
        f"SELECT COUNT(*), COALESCE(SUM(cited), 0), MIN(published), MAX(published) "
        f"FROM article_entities WHERE {where}", args).fetchone()
    return EntitySummary(eid, name, type_, names, json.loads(aliases_json), n, cited, first, last)


def sqlite_entities(conn: sqlite3.Connection, load: Loader, *, language: str | None = None,
                    type_: str | None = None, limit: int | None = None) -> list[EntitySummary]:
    """Entities (in articles of ``language``, of ``type_``), most mentioned first."""
    sync_entities(conn, load)
    sql = ("SELECT e.id, e.type, e.names, e.aliases FROM entities e "
           "JOIN article_entities ae ON ae.entity_id = e.id")
    where, args = [], []
    if language:
        where.append("ae.language = ?")
        args.append(language)
    if type_:
        where.append("e.type = ?")
        args.append(type_)
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " GROUP BY e.id ORDER BY COUNT(*) DESC, e.id"
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    out = [_summary(conn, row, language) for row in conn.execute(sql, args).fetchall()]
    return sorted(out, key=lambda s: (-s.articles, s.name))


def sqlite_entity(conn: sqlite3.Connection, load: Loader, query: str) -> EntitySummary | None:
    """The entity ``query`` names (id, id prefix, or any name or alias, folded)."""
    sync_entities(conn, load)
    ids = [r[0] for r in conn.execute("SELECT entity_id FROM entity_names WHERE key = ?",
                                      (name_key(query),))]
    if not ids and len(query) >= 6:
        ids = [r[0] for r in conn.execute("SELECT id FROM entities WHERE id LIKE ? LIMIT 2",
                                          (query.replace("%", "").replace("_", "") + "%",))]
    rows = [conn.execute("SELECT id, type, names, aliases FROM entities WHERE id = ?",
                         (i,)).fetchone() for i in ids]
    found = [_summary(conn, r) for r in rows if r]
    found = [s for s in found if entity_matches(query, s)]
    return max(found, key=lambda s: s.articles) if found else None


def sqlite_entity_mentions(conn: sqlite3.Connection, load: Loader,
                           entity_id: str) -> list[EntityMention]:
    """The articles that mention the entity, oldest first."""
    sync_entities(conn, load)
    rows = conn.execute(
        "SELECT ae.article_id, ae.published, ae.language, a.title, ae.surfaces, ae.cited "
        "FROM article_entities ae JOIN articles a ON a.id = ae.article_id "
        "WHERE ae.entity_id = ? ORDER BY ae.published, a.rowid", (entity_id,)).fetchall()
    return [EntityMention(r[0], r[1], r[2], r[3], json.loads(r[4]), bool(r[5])) for r in rows]


def sqlite_quotes(conn: sqlite3.Connection, load: Loader, *, speaker_ids: set[str] | None = None,
                  limit: int | None = None) -> list[QuoteRow]:
    """Quotes (by these speakers, when given), oldest first."""
    sync_entities(conn, load)
    sql = ("SELECT q.article_id, q.published, a.language, a.title, q.text, q.speaker, "
           "q.speaker_entity_id, q.verb, q.direct FROM quotes q "
           "JOIN articles a ON a.id = q.article_id")
    args: list[object] = []
    if speaker_ids is not None:
        sql += f" WHERE q.speaker_entity_id IN ({', '.join('?' * len(speaker_ids))})"
        args += sorted(speaker_ids)
    sql += " ORDER BY q.published, a.rowid, q.position"
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    return [QuoteRow(*r[:8], bool(r[8])) for r in conn.execute(sql, args).fetchall()]
