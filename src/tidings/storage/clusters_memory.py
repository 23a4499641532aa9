"""The in-memory :class:`~tidings.storage.clusters.ClusterTables`, for tests and throwaway runs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..model import Article
from .clusters import ClusterSnapshot, ClusterTables

__all__ = ["MemoryClusters"]


class MemoryClusters(ClusterTables):
    def __init__(self, articles: dict[str, Article]) -> None:
        self._articles = articles  # the store's own dict: article fields are kept in step
        self._embeddings: dict[tuple[str, str], bytes] = {}
        self._links: dict[str, dict[str, Any]] = {}
        self._events: dict[str, dict[str, Any]] = {}
        self._storylines: dict[str, dict[str, Any]] = {}

    def get_embeddings(self, ids: Sequence[str], model: str) -> dict[str, bytes]:
        return {i: self._embeddings[(i, model)] for i in ids if (i, model) in self._embeddings}

    def put_embeddings(self, model: str, items: Iterable[tuple[str, bytes]]) -> None:
        for article_id, blob in items:
            self._embeddings[(article_id, model)] = blob

    def linked(self, ids: Sequence[str]) -> set[str]:
        return {i for i in ids if i in self._links}

    def snapshot(self, event_since: float, storyline_since: float, dedup_since: float) -> ClusterSnapshot:
        links = sorted(self._links.values(), key=lambda r: r["seq"])
        return ClusterSnapshot(
            events=[dict(e) for e in self._events.values() if e["last_ts"] >= event_since],
            loose=[dict(e) for e in self._events.values()
                   if e["storyline_id"] is None and e["last_ts"] >= storyline_since],
            storylines=[dict(s) for s in self._storylines.values() if s["last_ts"] >= storyline_since],
            links=[dict(r) for r in links if r["ts"] >= dedup_since],
            exact=[(r["exact_key"], r["duplicate_of"] or r["article_id"]) for r in links if r["exact_key"]],
            next_seq=(links[-1]["seq"] + 1) if links else 0)

    def link(self, article_id: str) -> dict[str, Any] | None:
        return dict(self._links[article_id]) if article_id in self._links else None

    @staticmethod
    def _find(table: dict[str, dict[str, Any]], ident: str) -> dict[str, Any] | None:
        if ident in table:
            return dict(table[ident])
        hits = [v for k, v in table.items() if k.startswith(ident)]
        return dict(hits[0]) if len(hits) == 1 else None

    def event(self, event_id: str) -> dict[str, Any] | None:
        return self._find(self._events, event_id)

    def storyline(self, storyline_id: str) -> dict[str, Any] | None:
        return self._find(self._storylines, storyline_id)

    def save(self, links: list[dict[str, Any]], events: list[dict[str, Any]],
             storylines: list[dict[str, Any]]) -> None:
        for r in links:
            self._links[r["article_id"]] = dict(r)
        for r in events:
            self._events[r["id"]] = dict(r)
        for r in storylines:
            self._storylines[r["id"]] = dict(r)
        storyline_of = {e["id"]: e["storyline_id"] for e in self._events.values()}
        touched = {r["article_id"] for r in links}
        touched |= {k for k, r in self._links.items() if r["event_id"] in {e["id"] for e in events}}
        for article_id in touched:
            article, link = self._articles.get(article_id), self._links[article_id]
            if article is not None:
                article.event_id = link["event_id"]
                article.duplicate_of = link["duplicate_of"]
                article.storyline_id = storyline_of.get(link["event_id"])

    def clear(self) -> None:
        self._links.clear()
        self._events.clear()
        self._storylines.clear()
        for article in self._articles.values():
            article.event_id = article.storyline_id = article.duplicate_of = None

    def events(self, *, limit: int = 50, storyline_id: str | None = None) -> list[dict[str, Any]]:
        if storyline_id:
            rows = sorted((e for e in self._events.values() if e["storyline_id"] == storyline_id),
                          key=lambda e: (e["first_ts"], e["id"]))
        else:
            rows = sorted(self._events.values(), key=lambda e: (-e["last_ts"], e["id"]))
        return [dict(e) for e in rows[:limit]]

    def storylines(self, *, limit: int = 50) -> list[dict[str, Any]]:
        rows = sorted(self._storylines.values(), key=lambda s: (-s["last_ts"], s["id"]))
        return [dict(s) for s in rows[:limit]]

    def members(self, event_id: str) -> list[dict[str, Any]]:
        return sorted((dict(r) for r in self._links.values() if r["event_id"] == event_id),
                      key=lambda r: r["seq"])
