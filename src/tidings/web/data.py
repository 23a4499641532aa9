"""What the pages and the API show, built from whatever the store offers.

Storylines, events, entities and quotes come from other parts of tidings that
grow at their own pace, so every lookup here asks the store whether it offers
the capability (``getattr``) and degrades to what articles alone can tell: a
front page of recent articles, an entity page built from a search for the
name.  Pages and the API both call these functions, so they always agree.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from ..errors import StorageError
from ..export import article_record
from ..model import Article, Entity, Event, Storyline
from ..storage import Store
from ..storage import browse as sql
from ..storage.browse import Browse

__all__ = [
    "article_summary", "articles_by_ids", "day_counts", "day_of", "entity_view", "event_list", "find_entity",
    "full_article",
    "record", "story_view", "storyline_list", "timeline",
]

# The story page lists at most STORY_EVENTS events (the latest) and STORY_PER_EVENT articles
# of each (its latest reports), and gathers entities, quotes and sources from the
# STORY_SAMPLE latest reports; counts of what is left out go with them.  A storyline of
# thousands of articles then costs what one of a few hundred does.
STORY_EVENTS = 60
STORY_PER_EVENT = 5
STORY_SAMPLE = 200

_CACHE: OrderedDict[tuple[Any, ...], tuple[Any, Any]] = OrderedDict()
# Story views, each kept until its own storyline changes (not on every write to the store).
_STORIES: OrderedDict[tuple[Any, ...], tuple[Any, Any]] = OrderedDict()
_CACHE_SIZE = 256


def _version(store: Store) -> Any:
    """A value that changes whenever the store's data may have: None if unknown.

    SQLite: ``PRAGMA data_version`` moves on commits by other connections (another
    process ingesting), ``total_changes`` on this connection's own writes.
    """
    conn = getattr(store, "conn", None)
    if conn is None:
        return None
    try:
        return conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0]
    except Exception:  # a closed or foreign connection: do not cache
        return None


def cached(store: Store, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """``compute()``, remembered until the store's data changes (callers must not mutate it)."""
    version = _version(store)
    if version is None:
        return compute()
    full = (id(store), store.url, *key)
    hit = _CACHE.get(full)
    if hit is not None and hit[0] == version:
        _CACHE.move_to_end(full)
        return hit[1]
    value = compute()
    _CACHE[full] = (version, value)
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return value


def _tables(store: Store) -> Any:
    """The store's clustering tables (events, storylines), or None if it keeps none."""
    try:
        return store.clusters()
    except (StorageError, NotImplementedError, AttributeError):
        return None


def _call(store: Store, name: str, *args: Any, **kwargs: Any) -> Any:
    """``store.name(*args, **kwargs)`` if the store has it, else None.

    Keyword arguments the method does not take are dropped one by one, because
    other areas define these signatures and a page should not break on one.
    """
    fn = getattr(store, name, None)
    if not callable(fn):
        return None
    kwargs = dict(kwargs)
    while True:
        try:
            return fn(*args, **kwargs)
        except TypeError as exc:
            bad = next((k for k in kwargs if repr(k) in str(exc) or k in str(exc)), None)
            if bad is None:
                if kwargs:
                    kwargs = {}
                    continue
                raise
            kwargs.pop(bad)


def _nested(value: Any) -> bool:
    if dataclasses.is_dataclass(value):
        return True
    if isinstance(value, (list, tuple)):
        return any(dataclasses.is_dataclass(v) for v in value)
    if isinstance(value, dict):
        return any(dataclasses.is_dataclass(v) for v in value.values())
    return False


def record(obj: Any) -> dict[str, Any]:
    """A JSON-ready dict of a model dataclass (dates as ISO strings).

    Flat records (events, storylines: lists of ids, dicts of plain values) are
    copied one level deep, which costs a fraction of ``dataclasses.asdict``.
    """
    if dataclasses.is_dataclass(obj):
        out = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
        if any(_nested(v) for v in out.values()):
            out = dataclasses.asdict(obj)
        else:
            out = {k: list(v) if isinstance(v, list) else dict(v) if isinstance(v, dict) else v
                   for k, v in out.items()}
    else:
        out = dict(obj)
    for key, value in out.items():
        if isinstance(value, (date, datetime)):
            out[key] = value.isoformat()
    return out


