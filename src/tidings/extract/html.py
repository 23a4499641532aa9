"""Clean articles from HTML pages: trafilatura for the main text, tidings' own metadata on top.

The page is parsed once; :mod:`.htmlmeta` reads title, dates, authors, tags and
captions from the tree before trafilatura prunes a copy of it down to the main
text.  The main text then goes through the same per-language marker tables as
text dumps (share and cookie lines, navigation headings, credit lines), and a
paragraph already seen is dropped, so an HTML article and a dump article come
out with the same fields and the same cleaning.

Comments are left out on purpose: readers' comments are not the article, and
leaving them out is both more precise and faster than trafilatura's default.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from ..errors import InputError
from ..model import Article, normalise_text
from .authors import organisations
from .blocks import words
from .htmlmeta import PageMeta, page_meta
from .markers import markers

__all__ = ["NoMainText", "extract_html", "outlet_of"]

#: libxml2 stops nesting at this depth; a page that reaches it was cut by the parser.
_LIBXML_MAX_DEPTH = 255


class NoMainText(InputError):
    reason = "no article text found"


def outlet_of(url: str | None) -> str | None:
    """The outlet of a URL: its host without "www." ("https://www.svd.se/a/x" -> "svd.se")."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return None
    host = host.lower().rstrip(".")
    for prefix in ("www.", "www2.", "m.", "amp."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix):]
    return host or None


def _parse(data: str | bytes, source: str) -> Any:
    from trafilatura.utils import load_html

    try:
        tree = load_html(data)
    except (ValueError, RecursionError) as exc:  # lxml's errors derive from ValueError-free bases too
        raise InputError(source, f"HTML parser failed: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - lxml raises its own error tree; wrap it once here
        raise InputError(source, f"HTML parser failed: {type(exc).__name__}: {exc}") from exc
    if tree is None:
        raise InputError(source, "not HTML: the parser found no document")
    return tree


def _too_deep(tree: Any) -> bool:
    # Only asked after an extraction came back empty, so the full walk costs nothing in the normal case.
    return bool(tree.xpath(f"boolean(//*[count(ancestor::*) >= {_LIBXML_MAX_DEPTH - 5}])"))


#: Below this many characters, trafilatura's own pass is checked against its fallbacks.
_SHORT_TEXT = 500


def _main_text(tree: Any, url: str | None) -> str | None:
    import trafilatura

    def run(fast: bool) -> str | None:
        return trafilatura.extract(tree, url=url, include_comments=False, include_tables=True,
                                   output_format="txt", with_metadata=False, fast=fast)

    # trafilatura compares its result with readability and jusText on every page; that
    # comparison changes the outcome mostly when its own pass found little, so it runs
    # only then (faster on the many pages where the main pass is clearly right).
    text = run(fast=True)
    if text is None or len(text) < _SHORT_TEXT:
        text = run(fast=False) or text
    return text


def _paragraphs(text: str, meta: PageMeta) -> list[str]:
    """The main text's paragraphs minus the title, site furniture and repeats."""
    m = markers()
    boiler = m.boilerplate
    title_key = normalise_text(meta.title) if meta.title else None
    seen: set[str] = set()
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        key = normalise_text(line)
        if key == title_key and not out:
            continue  # trafilatura sometimes keeps the headline as the first paragraph
        if key.strip(" .:|") in boiler:
            continue
        if key in seen and len(words(line)) >= 4:
            continue  # a repeated paragraph (pull quotes, duplicated teasers) is kept once
        seen.add(key)
        out.append(line)
    return out


def extract_html(data: str | bytes, *, source: str, url: str | None = None,
                 fetched: datetime | None = None) -> Article:
    """One clean article from one HTML page; raises an InputError with the reason when none is found."""
    tree = _parse(data, source)
    meta = page_meta(tree, fetched, url=url)
    url = url or meta.url
    text = _main_text(tree, url)
    paragraphs = _paragraphs(text, meta) if text else []
    if not paragraphs:
        if _too_deep(tree):
            raise NoMainText(source, f"HTML nested deeper than {_LIBXML_MAX_DEPTH} levels; the parser "
                                     "cut it off there")
        raise NoMainText(source, "the page has no main text (an index, a form or an empty page?)")
    authors = meta.authors
    article = Article(
        source=source, raw=text or "", url=url, outlet=outlet_of(url) or meta.site_name,
        title=meta.title, lead=paragraphs[0], body=paragraphs[1:], published=meta.published,
        date_reliable=meta.published is not None, updated=meta.updated, authors=authors,
        author_organisations=organisations(authors), tags=meta.tags, image_captions=meta.captions,
        fetched=fetched,
    )
    if meta.published is None and fetched is not None:
        article.published = fetched.date()  # a fallback, flagged as unreliable
    if meta.published_source:
        article.extras["date_source"] = meta.published_source
    if meta.language:
        article.extras["declared_language"] = meta.language
    return article
