"""Reading RSS and Atom feeds (``.rss``, ``.atom``, ``.xml``, or any file that sniffs as one).

One finished article per entry, parsed with feedparser (RSS 0.9x/1.0/2.0, Atom
0.3/1.0).  A feed is recognised by its content, not only its name: the first
element of the document must be ``<rss>``, an Atom ``<feed>`` or an RSS 1.0
``<rdf:RDF>`` (:func:`looks_like_feed`); a ``.xml`` file that is not a feed falls
through to the other readers.

Per entry:

* ``url`` is the entry's link (``feedburner:origLink`` before a redirector's
  link; a relative link is resolved against the feed), ``outlet`` the link's host
  as for every other reader (so a page and its feed entry share an outlet), the
  feed's title where no host is known; the title is kept in ``extras["feed_title"]``.
* ``published`` and ``updated`` come from their own elements (RSS ``pubDate`` /
  Atom ``published``; Atom ``updated``), as the wall time they were written in,
  like dates read from pages.  No date may be later than the feed's own date
  (``lastBuildDate``, channel ``pubDate``, Atom ``updated``) or the file time: a
  later one is dropped and counted.  Without a usable published date, the entry's
  updated date or else that bound stands in, flagged unreliable.
* ``authors`` from every ``author``/``dc:creator`` (Atom's feed-level authors
  for entries without their own), ``tags`` from the categories, ``links`` from
  the entry's links and the links in its text.
* Full content (``content:encoded``, Atom ``content``) is read like the main text
  of an HTML page: block by block (paragraphs, list items, quotes), headings as
  subheadings, figure captions as captions, "Foto: ..." lines and caption tails
  as photo credits, "Läs också: ..." lines as related titles, then the same
  per-language boilerplate markers and repeat removal as :mod:`tidings.extract.html`.
  The publisher already cut the content out of its page, so trafilatura's
  main-text search (made to throw page furniture away) is not run on it: that
  path keeps subheadings in the body and credits glued to captions, and is about
  3x slower (``benchmarks/bench_feed.py``).  Without full content, the
  summary becomes the lead (and body), with its HTML stripped and escaped
  entities decoded, also when a feed escaped them twice.

Entries without text or without a link are skipped and counted per reason in the
run report's ``feed`` row, as are entries repeated within the feed.  A malformed
feed (feedparser's "bozo") is read as far as feedparser gets, with a note naming
the file and the parser's reason.  Article ids derive from the link, so
re-ingesting a feed adds nothing.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from ..errors import CorruptInput
from ..extract.authors import clean_authors, organisations
from ..extract.blocks import split_authors, words
from ..extract.html import _paragraphs, outlet_of
from ..extract.htmlmeta import PageMeta
from ..extract.markers import markers
from ..model import Article, normalise_text
from ..pipeline.report import RunReport, StepCounters
from .feedtext import html_parts, plain_text, split_caption, unlabelled
from .html import gunzip_limited, read_limited
from .text import file_time

__all__ = ["FeedReader", "looks_like_feed", "read_feed"]

#: How much of a file's start is read to tell whether it is a feed.
SNIFF_BYTES = 8192

_PROLOG = re.compile(r"\s*(?:<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)", re.DOTALL | re.IGNORECASE)
_ROOT = re.compile(r"<(?:([\w.-]+):)?([\w.-]+)([^>]*)>?", re.DOTALL)
_ATOM_NS = ("http://www.w3.org/2005/atom", "http://purl.org/atom/ns")
_RSS1_NS = ("http://purl.org/rss/1.0", "http://my.netscape.com/rdf/simple/0.9")

_EMAIL_NAME = re.compile(r"^\s*\S+@\S+\s*\(([^()]+)\)\s*$")


# --------------------------------------------------------------------------- sniffing

def looks_like_feed(head: bytes) -> bool:
    """Whether a document starting with ``head`` is an RSS or Atom feed (by its first element)."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    pos = 0
    while True:  # skip the XML declaration, processing instructions, comments and a doctype
        m = _PROLOG.match(text, pos)
        if not m:
            break
        pos = m.end()
    text = text[pos:].lstrip()
    if not text.startswith("<"):
        return False
    m = _ROOT.match(text)
    if not m:
        return False
    name, attrs = m.group(2).lower(), m.group(3).lower()
    if name == "rss":
        return True
    if name == "feed":
        return any(ns in attrs for ns in _ATOM_NS)
    if name == "rdf":
        return any(ns in text[:SNIFF_BYTES].lower() for ns in _RSS1_NS)
    return False


