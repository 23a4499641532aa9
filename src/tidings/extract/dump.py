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
  between paragraphs are subheadings, listed as such and kept in the body where
  they stand (as an HTML page's text has them); short lines after a paragraph
  ending in a colon are the list it introduces; unpunctuated blocks after the
  last paragraph are tags;
* a sentence already seen in the article is dropped, so a repeated body is kept once;
* the article text is the stretch of the page with the highest score (:mod:`.region`; prose counts
  its length, in proportion to how much of it is lower case; short lines, labels,
  date stamps and left-out blocks between cost; text late in the page counts less):
  menus, teaser lists, comment threads, author boxes and footers fall outside it
  (on a page copied as one line, a share bar costs a line per network it names);
* a "teaser" chunk (headline, date, a sentence or three) much smaller than the
  file's main article is not an article of its own;
* sentences of a page that ran on one line stay one paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache

from ..model import Article, normalise_text
from ..pipeline import Drop, Splitter
from .authors import organisations
from .blocks import Block, byline_core, is_credit_token, opens_byline, sentences, split_authors, split_byline, \
    split_tags, words
from .dates import DateMatch, date_line
from .endings import ends_article
from .markers import capital, markers
from .region import LABEL_WORDS, _prose_share, _size, best_region, is_good, table_rows
from .glued import newsletter_box, repeated_title, teaser_card
from .runin import split_blocks

__all__ = ["DumpExtractor", "extract_articles"]

# Sentence punctuation, the full-width forms of Chinese and Japanese included.
_TERMINAL = re.compile(r"[.!?…:;,。！？：；，、]\W{0,2}$")
_QUOTED_END = re.compile(r"[.!?…。！？][\"'”’»“」』]+$")
_DASH_START = re.compile(r"^[–—-]\s")


def _is_title_like(text: str) -> bool:
    n = len(words(text))
    return 2 <= n <= 25 and len(text) <= 220 and not text.endswith((".", ":", ";", ",")) \
        and not _DASH_START.match(text)


def _is_short_unpunctuated(text: str, max_words: int = 12) -> bool:
    return _size(text) <= max_words and len(text) <= 100 and not _TERMINAL.search(text) \
        and not _QUOTED_END.search(text) and not _DASH_START.match(text)


def _is_prose(text: str) -> bool:
    return _size(text) >= 5 and bool(re.search(r"[.!?…:。！？：]\W{0,2}$", text))


@cache
def _boilerplate_prefixes(boilerplate: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Markers that make a short line furniture when it starts with them, and those (three
    words or more) that make a paragraph of any length furniture."""
    return (tuple(b for b in boilerplate if len(b) > 8), tuple(b for b in boilerplate if b.count(" ") >= 2))


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


#: A run-in piece that opens with a related-link label ("Lea también: ...") and is at most this
#: long is the link's headline (with at most a sentence of text glued to it).
RUN_IN_RELATED_WORDS = 40
#: A run-in piece that is a photo label and at most this many words ("Foto: ÖTZ") is a credit.
RUN_IN_CREDIT_WORDS = 5


class _Reader:
    def __init__(self, base: datetime | None) -> None:
        self.base = base
        m = markers()
        self.labels = m.date_labels
        self.updated_labels = frozenset(w.casefold() for w in m.words("updated"))
        self.boilerplate = m.boilerplate
        self.boilerplate_prefixes, self.boilerplate_openers = _boilerplate_prefixes(m.boilerplate)
        self.labelled = m.labelled
        self.nav = m.navigation
        self.comments = m.comments
        self.ago = m.ago
        self.more = m.more
        self.newsletter = m.newsletter
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
        return bool(m) and capital(block.text[0]) and (
            m.end() == len(block.text) or not block.text[m.end():].strip()[:1].islower())

    def ends_article(self, block: Block, following: Block | None = None) -> bool:
        """The heading of a comment form or thread ("Leave a Reply", "5 thoughts on “Title”"),
        on a line of its own or, on a page copied as one line, anywhere in the text; there
        also the form's fields and an author box (:mod:`.endings`)."""
        return ends_article(block.text, self.comments, run_in=block.hint in ("run-in", "nav"),
                            following=following.text if following else "")

    def is_boilerplate(self, text: str) -> bool:
        low = text.casefold().strip(" .:|")
        # A short line that starts with a marker is furniture ("Share this article on X");
        # so is a paragraph of any length that opens with a marker of three words or more
        # ("We use cookies to ...").
        return low in self.boilerplate or low.startswith(self.boilerplate_openers) or (
            len(low) < 60 and low.startswith(self.boilerplate_prefixes))

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
        text = byline_core(block.text, self.base) if opens_byline(block.text) else block.text
        title, authors = split_byline(" " + text)
        if authors and (not title.strip() or self.date_of(Block(title.strip()))):
            return authors  # "By Jane Doe", "Posted on 21 July 2019 by Jane Doe"
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
        if start is not None and blocks[start].hint == "run-in" and (
                parts.title is None or not _is_title_like(parts.title)):
            parts.title = repeated_title(blocks, start) or parts.title
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
        text_seen = False  # a paragraph that is surely text: only below one can the article end
        furniture: set[int] = set()  # blocks that stand inside articles: captions, credits, "Share"
        # relative time stamps ("2H ago"), "Read more" links and newsletter boxes' headings
        # ("PC Gamer Newsletter", "Newsletter abonnieren"): they part teasers, comments
        # and boxes from the text as date lines do
        stamps: set[int] = set()
        for idx in range(first, len(blocks)):
            block = blocks[idx]
            text = block.text
            if text_seen and self.ends_article(block, blocks[idx + 1] if idx + 1 < len(blocks) else None):
                break  # a comment form or thread: the article is above it
            if block.hint == "caption":
                pending_caption.append(text)
                furniture.add(idx)
                continue
            if block.hint == "furniture":
                furniture.add(idx)
                continue
            if block.hint == "credit" or (not paras and pending_caption and is_credit_token(text + " X")
                                          and len(words(text)) <= 4):
                parts.credits.append(text)
                furniture.add(idx)
                if pending_caption:
                    parts.captions.append(" ".join(pending_caption))
                    pending_caption = []
                continue
            if block.hint == "author":  # a byline cut out of a run-in page, menus or not above it
                parts.authors.extend(split_authors(text))
                continue
            if self.is_nav(block):
                in_nav = True
                continue
            if in_nav:
                # Prose, or a dateline over the next piece of text; on a page copied as one
                # line, also the statement that ended a navigation list (runin._navigation_split:
                # a headline there ends with "!" or "?", or with no stop at all).
                ended_list = blocks[idx - 1].hint == "nav" and is_good(text) and text.endswith(".")
                if _is_prose(text) and (len(words(text)) > 12 or ended_list) or self.date_of(block):
                    in_nav = False
                else:
                    continue
            if block.hint == "stamp" or (block.hint == "run-in" and (newsletter_box(text) or teaser_card(text))) or (
                    not block.hint and len(text) <= 40 and (
                    self.ago.fullmatch(text.strip()) or text.strip(" .…»›→>").casefold() in self.more
                    or self.newsletter.search(text))):
                stamps.add(idx)
                continue
            found = self.date_of(block)
            if found:
                if found[1]:
                    self._set_date(parts, *found)
                else:
                    loose_dates.append((idx, found[0]))
                continue
            run_in = block.hint == "run-in" and prose_seen
            m = self.labelled.match(text) if not block.hint or run_in else None
            if m and run_in:
                # On a page copied as one line: "... the text. Read also: Headline Next ..."
                if m.group("related") and len(words(text)) <= RUN_IN_RELATED_WORDS:
                    parts.related.append((m.group("rest") or "").strip())
                    furniture.add(idx)
                    continue
                if m.group("photo") and m.group("rest") and len(words(m.group("rest"))) <= RUN_IN_CREDIT_WORDS:
                    parts.credits.append(m.group("rest").strip())  # "... aufzuklären. Foto: ÖTZ Seit dem ..."
                    furniture.add(idx)
                    continue
                m = None
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
                furniture.add(idx)
                continue
            if block.hint == "related":
                parts.related.append(text)
                furniture.add(idx)
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
                furniture.add(idx)
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
            text_seen = text_seen or (prose_seen and is_good(kept) and _prose_share(kept) > 0)
        if not paras:
            return None
        lo, hi = best_region(paras, blocks, furniture, {i for i, _ in loose_dates} | stamps)
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
        listing = False  # inside a list that a paragraph ending in a colon introduced
        table = table_rows(region)
        for n, (kind, text, _) in enumerate(region):
            if parts.lead is None:
                if kind == "p":
                    parts.lead = text
                continue
            nxt = region[n + 1][0] if n + 1 < len(region) else None
            prev = region[n - 1][0] if n else None
            if kind == "h?":
                if listing or n in table:
                    # an item of the list ("Ingredients:", "Address:"), a cell of a table
                    parts.body.append(text)
                elif nxt == "p" and prev == "p":
                    # A heading between paragraphs: part of the text, as on the page (and
                    # in an HTML page's text), and listed among the subheadings.
                    parts.subheadings.append(text)
                    parts.body.append(text)
                # other short lines inside the text (lists of links, "Share") are left out
                continue
            listing = text.endswith(":") and not (_size(text) <= LABEL_WORDS)
            idx = region[n][2]
            if parts.body and blocks[idx].hint == "run-in" and blocks[idx - 1].hint == "run-in" \
                    and region[n - 1][2] == idx - 1:
                # Sentences that ran on in the page stay one paragraph: a page copied as
                # one line has no paragraph breaks, and none are made up.
                parts.body[-1] = f"{parts.body[-1]} {text}"
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


def _mass(parts: _Parts) -> int:
    return len(parts.lead or "") + sum(len(p) for p in parts.body)


#: A chunk this much smaller than the largest of its file, of one paragraph or at most
#: TEASER_SENTENCES sentences, is a teaser of another page (headline, date, a line of
#: text), not an article.
TEASER_SHARE = 0.25
TEASER_SENTENCES = 3


def _is_teaser(parts: _Parts, largest: int) -> bool:
    if _mass(parts) >= TEASER_SHARE * largest:
        return False
    return not parts.body or sum(len(sentences(p)) for p in [parts.lead or "", *parts.body] if p) \
        <= TEASER_SENTENCES


def extract_articles(raw: Article) -> list[Article]:
    """Cut one raw input into its articles with their fields."""
    reader = _Reader(raw.fetched)
    blocks = split_blocks(raw.raw)
    parsed = [(chunk, reader.parse(chunk)) for chunk in reader.split(blocks)]
    parsed = [(chunk, parts) for chunk, parts in parsed if parts.lead or parts.body]
    largest = max((_mass(parts) for _, parts in parsed), default=0)
    out = []
    for chunk, parts in parsed:
        if _is_teaser(parts, largest):
            continue
        position = len(out)
        article = Article(
            source=raw.source, raw="\n".join(b.text for b in chunk), url=raw.url, outlet=raw.outlet,
            fetched=raw.fetched, position=position, title=parts.title, lead=parts.lead,
            body=parts.body, subheadings=parts.subheadings, authors=_unique(parts.authors),
            author_organisations=organisations(_unique(parts.authors)),
            photo_credits=_unique(parts.credits), image_captions=parts.captions, tags=_unique(parts.tags),
            related_titles=parts.related, published=parts.published.value if parts.published else None,
            updated=parts.updated.value if parts.updated else None, date_reliable=parts.published is not None,
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
