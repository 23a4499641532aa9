"""The article's stretch of a page: the paragraphs of a text dump scored, the best run kept.

A page holds its article among menus, teasers, comments and footers.  Every
paragraph gets a score in characters: prose counts its length, everything else
costs; the article is the stretch with the highest sum (a maximum-sum subarray).
Teaser lists, comment threads and footers are prose broken up by short lines,
datelines and bylines, which cost; the article is prose that runs on.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .blocks import _OPENERS, Block, sentences
from .dates import find_dates

__all__ = ["LABEL_WORDS", "best_region", "is_good", "table_rows"]

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def _size(text: str) -> int:
    """Words in ``text``; in scripts written without spaces, two characters count as one."""
    n = text.count(" ") + 1 if text else 0  # blocks are normalised: one space between words
    if n * 8 < len(text):  # few spaces for the length: count the CJK characters
        n = max(n, len(_CJK.findall(text)) // 2)
    return n


_SENTENCE_END = re.compile(r"[.!?…:;。！？：；]\W{0,2}$")


def is_good(text: str) -> bool:
    """Prose that is surely article text: a sentence of some length, or several."""
    return _size(text) >= 8 and bool(_SENTENCE_END.search(text)) \
        or len(sentences(text)) >= 3


_FULL_STOP = re.compile(r"[.!?…。！？][\"'”’»“)\]]*$")
#: A short sentence that ends the text: this many words or more ("The death occurred Saturday.").
LAST_WORDS = 4


def _ends_text(text: str) -> bool:
    """Can the article's text end with this paragraph?  Prose surely, or a short sentence
    with a full stop ("That game mattered."), not a label ("Share this:") or a link."""
    return is_good(text) or (_size(text) >= LAST_WORDS and bool(_FULL_STOP.search(text))
                              and _prose_share(text) > 0)


#: What a block left out of the text (menu item, date, byline) costs a region that spans
#: it, at least; a long one costs its length.  On a run-in page a left-out piece stands
#: for several lines of the page that ran together, and costs more.
SKIP_COST = 60
SKIP_RUN_IN = 175
#: A block that stands inside articles (caption, photo credit, "Share", "Read more: ...").
FURNITURE_COST = 10
#: A short unpunctuated line between paragraphs (a heading, a list item, a link).
SHORT_COST = 40
SHORT_RUN_IN = 60
#: ... for each this many words: a short run-in piece of many words is several lines glued
#: (tags, a share bar's labels).
SHORT_LINE_WORDS = 8
LABEL_WORDS = 4
#: A date line between paragraphs parts items (comments, teasers), rarely an article's text.
DATE_COST = 150
#: A short sentence (not surely article text) counts this share of its length.
WEAK_SHARE = 0.5
#: A run-in piece with no full stop (text glued from lines without one) costs this share.
OPEN_SHARE = 0.5
#: Share of capitalised words at which a sentence stops counting as prose (see _prose_share).
CAP_ZERO = 0.6
CAP_SPAN = 0.2
#: Text at the end of the page counts this much less than text at its start: below the
#: article come comments, related articles, author boxes, cookie notices and footers.
LATE_DISCOUNT = 0.8
#: ... on a page of this many characters or more; on a shorter page, in proportion.
LATE_PAGE = 3000


_FIRST_CHAR = re.compile(rf"(?<!\S)[{re.escape(_OPENERS)}]*(\S)")


@lru_cache(maxsize=4096)  # asked for the same pieces by page_cap_zero and _prose_share
def _caps(text: str) -> float | None:
    """The share of capitalised words of ``text`` after its first; None below four words."""
    firsts = _FIRST_CHAR.findall(text)[1:]  # each word's first character after any quote
    return sum(map(str.isupper, firsts)) / len(firsts) if len(firsts) >= 4 else None


def _prose_share(text: str, zero: float = CAP_ZERO) -> float:
    """1 for text that reads as prose, down to -1 for a run of capitalised words (menu
    items, headlines in title case).  Prose has most words in lower case, even in German
    where nouns are capitalised (under 0.45 of the words in 95% of German paragraphs of
    the development pages)."""
    caps = _caps(text)
    return 1.0 if caps is None else max(-1.0, min(1.0, (zero - caps) / CAP_SPAN))


#: A piece of Chinese or Japanese with this many spaces or more and no full stop at its end
#: is a list, not prose.
CJK_TOKENS = 6


def _cjk_list(text: str) -> bool:
    """Chinese and Japanese prose has few spaces: words between many spaces, with no full stop
    at the end, are a list of links or labels ("カテゴリ 日記、雑記(8) ►WordPress(53) ...")."""
    return text.count(" ") >= CJK_TOKENS and len(_CJK.findall(text)) * 2 > len(text) \
        and not text.rstrip("」』）”\"'").endswith(("。", "！", "？"))


_TIME_WORDS = re.compile(r"[\d:.,/|@()–-]+|[ap]\.?m\.?|\w{1,3}", re.IGNORECASE)


def _dateish(text: str) -> bool:
    """A short line that is a date with a time stamp ("November 19, 2019 at 6:34 am"):
    the date of a comment or a teaser, which a dateline reader may leave unread."""
    if len(text) > 60 or not any(ch.isdigit() for ch in text):
        return False
    found = find_dates(text)
    if not found:
        return False
    rest = text[:found[0].start] + " " + text[found[0].end:]
    return all(_TIME_WORDS.fullmatch(t) for t in rest.split())


#: Networks a share bar names ("Share this: Facebook Twitter WhatsApp Email"): brand names,
#: the same in every language.  On a page copied as one line, a share bar is one piece
#: that stood for a line per network; it costs that many short lines.  It stands where
#: the article's text ends (or before it starts).
SOCIAL = frozenset({"facebook", "twitter", "whatsapp", "pinterest", "linkedin", "reddit", "flipboard",
                    "telegram", "tumblr", "xing", "instagram", "youtube", "tiktok", "mastodon", "bluesky",
                    "vk", "viber", "snapchat"})
_WORDS = re.compile(r"[^\W\d_]+")


#: A piece that ends like a sentence is a share bar only when the names make up this share
#: of its words ("Facebook and Twitter said on Monday ..." is text).
SOCIAL_SHARE = 0.25


def _networks(text: str) -> int:
    """How many share-bar network names ``text`` holds (capitalised: "Facebook", "WhatsApp");
    0 for a sentence that merely names them."""
    if len(text) > 600:
        return 0
    toks = _WORDS.findall(text)
    n = sum(1 for w in toks if w[0].isupper() and w.casefold() in SOCIAL)
    if _SENTENCE_END.search(text) and n < SOCIAL_SHARE * len(toks):
        return 0
    return n


#: A teaser's excerpt, cut off with an ellipsis ("... features Active Noise Cancellat...").
_CUT_OFF = re.compile(r"[^\W\d_](?:\.\.\.|…)$")
TEASER_CHARS = 300


def _para_value(kind: str, text: str, run_in: bool, zero: float = CAP_ZERO) -> float:
    if kind != "p" and _dateish(text):
        return -DATE_COST
    if run_in and len(text) <= TEASER_CHARS and text.endswith(("...", "…")) and _CUT_OFF.search(text):
        return -SHORT_RUN_IN
    if run_in and (n := _networks(text)) >= 2:
        return -SHORT_RUN_IN * n
    if kind != "p" or (text.endswith(":") and _size(text) <= LABEL_WORDS):
        # a short line, or a label ("jbaxt says:", "Share this:") over what follows
        if not run_in:
            return -SHORT_COST
        return -SHORT_RUN_IN * max(1.0, _size(text) / SHORT_LINE_WORDS if kind != "p" else 1.0)
    if run_in and _cjk_list(text):
        return -max(SHORT_COST, OPEN_SHARE * len(text))
    if is_good(text):
        return len(text) * _prose_share(text, zero if run_in else CAP_ZERO)
    if run_in and not _SENTENCE_END.search(text):
        return -max(SHORT_COST, OPEN_SHARE * len(text))  # lines glued without a full stop: a list
    return WEAK_SHARE * len(text)


def _skip_cost(block: Block, furniture: bool) -> float:
    if furniture:
        return FURNITURE_COST
    return max(SKIP_RUN_IN if block.hint else SKIP_COST, len(block.text))


#: On a page copied as one line, a piece stops counting as prose at this share of capitalised
#: words above the page's typical sentence (its median), if that is below CAP_ZERO: menus
#: and headlines glued into one long "sentence" have more capitals than the page's prose.
CAP_MARGIN = 0.35
#: The typical sentence is taken from this many full sentences or more.
CAP_SAMPLE = 5


def page_cap_zero(paras: list[tuple[str, str, int]], blocks: list[Block]) -> float:
    """The share of capitalised words at which a run-in piece of this page stops counting
    as prose (see CAP_MARGIN)."""
    shares = sorted(c for kind, text, idx in paras if kind == "p" and blocks[idx].hint == "run-in"
                    and _SENTENCE_END.search(text) and (c := _caps(text)) is not None and _size(text) >= 8)
    if len(shares) < CAP_SAMPLE:
        return CAP_ZERO
    return min(CAP_ZERO, shares[len(shares) // 2] + CAP_MARGIN)


def best_region(paras: list[tuple[str, str, int]], blocks: list[Block],
                 furniture: set[int] | frozenset[int] = frozenset(),
                 dates: set[int] | frozenset[int] = frozenset()) -> tuple[int, int]:
    """The stretch ``paras[lo:hi + 1]`` that is the article (see the notes above)."""
    offsets, total = [], 0
    for b in blocks:
        offsets.append(total)
        total += len(b.text)
    total = max(total, LATE_PAGE)
    best = (float("-inf"), 0, 0)
    run, start = float("-inf"), 0
    table = table_rows(paras)
    zero = page_cap_zero(paras, blocks)
    for n, (kind, text, idx) in enumerate(paras):
        own = 0.0 if n in table else _para_value(kind, text, blocks[idx].hint in ("run-in", "title"), zero)
        if own > 0:
            own *= 1 - LATE_DISCOUNT * offsets[idx] / total
        gap = sum(DATE_COST if i in dates else _skip_cost(blocks[i], i in furniture)
                  for i in range(paras[n - 1][2] + 1, idx)) if n else 0
        if run - gap > 0:
            run = run - gap + own
        else:
            run, start = own, n
        if run > best[0]:
            best = (run, start, n)
    if best[0] <= 0:  # no prose anywhere: everything from the first paragraph
        first_p = next((n for n, (kind, _, _) in enumerate(paras) if kind == "p"), 0)
        return first_p, len(paras) - 1
    lo, hi = best[1], best[2]
    while hi > lo and not (paras[hi][0] == "p" and _ends_text(paras[hi][1])):
        hi -= 1  # the text ends with a full sentence; a label ("Share this:") below it is not text
    return lo, hi


#: A run of this many short lines or more between two paragraphs, most of them holding a
#: figure, is a table of the text ("2.3 GB/s", "Berlin 12 °C"), not a list of links.
TABLE_ROWS = 4
TABLE_DIGITS = 0.6


def table_rows(region: list[tuple[str, str, int]]) -> set[int]:
    rows: set[int] = set()
    n = 0
    while n < len(region):
        if region[n][0] != "h?":
            n += 1
            continue
        end = n
        while end < len(region) and region[end][0] == "h?":
            end += 1
        run = region[n:end]
        if n and end < len(region) and len(run) >= TABLE_ROWS \
                and sum(any(ch.isdigit() for ch in t) for _, t, _ in run) >= TABLE_DIGITS * len(run):
            rows.update(range(n, end))
        n = end
    return rows
