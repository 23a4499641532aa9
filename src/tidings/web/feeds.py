"""Atom feeds (RFC 4287) for a storyline, an entity and a saved search.

Built with ElementTree, which escapes every text and attribute, so scraped
titles and leads cannot break the XML.  Entry ids are stable ``tag:`` URIs of
the article id, so feed readers see each article once.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone
from typing import Any, Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from ..model import Article
from . import data
from .app import etag_response, require_read, state

__all__ = ["atom", "router"]

router = APIRouter(prefix="/feeds", dependencies=[Depends(require_read)], tags=["feeds"])
ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)


def _when(value: Any) -> str:
    if isinstance(value, datetime):
        dt = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    elif isinstance(value, str) and value:
        return _when(datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value))
    else:
        dt = datetime(1970, 1, 1, tzinfo=timezone.utc)
    return dt.isoformat()


def atom(request: Request, title: str, self_path: str, alt_path: str,
         articles: list[Article]) -> bytes:
    base = str(request.base_url).rstrip("/")
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = base + self_path
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=base + self_path)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=base + alt_path)
    newest = max((_when(a.published) for a in articles), default=_when(None))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = newest
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = "tidings"
    for a in articles:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = a.title or "(no title)"
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"tag:tidings,2026:article:{a.id}"
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                      href=f"{base}/article/{a.id}")
        if a.url:
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="related", href=a.url)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _when(a.updated or a.published)
        if a.published:
            ET.SubElement(entry, f"{{{ATOM}}}published").text = _when(a.published)
        for name in a.authors:
            ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = name
        summary = ET.SubElement(entry, f"{{{ATOM}}}summary", type="text")
        summary.text = a.lead or (a.body[0] if a.body else "")
        if a.language:
            entry.set("{http://www.w3.org/XML/1998/namespace}lang", a.language)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")


def _feed(request: Request, title: str, self_path: str, alt_path: str,
          articles: list[Article]) -> Response:
    articles = sorted(articles, key=lambda a: _when(a.published), reverse=True)[:50]
    return etag_response(request, body=atom(request, title, self_path, alt_path, articles),
                         media_type="application/atom+xml")


@router.get("/storyline/{storyline_id}.atom", summary="Atom feed of a storyline")
async def storyline_feed(request: Request, storyline_id: str) -> Response:
    view = data.story_view(state(request).store, storyline_id)
    if view is None:
        raise HTTPException(404, f"no storyline {storyline_id!r}")
    ids = [a["id"] for g in view["events"] for a in g["articles"]]
    ids += [a["id"] for a in view["other_articles"]]
    return _feed(request, f"tidings: {view['storyline']['title']}",
                 f"/feeds/storyline/{storyline_id}.atom", f"/story/{storyline_id}",
                 data.articles_by_ids(state(request).store, ids))


@router.get("/entity/{key}.atom", summary="Atom feed of an entity's mentions")
async def entity_feed(request: Request, key: str) -> Response:
    view = data.entity_view(state(request).store, key, limit=50)
    return _feed(request, f"tidings: {view['name']}", f"/feeds/entity/{key}.atom",
                 f"/entity/{key}",
                 data.articles_by_ids(state(request).store, [a["id"] for a in view["articles"]]))


@router.get("/search.atom", summary="Atom feed of a saved search")
async def search_feed(request: Request, q: str = Query(min_length=1, max_length=500),
                      language: Optional[str] = None) -> Response:
    page = state(request).store.search(q, language=language or None, limit=50)
    query = str(request.url.query)
    return _feed(request, f"tidings search: {q}", f"/feeds/search.atom?{query}",
                 f"/search?{query}", [h.article for h in page.hits])
