"""Things run into the text of a page copied as one line, told apart from it.

On a page copied as one line, everything that stood on a line of its own runs into the
sentences around it: a share bar's label, a read-on link, a photo credit in brackets and
its caption, a newsletter box, a teaser's card, the headline.  :mod:`.runin` cuts a page
into pieces with these functions; :mod:`.dump` asks them which pieces are boxes.
"""

from __future__ import annotations

import re
from functools import cache
from os.path import commonprefix

from .blocks import Block, _is_cap, words
from .markers import _alternation, capital, markers

__all__ = ["after_credit", "cut_credit", "cut_furniture", "glued_words", "newsletter_box", "repeated_title",
           "teaser_card", "unglue"]


#: A caption before a photo credit has at most this many words.
CAPTION_WORDS = 40


def after_credit(text: str) -> list[str]:
    """``text`` cut after each photo credit in brackets: a caption and its credit end a piece."""
    out, pos = [], 0
    for m in markers().bracketed_credit.finditer(text):
        out.append(text[pos:m.end()].strip())
        pos = m.end()
    rest = text[pos:].strip()
    return [p for p in [*out, rest] if p] or [text]


def cut_credit(text: str) -> list[tuple[str, str]]:
    """A photo credit in brackets inside a run-in piece ("... kleiner Wald gepflanzt (Foto:
    Stadt Nordhausen) Gemeinsam mit ..."): the credit ("credit"), the caption before it
    ("caption") and the text after it ("")."""
    m = markers().bracketed_credit.search(text)
    if not m:
        return [(text, "")]
    before, after = text[:m.start()].strip(), text[m.end():].strip()
    out = [(before, "caption" if len(words(before)) <= CAPTION_WORDS else "")] if before else []
    out.append((m.group("credit").strip(), "credit"))
    return out + ([(after, "")] if after else [])


#: A byline's name run into a page copied as one line has this many words.
BYLINE_NAME_WORDS = (2, 3)
_NAME_WORD = re.compile(r"[A-ZÀ-ÞÆØÅÄÖ][\w'’.-]*")


@cache
def _byline_marker() -> re.Pattern[str]:
    markers_ = markers().words("author") | {"Vom", "Posted by", "Written by"}
    # capitalised anywhere in a piece ("... miscarriage By Andy Sahadeo | Fox News"), in any
    # case at its start ("von Simon Dückert Auch auf ...")
    alt = _alternation(markers_)
    return re.compile(rf"(?:^(?i:{alt})|(?<=\s)(?:{alt}))\s*:?\s+")


@cache
def _byline_words() -> tuple[frozenset[str], frozenset[str]]:
    """The byline markers' first words: casefolded (a piece's start), and as written."""
    firsts = {w.split()[0] for w in markers().words("author") | {"Vom", "Posted", "Written"}}
    return frozenset(w.casefold() for w in firsts), frozenset(firsts) | {w + ":" for w in firsts}


def byline_piece(text: str) -> tuple[str, str, str] | None:
    """(before, name, after) of a run-in piece holding a byline ("By Andy Sahadeo | Fox News
    ...", "von Simon Dückert Auch auf dem ..."): the name is two or three capitalised words
    and ends at a separator or where a sentence starts (a capitalised word before a
    lower-case one); None when there is none."""
    first, capitalised = _byline_words()
    toks0 = text.split(" ")
    if toks0[0].casefold().rstrip(":") not in first and not capitalised.intersection(toks0):
        return None  # no marker: most pieces
    for m in _byline_marker().finditer(text):
        toks = text[m.end():].split(" ")
        lo, hi = BYLINE_NAME_WORDS
        n = 0
        labels = markers().date_labels
        while n < min(hi, len(toks)) and _NAME_WORD.fullmatch(toks[n].rstrip(",|·")) \
                and toks[n].casefold().rstrip(",|·:") not in labels:
            if toks[n][-1] in ",|·":
                n += 1
                break
            if n + 1 < len(toks) and (toks[n + 1][:1].islower() or toks[n + 1][:1].isdigit()) and n >= lo:
                break  # the sentence after the byline starts here ("... Beyss Am 14. Juni 2005 hielt")
            n += 1
        if lo <= n and (n == len(toks) or not toks[n - 1][-1:].isalpha() or not toks[n][:1].islower()):
            name = " ".join(toks[:n]).rstrip(",|· ")
            if len(name.split()) >= lo:
                return text[:m.start()].strip(), name, " ".join(toks[n:]).lstrip(",|·– ")
    return None


_LABEL_END = re.compile(r"\s*[:»›→|]")


