"""Browsing articles: filtered, newest-first lists, and the counts behind filter menus and charts.

The SQLite versions read indexed columns only (no article is decoded to filter or
count), so a page costs the same with a thousand articles stored or a million; the
scan versions serve stores without SQL (memory).
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from ..errors import StorageError

if TYPE_CHECKING:
    from ..model import Article

# Appended to storage.sqlite.MIGRATIONS.  (day, language) serves the day counts of the
# front page's chart in index order (no sort, no row read; the expression must stay the
# one sqlite_day_counts groups by); (language, published) lists one language newest
# first without a sort.
BROWSE_MIGRATION = """
    CREATE INDEX articles_day_language ON articles(substr(published, 1, 10), language);
    CREATE INDEX articles_language_published ON articles(language, published)
"""

__all__ = ["BROWSE_MIGRATION", "Browse", "scan_browse", "scan_facets", "sqlite_browse", "sqlite_day_counts",
           "sqlite_event_members", "sqlite_facets", "sqlite_story_day_counts", "sqlite_story_events",
           "sqlite_annotations", "sqlite_summaries"]


@dataclass(slots=True)
class Browse:
    """Filters for listing articles (the front page, the API's article list)."""

    language: str | None = None
    outlet: str | None = None
    since: date | None = None
    until: date | None = None  # inclusive: the whole day
    ids: list[str] | None = None  # restrict to these (an entity's or a storyline's articles)
    limit: int = 50
    offset: int = 0



def _day_after(day: date) -> str:
    return (day + timedelta(days=1)).isoformat()


def sqlite_browse(conn: sqlite3.Connection, load: Any, filters: Browse) -> list[Article]:
    """Articles matching ``filters``, newest first (undated last), from indexes.

    The page's rowids are found first (an index walk, or a sort of rowids when a
    filter picks another index), then only those rows are read: a sort never
    carries whole articles.  ``published DESC`` puts NULLs last in SQLite.
    """
    where, args = _browse_where(filters)
    sql = ("SELECT rowid FROM articles" + (f" WHERE {where}" if where else "")
           + " ORDER BY published DESC, rowid DESC LIMIT ? OFFSET ?")
    try:
        order = [r[0] for r in conn.execute(sql, (*args, filters.limit, filters.offset))]
        rows = {r[0]: r[1:] for r in conn.execute(
            f"SELECT rowid, data, raw FROM articles WHERE rowid IN ({', '.join('?' * len(order))})",
            order)} if order else {}
    except sqlite3.Error as exc:
        raise StorageError(f"listing articles failed ({exc})") from exc
    return [load(*rows[r]) for r in order if r in rows]


def _browse_where(f: Browse) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    args: list[Any] = []
    if f.language:
        clauses.append("language = ?")
        args.append(f.language)
    if f.outlet:
        clauses.append("outlet = ?")
        args.append(f.outlet)
    if f.since:
        clauses.append("published >= ?")  # ISO strings order like the dates they spell
        args.append(f.since.isoformat())
    if f.until:
        clauses.append("published < ?")
        args.append(_day_after(f.until))
    if f.ids is not None:
        clauses.append(f"id IN ({', '.join('?' * len(f.ids))})")
        args.extend(f.ids)
    return " AND ".join(clauses), args


def sqlite_facets(conn: sqlite3.Connection) -> dict[str, dict[str, int]]:
    """Article counts per language and per outlet."""
    out: dict[str, dict[str, int]] = {}
    for column in ("language", "outlet"):
        rows = conn.execute(f"SELECT {column}, count(*) FROM articles WHERE {column} IS NOT NULL "
                            f"GROUP BY {column} ORDER BY count(*) DESC").fetchall()
        out[column] = {str(k): int(n) for k, n in rows}
    return out


def _day(article: Article) -> date | None:
    p = article.published
    return p.date() if isinstance(p, datetime) else p


def scan_browse(articles: Iterable[Article], filters: Browse) -> list[Article]:
    """:func:`sqlite_browse` for stores without SQL."""
    keep = []
    for a in articles:
        day = _day(a)
        if (filters.language and a.language != filters.language) or \
                (filters.outlet and a.outlet != filters.outlet) or \
                (filters.since and (day is None or day < filters.since)) or \
                (filters.until and (day is None or day > filters.until)) or \
                (filters.ids is not None and a.id not in filters.ids):
            continue
        keep.append(a)
    keep.sort(key=lambda a: (_day(a) is not None, a.published.isoformat() if a.published else ""),
              reverse=True)
    return keep[filters.offset:filters.offset + filters.limit]


def scan_facets(articles: Iterable[Article]) -> dict[str, dict[str, int]]:
    """:func:`sqlite_facets` for stores without SQL."""
    out: dict[str, dict[str, int]] = {"language": {}, "outlet": {}}
    for a in articles:
        for key, value in (("language", a.language), ("outlet", a.outlet)):
            if value:
                out[key][value] = out[key].get(value, 0) + 1
    return {k: dict(sorted(v.items(), key=lambda kv: -kv[1])) for k, v in out.items()}


def sqlite_day_counts(conn: sqlite3.Connection, filters: Browse) -> list[dict[str, Any]]:
    """Articles per day and language for the filters, counted in SQL (no article decoded).

    Dates are compared on the day (``substr(published, 1, 10)``, the expression of the
    ``articles_day_language`` index), which for ISO strings selects the same articles
    as comparing ``published``.
    """
    day_filters = dataclasses.replace(filters, since=None, until=None)
    where, args = _browse_where(day_filters)
    clauses = [where] if where else []
    if filters.since:
        clauses.append("substr(published, 1, 10) >= ?")
        args.append(filters.since.isoformat())
    if filters.until:
        clauses.append("substr(published, 1, 10) <= ?")
        args.append(filters.until.isoformat())
    sql = ("SELECT substr(published, 1, 10) AS day, coalesce(language, 'und'), count(*) "
           "FROM articles WHERE substr(published, 1, 10) IS NOT NULL"
           + "".join(f" AND {c}" for c in clauses)
           + " GROUP BY substr(published, 1, 10), language ORDER BY substr(published, 1, 10)")
    return [{"day": d, "language": lang, "count": n} for d, lang, n in conn.execute(sql, args)]


# --- summaries and stories from indexed columns (the web's story page and lists) ----------
# These read the clustering tables of storage/clusters.py (events, article_links) together
# with the articles' columns, so a story of thousands of articles is listed and counted in
# SQL without decoding one of them.

_SUMMARY = ("id, title, language, outlet, published, date_reliable, url, "
            "json_extract(data, '$.lead', '$.event_id', '$.storyline_id')")


def sqlite_summaries(conn: sqlite3.Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The short forms (``web.data.article_summary``'s fields) of these articles, by id."""
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        rows = conn.execute(f"SELECT {_SUMMARY} FROM articles WHERE id IN "
                            f"({', '.join('?' * len(chunk))})", chunk).fetchall()
        for aid, title, language, outlet, published, reliable, url, extracted in rows:
            lead, event_id, storyline_id = json.loads(extracted)  # one parse of the JSON, in C
            out[aid] = {"id": aid, "title": title, "language": language, "outlet": outlet,
                        "published": published, "date_reliable": bool(reliable), "lead": lead,
                        "url": url, "event_id": event_id, "storyline_id": storyline_id}
    return out


def sqlite_annotations(conn: sqlite3.Connection, ids: list[str]) -> list[SimpleNamespace]:
    """Id, language, mentions, quotes and cited sources of these articles, nothing else decoded.

    Each is a namespace with the Article's attribute names (mentions and the rest as
    namespaces too), enough to count entities, gather quotes and sources without
    decoding whole articles.
    """
    out: list[SimpleNamespace] = []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        rows = conn.execute(
            "SELECT id, language, json_extract(data, '$.mentions', '$.quotes', '$.cited_sources') "
            f"FROM articles WHERE id IN ({', '.join('?' * len(chunk))})", chunk).fetchall()
        for aid, language, extracted in rows:
            mentions, quotes, cited = (
                [SimpleNamespace(**d) for d in (part or [])] for part in json.loads(extracted))
            out.append(SimpleNamespace(id=aid, language=language, mentions=mentions,
                                       quotes=quotes, cited_sources=cited))
    return out


def sqlite_story_events(conn: sqlite3.Connection, storyline_id: str) -> list[dict[str, Any]]:
    """A storyline's event records in time order, without their vectors."""
    cur = conn.execute("SELECT id, first_ts, last_ts, storyline_id, size, title, core, data "
                       "FROM events WHERE storyline_id = ? ORDER BY first_ts, id", (storyline_id,))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur]


def sqlite_event_members(conn: sqlite3.Connection, event_ids: list[str]
                         ) -> list[tuple[str, str, str | None, float]]:
    """(event id, article id, original if a copy, time) of these events' articles, placing order."""
    out: list[tuple[str, str, str | None, float]] = []
    for i in range(0, len(event_ids), 500):
        chunk = event_ids[i:i + 500]
        out += conn.execute("SELECT event_id, article_id, duplicate_of, ts FROM article_links "
                            f"WHERE event_id IN ({', '.join('?' * len(chunk))}) ORDER BY seq",
                            chunk).fetchall()
    return out


def sqlite_story_day_counts(conn: sqlite3.Connection, storyline_id: str) -> list[dict[str, Any]]:
    """Articles per day and language of a storyline, counted in SQL."""
    rows = conn.execute(
        "SELECT substr(a.published, 1, 10) AS day, coalesce(a.language, 'und'), count(*) "
        "FROM events e JOIN article_links l ON l.event_id = e.id "
        "JOIN articles a ON a.id = l.article_id "
        "WHERE e.storyline_id = ? AND a.published IS NOT NULL "
        "GROUP BY day, a.language ORDER BY day, a.language", (storyline_id,))
    return [{"day": d, "language": lang, "count": n} for d, lang, n in rows]
