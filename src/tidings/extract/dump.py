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
from ..pipeline import Drop, Splitter
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
        self._dates: dict[tuple[str, str], tuple[DateMatch, str] | None] = {}
        self._authors: dict[tuple[str, str], list[str] | None] = {}

    # --- block kinds -------------------------------------------------------
    # Each test is asked many times of the same block while the page is segmented
    # (every block is a possible article start), so answers are kept per text.
    def date_of(self, block: Block) -> tuple[DateMatch, str] | None:
        key = (block.hint, block.text)
        if key not in self._dates:
            if block.hint == "date":
                self._dates[key] = date_line(block.text, self.base)
            elif block.hint:
                self._dates[key] = None
            else:
                self._dates[key] = date_line(block.text, self.base, self.labels)
        return self._dates[key]

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
        key = (block.hint, block.text)
        if key not in self._authors:
            self._authors[key] = self._author_line(block)
        return self._authors[key]

    def _author_line(self, block: Block) -> list[str] | None:
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
                # A real dateline is followed by the article: prose within a few blocks.
                # (A menu item above the page's current date is not a header.)
                if any(_is_prose(b.text) or b.hint in ("caption", "credit", "run-in")
                       for b in blocks[j + 1:j + 7]):
                    return j
                return None
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
        start = self._body(parts, blocks, i)
        if parts.title is None and start is not None:
            parts.title = self._title_before(blocks, start)
        return parts

    def _title_before(self, blocks: list[Block], start: int) -> str | None:
        """The headline of a page without a dateline header: the longest title-like block
        in the stretch just above the body (kickers, bylines and menus are shorter)."""
        best: tuple[int, int, str] | None = None
        for k in range(start - 1, max(-1, start - 13), -1):
            b = blocks[k]
            if b.hint == "title":
                return b.text
            if b.hint or not _is_title_like(b.text) or self.date_of(b) or self.is_nav(b) \
                    or self.labelled.match(b.text) or self.author_line(b) or self.is_boilerplate(b.text):
                continue
            score = (min(len(words(b.text)), 15), k)
            if best is None or score > best[:2]:
                best = (*score, b.text)
        return best[2] if best else None

    def _set_date(self, parts: _Parts, match: DateMatch, label: str, primary: bool = False) -> None:
        if label and label in self.updated_labels:
            parts.updated = parts.updated or match
        elif primary or label:
            parts.published = parts.published or match

    def _body(self, parts: _Parts, blocks: list[Block], first: int) -> int | None:
        """Fill body fields from ``blocks[first:]``; returns the block index where the
        article text starts (None when there is none)."""
        seen: set[str] = set()
        pending_caption: list[str] = []
        in_nav = False
        paras: list[tuple[str, str, int]] = []  # (kind, text, block index); kinds "p", "h?"
        loose_dates: list[tuple[int, DateMatch]] = []
        prose_seen = False  # bylines stand above the text; below it "By" starts a sentence
        for idx in range(first, len(blocks)):
            block = blocks[idx]
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
                else:
                    loose_dates.append((idx, found[0]))
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
            if block.hint == "author" or (not prose_seen and self.author_line(block)):
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
                paras.extend(("p", c, idx) for c in pending_caption)
                pending_caption = []
            paras.append(("h?" if _is_short_unpunctuated(kept) else "p", kept, idx))
            prose_seen = prose_seen or paras[-1][0] == "p"
        if not paras:
            return None
        lo, hi = _main_region(paras)
        start = paras[lo][2]
        if parts.published is None and loose_dates:
            # The dateline nearest above the article text; a date further up is the
            # page's own (today's date in a menu bar), one below is in a teaser.
            above = [d for i, d in loose_dates if i < start]
            parts.published = above[-1] if above else loose_dates[0][1]
        # Tags: short unpunctuated blocks right after the article text, up to the end.
        tail = paras[hi + 1:]
        if tail and len(tail) <= 8 and all(k == "h?" and len(words(t)) <= 8 for k, t, _ in tail):
            for _, text, _ in tail:
                parts.tags.extend(split_tags(text) if len(words(text)) > 3 else [text])
        region = paras[lo:hi + 1]
        for n, (kind, text, _) in enumerate(region):
            if parts.lead is None:
                if kind == "p":
                    parts.lead = text
                continue
            nxt = region[n + 1][0] if n + 1 < len(region) else None
            prev = region[n - 1][0] if n else None
            if kind == "h?":
                if nxt == "p" and prev == "p":
                    parts.subheadings.append(text)  # a heading between paragraphs
                # other short lines inside the text (lists of links, "Share") are left out
                continue
            parts.body.append(text)
        return start

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


_SENTENCE_END = re.compile(r"[.!?…:;]\W{0,2}$")

#: Paragraphs that are not prose allowed between two prose paragraphs of one text.
MAX_GAP = 8


def _is_good(text: str) -> bool:
    """Prose that is surely article text: a sentence of some length, or several."""
    return len(words(text)) >= 8 and bool(re.search(r"[.!?…:;]\W{0,2}$", text)) \
        or len(sentences(text)) >= 3


def _main_region(paras: list[tuple[str, str, int]]) -> tuple[int, int]:
    """The stretch of ``paras`` that is the article: the run of prose paragraphs (gaps of
    at most MAX_GAP others) with the most text, widened over short sentences at its edges.
    Menus, teaser lists and footers are runs of short lines and fall outside it."""
    good = [n for n, (kind, text, _) in enumerate(paras) if kind == "p" and _is_good(text)]
    if not good:
        first_p = next((n for n, (kind, _, _) in enumerate(paras) if kind == "p"), 0)
        return first_p, len(paras) - 1
    clusters: list[list[int]] = [[good[0]]]
    for n in good[1:]:
        if n - clusters[-1][-1] > MAX_GAP + 1:
            clusters.append([])
        clusters[-1].append(n)

    def weight(c: list[int]) -> int:
        return sum(len(paras[n][1]) for n in range(c[0], c[-1] + 1) if paras[n][0] == "p")

    best = max(clusters, key=weight)
    lo, hi = best[0], best[-1]
    # Widen over short sentences at the edges (a five-word lead), not over long
    # unpunctuated runs (a menu copied as one line).
    def sentence(n: int) -> bool:
        return paras[n][0] == "p" and bool(_SENTENCE_END.search(paras[n][1]))

    while lo > 0 and sentence(lo - 1):
        lo -= 1
    while hi + 1 < len(paras) and sentence(hi + 1):
        hi += 1
    return lo, hi


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
            raise Drop("no article text found")
        return found
