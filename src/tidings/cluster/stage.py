"""The post-store stage: duplicates, embeddings, events and storylines for new articles.

It runs after each batch is stored (it needs the store's recent events) and
keeps streaming: a batch is sorted by time, copies are found first (duplicate
detection needs no embeddings, and copies need none), the other articles are
embedded in one batch (one thread per text), then each article is placed in
time order, and the changed state is written back in one transaction.
``recluster`` throws the state away and streams every stored article through
the same code in time order, so both give the same events and storylines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np

from ..config import Config
from ..dedup import DedupConfig, DuplicateIndex, exact_key, shingles, signature_of
from ..enrich.embed import Embedder, article_text
from ..model import Article
from ..pipeline import RunReport
from ..storage import Store
from ..storage.clusters import loads_core
from .events import ActiveEvents, Item, follow, place
from .features import entity_keys, term_keys
from .similarity import ClusterConfig
from .state import EventState, StorylineState
from .storylines import Candidate, StorylineLinker

__all__ = ["ClusterStage", "Pending", "article_ts", "recluster"]

_DAY = 86400.0
_EVENT_OF_CACHE = 200_000


def article_ts(article: Article) -> float:
    """The article's time as a UTC timestamp: published, else fetched, else 0 (unknown)."""
    when = article.published or article.fetched
    if when is None:
        return 0.0
    if not isinstance(when, datetime):
        when = datetime(when.year, when.month, when.day)
    if when.tzinfo is None:  # a wall-clock time without zone: read as UTC, consistently
        when = when.replace(tzinfo=timezone.utc)
    return when.timestamp()


@dataclass(slots=True)
class Pending:
    """A prepared batch: copies found, embeddings under way, not yet placed."""

    todo: list[Article]
    links: dict[str, dict]
    cached: dict[str, np.ndarray]
    missing: list[Article]
    future: Future | None
    report: RunReport | None