def article_summary(a: Article) -> dict[str, Any]:
    """The short form of an article used in lists (no body)."""
    return {"id": a.id, "title": a.title, "language": a.language, "outlet": a.outlet,
            "published": a.published.isoformat() if a.published else None,
            "date_reliable": a.date_reliable, "lead": a.lead, "url": a.url,
            "event_id": a.event_id, "storyline_id": a.storyline_id}


def day_of(a: Article) -> date | None:
    p = a.published
    return p.date() if isinstance(p, datetime) else p


def timeline(articles: Iterable[Article]) -> list[dict[str, Any]]:
    """Articles per day and language, oldest day first (the story page's chart)."""
    counts: Counter[tuple[str, str]] = Counter()
    for a in articles:
        day = day_of(a)
        if day is not None:
            counts[(day.isoformat(), a.language or "und")] += 1
    return [{"day": d, "language": lang, "count": n} for (d, lang), n in sorted(counts.items())]


def day_counts(store: Store, filters: Browse) -> list[dict[str, Any]]:
    """:func:`timeline` of the articles the filters select; counted in SQL where possible."""
    conn = getattr(store, "conn", None)
    if conn is not None:  # SQLite: a GROUP BY, instead of decoding thousands of articles
        key = ("day_counts", filters.language, filters.outlet, filters.since, filters.until,
               tuple(filters.ids) if filters.ids is not None else None)
        return cached(store, key, lambda: sql.sqlite_day_counts(conn, filters))
    return timeline(store.browse(filters))


def facets(store: Store) -> dict[str, dict[str, int]]:
    """``store.facets()``, remembered until the store changes (every page's filter menus)."""
    return cached(store, ("facets",), store.facets)


def articles_by_ids(store: Store, ids: list[str]) -> list[Article]:
    if not ids:
        return []
    return store.browse(Browse(ids=list(dict.fromkeys(ids)), limit=len(ids)))


def storyline_list(store: Store, limit: int = 20, offset: int = 0) -> list[Storyline]:
    """Current storylines (the latest first) if the store keeps them, else an empty list."""
    found = _call(store, "storylines", limit=limit + offset)
    if found is None:
        found = cached(store, ("storylines", limit + offset),
                       lambda: _stored_storylines(store, limit + offset))
    return list(found or [])[offset:offset + limit]


def _stored_storylines(store: Store, limit: int) -> list[Storyline]:
    from ..cluster.state import StorylineState

    tables = _tables(store)
    if tables is None:
        return []
    records = tables.storylines(limit=limit)
    conn = getattr(store, "conn", None)
    events: dict[str, list[str]] = {}
    if conn is not None:  # one query for every storyline's events, no vectors read
        ids = [r["id"] for r in records]
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for sid, eid in conn.execute(
                    f"SELECT storyline_id, id FROM events WHERE storyline_id IN "
                    f"({', '.join('?' * len(chunk))}) ORDER BY first_ts, id", chunk):
                events.setdefault(sid, []).append(eid)
    else:
        events = {r["id"]: [e["id"] for e in tables.events(limit=100_000, storyline_id=r["id"])]
                  for r in records}
    return [StorylineState.from_record(r).to_storyline(events.get(r["id"], [])) for r in records]


def event_list(store: Store, limit: int = 20, storyline_id: str | None = None) -> list[Event]:
    found = _call(store, "events", storyline_id=storyline_id, limit=limit) if storyline_id else \
        _call(store, "events", limit=limit)
    if found is None:
        found = cached(store, ("events", limit, storyline_id),
                       lambda: _stored_events(store, limit, storyline_id))
    events = list(found or [])
    if storyline_id:
        events = [e for e in events if e.storyline_id in (None, storyline_id)]
    return events[:limit]


