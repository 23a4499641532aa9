"""The JSON API under ``/api/v1``: everything the pages show, paginated, with ETags.

Lists answer ``{"items", "total", "limit", "offset", "next"}`` and a ``Link:
<...>; rel="next"`` header; ``total`` is exact except for searches, where it
stops at ``COUNT_CAP`` (``"total_capped": true``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from ..storage.search import Browse
from . import data
from .app import etag_response, require_read, state
from .ingest import ingest_body

__all__ = ["browse_filters", "router"]

router = APIRouter(prefix="/api/v1", tags=["api"])
Read = [Depends(require_read)]

Limit = Annotated[Optional[int], Query(ge=1, le=1000, description="Page size.")]
Offset = Annotated[int, Query(ge=0, description="Items to skip.")]


def _limit(request: Request, limit: int | None) -> int:
    settings = state(request).settings
    return min(limit or settings.page_size, settings.max_page_size)


def _page(request: Request, items: list[Any], total: int | None, limit: int, offset: int,
          **extra: Any) -> Response:
    more = len(items) == limit if total is None else offset + len(items) < total
    nxt = str(request.url.include_query_params(offset=offset + limit, limit=limit)) if more else None
    body = {"items": items, "total": total, "limit": limit, "offset": offset, "next": nxt, **extra}
    headers = {"Link": f'<{nxt}>; rel="next"'} if nxt else None
    return etag_response(request, body, headers=headers)


def browse_filters(language: str | None, outlet: str | None, since: date | None,
                   until: date | None, limit: int, offset: int) -> Browse:
    return Browse(language=language or None, outlet=outlet or None, since=since, until=until,
                  limit=limit, offset=offset)


def _entity_ids(request: Request, entity: str | None) -> list[str] | None:
    """Article ids for the entity filter (None: no filter)."""
    if not entity:
        return None
    view = data.entity_view(state(request).store, entity)
    return [a["id"] for a in view["articles"]]


@router.get("/articles", dependencies=Read, summary="List articles, newest first")
async def list_articles(request: Request, language: Optional[str] = None,
                        outlet: Optional[str] = None, since: Optional[date] = None,
                        until: Optional[date] = None,
                        entity: Annotated[Optional[str], Query(
                            description="Entity id or name: only articles that mention it.")] = None,
                        limit: Limit = None, offset: Offset = 0) -> Response:
    n = _limit(request, limit)
    filters = browse_filters(language, outlet, since, until, n, offset)
    filters.ids = _entity_ids(request, entity)
    items = [data.article_summary(a) for a in state(request).store.browse(filters)]
    return _page(request, items, None, n, offset)


@router.get("/articles/{article_id}", dependencies=Read, summary="One article")
async def get_article(request: Request, article_id: str,
                      raw: Annotated[bool, Query(description="Include the raw input.")] = False
                      ) -> Response:
    article = state(request).store.get(article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id!r} (or the prefix is ambiguous)")
    return etag_response(request, data.full_article(article, raw))


@router.get("/search", dependencies=Read, summary="Full-text search (inflection-aware)")
async def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=500)],
                 language: Optional[str] = None, limit: Limit = None,
                 offset: Offset = 0) -> Response:
    n = _limit(request, limit)
    page = state(request).store.search(q, language=language or None, limit=n, offset=offset)
    items = [{**data.article_summary(h.article), "score": round(h.score, 4),
              "snippet": h.snippet.replace("\x02", "").replace("\x03", "")} for h in page.hits]
    return _page(request, items, page.total, n, offset, total_capped=page.capped, query=q)


@router.get("/facets", dependencies=Read, summary="Article counts per language and outlet")
async def facets(request: Request) -> Response:
    return etag_response(request, data.facets(state(request).store))


@router.get("/timeline", dependencies=Read, summary="Articles per day and language")
async def timeline(request: Request, language: Optional[str] = None,
                   outlet: Optional[str] = None, since: Optional[date] = None,
                   until: Optional[date] = None) -> Response:
    filters = browse_filters(language, outlet, since, until, 5000, 0)
    return etag_response(request, data.day_counts(state(request).store, filters))


@router.get("/storylines", dependencies=Read, summary="Current storylines")
async def storylines(request: Request, limit: Limit = None, offset: Offset = 0) -> Response:
    n = _limit(request, limit)
    items = [data.record(s) for s in data.storyline_list(state(request).store, n, offset)]
    return _page(request, items, None, n, offset)


@router.get("/storylines/{storyline_id}", dependencies=Read,
            summary="A storyline: timeline, events with articles, entities, quotes, sources")
async def storyline(request: Request, storyline_id: str) -> Response:
    view = data.story_view(state(request).store, storyline_id)
    if view is None:
        raise HTTPException(404, f"no storyline {storyline_id!r}")
    return etag_response(request, view)


@router.get("/events", dependencies=Read, summary="Recent events")
async def events(request: Request, storyline: Optional[str] = None, limit: Limit = None
                 ) -> Response:
    n = _limit(request, limit)
    items = [data.record(e) for e in data.event_list(state(request).store, n, storyline)]
    return _page(request, items, None, n, 0)


@router.get("/entities/{key}", dependencies=Read,
            summary="An entity: names, mentions over time, co-occurring entities, quotes")
async def entity(request: Request, key: str) -> Response:
    view = data.entity_view(state(request).store, key)
    if view["entity"] is None and not view["articles"]:
        raise HTTPException(404, f"no entity or mention matching {key!r}")
    return etag_response(request, view)


@router.post("/ingest", summary="Ingest text, HTML or JSONL (needs the API token)",
             description="Send the document as the request body with its Content-Type: "
                         "`text/plain`, `text/html` or `application/x-ndjson` (JSONL, one "
                         "article record per line). Authorization: `Bearer TOKEN`.")
async def ingest(request: Request, name: Annotated[Optional[str], Query(
        description="A name for the input (kept as the articles' source).")] = None) -> Response:
    report = await ingest_body(request, name)
    return etag_response(request, report)
