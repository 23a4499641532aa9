"""Reading articles out of raw page text ("text dumps").

The rules are structural and driven by the marker tables, never by the wording
of any one outlet:

* an article starts at a title-like block followed, within two bylines, by a
  block that is only a date; a file may hold several articles;
* date-only blocks elsewhere are metadata, never body;
* "MARKER: value" blocks are related links, photo credits or bylines;
* a navigation marker starts a list of other headlines that runs until prose
  returns; boilerplate lines (share, cookies) are dropped wherever they stand;
* the first paragraph after the header is the lead; short unpunctuated blocks
  followed by prose are subheadings; unpunctuated blocks after the last
  paragraph are tags;
* a sentence already seen in the article is dropped, so a repeated body is kept once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from ..model import Article, normalise_text
from ..pipeline import Splitter
from .authors import organisations
from .blocks import Block, is_credit_token, sentences, split_authors, split_blocks, split_byline, \
    split_tags, words
from .dates import DateMatch, date_line
from .markers import markers

__all__ = ["DumpExtractor", "extract_articles"]

_TERMINAL = re.compile(r"[.!?…:;,]\W{0,2}$")
_QUOTED_END = re.compile(r"[.!?…][\"'”’»“]+$")
_DASH_START = re.compile(r"^[–—-]\s")


def _is_title_like(text: str) -> bool:
    n = len(words(text))
    return 2 <= n <= 25 and len(text) <= 220 and not text.endswith((".", ":", ";", ",")) \
        and not _DASH_START.match(text)


def _is_short_unpunctuated(text: str, max_words: int = 12) -> bool:
    return len(words(text)) <= max_words and len(text) <= 100 and not _TERMINAL.search(text) \
        and not _QUOTED_END.search(text) and not _DASH_START.match(text)


def _is_prose(text: str) -> bool:
    return len(words(text)) >= 5 and bool(re.search(r"[.!?…:]\W{0,2}$", text))


@dataclass(slots=True)
class _Parts:
    """Fields of one article as they are found."""

    title: str | None = None
    published: DateMatch | None = None
    updated: DateMatch | None = None
    authors: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    subheadings: list[str] = field(default_factory=list)
    lead: str | None = None
    body: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, base: datetime | None) -> None:
        self.base = base
        m = markers()
        self.labels = frozenset(w.casefold() for w in m.words("published") | m.words("updated"))
        self.updated_labels = frozenset(w.casefold() for w in m.words("updated"))
        self.boilerplate = m.boilerplate
        self.labelled = m.labelled
        self.nav = m.navigation

    # --- block kinds -------------------------------------------------------
    def date_of(self, block: Block) -> tuple[DateMatch, str] | None:
        if block.hint == "date":
            found = date_line(block.text, self.base)
            return found
        if block.hint:
            return None
        return date_line(block.text, self.base, self.labels)

    def is_nav(self, block: Block) -> bool:
        if block.hint == "nav":
            return True
        m = self.nav.match(block.text)
        return bool(m) and block.text[0].isupper() and (
            m.end() == len(block.text) or not block.text[m.end():].strip()[:1].islower())

    def is_boilerplate(self, text: str) -> bool:
        low = text.casefold().strip(" .:|")
        return low in self.boilerplate or (len(low) < 60 and any(
            low.startswith(b) and len(b) > 8 for b in self.boilerplate))

    def author_line(self, block: Block) -> list[str] | None:
        if block.hint == "author":
            return split_authors(block.text)
        if block.hint or len(words(block.text)) > 10:
            return None
        m = self.labelled.match(block.text)
        if m and m.group("author") and m.group("rest"):
            return split_authors(m.group("rest"))
        title, authors = split_byline(" " + block.text)
        if authors and not title.strip():
            return authors
        desk = block.text.strip("() ")
        if desk.casefold() in markers().desks and block.text != desk:
            return [desk]  # "(TT)", "(NTB)": the agency byline that closes a wire story
        return None

    @staticmethod
    def bare_name(text: str) -> bool:
        """A line of two to four capitalised words and nothing else: a byline without a marker."""
        toks = words(text)
        return 2 <= len(toks) <= 4 and all(t[0].isupper() and t.isalpha() for t in toks)

    # --- segmentation ------------------------------------------------------
    def header_at(self, blocks: list[Block], i: int) -> int | None:
        """If an article header starts at ``i``, return the index of its date block."""
        if blocks[i].hint not in ("", "title") or not _is_title_like(blocks[i].text):
            return None
        if self.date_of(blocks[i]) or self.labelled.match(blocks[i].text) or self.is_nav(blocks[i]) \
                or self.author_line(blocks[i]) is not None:
            return None
        for j in range(i + 1, min(i + 4, len(blocks))):
            if self.date_of(blocks[j]):
                return j
            if self.author_line(blocks[j]) is None:
                return None
        return None

    def split(self, blocks: list[Block]) -> list[list[Block]]:
        starts = [i for i in range(len(blocks)) if self.header_at(blocks, i) is not None]
        if not starts:
            return [blocks] if blocks else []
        if starts[0] > 0 and any(_is_prose(b.text) and not b.hint == "nav" for b in blocks[: starts[0]]):
            starts.insert(0, 0)  # prose before the first header: an article without a dateline
        return [blocks[a:b] for a, b in zip(starts, [*starts[1:], len(blocks)])]

    # --- one article -------------------------------------------------------
    def parse(self, blocks: list[Block]) -> _Parts:
        parts = _Parts()
        i = 0
        date_idx = self.header_at(blocks, 0) if blocks else None
        if date_idx is not None:
            parts.title = blocks[0].text
            for b in blocks[1:date_idx]:
                parts.authors.extend(self.author_line(b) or [])
            found = self.date_of(blocks[date_idx])
            assert found is not None
            self._set_date(parts, *found, primary=True)
            i = date_idx + 1
        elif blocks and (blocks[0].hint == "title" or _is_title_like(blocks[0].text)):
            parts.title = blocks[0].text
            i = 1
        self._body(parts, blocks[i:])
        return parts

    def _set_date(self, parts: _Parts, match: DateMatch, label: str, primary: bool = False) -> None:
        if label and label in self.updated_labels:
            parts.updated = parts.updated or match
        elif primary or label:
            parts.published = parts.published or match

    def _body(self, parts: _Parts, blocks: list[Block]) -> None:
        seen: set[str] = set()
        pending_caption: list[str] = []
        in_nav = False
        paras: list[tuple[str, str]] = []  # (kind, text): kinds "p", "h?" (heading candidate)
        trailing: list[str] = []
        for idx, block in enumerate(blocks):
            text = block.text
            if block.hint == "caption":
                pending_caption.append(text)
                continue
            if block.hint == "credit" or (not paras and pending_caption and is_credit_token(text + " X")
                                          and len(words(text)) <= 4):
                parts.credits.append(text)
                if pending_caption:
                    parts.captions.append(" ".join(pending_caption))
                    pending_caption = []
                continue
            if self.is_nav(block):
                in_nav = True
                continue
            if in_nav:
                if _is_prose(text) and len(words(text)) > 12:
                    in_nav = False
                else:
                    continue
            found = self.date_of(block)
            if found:
                if found[1]:
                    self._set_date(parts, *found)
                elif not parts.authors and not paras and not parts.published:
                    self._set_date(parts, *found, primary=True)
                continue
            m = self.labelled.match(text) if not block.hint else None
            if m:
                rest = (m.group("rest") or "").strip()
                if m.group("related"):
                    if rest:
                        parts.related.append(rest)
                    elif idx + 1 < len(blocks) and _is_title_like(blocks[idx + 1].text):
                        blocks[idx + 1] = replace(blocks[idx + 1], hint="related")
                elif m.group("photo") and rest:
                    parts.credits.append(rest)
                elif m.group("author") and rest:
                    parts.authors.extend(split_authors(rest))
                continue
            if block.hint == "related":
                parts.related.append(text)
                continue
            if block.hint == "author" or (not paras and self.author_line(block)):
                parts.authors.extend(self.author_line(block) or [])
                continue
            if not paras and not pending_caption and parts.title and self.bare_name(text):
                parts.authors.append(text)  # a name alone between dateline and lead
                continue
            if paras and idx == len(blocks) - 1 and self.author_line(block):
                parts.authors.extend(self.author_line(block) or [])
                continue
            if self.is_boilerplate(text):
                continue
            kept = self._unseen(text, seen)
            if not kept:
                continue
            if pending_caption and not paras:
                # Caption-like sentences with no credit after them were the lead after all.
                paras.extend(("p", c) for c in pending_caption)
                pending_caption = []
            paras.append(("h?" if _is_short_unpunctuated(kept) else "p", kept))
        # Tags: unpunctuated short blocks after the last paragraph.
        while paras and paras[-1][0] == "h?":
            trailing.insert(0, paras.pop()[1])
        for text in trailing:
            parts.tags.extend(split_tags(text) if len(words(text)) > 3 else [text])
        for n, (kind, text) in enumerate(paras):
            if parts.lead is None:
                if kind == "p":
                    parts.lead = text
                continue
            nxt = paras[n + 1][0] if n + 1 < len(paras) else None
            if kind == "h?" and nxt == "p":
                parts.subheadings.append(text)
            else:
                parts.body.append(text)

    @staticmethod
    def _unseen(text: str, seen: set[str]) -> str:
        """The sentences of ``text`` not seen before in this article (and remember them)."""
        sents = sentences(text)
        kept = []
        for s in sents:
            key = normalise_text(s)
            if len(words(s)) >= 4 and key in seen:
                continue
            seen.add(key)
            kept.append(s)
        if len(kept) == len(sents):
            return text
        return " ".join(kept)


def _value(match: DateMatch | None) -> date | datetime | None:
    return match.value if match else None


def extract_articles(raw: Article) -> list[Article]:
    """Cut one raw input into its articles with their fields."""
    reader = _Reader(raw.fetched)
    blocks = split_blocks(raw.raw)
    out = []
    for position, chunk in enumerate(reader.split(blocks)):
        parts = reader.parse(chunk)
        if not parts.lead and not parts.body:
            continue
        article = Article(
            source=raw.source, raw="\n".join(b.text for b in chunk), url=raw.url, outlet=raw.outlet,
            fetched=raw.fetched, position=position, title=parts.title, lead=parts.lead,
            body=parts.body, subheadings=parts.subheadings, authors=_unique(parts.authors),
            author_organisations=organisations(_unique(parts.authors)),
            photo_credits=_unique(parts.credits), image_captions=parts.captions, tags=_unique(parts.tags),
            related_titles=parts.related, published=_value(parts.published),
            updated=_value(parts.updated), date_reliable=parts.published is not None,
        )
        if article.published is None and raw.fetched is not None:
            article.published = raw.fetched.date()  # a fallback, flagged as unreliable
        article.extras.update(raw.extras)
        out.append(article)
    return out


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


class DumpExtractor(Splitter):
    """Pipeline step: one raw text input in, its clean articles out."""

    name = "extract"
    requires = frozenset({"raw", "source"})
    assigns = frozenset({"title", "lead", "body", "subheadings", "published", "date_reliable",
                         "updated", "authors", "author_organisations", "photo_credits", "image_captions", "tags",
                         "related_titles"})

    def split(self, article: Article) -> Iterable[Article]:
        if article.body or article.lead:
            return (article,)  # a reader already extracted it (HTML, JSONL with fields)
        found = extract_articles(article)
        if not found:
            from ..pipeline import Drop

            raise Drop("no article text found")
        return found