def _stored_events(store: Store, limit: int, storyline_id: str | None) -> list[Event]:
    from ..cluster.state import EventState

    tables = _tables(store)
    if tables is None:
        return []
    records = tables.events(limit=limit, storyline_id=storyline_id)
    members = _members(store, tables, [r["id"] for r in records])
    return [EventState.from_record(r).to_event([m[1] for m in members.get(r["id"], [])])
            for r in records]


def _members(store: Store, tables: Any, event_ids: list[str]
             ) -> dict[str, list[tuple[str, str, str | None, float]]]:
    """Each event's (event id, article id, original if a copy, time), in placing order."""
    out: dict[str, list[tuple[str, str, str | None, float]]] = {}
    conn = getattr(store, "conn", None)
    if conn is not None:
        rows = sql.sqlite_event_members(conn, event_ids)
    else:
        rows = [(eid, m["article_id"], m["duplicate_of"], m["ts"])
                for eid in event_ids for m in tables.members(eid)]
    for row in rows:
        out.setdefault(row[0], []).append(row)
    return out


def _storyline(store: Store, sid: str) -> Storyline | None:
    found = _call(store, "storyline", sid)
    if found is None and getattr(store, "storylines", None) is not None:
        found = next((s for s in storyline_list(store, 10_000) if s.id == sid), None)
    return found


def _event(store: Store, eid: str) -> Event | None:
    found = _call(store, "event", eid)
    return found if isinstance(found, Event) else None


def find_entity(store: Store, key: str) -> Entity | None:
    """The stored entity with this id (or name), if the store keeps entities."""
    found = _call(store, "entity", key)
    if isinstance(found, Entity):
        return found
    # No entity table (yet): articles carry their linked entities; find one there.
    folded = key.casefold()
    for hit in store.search(key, limit=20).hits:
        for e in getattr(hit.article, "entities", None) or []:
            if e.id == key or folded in {n.casefold() for n in (e.name, *e.names.values(),
                                                                 *e.aliases)}:
                return e
    return None


def _entities_of(store: Store, articles: list[Article], top: int = 15,
                 skip: str | None = None) -> list[dict[str, Any]]:
    counts: Counter[str] = Counter()
    info: dict[str, dict[str, Any]] = {}
    for a in articles:
        for key in dict.fromkeys(m.entity_id or f"{m.type}:{m.surface}" for m in a.mentions):
            counts[key] += 1
        for m in a.mentions:
            key = m.entity_id or f"{m.type}:{m.surface}"
            info.setdefault(key, {"id": m.entity_id, "name": m.surface, "type": m.type})
    out = []
    for key, n in counts.most_common():
        if key == skip or info[key]["name"] == skip:
            continue
        entry = dict(info[key], articles=n)
        if entry["id"]:
            # The store's own record by id (an indexed lookup) names it; a search for it,
            # as find_entity falls back to, would cost a query per entity listed.
            known = (_call(store, "entity", entry["id"]) if callable(getattr(store, "entity", None))
                     else find_entity(store, entry["id"]))
            if known is not None and getattr(known, "name", None):
                entry["name"] = known.name
        out.append(entry)
        if len(out) >= top:
            break
    return out


def _quotes_of(articles: list[Article]) -> list[dict[str, Any]]:
    return [{"text": q.text, "speaker": q.speaker, "speaker_id": q.speaker_entity_id,
             "direct": q.direct, "article_id": a.id, "language": a.language}
            for a in articles for q in a.quotes]


def _sources_of(articles: list[Article]) -> list[dict[str, Any]]:
    counts = Counter(c.name for a in articles for c in a.cited_sources)
    return [{"name": name, "articles": n} for name, n in counts.most_common(20)]


