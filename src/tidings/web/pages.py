"""HTML pages rendered on the server: front page, story, entity, article, search.

Every page works without JavaScript; templates autoescape, and the few HTML
fragments built in Python (charts, marked text, snippets) escape scraped text
themselves (render.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from ..errors import TidingsError
from . import data, render
from .api import browse_filters
from .app import require_read, state

__all__ = ["router"]

router = APIRouter(dependencies=[Depends(require_read)], include_in_schema=False)


def _page(request: Request, template: str, **context: Any) -> Response:
    st = state(request)
    context.setdefault("title", "tidings")
    response = st.templates.TemplateResponse(request, template, {"render": render, **context})
    token = request.query_params.get("token")
    if token and token == st.settings.api_token:
        # require_read has already checked it; the cookie keeps links working on a closed instance
        response.set_cookie("tidings_token", token, httponly=True, samesite="strict")
    return response


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise HTTPException(422, f"not a date (YYYY-MM-DD): {text!r}") from exc


@router.get("/", response_class=HTMLResponse)
async def front(request: Request, language: Optional[str] = None, outlet: Optional[str] = None,
                since: Optional[str] = None, until: Optional[str] = None,
                entity: Optional[str] = None, offset: int = Query(0, ge=0)) -> Response:
    st = state(request)
    size = st.settings.page_size
    filters = browse_filters(language, outlet, _date(since), _date(until), size, offset)
    if entity:
        filters.ids = [a["id"] for a in data.entity_view(st.store, entity)["articles"]]
    articles = st.store.browse(filters)
    chart_filters = browse_filters(language, outlet, _date(since), _date(until), 5000, 0)
    chart_filters.ids = filters.ids
    points = data.day_counts(st.store, chart_filters)
    # Storylines and events are not filtered: they show on the unfiltered page only.
    unfiltered = not (language or outlet or entity or since or until)
    storylines = data.storyline_list(st.store, 20) if unfiltered else []
    events = data.event_list(st.store, 20) if unfiltered else []
    return _page(request, "front.html", articles=articles, storylines=storylines, events=events,
                 facets=data.facets(st.store), points=points, offset=offset, size=size,
                 f={"language": language or "", "outlet": outlet or "", "since": since or "",
                    "until": until or "", "entity": entity or ""})


@router.get("/story/{storyline_id}", response_class=HTMLResponse)
async def story(request: Request, storyline_id: str) -> Response:
    view = data.story_view(state(request).store, storyline_id)
    if view is None:
        raise HTTPException(404, f"no storyline {storyline_id!r}")
    return _page(request, "story.html", v=view, title=view["storyline"]["title"])


@router.get("/entity/{key}", response_class=HTMLResponse)
async def entity(request: Request, key: str) -> Response:
    view = data.entity_view(state(request).store, key)
    return _page(request, "entity.html", v=view, title=view["name"])


@router.get("/article/{article_id}", response_class=HTMLResponse)
async def article(request: Request, article_id: str, raw: bool = False) -> Response:
    found = state(request).store.get(article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return _page(request, "article.html", a=found, raw=raw, title=found.title or found.id,
                 paragraphs=render.marked_paragraphs(found))


@router.get("/search", response_class=HTMLResponse)
async def search(request: Request, q: str = "", language: Optional[str] = None,
                 offset: int = Query(0, ge=0)) -> Response:
    st = state(request)
    page = None
    error = None
    if q.strip():
        try:
            page = st.store.search(q, language=language or None, limit=st.settings.page_size,
                                   offset=offset)
        except TidingsError as exc:
            error = str(exc)
    return _page(request, "search.html", q=q, page=page, error=error, language=language or "",
                 facets=data.facets(st.store), title=f"Search: {q}" if q else "Search")
