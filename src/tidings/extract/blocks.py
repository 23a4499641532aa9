"""Blocks of raw page text: lines, sentences, bylines, credits and tags.

A text dump arrives either with a line per block (a paragraph, a heading, a
caption) or with a whole page on one line; :mod:`.runin` turns both into one shape,
a list of :class:`Block`, with the helpers here: lines normalised and hard-wrapped
paragraphs joined, sentences cut, bylines, credit tokens and tag lists read.
"""

from __future__ import annotations

import re
from datetime import datetime
from dataclasses import dataclass
from functools import cache

from .dates import find_dates, is_month_name
from .markers import markers

__all__ = ["Block", "is_credit_token", "normalise_line", "sentences", "split_byline",
           "split_tags", "words"]


_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CLOSERS = "\"'”’»“)]›"
_OPENERS = "\"'“„«‘‚‹([”»’"
# A sentence ends at . ! ? … (after any closing quote) before a capital, digit, opening quote
# or dash, or before a web address (a link on a line of its own, glued on when the page was
# copied as one line).
_SENT_END = re.compile(
    rf"(?<=[.!?…])([{re.escape(_CLOSERS)}]*)\s+(?=[{re.escape(_OPENERS)}–—-]?\s?[^\W_a-zß-ÿ]|https?://|www\.|"
    r"\([a-zß-ÿ]{1,5}\)(?!\S))")  # an author's initials after the last sentence: "... Bahnumschlags. (cm)"
# In Chinese and Japanese a sentence also ends at 。！？ (after any closing bracket), with no
# space after it; the longer pattern is used only on text that has such a mark.
# A stop inside a quotation ("「本当か？」と記者。") ends the sentence only when another
# quotation or a space follows the closing bracket.
_SENT_END_CJK = re.compile(_SENT_END.pattern + r"|(?<=[。！？])()(?=[^\s」』）”])"
                           r"|(?<=[。！？])([」』）”]*)(?:\s+|(?=[「『（“]))(?=\S)")
_ABBREV = re.compile(
    r"(?:^|\s)(?:[A-ZÀ-Þ]|(?:[A-ZÀ-Þ]\.)+[A-ZÀ-Þ]|[a-zß-ÿ]{1,3}\.[a-zß-ÿ]{1,2}|Dr|Mr|Mrs|Ms|St|Prof|Nr|nr|no|ca|kl|klo|kr|"
    r"bls|tel|s|p|mill|mrd|mio|Jr|Sr|Inc|Ltd|Co|vs|resp|t\.ex|bl\.a|m\.a|f\.d|o\.s\.v|osv|mm|"
    r"o\.fl|m\.fl|ml|fv|jf|u\.s\.w|z\.B|bzw|etc|approx|e\.g|i\.e|"
    # month names cut short before a day ("Nov. 18", "18. okt. 2025")
    r"[Jj]an|[Ff]eb|[Mm]ar|[Aa]pr|[Jj]un|[Jj]ul|[Aa]ug|[Ss]ept?|[Oo]ct|[Oo]kt|[Nn]ov|[Dd]ec|[Dd]es|Dez|Mär)\.$")


#: How far from a piece's end an abbreviation may start ("approx.", "U.S.A.").
ABBREV_REACH = 16
#: A day written as an ordinal at a piece's end: "am 3.", "(21."
_ORDINAL = re.compile(r"(?:^|[\s(])\d{1,2}\.$")
_LIST_NUMBER = re.compile(r"\d{1,2}\.")


@dataclass(slots=True)
class Block:
    """One unit of a page.  ``hint`` is set when structure already told what it is."""

    text: str
    hint: str = ""


def words(text: str) -> list[str]:
    return text.split()


def normalise_line(line: str) -> str:
    """Whitespace folded to single spaces; soft hyphens (invisible hints where a browser may
    break a word: "Mit\xadtel\xadal\xadter") dropped, as they are not text."""
    return _WS.sub(" ", line.replace("\xad", "")).strip()


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


def sentences(text: str) -> list[str]:
    """Cut text into sentences, keeping closing quotes with their sentence."""
    out: list[str] = []
    start = 0
    pattern = _SENT_END_CJK if "。" in text or "！" in text or "？" in text else _SENT_END
    for m in pattern.finditer(text):
        closers = next((g for g in m.groups() if g is not None), "")
        end = m.start() + len(closers)
        piece = text[start:end]
        body = piece[: len(piece) - len(closers)]
        # only a piece's last word can be an abbreviation: the search starts near the end
        if _ABBREV.search(body, max(0, len(body) - ABBREV_REACH)):
            continue  # "Dr. Smith", "N. Andersson", "t.ex. så": not a sentence end
        if _ORDINAL.search(piece, max(0, len(piece) - 4)) and (_LIST_NUMBER.fullmatch(piece.strip())
                                       or is_month_name(text[m.end():m.end() + 12].split(" ", 1)[0])):
            continue  # a day before its month ("Am 3. März", "(21. November 2022)"), an item's number ("1. Ernährung")
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
    return re.compile(rf"\s(?i:{pattern}):?\s+((?:[A-ZÀ-Þ][\w'’.-]*\s*(?:,|\b(?:og|och|and|&)\b)?\s*){{2,8}})$")


#: Decoration around a byline line ("---- by Jane Doe", "| By Jane Doe |").
_BYLINE_TRIM = " -–—|*·•:"


@cache
def _byline_markers() -> frozenset[str]:
    return frozenset(w.split()[0].casefold() for w in markers().words("author"))


def opens_byline(line: str) -> bool:
    """Whether a line opens with a byline's marker ("By", "von", "---- by")."""
    return line.lstrip(_BYLINE_TRIM).split(" ", 1)[0].casefold().rstrip(":") in _byline_markers()


def byline_core(line: str, base: datetime | None = None) -> str:
    """A byline line without its decoration and the date after the names ("By Jane Doe |
    12/10/2020", "par Jean Roy, 21 juin 2018"), its marker capitalised ("von Jane Doe")."""
    text = line.strip(_BYLINE_TRIM)
    found = find_dates(text, base) if any(ch.isdigit() for ch in text) else []
    if found and found[-1].start > 0 and not text[found[-1].end:].strip(_BYLINE_TRIM + ".,"):
        text = text[:found[-1].start].rstrip(_BYLINE_TRIM + ",")
    return text[:1].upper() + text[1:] if text[:1].islower() else text


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
