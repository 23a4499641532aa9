"""Online event clustering: each new article joins the best recent event or starts one.

Only events active within ``window_days`` are candidates; their unit mean
vectors sit in one matrix so the cosine to all of them is one product, and the
best few by cosine are scored in full (entities, terms, time decay).  The state
is a function of the articles seen in time order only, so reloading it from the
store mid-stream changes nothing.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

import numpy as np

from ..model import content_id
from .features import overlap
from .similarity import ClusterConfig, score
from .state import EventState, add_counts

__all__ = ["ActiveEvents", "Item", "Placement", "follow", "place"]


@dataclass(slots=True)
class Item:
    """One article as clustering sees it."""

    id: str
    ts: float
    vector: np.ndarray | None  # None for a copy (it follows its original)
    entities: dict[str, int] = field(default_factory=dict)  # entity key -> mentions (capped)
    terms: set[str] = field(default_factory=set)
    language: str | None = None
    outlet: str | None = None
    title: str = ""
    duplicate_of: str | None = None


@dataclass(slots=True)
class Placement:
    """Where an article went: its event, whether that is new, and the score that decided."""

    event: EventState
    new: bool
    score: float


class ActiveEvents:
    """Events within the window, with their unit vectors stacked for one matrix product."""

    def __init__(self, dim: int = 384) -> None:
        self.dim = dim
        self.events: dict[str, EventState] = {}
        self._ids: list[str] = []
        self._slot: dict[str, int] = {}
        self._mat = np.zeros((256, dim), dtype=np.float32)
        self._expiry: list[tuple[float, str]] = []  # heap of (last_ts when pushed, id)

    def __len__(self) -> int:
        return len(self._ids)

    def put(self, event: EventState) -> None:
        """Add an event or refresh its row after it changed."""
        self.events[event.id] = event
        slot = self._slot.get(event.id)
        if slot is None:
            slot = len(self._ids)
            if slot == len(self._mat):
                self._mat = np.vstack([self._mat, np.zeros_like(self._mat)])
            self._ids.append(event.id)
            self._slot[event.id] = slot
        self._mat[slot] = event.unit()
        heapq.heappush(self._expiry, (event.last_ts, event.id))

    def _remove(self, event_id: str) -> None:
        slot = self._slot.pop(event_id)
        last = self._ids.pop()
        if last != event_id:  # move the last row into the freed slot
            self._ids[slot] = last
            self._slot[last] = slot
            self._mat[slot] = self._mat[len(self._ids)]
        del self.events[event_id]

    def prune(self, horizon: float) -> None:
        """Drop events whose last article is older than ``horizon``."""
        while self._expiry and self._expiry[0][0] < horizon:
            ts, event_id = heapq.heappop(self._expiry)
            event = self.events.get(event_id)
            if event is not None and event.last_ts < horizon:
                self._remove(event_id)

    def nearest(self, vector: np.ndarray, k: int) -> list[tuple[EventState, float]]:
        """Events whose cosine is among the ``k`` best (ties all kept, so the set is deterministic)."""
        n = len(self._ids)
        if n == 0:
            return []
        sims = self._mat[:n] @ vector.astype(np.float32)
        if n > k:
            kth = np.partition(sims, n - k)[n - k]
            picked = np.nonzero(sims >= kth)[0]
        else:
            picked = np.arange(n)
        return [(self.events[self._ids[i]], float(sims[i])) for i in picked]


def _add(event: EventState, item: Item) -> None:
    event.size += 1
    event.first_ts = min(event.first_ts, item.ts)
    event.last_ts = max(event.last_ts, item.ts)
    if item.language:
        add_counts(event.languages, {item.language})
    if item.outlet:
        add_counts(event.outlets, {item.outlet})
    if item.duplicate_of is None and item.vector is not None:
        event.reports += 1
        event.vector_sum = event.vector_sum + item.vector.astype(np.float64)
        add_counts(event.entities, item.entities)
        add_counts(event.terms, item.terms)


def place(item: Item, active: ActiveEvents, config: ClusterConfig) -> Placement:
    """Put one (non-copy) article in the best active event above the threshold, or a new one."""
    active.prune(item.ts - config.window_days * 86400.0)
    best: tuple[float, str, EventState] | None = None
    if item.vector is not None:
        for event, cos in active.nearest(item.vector, config.candidates):
            gap = abs(item.ts - event.last_ts) / 86400.0
            # A language the event has no report in yet: its reports are translations' distance away.
            foreign = bool(item.language and event.languages and item.language not in event.languages)
            value = score(cos, overlap(item.entities, event.entities), overlap(item.terms, event.terms),
                          gap, config, foreign)
            if value >= config.threshold and (best is None or (-value, event.id) < best[:2]):
                best = (-value, event.id, event)
    if best is None:
        event = EventState(id=content_id("event", item.id), first_ts=item.ts, last_ts=item.ts,
                           title=item.title, vector_sum=np.zeros(active.dim))
        _add(event, item)
        active.put(event)
        return Placement(event, True, 0.0)
    event = best[2]
    _add(event, item)
    active.put(event)
    return Placement(event, False, -best[0])


def follow(item: Item, event: EventState, active: ActiveEvents) -> None:
    """A copy joins its original's event: counted in size, not in reports or features."""
    _add(event, item)
    if event.id in active.events:
        active.put(event)
