"""POST /api/v1/ingest: the posted text, HTML or JSONL goes through the normal pipeline.

The body is written to a temporary file with the suffix of its type and read
by the same readers ``tidings ingest`` uses, so a posted document is treated
exactly like a file.  Where no reader claims a type yet (HTML and JSONL readers
are built elsewhere), a small fallback here keeps the endpoint useful: HTML is
reduced to its text blocks, JSONL lines become finished articles.
"""

from __future__ import annotations

import json
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request

from ..api import default_pipeline, read_inputs
from ..model import Article
from ..pipeline import RunReport
from ..readers import readers
from .app import require_write, state

__all__ = ["html_to_text", "ingest_body"]

_SUFFIX = {"text/plain": ".txt", "text/html": ".html", "application/xhtml+xml": ".html",
           "application/x-ndjson": ".jsonl", "application/jsonl": ".jsonl",
           "application/json": ".jsonl"}
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
          "header", "footer", "figcaption", "blockquote", "time", "ul", "ol", "table"}


class _Text(HTMLParser):
    """Text blocks of an HTML page, scripts and styles left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "noscript", "template"}:
            self._skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "noscript", "template"}:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    text = "".join(parser.parts)
    blocks = (re.sub(r"[ \t\r\f\v]+", " ", b).strip() for b in re.split(r"\n\s*\n", text))
    return "\n\n".join(b for b in blocks if b)


def _jsonl_articles(text: str, source: str) -> list[Article]:
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if isinstance(record.get("body"), str):  # the export format joins paragraphs
                record["body"] = [p for p in record["body"].split("\n\n") if p.strip()]
            for key in ("quotes", "entities", "cited_sources", "mentions"):
                record.pop(key, None)  # export shapes differ from the model's; enrichment redoes them
            record["source"] = record.get("source") or source
            if not record.get("body") and isinstance(record.get("text"), str):
                record["raw"] = record.pop("text")  # a page's text: the extract step cuts it
            article = Article.from_dict({k: v for k, v in record.items() if k != "id"})
            article.position = n - 1
        except (ValueError, TypeError, AttributeError) as exc:
            raise HTTPException(422, f"line {n}: not an article record ({exc})") from exc
        out.append(article)
    return out


async def ingest_body(request: Request, name: str | None) -> dict[str, Any]:
    require_write(request)
    st = state(request)
    kind = request.headers.get("content-type", "text/plain").split(";")[0].strip().lower()
    suffix = _SUFFIX.get(kind)
    if suffix is None:
        raise HTTPException(415, f"unsupported content type {kind!r}; send text/plain, "
                                 "text/html or application/x-ndjson")
    body = await request.body()
    if len(body) > st.settings.max_ingest_bytes:
        raise HTTPException(413, f"{len(body)} bytes > web.max_ingest_bytes "
                                 f"({st.settings.max_ingest_bytes})")
    stem = re.sub(r"[^\w.-]", "_", name or "posted")[:80] or "posted"
    source = f"web:{stem}"
    report = RunReport()
    claimed = any(suffix in r.suffixes for r in readers(st.config)[:-1])
    with tempfile.TemporaryDirectory(prefix="tidings-ingest-") as tmp:
        if suffix == ".jsonl" and not claimed:
            text = body.decode("utf-8", errors="replace")
            raw_articles: Any = iter(_jsonl_articles(text, source))
            report.inputs_read += 1
        else:
            if suffix == ".html" and not claimed:
                body = html_to_text(body.decode("utf-8", errors="replace")).encode("utf-8")
                suffix = ".txt"
            path = Path(tmp) / (Path(stem).stem + suffix)
            path.write_bytes(body)
            raw_articles = read_inputs([path], st.config, report)
        stored = []
        for article in default_pipeline(st.config).run(raw_articles, report):
            article.source = source if article.source.startswith(tmp) else article.source
            article.assign_id()
            stored.append(article)
    new, existing = st.store.add_articles(stored) if stored else (0, 0)
    report.stored_new += new
    report.stored_existing += existing
    return {**report.as_dict(), "article_ids": [a.id for a in stored]}
