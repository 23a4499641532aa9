"""What the pages and the API show, built from whatever the store offers.

Storylines, events, entities and quotes come from other parts of tidings that
grow at their own pace, so every lookup here asks the store whether it offers
the capability (``getattr``) and degrades to what articles alone can tell: a
front page of recent articles, an entity page built from a search for the
name.  Pages and the API both call these functions, so they always agree.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from ..export import article_record
from ..model import Article, Entity, Event, Storyline
from ..storage import Store
from ..storage.search import Browse

__all__ = [
    "article_summary", "articles_by_ids", "day_counts", "day_of", "entity_view", "event_list", "find_entity",
    "full_article",
    "record", "story_view", "storyline_list", "timeline",
]


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


def record(obj: Any) -> dict[str, Any]:
    """A JSON-ready dict of a model dataclass (dates as ISO strings)."""
    out = dataclasses.asdict(obj) if dataclasses.is_dataclass(obj) else dict(obj)
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
        from ..storage.search import sqlite_day_counts

        return sqlite_day_counts(conn, filters)
    return timeline(store.browse(filters))


def articles_by_ids(store: Store, ids: list[str]) -> list[Article]:
    if not ids:
        return []
    return store.browse(Browse(ids=list(dict.fromkeys(ids)), limit=len(ids)))


def storyline_list(store: Store, limit: int = 20, offset: int = 0) -> list[Storyline]:
    """Current storylines if the store keeps them, else an empty list."""
    found = _call(store, "storylines", limit=limit + offset)
    return list(found or [])[offset:offset + limit]


def event_list(store: Store, limit: int = 20, storyline_id: str | None = None) -> list[Event]:
    found = _call(store, "events", storyline_id=storyline_id, limit=limit) if storyline_id else \
        _call(store, "events", limit=limit)
    events = list(found or [])
    if storyline_id:
        events = [e for e in events if e.storyline_id in (None, storyline_id)]
    return events[:limit]


def _storyline(store: Store, sid: str) -> Storyline | None:
    found = _call(store, "storyline", sid)
    if found is None:
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
            known = find_entity(store, entry["id"])
            if known:
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
    """Everything the story page shows: storyline, timeline, events with articles, entities."""
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