def cut_furniture(text: str) -> list[tuple[str, str]]:
    """Cut the site furniture out of a run-in piece: a share bar's or read-on link's words
    that stood on a line of their own ("... the last sentence. Share this article: The
    next ...", "linux tmux Previous post Next post").  Boilerplate becomes "furniture",
    a read-on link a "stamp" (it parts teasers, as on a page with its lines); the text
    around stays ("").  A marker counts when capitalised and not followed by a lower-case
    word ("Share prices fell" is a sentence); a one-word marker ("Share", "Mehr") only before
    a colon or at the end."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in markers().furniture.finditer(text):
        if m.start() < pos or not capital(text[m.start()]):
            continue
        end = m.end()
        label = _LABEL_END.match(text, end)
        if label:
            end = label.end()
        nxt = text[end:].lstrip()[:1]
        if nxt.islower() or (" " not in m.group() and not label and nxt):
            continue
        before = text[pos:m.start()].strip()
        if before:
            out.append((before, ""))
        out.append((text[m.start():end].strip(), "stamp" if m.group("more") and not label else "furniture"))
        pos = end
    rest = text[pos:].strip()
    if rest:
        out.append((rest, ""))
    return out or [(text, "")]


#: The headline of a page copied as one line stands within this many words before its text,
#: and has at most TITLE_WORDS[1] words.
TITLE_WINDOW = 80
TITLE_WORDS = (2, 25)
#: A word between the headline and the text costs the candidate this much of a word.
TITLE_DISTANCE = 0.2
#: Copies of a word pair looked at ("of the" stands everywhere).
TITLE_COPIES = 20


def repeated_title(blocks: list[Block], start: int) -> str | None:
    """The headline of a page copied as one line: a run of words just above the text
    (``blocks[start]``) that the page gives again elsewhere (in a breadcrumb, a teaser, a
    share text), the longest, less TITLE_DISTANCE a word for the words between it and the
    text (menus given twice stand further up); None when there is none.  Both copies stop
    where the headline does, so the run is the headline's extent.  The copies are found
    with string search: the page may be long."""
    texts = [b.text for b in blocks]
    above_len = sum(len(t) + 1 for t in texts[:start]) - 1
    if above_len <= 0:
        return None
    page = " ".join(texts)
    tail = page[:above_len].rsplit(" ", TITLE_WINDOW)[-TITLE_WINDOW:]
    offset = above_len - len(" ".join(tail))
    lo, hi = TITLE_WORDS
    best, score = "", 0.0
    for i in range(len(tail) - 1):
        span = page[offset:above_len]
        needle = f"{tail[i]} {tail[i + 1]}"
        q, copies = page.find(needle), 0
        while q >= 0 and copies < TITLE_COPIES:
            if q != offset and (q == 0 or page[q - 1] == " "):
                copies += 1
                common = commonprefix([span, page[q:q + len(span)]])
                if len(common) < len(span) and span[len(common)] != " " or \
                        page[q + len(common):q + len(common) + 1] not in ("", " "):
                    common = common[:common.rfind(" ")] if " " in common else ""
                run = common.split(" ")[:hi] if common else []
                apart = q >= offset + len(common) or q + len(common) <= offset
                here = len(run) - TITLE_DISTANCE * (len(tail) - i - len(run))  # nearer is likelier
                if len(run) >= lo and apart and here > score:
                    best, score = " ".join(run), here
            q = page.find(needle, q + 1)
        offset += len(tail[i]) + 1
    if not best or best.endswith((".", ",", ";")) or not any(_is_cap(t) for t in best.split(" ")):
        return None
    return best


#: A newsletter's word among the first this many words of a run-in piece heads a newsletter box.
NEWSLETTER_HEAD_WORDS = 6
#: A headline given twice in a row (a link card's image text and its link) has this many words.
TWICE_WORDS = (4, 20)


def newsletter_box(text: str) -> bool:
    """A newsletter box run into a page copied as one line: its heading, a name ending in
    the newsletter's word, glued to the pitch ("PC Gamer Newsletter Sign up to ...") or cut
    from it ("Pick Six Newsletter")."""
    head = " ".join(text.split(maxsplit=NEWSLETTER_HEAD_WORDS)[:NEWSLETTER_HEAD_WORDS])
    m = markers().newsletter.search(head)
    if not m:
        return False
    after = text[m.end():].lstrip()
    return (not after or after[:1].isupper()) and not text[m.end():m.end() + 1].isalpha()


def teaser_card(text: str) -> bool:
    """A run-in piece that opens with a headline twice in a row ("Company Town ‘We had some
    issues,’ exec says Company Town ‘We had some issues,’ exec says ..."): a teaser's card."""
    toks = text.split()
    if len(toks) > 120:
        return False
    low, high = TWICE_WORDS
    return any(toks[:n] == toks[n:2 * n] for n in range(low, min(high, len(toks) // 2) + 1))


#: Two words run together where a line ended without a space: "Cheese ShopsWondering where",
#: "Strike PossibleThe union": a lower-case letter, then a capitalised word.
_JUNCTION = re.compile(r"(?<!\w)[^\W\d_]*[a-z]{3}(?P<right>[A-Z][a-z]+|A(?= [a-z]))(?!\w)")


@cache
def _label_words() -> frozenset[str]:
    """One-word labels of photo credits and bylines ("Bild", "Foto", "Text"), casefolded."""
    return frozenset(w.casefold() for kind in ("photo", "author") for w in markers().words(kind) if " " not in w)


def glued_words(line: str, counts: dict[str, int]) -> frozenset[str]:
    """The page's words that are two lines run together (a teaser's headline and its text):
    the second half a word the page also writes in lower case, the whole found once (brand
    names such as "MacBook" and "YouTube" recur, and their halves are names)."""
    seen: dict[str, int] = {}
    labels = _label_words()
    for m in _JUNCTION.finditer(line):
        right = m.group("right")
        if right == "A" or counts.get(right.lower(), 0) or (
                right.casefold() in labels and line[m.end():m.end() + 1] == ":"):  # "TurniersBild: AFP"
            seen[m.group(0)] = seen.get(m.group(0), 0) + 1
    return frozenset(w for w, n in seen.items() if n == 1)


def unglue(sentence: str, glued: frozenset[str]) -> list[str]:
    """``sentence`` cut where one of the ``glued`` words joins two lines."""
    if not glued:
        return [sentence]
    out, pos = [], 0
    for m in _JUNCTION.finditer(sentence):
        if m.group(0) in glued:
            cut = m.start("right")
            out.append(sentence[pos:cut])
            pos = cut
    out.append(sentence[pos:])
    return [p.strip() for p in out if p.strip()]
