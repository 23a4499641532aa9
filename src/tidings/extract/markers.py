"""The marker tables of ``markers.toml``, compiled into matchers.

All languages' markers are merged: an article's language is often known only
after extraction, and the markers are distinctive enough not to clash.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["Markers", "capital", "markers", "relative_stamps"]

KINDS = ("related", "photo", "author", "byline_verbs", "navigation", "comments", "boilerplate",
         "published", "updated", "desks", "org_words", "ago", "time_units", "more", "newsletter")


def capital(ch: str) -> bool:
    """Does a marker starting with ``ch`` stand as a heading or label?  A capital letter does
    ("Related", not "related"); so does a letter of a script without case (関連記事, 相关文章),
    where the case cannot tell."""
    return ch.isupper() or (ch.isalpha() and not ch.islower())


def _alternation(words: set[str] | frozenset[str]) -> str:
    """The words as one pattern, a trie of their letters ("Läs(?:\\s+mer)?"): the regex
    engine then tries a letter once instead of every word at every position.  Longer words
    win ("Läs mer" over "Läs": the optional tail is greedy); spaces match any whitespace."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in re.sub(r"\s+", " ", w):
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    branches = [(r"\s+" if ch == " " else re.escape(ch)) + _trie_pattern(child)
                for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    ends = "" in node
    inner = "|".join(branches)
    if len(branches) > 1 or ends:
        inner = f"(?:{inner})"
    return inner + "?" if ends else inner


@dataclass(frozen=True, eq=False)  # hashed by identity, so the compiled patterns can be cached
class Markers:
    table: dict[str, dict[str, list[str]]]
    agencies: frozenset[str]

    def words(self, kind: str) -> frozenset[str]:
        return _words(self, kind)

    def longest_first(self, kind: str) -> tuple[str, ...]:
        """The words of ``kind`` (or the agencies, kind "agencies"), longest first, so that an
        alternation or a prefix scan prefers "NTB Scanpix" to "NTB"."""
        return _longest_first(self, kind)

    def language_of(self, kind: str, word: str) -> list[str]:
        low = word.casefold()
        return [lang for lang, t in self.table.items() if low in {w.casefold() for w in t.get(kind, [])}]

    # A line "MARKER: rest" (colon required) for related, photo and author markers.
    @property
    def labelled(self) -> re.Pattern[str]:
        return _labelled(self)

    @property
    def navigation(self) -> re.Pattern[str]:
        return _navigation(self)

    @property
    def navigation_run_in(self) -> re.Pattern[str]:
        """:attr:`navigation` on a page copied as one line, where a heading may be glued to
        its list's first item ("Mehr aus der SendungListe mit 24 Einträgen")."""
        return _navigation(self, glued=True)

    @property
    def comments(self) -> re.Pattern[str]:
        return _comments(self)

    @property
    def ago(self) -> re.Pattern[str]:
        """A relative time stamp in any language ("14 hours ago", "1H ago", "vor 3 Stunden",
        "för 2 timmar sedan"): on a page it dates a teaser or a comment."""
        return _ago(self)

    @property
    def more(self) -> frozenset[str]:
        """Read-on links, casefolded ("read more", "weiterlesen")."""
        return _casefolded(self, "more")

    @property
    def furniture(self) -> re.Pattern[str]:
        """Boilerplate ("Share this article") and read-on links ("Read more") anywhere in a
        text; the group ``more`` is set for a read-on link."""
        return _furniture(self)

    @property
    def bracketed_credit(self) -> re.Pattern[str]:
        """A photo credit in brackets ("(Foto: Stadt Nordhausen)"); group ``credit`` the name."""
        return _bracketed_credit(self)

    @property
    def newsletter(self) -> re.Pattern[str]:
        """A newsletter's name anywhere in a line ("PC Gamer Newsletter", "nyhetsbrev")."""
        return _newsletter(self)

    @property
    def date_labels(self) -> frozenset[str]:
        """Labels of published and updated dates, casefolded ("publicerad", "updated")."""
        return _casefolded(self, "published") | _casefolded(self, "updated")

    @property
    def date_label(self) -> re.Pattern[str]:
        """A published or updated label and the little word before its date ("Erschienen am",
        "Published on", "Mis à jour le"): the date after it is the page's own stamp."""
        return _date_label(self)

    @property
    def boilerplate(self) -> frozenset[str]:
        return _casefolded(self, "boilerplate")

    @property
    def desks(self) -> frozenset[str]:
        return _casefolded(self, "desks") | _casefolded(self, "agencies")


# The tables never change after loading; these are asked for every block of every page,
# so each answer is computed once (Markers hashes by identity).
@cache
def _words(m: Markers, kind: str) -> frozenset[str]:
    if kind == "agencies":
        return m.agencies
    return frozenset(w for lang in m.table.values() for w in lang.get(kind, []))


@cache
def _longest_first(m: Markers, kind: str) -> tuple[str, ...]:
    return tuple(sorted(_words(m, kind), key=len, reverse=True))


@cache
def _casefolded(m: Markers, kind: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in _words(m, kind))


@cache
def _labelled(m: Markers) -> re.Pattern[str]:
    groups = "|".join(
        f"(?P<{kind}>{_alternation(m.words(kind))})" for kind in ("related", "photo", "author")
    )
    return re.compile(rf"^\s*(?:{groups})\s*[:|]\s*(?P<rest>.*\S)?\s*$", re.IGNORECASE | re.DOTALL)


@cache
def _navigation(m: Markers, glued: bool = False) -> re.Pattern[str]:
    # A navigation heading stands alone or runs into its list; it must be followed
    # by something capitalised or quoted (a headline), never by lower-case prose.
    end = r"(?:(?!\w)|(?-i:(?<=[a-zäöüßåæøéèáíóúð])(?=[A-ZÄÖÜÅÆØÉÁÍÓÚÐ])))" if glued else r"(?!\w)"
    return re.compile(rf"(?<!\w)(?:{_alternation(m.words('navigation'))}){end}", re.IGNORECASE)


@cache
def _date_label(m: Markers) -> re.Pattern[str]:
    words = m.words("published") | m.words("updated")
    firsts = "".join(sorted({w[0] for w in words}))  # matched in any case, as the labels are
    # the lookahead on the labels' first letters lets the scan skip every other position
    return re.compile(rf"(?<!\w)(?=[{re.escape(firsts)}])(?:{_alternation(words)})\s*:?\s*"
                      r"(?:(?:am|on|le|el|il|em|den|d\.|op|dnia|at|um)\s+)?(?=\d)", re.IGNORECASE)


@cache
def _comments(m: Markers) -> re.Pattern[str]:
    # Case-sensitive: the heading of a comment form is capitalised (or in capitals: "LEAVE A
    # REPLY"), in a line of its own or run into the text of a page copied as one line.
    words = m.words("comments")
    words = words | {w.upper() for w in words}
    firsts = "".join(sorted({w[0] for w in words}))  # lets the scan skip every other position
    return re.compile(rf"(?<!\w)(?=[{re.escape(firsts)}])(?:{_alternation(words)})(?!\w)")


@cache
def _furniture(m: Markers) -> re.Pattern[str]:
    # Matched only where a capital starts it (the reader takes no other): the lookahead on
    # the markers' first letters, in capitals, lets the scan skip every other position.
    words = m.words("more") | m.words("boilerplate")
    firsts = "".join(sorted({w[0].upper() for w in words}))
    return re.compile(rf"(?<!\w)(?=[{re.escape(firsts)}])(?i:(?P<more>{_alternation(m.words('more'))})|"
                      rf"{_alternation(m.words('boilerplate'))})(?!\w)")


@cache
def _bracketed_credit(m: Markers) -> re.Pattern[str]:
    return re.compile(rf"\(\s*(?:{_alternation(m.words('photo'))})\s*:\s*(?P<credit>[^()]{{1,80}})\)")


@cache
def _newsletter(m: Markers) -> re.Pattern[str]:
    return re.compile(_alternation(m.words("newsletter")), re.IGNORECASE)


@cache
def _ago(m: Markers) -> re.Pattern[str]:
    units = rf"(?:{_alternation(m.words('time_units'))})\.?"
    forms = []
    for template in sorted(m.words("ago"), key=len, reverse=True):
        # "N UNIT" may be written together ("1H", "25M"); the words around them are spaced
        pattern = r"\s+".join(re.escape(w) for w in template.split())
        forms.append(pattern.replace(r"N\s+UNIT", r"\d{1,3}\s?" + units))
    return re.compile(rf"(?<!\w)(?:{'|'.join(forms)})(?!\w)", re.IGNORECASE)


_AGO_CORE = re.compile(r"(?<!\d)\d{1,3}\s?([^\W\d_]{1,16})\.?(?!\w)")


#: How far the words of a relative stamp reach around its number and unit ("il y a", "sedan").
_AGO_REACH = 24


def relative_stamps(text: str) -> list[re.Match[str]]:
    """The relative time stamps in ``text`` ("14 hours ago", "vor 3 Stunden"): the number
    and unit are found first (a scan that starts at digits only), the template's words
    around them checked after."""
    m = markers()
    out: list[re.Match[str]] = []
    units = _casefolded(m, "time_units")
    for hit in _AGO_CORE.finditer(text):
        if hit.group(1).casefold() not in units or out and out[-1].end() >= hit.end():
            continue
        end = min(len(text), hit.end() + _AGO_REACH)
        full = m.ago.search(text, max(0, hit.start() - _AGO_REACH), end)
        if full and full.start() <= hit.start() and full.end() >= hit.end() \
                and (full.end() < end or end == len(text)):
            out.append(full)
    return out


@cache
def markers() -> Markers:
    data = tomllib.loads(resources.files("tidings.extract").joinpath("markers.toml").read_text("utf-8"))
    credits = data.pop("credits", {})
    return Markers(table=data, agencies=frozenset(credits.get("agencies", [])))