# --------------------------------------------------------------------------- dates

def _entry_date(entry: Any, key: str) -> date | datetime | None:
    """The date in ``entry[key]`` as written (aware when it names its zone); feedparser's UTC
    reading of it when the string is in a form only feedparser knows."""
    # dict.get: feedparser's own get() answers "updated" with the published date when there is none.
    raw = dict.get(entry, key)
    if isinstance(raw, str) and raw.strip():
        raw = raw.strip()
        if re.fullmatch(r"\d{4}-\d\d-\d\d", raw):
            try:
                return date.fromisoformat(raw)
            except ValueError:
                pass
        try:
            return email.utils.parsedate_to_datetime(raw)  # RFC 822, as RSS writes it
        except (TypeError, ValueError, IndexError):
            pass
        try:
            return datetime.fromisoformat(raw)  # ISO 8601, as Atom writes it
        except ValueError:
            pass
    parsed = dict.get(entry, f"{key}_parsed")
    if parsed:
        try:
            return datetime(*parsed[:6], tzinfo=timezone.utc)
        except (TypeError, ValueError):
            return None
    return None


def _utc(value: date | datetime) -> datetime:
    """For comparing: aware UTC (a time without a zone is taken as UTC, a day as its start)."""
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)


def _wall(value: date | datetime) -> date | datetime:
    """As stored: the wall time the feed wrote (pages' dates are read the same way)."""
    return value.replace(tzinfo=None) if isinstance(value, datetime) else value


# --------------------------------------------------------------------------- entries

def _http(url: str | None) -> bool:
    return bool(url) and url.lower().startswith(("http://", "https://"))


def _unique(items: list[str]) -> list[str]:
    out: dict[str, str] = {}
    for item in items:
        if item:
            out.setdefault(item.casefold(), item)
    return list(out.values())


def _language(value: str | None) -> str | None:
    if not value or not isinstance(value, str):
        return None
    code = value.strip().split("-")[0].split("_")[0].lower()
    return code if code.isalpha() and 2 <= len(code) <= 3 else None


def _content(entry: Any) -> tuple[str, str | None] | None:
    """The entry's full content (the longest HTML one when there are several), or None."""
    items = [c for c in entry.get("content") or [] if isinstance(c.get("value"), str) and c["value"].strip()]
    if not items:
        return None
    html_items = [c for c in items if "html" in (c.get("type") or "")] or items
    best = max(html_items, key=lambda c: len(c["value"]))
    return best["value"], best.get("language")


class _Feed:
    """What every entry of one feed shares."""

    def __init__(self, parsed: Any, source: str, url: str | None, fetched: datetime) -> None:
        feed = parsed.get("feed") or {}
        self.source = source
        self.title = plain_text(feed.get("title"), (feed.get("title_detail") or {}).get("type")) or None
        self.base = url or (feed.get("link") if _http(feed.get("link")) else None)
        self.language = _language(feed.get("language"))
        atom = str(parsed.get("version") or "").startswith("atom")
        self.rss = str(parsed.get("version") or "").startswith("rss")
        # Atom: an entry without authors has the feed's (RSS's managingEditor is no byline).
        self.authors = [a["name"] for a in feed.get("authors") or [] if a.get("name")] if atom else []
        limit = _utc(fetched)
        own = [d for d in (_entry_date(feed, "updated"), _entry_date(feed, "published")) if d]
        if own:
            limit = min(limit, max(_utc(d) for d in own))
        self.limit = limit  # no date of an entry may be later
        self.fetched = limit.replace(tzinfo=None)  # naive UTC, like file times
        self.seen: set[str] = set()


