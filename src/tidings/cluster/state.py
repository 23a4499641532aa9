"""The streaming state of clustering: events and storylines as the clusterer sees them.

Each state keeps sums and counts rather than averages so that adding an article
is exact and order-independent arithmetic, and the state round-trips through the
store unchanged (vectors as float64 bytes): a clusterer that reloads its state
mid-stream continues exactly as one that never stopped, which is what makes
``tidings recluster`` equal to streaming.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import numpy as np

from ..model import Event, Storyline

__all__ = ["EventState", "StorylineState", "add_counts", "iso", "top_keys"]

#: Counters are cut to their most frequent keys so a huge event stays small.
MAX_KEYS = 300


def add_counts(counts: dict[str, int], keys: set[str] | dict[str, int]) -> None:
    """Add keys (each once, or with their counts) and keep the ``MAX_KEYS`` most frequent."""
    items = keys.items() if isinstance(keys, dict) else ((k, 1) for k in keys)
    for key, n in items:
        counts[key] = counts.get(key, 0) + n
    if len(counts) > MAX_KEYS:
        keep = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_KEYS]
        counts.clear()
        counts.update(keep)


def top_keys(counts: dict[str, int], n: int, min_count: int = 1) -> list[str]:
    """The ``n`` most frequent keys seen at least ``min_count`` times (ties by key: deterministic)."""
    ranked = sorted((kv for kv in counts.items() if kv[1] >= min_count), key=lambda kv: (-kv[1], kv[0]))
    return [k for k, _ in ranked[:n]]


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, tz=timezone.utc).isoformat(timespec="minutes")


def _vector(blob: bytes | None, dim: int) -> np.ndarray:
    if not blob:
        return np.zeros(dim, dtype=np.float64)
    return np.frombuffer(blob, dtype=np.float64).copy()


@dataclass(slots=True)
class EventState:
    """One event while it is being built: member count, vector sum, feature counts."""

    id: str
    first_ts: float
    last_ts: float
    title: str = ""
    size: int = 0  # articles, copies included
    reports: int = 0  # distinct reports: copies excluded
    vector_sum: np.ndarray = field(default_factory=lambda: np.zeros(384))
    entities: dict[str, int] = field(default_factory=dict)
    terms: dict[str, int] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)
    outlets: dict[str, int] = field(default_factory=dict)
    storyline_id: str | None = None

    def unit(self) -> np.ndarray:
        norm = float(np.linalg.norm(self.vector_sum))
        return self.vector_sum / norm if norm else self.vector_sum

    def core_entities(self, n: int = 15) -> list[str]:
        """Entities of at least half the reports: what the event is about, not who is cited."""
        return top_keys(self.entities, n, max(1, (self.reports + 1) // 2))

    def to_record(self) -> dict[str, Any]:
        data = {k: getattr(self, k) for k in ("title", "size", "reports", "entities", "terms",
                                              "languages", "outlets")}
        return {"id": self.id, "first_ts": self.first_ts, "last_ts": self.last_ts,
                "storyline_id": self.storyline_id, "size": self.size, "title": self.title,
                "core": json.dumps(self.core_entities(), ensure_ascii=False),
                "data": json.dumps(data, ensure_ascii=False, sort_keys=True),
                "vector": self.vector_sum.astype(np.float64).tobytes()}

    @classmethod
    def from_record(cls, rec: dict[str, Any], dim: int = 384) -> EventState:
        data = json.loads(rec["data"])
        return cls(id=rec["id"], first_ts=rec["first_ts"], last_ts=rec["last_ts"],
                   storyline_id=rec.get("storyline_id"), vector_sum=_vector(rec.get("vector"), dim),
                   **data)

    def to_event(self, article_ids: list[str] | None = None) -> Event:
        return Event(id=self.id, title=self.title, start=datetime.fromtimestamp(self.first_ts, timezone.utc),
                     end=datetime.fromtimestamp(self.last_ts, timezone.utc),
                     languages=top_keys(self.languages, 50), article_ids=list(article_ids or []),
                     storyline_id=self.storyline_id,
                     extras={"size": self.size, "reports": self.reports,
                             "outlets": top_keys(self.outlets, 50),
                             "entities": self.core_entities()})


@dataclass(slots=True)
class StorylineState:
    """A thread of events: the sum of its events' vectors and its entity counts."""

    id: str
    first_ts: float
    last_ts: float
    title: str = ""
    events: int = 0
    vector_sum: np.ndarray = field(default_factory=lambda: np.zeros(384))
    entities: dict[str, int] = field(default_factory=dict)

    def unit(self) -> np.ndarray:
        norm = float(np.linalg.norm(self.vector_sum))
        return self.vector_sum / norm if norm else self.vector_sum

    def core_entities(self, n: int = 15) -> list[str]:
        return top_keys(self.entities, n)

    def to_record(self) -> dict[str, Any]:
        data = {"title": self.title, "events": self.events, "entities": self.entities}
        return {"id": self.id, "first_ts": self.first_ts, "last_ts": self.last_ts,
                "data": json.dumps(data, ensure_ascii=False, sort_keys=True),
                "vector": self.vector_sum.astype(np.float64).tobytes()}

    @classmethod
    def from_record(cls, rec: dict[str, Any], dim: int = 384) -> StorylineState:
        data = json.loads(rec["data"])
        return cls(id=rec["id"], first_ts=rec["first_ts"], last_ts=rec["last_ts"],
                   vector_sum=_vector(rec.get("vector"), dim), **data)

    def to_storyline(self, event_ids: list[str] | None = None) -> Storyline:
        return Storyline(id=self.id, title=self.title, event_ids=list(event_ids or []),
                         core_entities=self.core_entities(),
                         extras={"start": iso(self.first_ts), "end": iso(self.last_ts),
                                 "events": self.events})