def story_view(store: Store, sid: str) -> dict[str, Any] | None:
    """Everything the story page shows: storyline, timeline, events with articles, entities.

    Bounded: the latest ``STORY_EVENTS`` events with the latest ``STORY_PER_EVENT``
    reports of each (``more`` counts the rest of an event, ``events_hidden`` the earlier
    events), entities, quotes and sources of the latest ``STORY_SAMPLE`` reports; the
    timeline, languages and ``article_count`` cover every article.  In SQLite a view is
    kept until its storyline changes (:func:`_story_version`).
    """
    tables = _tables(store)
    conn = getattr(store, "conn", None)
    rec = None
    if conn is not None:  # the exact id from the primary key; a prefix goes the long way
        cur = conn.execute("SELECT * FROM storylines WHERE id = ?", (sid,))
        row = cur.fetchone()
        rec = dict(zip([d[0] for d in cur.description], row)) if row else None
    if rec is None and tables is not None:
        rec = tables.storyline(sid)
    if rec is None:
        return _story_view_from_methods(store, sid)
    version = _story_version(conn, rec)
    if version is None:
        return _stored_story_view(store, tables, rec)
    key = (id(store), store.url, rec["id"])
    hit = _STORIES.get(key)
    if hit is not None and hit[0] == version:
        _STORIES.move_to_end(key)
        return hit[1]
    view = _stored_story_view(store, tables, rec)
    _STORIES[key] = (version, view)
    if len(_STORIES) > _CACHE_SIZE:
        _STORIES.popitem(last=False)
    return view


def _story_version(conn: Any, rec: dict[str, Any]) -> Any:
    """What changes whenever a storyline's page would: its record, its events' sizes.

    Every article placed in one of its events (a copy too) grows that event's size and
    the storyline's span; articles themselves are never rewritten but for these links.
    None (do not cache) without SQL.
    """
    if conn is None:
        return None
    counts = conn.execute("SELECT count(*), total(size), max(last_ts), group_concat(id) "
                          "FROM events WHERE storyline_id = ?", (rec["id"],)).fetchone()
    return rec["first_ts"], rec["last_ts"], rec["data"], tuple(counts)


def _stored_story_view(store: Store, tables: Any, rec: dict[str, Any]) -> dict[str, Any]:
    from ..cluster.state import EventState, StorylineState

    conn = getattr(store, "conn", None)
    sid = rec["id"]
    records = (sql.sqlite_story_events(conn, sid) if conn is not None
               else tables.events(limit=1_000_000, storyline_id=sid))
    members = _members(store, tables, [r["id"] for r in records])
    events = [EventState.from_record(r).to_event([m[1] for m in members.get(r["id"], [])])
              for r in records]
    story = StorylineState.from_record(rec).to_storyline([e.id for e in events])
    shown = events[-STORY_EVENTS:]
    picks: dict[str, list[str]] = {}
    for e in shown:  # the latest reports; copies only when there are too few reports
        rows = sorted(members.get(e.id, []), key=lambda m: (m[2] is None, m[3]))
        picks[e.id] = [m[1] for m in rows[-STORY_PER_EVENT:]]
    summaries = _summaries(store, [i for ids in picks.values() for i in ids])
    groups = []
    for e in shown:
        listed = sorted((summaries[i] for i in picks[e.id] if i in summaries),
                        key=lambda a: (a["published"] is None, a["published"] or ""))
        groups.append({"event": record(e), "articles": listed,
                       "more": len(members.get(e.id, [])) - len(listed)})
    every = list(dict.fromkeys(m[1] for rows in members.values() for m in rows))
    reports = sorted((m for rows in members.values() for m in rows if m[2] is None),
                     key=lambda m: m[3])[-STORY_SAMPLE:]
    sample_ids = [m[1] for m in reports]
    sample: list[Any] = (sql.sqlite_annotations(conn, sample_ids) if conn is not None
                         else articles_by_ids(store, sample_ids))
    if conn is not None:
        points = sql.sqlite_story_day_counts(conn, sid)
    else:
        points = timeline(articles_by_ids(store, every))
    return {"storyline": record(story), "timeline": points, "events": groups,
            "events_hidden": len(events) - len(shown), "other_articles": [],
            "entities": _entities_of(store, sample), "quotes": _quotes_of(sample),
            "sources": _sources_of(sample), "sample": len(sample),
            "languages": sorted({lang for e in events for lang in e.languages}
                                | {p["language"] for p in points if p["language"] != "und"}),
            "article_count": len(every)}