def _entry_text(value: str, title: str | None) -> dict[str, list[str]]:
    """Paragraphs, subheadings, captions, credits, related titles and bylines of an entry's HTML."""
    parts = html_parts(value)
    labelled = markers().labelled
    out: dict[str, list[str]] = {k: [] for k in ("paras", "subheadings", "captions", "credits",
                                                 "related", "authors")}
    out["links"] = parts.links
    out["raw"] = [t for _, t in parts.blocks]  # the entry's whole text, as a page's raw is its main text
    related_next = False
    for kind, text in parts.blocks:
        if kind == "caption":
            caption, credit = split_caption(text)
            if caption:
                out["captions"].append(caption)
            if credit:
                out["credits"].append(credit)
            continue
        m = labelled.match(text) if len(words(text)) <= 16 else None
        if m:
            rest = (m.group("rest") or "").strip()
            if m.group("related"):
                if rest:
                    out["related"].append(rest)
                related_next = not rest  # "Läs också:" alone: the title under it is related
            elif m.group("photo") and rest:
                out["credits"].append(rest)
            elif m.group("author") and rest:
                out["authors"].extend(split_authors(rest))
            continue
        if related_next:
            related_next = False
            if len(words(text)) <= 25 and not text.endswith("."):
                out["related"].append(text)
                continue
        if kind == "h":
            out["subheadings"].append(text)
            continue
        out["paras"].append(text)
    meta = PageMeta(title=title)
    out["paras"] = _paragraphs("\n".join(out["paras"]), meta)
    title_key = normalise_text(title) if title else None
    boiler = markers().boilerplate
    out["subheadings"] = _unique([h for h in out["subheadings"] if normalise_text(h) != title_key
                                  and normalise_text(h).strip(" .:|") not in boiler])
    return out


def _entry_article(entry: Any, index: int, feed: _Feed, counters: StepCounters) -> Article | None:
    link = entry.get("feedburner_origlink") or entry.get("link")
    link = urljoin(feed.base or "", link.strip()) if isinstance(link, str) and link.strip() else None
    if not _http(link):
        counters.dropped["entry without a link"] += 1
        return None
    if link in feed.seen:
        counters.dropped["entry repeated in the feed"] += 1
        return None
    title = plain_text(entry.get("title"), (entry.get("title_detail") or {}).get("type")) or None
    content = _content(entry)
    summary = entry.get("summary") if isinstance(entry.get("summary"), str) else ""
    text, kind, language = None, "", None
    if content:
        text, kind, language = _entry_text(content[0], title), "content", content[1]
    if (not text or not text["paras"]) and summary.strip() and (not content or summary != content[0]):
        text, kind = _entry_text(summary, title), "summary"
        language = (entry.get("summary_detail") or {}).get("language")
    if not text or not text["paras"]:
        counters.dropped["entry without text"] += 1
        return None
    feed.seen.add(link)

    # --- dates: published and updated from their own elements, none later than the feed ---
    published = _entry_date(entry, "published")
    updated = _entry_date(entry, "updated")
    if feed.rss and published is None and updated is not None:
        # RSS has no "updated": feedparser files dc:date there, which RSS feeds use for publication.
        published, updated = updated, None
    for name in ("published", "updated"):
        value = published if name == "published" else updated
        if value is not None and _utc(value) > feed.limit:
            counters.notes[f"{name} date after the feed's own date or the file time, dropped"] += 1
            if name == "published":
                published = None
            else:
                updated = None
    if published is not None and updated is not None and _utc(updated) <= _utc(published):
        updated = None  # not an update: the same time, or a template's default
    date_source = "feed"
    if published is None:
        date_source = "feed updated" if updated is not None else "feed date"
    stand_in = updated if updated is not None else feed.limit.replace(tzinfo=None).date()

    names = [a["name"] for a in entry.get("authors") or [] if isinstance(a, dict) and a.get("name")]
    raw_author = entry.get("author") if isinstance(entry.get("author"), str) else ""
    if (m := _EMAIL_NAME.match(raw_author)) and len(names) <= 1:
        names = [m.group(1)]  # RSS "mail@host (Name)": feedparser splits it wrongly on long TLDs
    elif not names and raw_author:
        names = [raw_author]
    authors = clean_authors(names or text["authors"] or feed.authors)
    tags = _unique([plain_text(t.get("label") or t.get("term")) for t in entry.get("tags") or []
                    if isinstance(t, dict)])
    credits = [unlabelled(plain_text(c.get("content"))) for c in entry.get("media_credit") or []
               if isinstance(c, dict)]
    links = [link] + [urljoin(link, h) for h in
                      [str(x.get("href") or "") for x in entry.get("links") or [] if isinstance(x, dict)]
                      + text["links"] if h]
    article = Article(
        source=feed.source, raw="\n".join(text["raw"]), url=link, outlet=outlet_of(link) or feed.title, title=title,
        lead=text["paras"][0], body=text["paras"][1:], subheadings=text["subheadings"],
        published=_wall(published if published is not None else stand_in),
        date_reliable=published is not None, updated=_wall(updated) if updated is not None else None,
        authors=authors, author_organisations=organisations(authors),
        photo_credits=_unique(text["credits"] + credits), image_captions=_unique(text["captions"]),
        tags=tags, related_titles=_unique(text["related"]),
        links=list(dict.fromkeys(u for u in links if _http(u))), position=index, fetched=feed.fetched,
    )
    article.extras["date_source"] = date_source
    article.extras["feed_text"] = kind
    if feed.title:
        article.extras["feed_title"] = feed.title
    guid = entry.get("id")
    if isinstance(guid, str) and guid.strip() and guid.strip() != link:
        article.extras["guid"] = guid.strip()
    lang = _language(language) or _language(entry.get("language")) or feed.language
    if lang:
        article.extras["declared_language"] = lang
    return article