class ClusterStage:
    """Places new articles: copy of an earlier one, member of an event, part of a storyline."""

    name = "cluster"

    def __init__(self, store: Store, config: Config, embedder: Embedder | None = None) -> None:
        self.store = store
        self.tables = store.clusters()
        self.config = ClusterConfig.from_section(config.section("cluster"))
        self.dedup_config = DedupConfig.from_section(config.section("dedup"))
        self.embedder = embedder or Embedder(max_tokens=self.config.embed_max_tokens,
                                             query=self.config.embed_query)
        self._loaded = False
        self.dedup = DuplicateIndex(self.dedup_config)
        self.active = ActiveEvents(self.embedder.dim)
        self.linker = StorylineLinker(self.config)
        self._event_of: dict[str, str] = {}  # article id -> event id, within the dedup window
        self._dirty: dict[str, EventState] = {}
        self._seq = 0
        self._taken: set[str] = set()  # ids prepared in this session (a batch may repeat one)
        self._pool: ThreadPoolExecutor | None = None

    def _load(self, ts: float) -> None:
        snap = self.tables.snapshot(ts - self.config.window_days * _DAY,
                                    ts - self.config.storyline_window_days * _DAY,
                                    ts - self.dedup_config.window_days * _DAY)
        self._seq = snap.next_seq
        for key, original in snap.exact:
            self.dedup.remember_key(key, original)
        for link in snap.links:
            sig = np.frombuffer(link["signature"], dtype=np.uint32) if link["signature"] else None
            self.dedup.remember(link["article_id"], link["ts"], link["exact_key"] or "", sig,
                                link["n_shingles"], link["duplicate_of"])
            if link["event_id"]:
                self._event_of[link["article_id"]] = link["event_id"]
        for rec in sorted(snap.events, key=lambda r: (r["last_ts"], r["id"])):
            self.active.put(EventState.from_record(rec, self.embedder.dim))
        loose = []
        for rec in snap.loose:
            vec = np.frombuffer(rec["vector"], dtype=np.float64)
            norm = float(np.linalg.norm(vec))
            unit = (vec / norm if norm else vec).astype(np.float32)
            loose.append(Candidate(rec["id"], rec["first_ts"], rec["last_ts"], rec["title"] or "",
                                   unit, frozenset(loads_core(rec["core"]))))
        self.linker.load([StorylineState.from_record(r, self.embedder.dim) for r in snap.storylines],
                         loose)
        self._loaded = True

    def _event(self, event_id: str) -> EventState | None:
        """An event's state, wherever it is: active, changed in this batch, or only stored."""
        event = self.active.events.get(event_id) or self._dirty.get(event_id)
        if event is None:
            rec = self.tables.event(event_id)
            event = EventState.from_record(rec, self.embedder.dim) if rec else None
        return event

    def process(self, articles: Sequence[Article], report: RunReport | None = None) -> None:
        """Place the articles of one stored batch that have no place yet."""
        self.finish(self.prepare(articles, report))

    def prepare(self, articles: Sequence[Article], report: RunReport | None = None) -> Pending | None:
        """First half of :meth:`process`: find copies, and start embedding the reports.

        The embedding runs in a worker thread (the model's C code releases the
        GIL), so ``tidings.ingest`` extracts and enriches the next batch while
        this one is embedded; :meth:`finish` then places it.  Batches must be
        finished in the order they were prepared.
        """
        unique = {a.id: a for a in articles if a.id and a.id not in self._taken}
        placed = self.tables.linked(list(unique))
        todo = sorted((a for k, a in unique.items() if k not in placed), key=lambda a: (article_ts(a), a.id))
        if not todo:
            return None
        self._taken.update(a.id for a in todo)
        if not self._loaded:
            self._load(article_ts(todo[0]))
        dedup = report.step("dedup") if report is not None else None  # listed in the order they run
        links: dict[str, dict] = {}
        # 1. copies: in time order, since the earliest of a group is its original
        for a in todo:
            ts, key, grams = article_ts(a), exact_key(a), shingles(a)
            sig = signature_of(grams, self.dedup_config.num_perm)
            original = self.dedup.find(a.id, ts, key, sig, len(grams))
            links[a.id] = {"article_id": a.id, "seq": 0, "ts": ts, "event_id": None,
                           "duplicate_of": original, "exact_key": key, "n_shingles": len(grams),
                           "signature": sig.astype(np.uint32).tobytes() if sig is not None else None}
        # 2. embeddings of the reports (copies follow their original and need none)
        reports = [a for a in todo if links[a.id]["duplicate_of"] is None]
        if dedup is not None:  # copies stay stored and go on to their original's event
            dedup.seen += len(todo)
            dedup.emitted += len(todo)
            if len(todo) > len(reports):
                dedup.notes["copies of earlier articles"] += len(todo) - len(reports)
        cached = {k: np.frombuffer(v, dtype=np.float32) for k, v in
                  self.tables.get_embeddings([a.id for a in reports], self.embedder.name).items()}
        missing = [a for a in reports if a.id not in cached]
        future = None
        if missing:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tidings-embed")
            future = self._pool.submit(self.embedder.encode, [article_text(a) for a in missing])
        return Pending(todo, links, cached, missing, future, report)

    def finish(self, pending: Pending | None) -> None:
        """Second half of :meth:`process`: place each article in time order, then save."""
        if pending is None:
            return
        vectors = dict(pending.cached)
        if pending.future is not None:
            fresh = pending.future.result()
            self.tables.put_embeddings(self.embedder.name, [(a.id, fresh[i].tobytes())
                                                            for i, a in enumerate(pending.missing)])
            vectors.update({a.id: fresh[i] for i, a in enumerate(pending.missing)})
        counters = pending.report.step(self.name) if pending.report is not None else None
        for a in pending.todo:
            link = pending.links[a.id]
            link["seq"] = self._seq
            self._seq += 1
            item = Item(a.id, link["ts"], vectors.get(a.id), entity_keys(a), term_keys(a), a.language,
                        a.outlet, a.title or "", link["duplicate_of"])
            event = self._place(item, counters)
            link["event_id"] = event.id
            self._event_of[a.id] = event.id
        self._save(list(pending.links.values()))

    def close(self) -> None:
        """Stop the embedding worker (prepared batches must have been finished)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def _place(self, item: Item, counters) -> EventState:
        original_event = None
        if item.duplicate_of:
            event_id = self._event_of.get(item.duplicate_of) or self._stored_event(item.duplicate_of)
            original_event = self._event(event_id) if event_id else None
        if original_event is not None:
            follow(item, original_event, self.active)
            event = original_event
        else:
            placement = place(item, self.active, self.config)
            event = placement.event
            if counters is not None:
                counters.seen += 1
                counters.emitted += 1
                counters.notes["new events"] += int(placement.new)
        self._dirty[event.id] = event
        if event.storyline_id:
            self.linker.grow(event.storyline_id, item.vector if item.duplicate_of is None else None,
                             item.entities if item.duplicate_of is None else {}, item.ts)
        elif item.duplicate_of is None:
            storyline_id, joined = self.linker.consider(event, item.ts)
            if storyline_id:
                event.storyline_id = storyline_id
                for other_id in joined:
                    other = self._event(other_id)
                    if other is not None:
                        other.storyline_id = storyline_id
                        self._dirty[other.id] = other
        return event

    def _stored_event(self, article_id: str | None) -> str:
        link = self.tables.link(article_id) if article_id else None
        return (link or {}).get("event_id") or ""

    def _save(self, links: list[dict]) -> None:
        storylines = [self.linker.storylines[s].to_record() for s in sorted(self.linker.dirty)
                      if s in self.linker.storylines]
        events = [e.to_record() for e in self._dirty.values()]
        self.tables.save(links, events, storylines)
        self._dirty.clear()
        self.linker.dirty.clear()
        self.linker.prune(max((link["ts"] for link in links), default=0.0))
        if len(self._event_of) > _EVENT_OF_CACHE:  # a cache only: misses fall back to the store
            self._event_of.clear()


def recluster(store: Store, config: Config, embedder: Embedder | None = None,
              batch_size: int = 500, on_batch: Callable[[int], None] | None = None) -> int:
    """Forget all events, storylines and copies, and place every stored article again in time order.

    Embeddings come from the store's cache, so this costs no model time for
    articles embedded before.  Returns the number of articles placed.
    """
    tables = store.clusters()
    tables.clear()
    order = sorted(((article_ts(a), a.id) for a in store.articles()))
    stage = ClusterStage(store, config, embedder)
    done = 0
    for i in range(0, len(order), batch_size):
        batch = [store.get(article_id) for _, article_id in order[i:i + batch_size]]
        stage.process([a for a in batch if a is not None])
        done += len(batch)
        if on_batch:
            on_batch(done)
    stage.close()
    return done
