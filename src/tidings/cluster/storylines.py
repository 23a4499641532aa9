"""Storylines: events linked over weeks and months by shared core entities and topic.

An event joins a storyline (or founds one with an earlier event) when it shares
at least ``storyline_min_shared`` core entities with it and their topics (mean
embeddings) are close; both conditions, because entities alone link every
event about a head of state, and topic alone links every earthquake.  An event
is in at most one storyline and, once linked, stays there: a storyline never
loses events, so a streaming run and a re-run agree.

Candidates are found through an inverted index from core entity to candidate
(storylines, and events not yet in one, seen within the window), so linking
costs the same with a thousand events stored or a million.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model import content_id
from .features import specificity
from .similarity import ClusterConfig, stretch
from .state import EventState, StorylineState, add_counts

__all__ = ["Candidate", "StorylineLinker"]

#: Shared core entities beyond this add nothing more to the score.
_ENOUGH_SHARED = 3


@dataclass(slots=True)
class Candidate:
    """What linking needs to know of an event outside the clustering window."""

    id: str
    first_ts: float
    last_ts: float
    title: str
    unit: np.ndarray  # float32 unit vector
    core: frozenset[str]

    @classmethod
    def of(cls, event: EventState) -> Candidate:
        return cls(event.id, event.first_ts, event.last_ts, event.title,
                   event.unit().astype(np.float32), frozenset(event.core_entities()))


class StorylineLinker:
    """Streaming state of storylines, and of events that may still found one."""

    def __init__(self, config: ClusterConfig) -> None:
        self.config = config
        self.storylines: dict[str, StorylineState] = {}
        self.loose: dict[str, Candidate] = {}  # events in no storyline, within the window
        self._postings: dict[str, set[str]] = {}  # core entity -> "s:<id>" / "e:<id>"
        self.dirty: set[str] = set()

    def load(self, storylines: list[StorylineState], loose: list[Candidate]) -> None:
        for s in storylines:
            self.storylines[s.id] = s
            self._post(f"s:{s.id}", s.core_entities())
        for c in loose:
            self.loose[c.id] = c
            self._post(f"e:{c.id}", c.core)

    def _post(self, ref: str, keys) -> None:
        for key in keys:
            self._postings.setdefault(key, set()).add(ref)

    def grow(self, storyline_id: str, vector: np.ndarray | None, entities: dict[str, int], ts: float) -> None:
        """An article joined an event of this storyline."""
        s = self.storylines.get(storyline_id)
        if s is None:
            return  # outside the window and not loaded: it no longer takes new links anyway
        if vector is not None:
            s.vector_sum += vector
        add_counts(s.entities, entities)
        s.last_ts = max(s.last_ts, ts)
        self._post(f"s:{s.id}", s.core_entities())
        self.dirty.add(s.id)

    def consider(self, event: EventState, ts: float) -> tuple[str | None, list[str]]:
        """Link an event that is in no storyline yet.

        Returns the storyline id (or None) and the ids of other events that
        joined the storyline with it (a loose event founding it together).
        """
        core = frozenset(event.core_entities())
        horizon = ts - self.config.storyline_window_days * 86400.0
        refs: set[str] = set()
        for key in core:
            refs |= self._postings.get(key, set())
        unit = event.unit()
        best: tuple[float, str] | None = None
        for ref in sorted(refs):
            kind, ident = ref[0], ref[2:]
            if kind == "e":
                cand = self.loose.get(ident)
                if cand is None or ident == event.id or cand.last_ts < horizon:
                    continue
                cand_unit, cand_core = cand.unit, cand.core
            else:
                s = self.storylines.get(ident)
                if s is None or s.last_ts < horizon:
                    continue
                cand_unit, cand_core = s.unit(), frozenset(s.core_entities())
            # Countries and agencies count half: two Nordic stories share them all.
            shared = sum(specificity(k) for k in core & cand_core)
            if shared < self.config.storyline_min_shared:
                continue
            topic = float(np.dot(unit, cand_unit))
            w = self.config.storyline_w_topic
            value = w * stretch(topic, self.config) + (1 - w) * min(shared, _ENOUGH_SHARED) / _ENOUGH_SHARED
            if value >= self.config.storyline_threshold and (best is None or (-value, ref) < best):
                best = (-value, ref)
        if best is None:
            self.loose[event.id] = Candidate.of(event)
            self._post(f"e:{event.id}", core)
            return None, []
        ref = best[1]
        self.loose.pop(event.id, None)
        if ref.startswith("s:"):
            s = self.storylines[ref[2:]]
            s.vector_sum += event.vector_sum
            add_counts(s.entities, event.entities)
            s.events += 1
            s.first_ts, s.last_ts = min(s.first_ts, event.first_ts), max(s.last_ts, event.last_ts, ts)
            self._post(ref, s.core_entities())
            self.dirty.add(s.id)
            return s.id, []
        other = self.loose.pop(ref[2:])
        return self._found(other, event, ts), [other.id]

    def _found(self, earlier: Candidate, event: EventState, ts: float) -> str:
        """A new storyline of a loose event and the event being linked."""
        # Its id derives from the earlier event's, so a re-run gives the same id.
        s = StorylineState(id=content_id("storyline", earlier.id), first_ts=min(earlier.first_ts,
                           event.first_ts), last_ts=max(earlier.last_ts, event.last_ts, ts),
                           title=earlier.title, events=2)
        s.vector_sum = earlier.unit.astype(np.float64) + event.vector_sum
        add_counts(s.entities, {k: 1 for k in earlier.core})
        add_counts(s.entities, event.entities)
        self.storylines[s.id] = s
        self._post(f"s:{s.id}", s.core_entities())
        self.dirty.add(s.id)
        return s.id

    def prune(self, ts: float) -> None:
        """Forget candidates that left the window (their postings are dropped lazily)."""
        horizon = ts - self.config.storyline_window_days * 86400.0
        for ident in [k for k, c in self.loose.items() if c.last_ts < horizon]:
            del self.loose[ident]
        for ident in [k for k, s in self.storylines.items() if s.last_ts < horizon and k not in self.dirty]:
            del self.storylines[ident]