def _bozo_reason(exc: BaseException | None) -> str:
    if exc is None:
        return "unknown parser error"
    if hasattr(exc, "getLineNumber") and hasattr(exc, "getMessage"):
        return f"line {exc.getLineNumber()}, column {exc.getColumnNumber()}: {exc.getMessage()}"
    return f"{type(exc).__name__}: {exc}"


def read_feed(data: bytes, *, source: str, fetched: datetime, report: RunReport, url: str | None = None,
              content_type: str | None = None, max_bytes: int = 32 * 1024 * 1024) -> Iterator[Article]:
    """One finished article per usable entry of the feed in ``data``.

    ``fetched`` (naive UTC: the file or fetch time) bounds the dates; ``url`` is where
    the feed came from (it resolves relative links).  Raises a CorruptInput when
    feedparser finds no feed in ``data`` at all."""
    import feedparser

    if data[:2] == b"\x1f\x8b":
        data = gunzip_limited(data, source, max_bytes)
    headers = {"content-type": content_type or "application/xml"}
    if url:
        headers["content-location"] = url
    try:
        parsed = feedparser.parse(data, response_headers=headers, sanitize_html=True,
                                  resolve_relative_uris=True)
    except Exception as exc:  # noqa: BLE001 - feedparser wraps most errors as bozo; not all
        raise CorruptInput(source, f"feed parser failed: {type(exc).__name__}: {exc}") from exc
    entries = parsed.get("entries") or []
    benign = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    exc = parsed.get("bozo_exception")
    if not parsed.get("version") and not entries:
        raise CorruptInput(source, "not a readable feed" + (f" ({_bozo_reason(exc)})" if parsed.get("bozo") else ""))
    malformed = bool(parsed.get("bozo")) and not isinstance(exc, benign)
    if malformed and not entries:
        raise CorruptInput(source, f"malformed feed without a readable entry ({_bozo_reason(exc)})")
    counters = report.step("feed")
    if malformed:
        report.warn(source, "malformed feed, read as far as the parser got",
                    f"{_bozo_reason(exc)}; entries found: {len(entries)}")
    feed = _Feed(parsed, source, url, fetched)
    for index, entry in enumerate(entries):
        counters.seen += 1
        article = _entry_article(entry, index, feed, counters)
        if article is not None:
            counters.emitted += 1
            yield article


class FeedReader:
    """RSS and Atom feeds: one article per entry.  Chosen by content (:meth:`sniff`), whatever
    the file's name; ``suffixes`` lists the names feeds usually have."""

    name = "feed"
    suffixes: tuple[str, ...] = (".rss", ".atom", ".rdf", ".xml")

    def __init__(self, max_bytes: int = 32 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes

    def sniff(self, head: bytes) -> bool:
        """Whether a file starting with ``head`` is a feed (a ``.xml`` that is not falls through)."""
        return looks_like_feed(head)

    def read(self, path: Path, report: RunReport) -> Iterator[Article]:
        data = read_limited(path, self.max_bytes)
        yield from read_feed(data, source=str(path), fetched=file_time(path), report=report,
                             max_bytes=self.max_bytes)
