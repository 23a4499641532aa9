"""Blocks of raw page text: lines, sentences, and pages that run on one line.

A text dump arrives either with a line per block (a paragraph, a heading, a
caption) or with a whole page on one line.  This module turns both into one
shape, a list of :class:`Block`, so that the rules in :mod:`.dump` read a page
the same way whatever its line breaks.  A run-in page is cut into sentences; its
header (title, byline, date), photo credit and navigation lists are cut out by
structure: where a date stands, where a credit token interrupts the sentences,
where a navigation marker starts a list.  Lines the copy glued together without a
full stop are cut apart where a word the page otherwise writes in lower case stands
capitalised ("... Weitere Nachrichten Die Bahn hat ..."), and a "sentence" longer
than any sentence keeps only its end.  A date with a time that stands between two
pieces of a run-in page ("... jbaxt says: November 19, 2019 at 6:34 am Great ...") is cut
out as a date block: it stamped a comment or a teaser on a line of its own.  A page
copied with hard line wraps inside paragraphs has the wrapped lines joined first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from .dates import DateMatch, find_dates
from .markers import markers, relative_stamps

__all__ = ["Block", "explode", "is_credit_token", "sentences", "split_blocks", "split_byline",
           "split_tags", "words"]

#: A block longer than this, or one holding a navigation list, is read as a run-in page.
RUN_IN_CHARS = 1500

_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CLOSERS = "\"'”’»“)]›"
_OPENERS = "\"'“„«‘‚‹([”»’"
# A sentence ends at . ! ? … (after any closing quote) before a capital, digit, opening quote or dash.
_SENT_END = re.compile(
    rf"(?<=[.!?…])([{re.escape(_CLOSERS)}]*)\s+(?=[{re.escape(_OPENERS)}–—-]?\s?[^\W_a-zß-ÿ])")
# In Chinese and Japanese a sentence also ends at 。！？ (after any closing bracket), with no
# space after it; the longer pattern is used only on text that has such a mark.
# A stop inside a quotation ("「本当か？」と記者。") ends the sentence only when another
# quotation or a space follows the closing bracket.
_SENT_END_CJK = re.compile(_SENT_END.pattern + r"|(?<=[。！？])()(?=[^\s」』）”])"
                           r"|(?<=[。！？])([」』）”]*)(?:\s+|(?=[「『（“]))(?=\S)")
_ABBREV = re.compile(
    r"(?:^|\s)(?:[A-ZÀ-Þ]|[a-zß-ÿ]{1,3}\.[a-zß-ÿ]{1,2}|Dr|Mr|Mrs|Ms|St|Prof|Nr|nr|no|ca|kl|klo|kr|"
    r"bls|tel|s|p|mill|mrd|mio|Jr|Sr|Inc|Ltd|Co|vs|resp|t\.ex|bl\.a|m\.a|f\.d|o\.s\.v|osv|mm|"
    r"o\.fl|m\.fl|ml|fv|jf|u\.s\.w|z\.B|bzw|etc|approx|e\.g|i\.e)\.$")


@dataclass(slots=True)
class Block:
    """One unit of a page.  ``hint`` is set when structure already told what it is."""

    text: str
    hint: str = ""


def words(text: str) -> list[str]:
    return text.split()


def normalise_line(line: str) -> str:
    return _WS.sub(" ", line).strip()


_LINE_END = re.compile(r"[.!?…:;][\"'”’»“)\]]*$")
_OPEN_END = re.compile(r"(?:^|\s)[^\W\d_A-ZÀ-Þ][\w'’-]*,?$|,$")  # a lower-case word or a comma at the end


def _continues(line: str, nxt: str, strict: bool) -> bool:
    """Does ``nxt`` carry on the sentence that ``line`` leaves open (a hard line wrap)?"""
    if _LINE_END.search(line) or not nxt:
        return False
    if nxt[0].islower():
        return True
    return not strict and len(line) >= 40 and bool(_OPEN_END.search(line))


#: A page with at least this many lines that break off mid-sentence (a long line, ending in
#: a word or comma, and a next line in lower case) is hard-wrapped text.
WRAPPED_PAGE = 3
#: On such a page, a line at least this share of the wrap width that ends in a word or
#: comma is wrapped even when the next line starts with a capital (a German noun).
WRAP_SHARE = 0.6


def unwrap(lines: list[str]) -> list[str]:
    """Join the lines of hard-wrapped paragraphs (text copied from a page whose source
    breaks lines inside paragraphs).  Only on pages that show the wrapping several
    times, so a title above a lower-case line elsewhere is left alone."""
    widths = sorted(len(a) for a, b in zip(lines, lines[1:])
                    if len(a) >= 30 and b[:1].islower() and _continues(a, b, True))
    if len(widths) < WRAPPED_PAGE:
        return lines
    # A wrapped line is nearly as long as the wrap width; a headline ending in a
    # lower-case word above a capitalised line is usually shorter.
    width = widths[len(widths) // 2]
    out = [lines[0]]
    prev = lines[0]
    for line in lines[1:]:
        if _continues(prev, line, len(prev) < WRAP_SHARE * width):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        prev = line
    return out


def split_blocks(text: str) -> list[Block]:
    """Non-empty lines, whitespace folded, hard-wrapped paragraphs joined; run-in pages
    cut into blocks."""
    out: list[Block] = []
    lines = [line for line in map(normalise_line, text.splitlines()) if line]
    for line in unwrap(lines):
        if len(line) > RUN_IN_CHARS or (len(line) > 300 and markers().navigation.search(line)):
            out.extend(explode(line))
        else:
            out.append(Block(line))
    return out


def sentences(text: str) -> list[str]:
    """Cut text into sentences, keeping closing quotes with their sentence."""
    out: list[str] = []
    start = 0
    pattern = _SENT_END_CJK if "。" in text or "！" in text or "？" in text else _SENT_END
    for m in pattern.finditer(text):
        closers = next((g for g in m.groups() if g is not None), "")
        end = m.start() + len(closers)
        piece = text[start:end]
        if _ABBREV.search(piece[: len(piece) - len(closers)]):
            continue  # "Dr. Smith", "N. Andersson", "t.ex. så": not a sentence end
        out.append(piece.strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]


def _is_cap(token: str) -> bool:
    token = token.lstrip(_OPENERS)
    return bool(token) and token[0].isupper()


_CONNECTORS = {"og", "och", "and", "ja", "und", "et", "y", "e", "&", "i", "og"}


def split_byline(text: str) -> tuple[str, list[str]]:
    """Split "Title Name Surname skrifar" or "Title By Name" into (title, [authors])."""
    toks = words(text)
    verbs = _byline_verbs()
    if len(toks) >= 3 and toks[-1].casefold() in verbs:
        i = len(toks) - 1
        names: list[str] = []
        while i > 0 and len(names) < 7:
            tok = toks[i - 1]
            if _is_cap(tok) and not tok.endswith((":", ".")) and tok[-1] not in _CLOSERS:
                names.insert(0, tok)
            elif tok.casefold() in _CONNECTORS and names:
                names.insert(0, tok)
            else:
                break
            i -= 1
        while names and names[0].casefold() in _CONNECTORS:
            names.pop(0)
            i += 1
        # A title may end in a capitalised word ("... undir Heiðarjökli Katrín Lind
        # Gunnarsdóttir skrifar"): one author's name has at most three parts, so
        # capitalised words beyond that before the first name belong to the title.
        first_name_len = next((k for k, t in enumerate(names) if t.casefold() in _CONNECTORS), len(names))
        if first_name_len > 3:
            extra = first_name_len - 3
            names = names[extra:]
            i += extra
        if len(names) >= 2 and i > 0:
            return " ".join(toks[:i]), split_authors(" ".join(names))
    m = _prefixed_byline().search(text)
    if m and len(m.group(1).split()) <= 8:
        return text[: m.start()].strip(), split_authors(m.group(1))
    return text, []


@cache
def _byline_verbs() -> frozenset[str]:
    return frozenset(w.casefold() for w in markers().words("byline_verbs"))


@cache
def _prefixed_byline() -> re.Pattern[str]:
    """"... By Jane Doe and John Roe" at the end of a text: up to eight capitalised words."""
    pattern = "|".join(re.escape(p) for p in markers().longest_first("author"))
    return re.compile(rf"\s(?:{pattern}):?\s+((?:[A-ZÀ-Þ][\w'’.-]*\s*(?:,|\b(?:og|och|and|&)\b)?\s*){{2,8}})$")


def split_authors(text: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|\s&\s|\b(?:og|och|and|ja|und|et|y)\b)\s*", text.strip())
    return [p.strip(" .") for p in parts if p and p.strip(" .")]


def is_credit_token(text: str) -> str | None:
    """If ``text`` starts with a photo credit ("EPA", "Vísir/Vilhelm", "NTB Scanpix")
    followed by a capitalised word, return the credit."""
    for agency in markers().longest_first("agencies"):
        if text.startswith(agency + " ") and _is_cap(text[len(agency) + 1:]):
            return agency
    m = re.match(r"([^\W\d_][\w.-]*/[^\W\d_][\w.-]*)\s+(?=\S)", text)
    if m and _is_cap(text[m.end():]):
        return m.group(1)
    m = re.match(r"([A-ZÀ-Þ]{2,6})\s+(?=[A-ZÀ-Þ][a-zß-ÿ])", text)
    return m.group(1) if m else None


@cache
def _place_names() -> frozenset[str]:
    """Country and territory names in every language CLDR knows (nominative forms)."""
    from babel import Locale

    names: set[str] = set()
    for lang in ("sv", "is", "nb", "nn", "da", "fo", "fi", "en", "de", "fr", "es", "nl"):
        names.update(n for code, n in Locale.parse(lang).territories.items() if not code.isdigit())
    return frozenset(names)


def split_tags(text: str) -> list[str]:
    """Cut a run-in tag list ("Innrás Rússa í Úkraínu Rússland Norður-Kórea").

    With no separators the only firm cue is a whole name: a place name in its
    dictionary form stands as a tag of its own; the words between such names
    form the other tags.
    """
    if re.search(r"[,;|·•]", text):
        return [t.strip() for t in re.split(r"\s*[,;|·•]\s*", text) if t.strip()]
    toks = words(text)
    places = _place_names()
    # Tags are in sentence case: a capitalised word after a lower-case content word
    # starts a new tag ("Eldgos og jarðhræringar Hrafnsvík"); after a short function
    # word ("í", "af", "of") it continues the tag ("Innrás Rússa í Úkraínu").
    def starts_tag(k: int) -> bool:
        prev = toks[k - 1] if k else ""
        return _is_cap(toks[k]) and len(prev) > 3 and prev[0].islower()

    tags: list[str] = []
    run: list[str] = []
    i = 0
    while i < len(toks):
        for size in (3, 2, 1):
            cand = " ".join(toks[i:i + size])
            if len(toks[i:i + size]) == size and cand in places:
                if run:
                    tags.append(" ".join(run))
                    run = []
                tags.append(cand)
                i += size
                break
        else:
            if run and starts_tag(i):
                tags.append(" ".join(run))
                run = []
            run.append(toks[i])
            i += 1
    if run:
        tags.append(" ".join(run))
    return tags


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
    seq = _navigation_split(sentences(rest))
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
    lower = _lower_counts(line)
    for b in seq:
        if not b.text:
            continue
        if b.hint != "run-in":
            out.append(b)
            continue
        for piece, hint in _cut_stamps(b.text, base):
            if hint or not lower:
                out.append(Block(piece, hint or "run-in"))
            else:
                out.extend(Block(p, "run-in") for p in hidden_starts(piece, lower))
    return out


_CLOCK_HINT = re.compile(r"\d[:.h]\d\d")
_YEAR_HINT = re.compile(r"(?:1[89]|20)\d\d")
_STAMP_END = re.compile(r"(?:\s*(?:[aApP]\.?\s?[mM]\.?(?!\w)|[Uu]hr\b))?(?:\s+\(?[A-Z]{2,4}\)?(?!\w))?")


def _stands_alone(before: str, after: str) -> bool:
    """Is a date between ``before`` and ``after`` a stamp of its own rather than part of a
    sentence?  Before it the text ends (a label "says:", a sentence, a byline's name), after
    it a new sentence starts."""
    if after and not (after[0].isupper() or after[0].isdigit() or after[0] in _OPENERS):
        return False
    if not before or before[-1] in ".!?:|–—-":
        return True
    toks = words(before)
    return len(toks) >= 2 and _is_cap(toks[-1])


_DIGIT = re.compile(r"\d")
_YEAR_END = re.compile(r"\b(?:1[89]|20)\d\d\b[.,]?(?:\s+|$)")
#: How far before its year a date reaches ("Wednesday, 20 November 2019").
_DATE_REACH = 40


def _dates_before_starts(text: str, base: datetime | None) -> list[DateMatch]:
    """Dates with a year followed by a capitalised word or the end: a date without a
    time may stand alone there.  Only the stretch before each such year is read."""
    out: list[DateMatch] = []
    for m in _YEAR_END.finditer(text):
        nxt = text[m.end():m.end() + 1]
        if nxt and not nxt.isupper() and nxt not in _OPENERS:
            continue
        out += [d for d in find_dates(text, base, max(0, m.start() - _DATE_REACH), m.end())
                if d.has_year and (not out or d.start > out[-1].start)]
    return out


def _cut_stamps(text: str, base: datetime | None) -> list[tuple[str, str]]:
    """Cut the time stamps out of a run-in segment: a date with a year and a time inside
    running text ("... sammievee says: November 19, 2019 at 7:23 am Chargers are ...")
    dates a comment or a teaser that stood on a line of its own on the page; so does a
    relative stamp ("... in Afghanistan 2H ago Woman risks ...").  The dates become
    date blocks ("date"), the relative stamps "stamp" blocks, the text around them stays
    run-in ("")."""
    if not _DIGIT.search(text):
        return [(text, "")]
    found: list[tuple[int, int, str]] = []
    dates = {d.start: d for d in _dates_before_starts(text, base)}
    if _CLOCK_HINT.search(text) and _YEAR_HINT.search(text):
        dates.update((d.start, d) for d in find_dates(text, base) if d.has_year and d.has_time)
    found += [(d.start, _STAMP_END.match(text, d.end).end(), "date")  # "am", "Uhr", a zone
              for d in dates.values()]
    found += [(m.start(), m.end(), "stamp") for m in relative_stamps(text)]
    if not found:
        return [(text, "")]
    out: list[tuple[str, str]] = []
    pos = 0
    for start, end, hint in sorted(found):
        if start < pos:
            continue
        before, after = text[pos:start].strip(), text[end:].lstrip()
        if not _stands_alone("." if hint == "stamp" else before, after):
            # a time in a sentence: "Am 3. März um 19:49 Uhr kam es ..."; "2H ago" never
            # stands in one before a capitalised word
            continue
        if before:
            out.append((before, ""))
        out.append((text[start:end].strip(), hint))
        pos = end
    rest = text[pos:].strip()
    if rest:
        out.append((rest, ""))
    return out or [(text, "")]


_WORD = re.compile(r"[^\W\d_]+")


def _lower_counts(text: str) -> dict[str, int]:
    """How often each word stands in lower case, and capitalised, on the page."""
    counts: dict[str, int] = {}
    for w in _WORD.findall(text):
        if w.islower() or w.istitle():
            counts[w] = counts.get(w, 0) + 1
    return counts


def _starts_line(tok: str, counts: dict[str, int]) -> bool:
    """A capitalised word the page otherwise writes in lower case ("The", "Die", "Det"):
    inside a run-in segment it starts a new sentence or line."""
    if len(tok) < 2 or not tok[0].isupper() or not tok[1:].isalpha() or not tok[1:].islower():
        return False
    low = counts.get(tok.lower(), 0)
    return low >= MIN_LOWER and low >= 2 * counts.get(tok, 0)


#: A word must stand in lower case this often on the page to count as a function word.
MIN_LOWER = 3


def hidden_starts(segment: str, counts: dict[str, int]) -> list[str]:
    """Cut a run-in segment where a line of the page was glued to the next: before a
    capitalised word the page otherwise writes in lower case.  On a page copied as one
    line, headings, menu items and bylines carry no full stop and run into the next
    sentence ("Weitere Nachrichten Die Bahn hat ..."): the cut frees the sentence."""
    toks = words(segment)
    cuts = [k for k in range(1, len(toks)) if _starts_line(toks[k], counts)
            and not toks[k - 1].endswith(tuple(_OPENERS))]
    if not cuts:
        return [segment]
    bounds = [0, *cuts, len(toks)]
    return [" ".join(toks[a:b]) for a, b in zip(bounds, bounds[1:])]


#: A run-in "sentence" longer than this (in words) has other text glued before it.
MAX_SENTENCE_WORDS = 60


def _menu_like(toks: list[str]) -> bool:
    return len(toks) >= 5 and sum(_is_cap(t) for t in toks) >= 0.6 * len(toks)


def glued_tail(segment: str) -> tuple[str, str]:
    """Split a long run-in segment into (menu words, the sentence that ends it).

    On a page copied as one line, menu items and headlines carry no sentence
    punctuation, so the first sentence of the text is glued to them:
    "World Politics Sports Title Words Here The minister said on Tuesday ...".  A
    sentence is mostly lower-case after its first word; walking back from its end,
    the first run of three capitalised words marks the menu, and the last of them
    starts the sentence.
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
                if len(toks) - (k + 2) < 5:
                    continue
                if _menu_like(toks[:k + 2]):
                    start = k + 2
                break
        else:
            caps = 0
    if len(toks) - start > MAX_SENTENCE_WORDS:
        # Longer than any sentence: headlines in sentence case glued before it.  The
        # sentence starts at a capitalised word among its last MAX_SENTENCE_WORDS words.
        start = next((k for k in range(len(toks) - MAX_SENTENCE_WORDS, len(toks)) if _is_cap(toks[k])),
                     start)
    if not start:
        return "", segment
    return " ".join(toks[:start]), " ".join(toks[start:])


#: A piece glued before a sentence with this share of capitalised words or less, of
#: PROSE_WORDS words or more, is prose (a long sentence) rather than menu items or headlines.
PROSE_CAPS = 0.3
PROSE_WORDS = 10


def _proselike(text: str) -> bool:
    toks = words(text)
    return len(toks) >= PROSE_WORDS and sum(_is_cap(t) for t in toks) <= PROSE_CAPS * len(toks)


def _good_sentence(text: str) -> bool:
    toks = words(text)
    return len(toks) >= 8 and bool(re.search(r"[.!?…]\W{0,2}$", text)) \
        and sum(_is_cap(t) for t in toks) < 0.5 * len(toks)


def _navigation_split(segs: list[str]) -> list[Block]:
    """Blocks in page order: sentences ("run-in") and navigation lists ("nav").

    A navigation marker ("Mest lesið", "Latest News") starts a list of links that runs
    until prose resumes: the first sentence that, freed of menu words glued to it,
    is a real sentence."""
    out: list[Block] = []
    i = 0
    while i < len(segs):
        seg = segs[i]
        m = next((m for m in markers().navigation.finditer(seg) if seg[m.start()].isupper()), None)
        if not m:
            prefix, tail = glued_tail(seg)
            if prefix and _proselike(prefix):
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
            prefix, tail = glued_tail(pending) if pending else ("", "")
            if tail and _good_sentence(tail):
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
