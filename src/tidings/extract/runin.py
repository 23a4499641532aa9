"""Pages as blocks: a line per block, or a whole page run in on one line.

:func:`split_blocks` turns a text dump into a list of :class:`~.blocks.Block`, so that
the rules in :mod:`.dump` read a page the same way whatever its line breaks.  A run-in
page is cut into sentences; its header (title, byline, date), photo credit and
navigation lists are cut out by structure: where a date stands, where a credit token
interrupts the sentences, where a navigation marker starts a list.  Lines the copy
glued together without a full stop are cut apart where a word the page otherwise
writes in lower case stands capitalised ("... Weitere Nachrichten Die Bahn hat ..."),
and a "sentence" longer than any sentence keeps only its end.  A date or a relative
time stamp that stands between two pieces of a run-in page ("... jbaxt says: November
19, 2019 at 6:34 am Great ...", "... investigated 2H ago Woman risks ...") is cut out
as a block of its own (:mod:`.stamps`): it stamped a comment or a teaser on a line of
its own.  A page copied with hard line wraps inside paragraphs has the wrapped lines
joined first.
Site furniture, photo credits and boxes run into the text are told apart in :mod:`.glued`.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime

from .blocks import _CLOSERS, _OPENERS, Block, _is_cap, is_credit_token, normalise_line, sentences, split_byline, \
    unwrap, words
from .dates import find_dates
from .glued import after_credit, byline_piece, cut_credit, cut_furniture, glued_words, unglue
from .markers import capital, markers
from .region import _FIRST_CHAR
from .stamps import cut_stamps

__all__ = ["explode", "split_blocks"]

#: A block longer than this, or one holding a navigation list, is read as a run-in page.
RUN_IN_CHARS = 1500


def split_blocks(text: str) -> list[Block]:
    """Non-empty lines, whitespace folded, hard-wrapped paragraphs joined; run-in pages
    cut into blocks."""
    out: list[Block] = []
    lines = [line for line in map(normalise_line, text.splitlines()) if line]
    for line in unwrap(lines):
        if len(line) > RUN_IN_CHARS or (len(line) > 300 and (len(lines) == 1 or markers().navigation.search(line))):
            out.extend(explode(line))
        else:
            out.append(Block(line))
    return out


def explode(line: str, base: datetime | None = None) -> list[Block]:
    """Cut a run-in page into blocks: header, caption and credit, sentences, navigation."""
    out: list[Block] = []
    rest = line
    dates = [d for d in find_dates(line[:400], base)]
    if dates:
        first = dates[0]
        pre = line[: first.start].strip()
        if 3 <= len(words(pre)) <= 40 and not re.search(r"[.!?]\s", pre):
            title, authors = split_byline(pre)
            out.append(Block(title, "title"))
            if authors:
                out.append(Block(", ".join(authors), "author"))
            out.append(Block(line[first.start:first.end].strip(), "date"))
            rest = line[first.end:].strip()
    lower = _lower_counts(line)
    glued = glued_words(line, lower)
    # Dates that stood on a line of their own and captions with their credits end a piece
    # before menus are told from sentences.
    stamps: dict[str, str] = {}  # the pieces that are time stamps, by their text
    segs = []
    for stamped, hint in cut_stamps(rest, base):  # the whole line: "Suche 26. Januar 2022 ABO"
        if hint:
            stamps[stamped] = hint
            segs.append(stamped)
            continue
        for sent in sentences(stamped):
            for part in unglue(sent, glued):
                segs.extend(after_credit(part))
    seq = _navigation_split(segs, lower, prose_caps(segs))
    segs = [b.text for b in seq if b.hint == "run-in"]
    lead_run = len(segs) if all(b.hint == "run-in" for b in seq) else \
        next(i for i, b in enumerate(seq) if b.hint != "run-in")
    if out:  # a header was found: a caption and credit may follow it
        for k, block in enumerate(seq[:min(5, lead_run)]):
            credit = is_credit_token(block.text)
            if credit:
                out.extend(Block(b.text, "caption") for b in seq[:k])
                out.append(Block(credit, "credit"))
                seq = [Block(block.text[len(credit):].strip(), "run-in"), *seq[k + 1:]]
                break
    for b in seq:
        if not b.text:
            continue
        if b.hint != "run-in":
            byline = byline_piece(b.text) if b.hint == "nav" else None
            if byline and not byline[2]:  # menus and a headline glued before the byline
                out.extend(x for x in (Block(byline[0], "nav"), Block(byline[1], "author")) if x.text)
            else:
                out.append(b)
            continue
        if b.text in stamps:  # a time stamp, cut out above
            out.append(Block(b.text, stamps[b.text]))
            continue
        for piece, kind in cut_furniture(b.text):
            credited = [] if kind else cut_credit(piece)
            if len(credited) > 1:
                out.extend(Block(p, k or "run-in") for p, k in credited)
            elif kind or not lower:
                out.append(Block(piece, kind or "run-in"))
            else:
                out.extend(_with_bylines(_related_cut(piece, lower) or hidden_starts(piece, lower)))
    return out


#: The headline after a related-link label ("Lea más: ...") is at most this many words.
RELATED_WORDS = 25


def _related_cut(piece: str, counts: dict[str, int]) -> list[str] | None:
    """A related link glued to the next sentence ("Lea más: Juan propone legalizar la
    marihuana Las principales actividades ..."): the link's headline ends before the first
    capitalised word the page writes in lower case as often (a page too short for
    :func:`hidden_starts`' evidence still shows it).  None when the piece is no such link."""
    m = markers().labelled.match(piece)
    if not m or not m.group("related") or not m.group("rest"):
        return None
    toks = words(piece)
    label = len(words(piece[:m.start("rest")]))
    if len(toks) <= label + 3:
        return None
    for k in range(label + 2, min(len(toks), label + RELATED_WORDS + 1)):
        tok = toks[k]
        if _is_cap(tok) and tok.isalpha() and not toks[k - 1].endswith((":", *_OPENERS)) \
                and counts.get(tok.lower(), 0) >= max(1, counts.get(tok, 0)):
            return [" ".join(toks[:k]), " ".join(toks[k:])]
    return None


def _with_bylines(parts: list[str]) -> list[Block]:
    """Run-in blocks of ``parts``, a byline run into one cut out as an "author" block."""
    out: list[Block] = []
    for part in parts:
        byline = byline_piece(part)
        if not byline:
            out.append(Block(part, "run-in"))
            continue
        before, name, after = byline
        out.extend(b for b in (Block(before, "run-in"), Block(name, "author"), Block(after, "run-in")) if b.text)
    return out


_WORD = re.compile(r"[^\W\d_]+")


def _lower_counts(text: str) -> dict[str, int]:
    """How often each word stands in lower case, and capitalised, on the page."""
    found = Counter(_WORD.findall(_ADDRESS.sub(" ", text)))
    return {w: n for w, n in found.items() if w.islower() or w.istitle()}


#: Web and e-mail addresses ("gv-bayern.de", "info@orsted.com"): their words are in lower
#: case whatever the language writes ("Bayern").
_ADDRESS = re.compile(r"(?<!\S)\S*?(?:@|://|www\.|\.(?:[a-z]{2,3}|info|online)(?=[/\s]|$))\S*")


def _starts_line(tok: str, counts: dict[str, int]) -> bool:
    """A capitalised word the page otherwise writes in lower case ("The", "Die", "Det"):
    inside a run-in segment it starts a new sentence or line."""
    if len(tok) < 2 or not tok[0].isupper() or not tok[1:].isalpha() or not tok[1:].islower():
        return False
    low = counts.get(tok.lower(), 0)
    return low >= MIN_LOWER and low >= 2 * counts.get(tok, 0)


#: A word must stand in lower case this often on the page to count as a function word.
MIN_LOWER = 3
#: ... and this often for a line never to end with it ("the", "of", "für"): a sentence
#: goes on after it, whatever capitalised word follows ("director of the Kennan Institute").
FUNCTION_LOWER = 5


def _function_word(tok: str, counts: dict[str, int] | None) -> bool:
    return counts is not None and tok.isalpha() and tok.islower() and counts.get(tok, 0) >= FUNCTION_LOWER


#: A dateline's dash: "CLEVELAND, Ohio – The band ...", "SANTA FE, N.M. (AP) — A cat ...".
_DASHES = frozenset({"–", "—", "--", "-", "―"})
#: How many words a dateline before its dash may have.
DATELINE_WORDS = 5


def with_dateline(toks: list[str], cut: int) -> int:
    """Move a sentence start at ``toks[cut]`` back over the dateline glued before it
    ("WASHINGTON — NASA announced ..."): the dateline is the article's first words.  A
    dateline opens with a place in capitals (or a capitalised name and a comma: "Dekalb,
    Ill."), then capitalised words and an agency in brackets, then a dash."""
    if cut < 2 or toks[cut - 1] not in _DASHES:
        return cut
    start = cut
    capitals = False  # a word in capitals found: only more of them extend the place
    for j in range(cut - 2, max(-1, cut - 2 - DATELINE_WORDS), -1):
        word = toks[j].strip(",.()")
        if not word or not (word[0].isupper() or toks[j].startswith("(")):
            break
        if word.isupper() and any(c.isalpha() for c in word) and (len(word) > 1 or "." in toks[j]):
            start, capitals = j, True
        elif capitals:
            break
        elif toks[j].endswith(","):
            return j  # "Dekalb, Ill. —"
    return start


def _name_goes_on(toks: list[str], k: int, counts: dict[str, int]) -> bool:
    """Is ``toks[k]`` the next word of a name that a function word opened, one or two words
    before ("the Berlin City Museum", a sentence's "The Democratic Party")?  A short word as
    frequent as "The" or "Die" starts a line even there."""
    if len(toks[k]) <= 4 and _function_word(toks[k].lower(), counts):
        return False
    j = k - 1
    while j >= max(0, k - 2) and _is_cap(toks[j]) and toks[j][-1:].isalpha():
        if _function_word(toks[j].lower(), counts) and (j == 0 or not toks[j - 1][-1:].isalpha()):
            return True  # the name opens the sentence: "... emerge. The Democratic Party has"
        j -= 1
    return j < k - 1 and j >= 0 and _function_word(toks[j], counts)


def hidden_starts(segment: str, counts: dict[str, int]) -> list[str]:
    """Cut a run-in segment where a line of the page was glued to the next: before a
    capitalised word the page otherwise writes in lower case.  On a page copied as one
    line, headings, menu items and bylines carry no full stop and run into the next
    sentence ("Weitere Nachrichten Die Bahn hat ..."): the cut frees the sentence."""
    toks = words(segment)
    cuts = sorted({with_dateline(toks, k) for k in range(1, len(toks)) if _starts_line(toks[k], counts)
                   and not toks[k - 1].endswith(tuple(_OPENERS)) and not _name_goes_on(toks, k, counts)}
                  - {0})
    if not cuts:
        return [segment]
    bounds = [0, *cuts, len(toks)]
    return [" ".join(toks[a:b]) for a, b in zip(bounds, bounds[1:])]


#: A run-in "sentence" longer than this (in words) has other text glued before it.
MAX_SENTENCE_WORDS = 60


_PUNCT = ".,:;!?" + _OPENERS + _CLOSERS
#: A glued prefix with this share of capitalised words is a menu or a list of names even
#: when no word the page writes in lower case marks where the sentence after it starts.
MENU_CAPS = 0.95


def _menu_like(toks: list[str]) -> bool:
    return len(toks) >= 5 and sum(_is_cap(t) for t in toks) >= 0.6 * len(toks)


def glued_tail(segment: str, counts: dict[str, int] | None = None) -> tuple[str, str]:
    """Split a long run-in segment into (menu words, the sentence that ends it).

    On a page copied as one line, menu items and headlines carry no sentence
    punctuation, so the first sentence of the text is glued to them:
    "World Politics Sports Title Words Here The minister said on Tuesday ...".  A
    sentence is mostly lower-case after its first word; walking back from its end,
    the first run of three capitalised words marks the menu, and the last of them
    starts the sentence.  With ``counts`` (the page's words by case, :func:`_lower_counts`)
    the sentence starts at the run's last word that the page also writes in lower case
    ("... Wenn Helmut Kohl emotional wurde": at "Wenn", not "Kohl"); a run without one is
    a name inside the sentence unless all that stands before it is capitalised.
    """
    toks = words(segment)
    if len(toks) <= 25:
        return "", segment
    start = 0
    caps = 0
    for k in range(len(toks) - 1, -1, -1):
        if _is_cap(toks[k]):
            caps += 1
            if caps == 3:
                # the run's last capitalised word starts the sentence; a run at the very
                # end ("... Colts WR T.Y.") is a name in the sentence, so look further back
                if len(toks) - (k + 2) < 5 or any(len(t) == 2 and t[1] == "." for t in toks[k:k + 3]):
                    continue  # ... or a name with an initial ("Christopher L. Tays")
                cut = k + 2
                if k and _function_word(toks[k - 1], counts):
                    continue  # "... director of the Kennan Institute ...": a name in the sentence
                if counts is not None:
                    j = cut
                    while j >= 0 and _is_cap(toks[j]) and not counts.get(toks[j].lower().strip(_PUNCT)):
                        j -= 1
                    if j >= 0 and _is_cap(toks[j]):
                        cut = j  # a word of the run that also stands in lower case: a sentence start
                    elif sum(map(_is_cap, toks[:cut])) < MENU_CAPS * cut:
                        continue  # names inside the sentence; look further back
                if _menu_like(toks[:cut]):
                    start = cut
                break
        else:
            caps = 0
    if len(toks) - start > MAX_SENTENCE_WORDS:
        # Longer than any sentence: headlines in sentence case glued before it.  The
        # sentence starts at a capitalised word among its last MAX_SENTENCE_WORDS words.
        start = next((k for k in range(len(toks) - MAX_SENTENCE_WORDS, len(toks))
                      if _is_cap(toks[k]) and not _function_word(toks[k - 1], counts)), start)
    start = with_dateline(toks, start)
    if not start:
        return "", segment
    return " ".join(toks[:start]), " ".join(toks[start:])


#: A piece glued before a sentence with this share of capitalised words or less, of
#: PROSE_WORDS words or more, is prose (a long sentence) rather than menu items or headlines.
PROSE_CAPS = 0.3
PROSE_WORDS = 4


#: ... or, on a page whose sentences have more capitalised words (German nouns), this much
#: above the page's typical sentence.
PROSE_MARGIN = 0.15
#: The median is taken over the page's first this many full sentences.
PROSE_SAMPLE = 200


def _caps_share(toks: list[str]) -> float:
    return sum(map(_is_cap, toks)) / len(toks) if toks else 0.0


_SENTENCE_STOP = re.compile(r"[.!?…]\W{0,2}$")


def _sentence_caps(text: str) -> float | None:
    """The share of capitalised words of a full sentence (8 words or more, a full stop at
    the end), counted in one scan of the words' first letters; None for anything else."""
    if not _SENTENCE_STOP.search(text):
        return None
    firsts = _FIRST_CHAR.findall(text)
    return sum(map(str.isupper, firsts)) / len(firsts) if len(firsts) >= 8 else None


def prose_caps(segs: list[str]) -> float:
    """The share of capitalised words up to which a piece of this page reads as prose: the
    page's median full sentence's share plus a margin, at least PROSE_CAPS."""
    shares = []
    for seg in segs:
        share = _sentence_caps(seg)
        if share is not None and share < 0.5:  # a full sentence of prose (_good_sentence)
            shares.append(share)
            if len(shares) >= PROSE_SAMPLE:
                break
    shares.sort()
    if not shares:
        return PROSE_CAPS
    return max(PROSE_CAPS, shares[len(shares) // 2] + PROSE_MARGIN)


def _proselike(text: str, caps: float = PROSE_CAPS) -> bool:
    toks = words(text)
    return len(toks) >= PROSE_WORDS and _caps_share(toks) <= caps


#: A glued prefix with this many lower-case words or more is prose only if this share of
#: them are function words (see _function_word).
LIST_WORDS = 10
FUNCTION_SHARE = 0.1


def _has_function_words(text: str, counts: dict[str, int] | None) -> bool:
    """Prose has words such as "the", "und", "och" throughout; a list of lower-case words
    (a tag cloud: "anime autos barock bücher comics ...") has none."""
    if counts is None:
        return True
    lows = [t for t in (w.strip(_PUNCT) for w in words(text)) if t.isalpha() and t.islower()]
    if len(lows) < LIST_WORDS:
        return True
    return sum(_function_word(t, counts) for t in lows) >= FUNCTION_SHARE * len(lows)


def _good_sentence(text: str, caps: float = 0.5) -> bool:
    share = _sentence_caps(text)
    return share is not None and share < caps


def _navigation_split(segs: list[str], counts: dict[str, int] | None = None,
                      caps: float = PROSE_CAPS) -> list[Block]:
    """Blocks in page order: sentences ("run-in") and navigation lists ("nav").

    A navigation marker ("Mest lesið", "Latest News") starts a list of links that runs
    until prose resumes: the first sentence that, freed of menu words glued to it,
    is a real sentence."""
    out: list[Block] = []
    i = 0
    while i < len(segs):
        seg = segs[i]
        m = next((m for m in markers().navigation_run_in.finditer(seg) if capital(seg[m.start()])), None)
        if not m and seg.endswith(")") and markers().bracketed_credit.search(seg):
            out.append(Block(seg, "run-in"))  # a caption and its credit (see cut_credit)
            i += 1
            continue
        if not m:
            prefix, tail = glued_tail(seg, counts)
            if prefix and _proselike(prefix, caps) and _has_function_words(prefix, counts):
                out.append(Block(seg, "run-in"))  # a long sentence (a quote and its speaker)
            else:
                if prefix:
                    out.append(Block(prefix, "nav"))
                out.append(Block(tail, "run-in"))
            i += 1
            continue
        before = seg[: m.start()].strip()
        if before:
            out.append(Block(before, "run-in"))
        nav = [seg[m.start():m.end()]]
        pending = seg[m.end():].strip()
        i += 1
        while True:
            prefix, tail = glued_tail(pending, counts) if pending else ("", "")
            if tail and counts and not _good_sentence(tail, max(0.5, caps)):
                # the sentence may start further on, where a word the page writes in lower
                # case stands capitalised ("... Germany Berlin confronts ... The German capital")
                *glued, last = hidden_starts(tail, counts)
                if glued and _good_sentence(last, max(0.5, caps)):
                    prefix, tail = " ".join([prefix, *glued]).strip(), last
            if tail and _good_sentence(tail, max(0.5, caps)):
                nav.append(prefix)
                out.append(Block(" ".join(p for p in nav if p), "nav"))
                out.append(Block(tail, "run-in"))
                break
            nav.append(pending)
            if i >= len(segs):
                out.append(Block(" ".join(p for p in nav if p), "nav"))
                break
            pending = segs[i]
            i += 1
    return out