def _summaries(store: Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    """``article_summary`` of these articles by id: from columns in SQLite, nothing decoded."""
    conn = getattr(store, "conn", None)
    if conn is not None:
        return sql.sqlite_summaries(conn, ids)
    return {a.id: article_summary(a) for a in articles_by_ids(store, ids)}


def _story_view_from_methods(store: Store, sid: str) -> dict[str, Any] | None:
    """:func:`story_view` for a store that offers ``storyline(id)`` and ``event(id)`` itself."""
    story = _storyline(store, sid)
    if story is None:
        return None
    events = [e for e in (_event(store, eid) for eid in story.event_ids) if e is not None]
    if not events:
        events = event_list(store, 200, storyline_id=sid)
    ids = [aid for e in events for aid in e.article_ids]
    extra = _call(store, "storyline_articles", sid)  # a store may list them directly
    if extra:
        ids += [a.id if isinstance(a, Article) else str(a) for a in extra]
    articles = articles_by_ids(store, ids)
    by_id = {a.id: a for a in articles}
    groups = []
    for e in sorted(events, key=lambda e: (e.start is None, e.start or datetime.min)):
        members = sorted((by_id[i] for i in dict.fromkeys(e.article_ids) if i in by_id),
                         key=lambda a: (a.published is None, str(a.published or "")))
        groups.append({"event": record(e), "articles": [article_summary(a) for a in members]})
    grouped = {i for e in events for i in e.article_ids}
    loose = [article_summary(a) for a in articles if a.id not in grouped]
    return {"storyline": record(story), "timeline": timeline(articles), "events": groups,
            "other_articles": loose, "entities": _entities_of(store, articles),
            "quotes": _quotes_of(articles), "sources": _sources_of(articles),
            "languages": sorted({a.language for a in articles if a.language}),
            "article_count": len(articles)}


def entity_view(store: Store, key: str, limit: int = 200) -> dict[str, Any]:
    """The entity page: names, mentions over time, co-occurring entities, quotes.

    With linked entities in the store the articles are those that mention the
    entity's id; without, those that a search for the name finds (inflected
    forms included).
    """
    entity = find_entity(store, key)
    names = [entity.name, *entity.names.values(), *entity.aliases] if entity else [key]
    hits: dict[str, Article] = {}
    queries = ([f"e{entity.id}"] if entity else []) + list(dict.fromkeys(names))
    for q in queries:
        for hit in store.search(q, limit=limit).hits:
            hits.setdefault(hit.article.id, hit.article)
    articles = sorted(hits.values(), key=lambda a: str(a.published or ""), reverse=True)
    wanted = {n.casefold() for n in names}
    quotes = [q for q in _quotes_of(articles)
              if (entity and q["speaker_id"] == entity.id)
              or (q["speaker"] or "").casefold() in wanted]
    stored_quotes = _call(store, "quotes", speaker=entity.id if entity else key)
    for q in stored_quotes or []:
        quotes.append(record(q) if dataclasses.is_dataclass(q) else dict(q))
    names_by_lang = dict(entity.names) if entity else {}
    return {"key": key, "entity": record(entity) if entity else None,
            "name": entity.name if entity else key, "names": names_by_lang,
            "aliases": list(entity.aliases) if entity else [],
            "timeline": timeline(articles), "articles": [article_summary(a) for a in articles],
            "co_occurring": _entities_of(store, articles, skip=entity.id if entity else key),
            "quotes": quotes, "languages": sorted({a.language for a in articles if a.language})}


def full_article(a: Article, raw: bool = False) -> dict[str, Any]:
    rec = article_record(a)
    if raw:
        rec["raw"] = a.raw
    return rec
