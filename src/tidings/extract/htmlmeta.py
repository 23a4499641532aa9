"""Metadata of an HTML page: title, dates, authors, tags, canonical URL, site name, captions.

Read from the parsed tree before the main-text extractor prunes it, most
trustworthy source first: schema.org JSON-LD (what the publisher's CMS wrote for
search engines), then ``<meta>`` tags (Open Graph, article:*, Dublin Core,
Parse.ly, Sailthru), then visible markup (``<time>``, ``rel=author``, byline
classes), and only then a date guessed by htmldate.  Published is told from
updated by the field it comes from ("datePublished" vs "dateModified"), never by
which date is older, since pages show the updated date more prominently.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


from .authors import clean_authors
from .dates import latest_allowed

__all__ = ["PageMeta", "page_meta", "parse_iso_date"]

_PUBLISHED_META = ("article:published_time", "og:published_time", "og:article:published_time",
                   "datepublished", "date", "pubdate", "publishdate", "publish-date", "publish_date",
                   "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created",
                   "dc.date.created", "sailthru.date", "parsely-pub-date", "article.published",
                   "published_time", "article_date_original", "original-publish-date", "cxenseparse:recs:publishtime")
_UPDATED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified",
                 "dc.date.modified", "last-modified", "article.updated", "modified_time")
_AUTHOR_META = ("author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator",
                "dcterms.creator", "cxenseparse:author", "og:article:author")
_TAG_META = ("article:tag", "news_keywords", "keywords", "parsely-tags", "sailthru.tags")
_ISO = re.compile(r"((?:19|20)\d\d)-?([01]\d)-?([0-3]\d)(?:[T ]([0-2]?\d):?([0-5]\d))?")
_SITE_SUFFIX = re.compile(r"\s+[|–—·:»-]\s+[^|–—·:»]{2,60}$")
_BYLINE_CLASS = re.compile(r"\b(?:author|byline|by-line|autor|writer|verfasser|reporter)", re.IGNORECASE)
_BYLINE_XPATH = "//*[" + " or ".join(
    f"contains(translate(@class, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), '{w}')"
    for w in ("author", "byline", "by-line", "autor", "writer", "verfasser", "reporter")) + "]"
_ARTICLE_TYPES = re.compile(r"Article|Posting|Report|Blog|WebPage|NewsArticle", re.IGNORECASE)


@dataclass(slots=True)
class PageMeta:
    title: str | None = None
    url: str | None = None
    site_name: str | None = None
    published: date | datetime | None = None
    published_source: str = ""  # which field the date came from ("jsonld", "meta", "time", "htmldate")
    updated: date | datetime | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    language: str | None = None


def parse_iso_date(text: str | None) -> date | datetime | None:
    """A date or datetime from an ISO-like string ("2024-11-30T07:53:00+01:00", "20241130")."""
    if not text:
        return None
    m = _ISO.search(text)
    if not m:
        return None
    y, mo, d, hh, mm = m.groups()
    try:
        if hh is not None:
            return datetime(int(y), int(mo), int(d), int(hh), int(mm))
        return date(int(y), int(mo), int(d))
    except ValueError:
        return None


def _as_dt(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)


def _jsonld(tree: Any) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, with @graph lists flattened."""
    out: list[dict[str, Any]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue  # broken JSON-LD is common; the other sources still count
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                out.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
            elif isinstance(item, list):
                stack.extend(item)
    return out


def _names(value: Any) -> list[str]:
    """Author names from a JSON-LD ``author`` value (string, object or list of them)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _metas(tree: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for el in tree.xpath("//meta[@content]"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if key and content:
            out.setdefault(key, []).append(content)
    return out


def _text(el: Any) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


def page_meta(tree: Any, fetched: datetime | None = None, *, url: str | None = None,
              guess_date: bool = True) -> PageMeta:
    """Metadata of the page in ``tree`` (an lxml HTML tree); no date later than ``fetched``."""
    meta = PageMeta()
    limit = latest_allowed(fetched)
    metas = _metas(tree)
    ld = _jsonld(tree)
    articles = [o for o in ld if _ARTICLE_TYPES.search(str(o.get("@type", "")))] or ld

    def first_meta(keys: tuple[str, ...]) -> str | None:
        return next((metas[k][0] for k in keys if k in metas), None)

    def ok(value: date | datetime | None) -> date | datetime | None:
        return value if value is not None and _as_dt(value) <= limit else None

    # --- dates: published told from updated by the field each comes from ---
    for obj in articles:
        if meta.published is None and (v := ok(parse_iso_date(str(obj.get("datePublished") or "")))):
            meta.published, meta.published_source = v, "jsonld"
        if meta.updated is None:
            meta.updated = ok(parse_iso_date(str(obj.get("dateModified") or "")))
    if meta.published is None and (v := ok(parse_iso_date(first_meta(_PUBLISHED_META)))):
        meta.published, meta.published_source = v, "meta"
    if meta.published is None:
        for el in tree.xpath('//*[@itemprop="datePublished"]|//time[@pubdate]|//time[@datetime]'):
            v = ok(parse_iso_date(el.get("datetime") or el.get("content") or ""))
            if v:
                meta.published, meta.published_source = v, "time"
                break
    if meta.updated is None:
        meta.updated = ok(parse_iso_date(first_meta(_UPDATED_META)))
    if meta.published is None and guess_date:
        meta.published = _htmldate(tree, url or meta_url(tree, metas), fetched)
        meta.published_source = "htmldate" if meta.published else ""
    if meta.updated is not None and meta.published is not None and _as_dt(meta.updated) < _as_dt(meta.published):
        meta.updated = None  # an "updated" before the publication is a template default

    # --- authors: JSON-LD, then meta, then visible byline markup ---
    raw_authors = [n for obj in articles for n in _names(obj.get("author"))]
    if not raw_authors:
        raw_authors = [a for k in _AUTHOR_META for a in metas.get(k, []) if not a.startswith("http")]
    if not raw_authors:
        raw_authors = [_text(el) for el in tree.xpath('//*[@rel="author"]|//*[@itemprop="author"]')][:3]
    if not raw_authors:
        # XPath narrows the candidates in C; the regex then checks word starts ("author", not "coauthored").
        for el in tree.xpath(_BYLINE_XPATH):
            if _BYLINE_CLASS.search(el.get("class", "")) and 0 < len(_text(el)) <= 80:
                raw_authors.append(_text(el))
                break
    meta.authors = clean_authors(raw_authors)

    # --- title, URL, site, tags, captions, language ---
    h1 = next((_text(h) for h in tree.xpath("//h1") if _text(h)), None)
    og_title = first_meta(("og:title", "twitter:title"))
    ld_title = next((o["headline"] for o in articles if isinstance(o.get("headline"), str)), None)
    head_title = next((_text(t) for t in tree.xpath("//head/title|//title")), None)
    meta.title = _choose_title(h1, ld_title or og_title, head_title)
    meta.url = meta_url(tree, metas)
    meta.site_name = first_meta(("og:site_name", "application-name"))
    tags: list[str] = []
    for key in _TAG_META:
        for value in metas.get(key, []):
            tags.extend(t.strip() for t in value.split(",") if t.strip())
        if tags:
            break
    meta.tags = list(dict.fromkeys(tags))[:30]
    meta.captions = [c for c in (_text(f) for f in tree.xpath("//figure//figcaption")[:20]) if c]
    lang = tree.xpath("/html/@lang")
    meta.language = lang[0].split("-")[0].lower() if lang and lang[0].strip() else None
    return meta


def _choose_title(h1: str | None, declared: str | None, head: str | None) -> str | None:
    """The headline: an ``<h1>`` that the declared or ``<title>`` title confirms, else the declared one."""
    head_clean = _SITE_SUFFIX.sub("", head).strip() if head else None
    for candidate in (declared, head_clean, head):
        if h1 and candidate and (h1.casefold() in candidate.casefold() or candidate.casefold() in h1.casefold()):
            return h1 if len(h1) >= 10 else candidate
    return declared or head_clean or h1


def meta_url(tree: Any, metas: dict[str, list[str]]) -> str | None:
    """The page's own URL: its canonical link, else og:url."""
    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    if canonical and canonical[0].strip().startswith("http"):
        return str(canonical[0]).strip()
    return metas.get("og:url", [None])[0]


def _htmldate(tree: Any, url: str | None, fetched: datetime | None) -> date | None:
    """htmldate's guess from the page's visible text and URL: the last resort, so slow is fine."""
    try:
        from htmldate import find_date

        found = find_date(tree, url=url, original_date=True, extensive_search=True,
                          max_date=latest_allowed(fetched).strftime("%Y-%m-%d"))
    except Exception:  # noqa: BLE001 - htmldate raises many kinds on odd pages; a guess is optional
        return None
    value = parse_iso_date(found)
    return value.date() if isinstance(value, datetime) else value


