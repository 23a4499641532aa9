"""Reading events and storylines back: lists, and one story as a timeline across languages.

The CLI (``tidings events | storylines | story ID``) and the web layer call
these; they return the public records (:class:`~tidings.model.Event`,
:class:`~tidings.model.Storyline`) and a :class:`Story`, never database rows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone

from ..model import Article, Event, Quote, Storyline
from ..storage import Store
from .features import entity_names
from .state import EventState, StorylineState

__all__ = ["Story", "TimelineEntry", "list_events", "list_storylines", "story"]


@dataclass(slots=True)
class TimelineEntry:
    """One article of a story, where it stands in the timeline."""

    article: Article
    event_id: str
    copy_of: str | None = None


@dataclass(slots=True)
class Story:
    """A storyline (or a single event outside any) as a timeline, with its key entities and quotes."""

    id: str
    kind: str  # "storyline" or "event"
    title: str
    events: list[Event] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    entities: list[tuple[str, int]] = field(default_factory=list)  # name, articles naming it
    quotes: list[tuple[Article, Quote]] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


def _members(store: Store, event_id: str) -> list[str]:
    return [r["article_id"] for r in store.clusters().members(event_id)]


def list_events(store: Store, limit: int = 50, storyline_id: str | None = None) -> list[Event]:
    """Events, the latest first (a storyline's in time order); ``article_ids`` left empty."""
    return [EventState.from_record(r).to_event() for r in
            store.clusters().events(limit=limit, storyline_id=storyline_id)]


def list_storylines(store: Store, limit: int = 50) -> list[Storyline]:
    """Storylines, the latest first."""
    tables = store.clusters()
    out = []
    for rec in tables.storylines(limit=limit):
        events = [r["id"] for r in tables.events(limit=10_000, storyline_id=rec["id"])]
        out.append(StorylineState.from_record(rec).to_storyline(events))
    return out


def story(store: Store, ident: str, max_quotes: int = 10, max_entities: int = 12) -> Story | None:
    """The story of a storyline, an event or an article (id or unique prefix), or None."""
    tables = store.clusters()
    storyline = tables.storyline(ident)
    event = None if storyline else tables.event(ident)
    if storyline is None and event is None:
        article = store.get(ident)
        link = tables.link(article.id) if article else None
        event = tables.event(link["event_id"]) if link and link["event_id"] else None
        if event is None:
            return None
        if event["storyline_id"]:
            storyline = tables.storyline(event["storyline_id"])
    if storyline is not None:
        events = tables.events(limit=100_000, storyline_id=storyline["id"])
        out = Story(storyline["id"], "storyline", StorylineState.from_record(storyline).title)
    else:
        events = [event]
        out = Story(event["id"], "event", event["title"] or "")
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}  # entity key -> the first surface seen
    for rec in events:
        ids = _members(store, rec["id"])
        out.events.append(EventState.from_record(rec).to_event(ids))
        for link in tables.members(rec["id"]):
            article = store.get(link["article_id"])
            if article is None:
                continue
            out.timeline.append(TimelineEntry(article, rec["id"], link["duplicate_of"]))
            if link["duplicate_of"] is None:  # a copy would count its original's entities twice
                found = entity_names(article)
                counts.update(found.keys())
                for key, surface in found.items():
                    names.setdefault(key, surface)
                out.quotes.extend((article, q) for q in article.quotes)
    out.timeline.sort(key=lambda e: (_when(e.article), e.article.id))
    out.entities = [(names[k], n) for k, n in counts.most_common(max_entities)]
    out.quotes = out.quotes[:max_quotes]
    out.languages = sorted({e.article.language for e in out.timeline if e.article.language})
    return out


def _when(article: Article) -> datetime:
    value = article.published
    if value is None:
        return datetime.min.replace(tzinfo=timezone.utc)
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
