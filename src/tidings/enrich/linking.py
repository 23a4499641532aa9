"""Entity linking: every mention gets a canonical entity shared across languages and forms.

"Kim Jong-un" and "Kim Jong Un", "Nordkorea" and "Norður-Kóreu", "Ryssland" and
"Rússlands" must each be one entity, in one article and across articles, so an analyst
can follow a person or a country through outlets and languages.

How a mention finds its entity, first rule that applies:

1. the alias table (CLDR territory names in every language, the shipped and the user's
   alias files), directly or after the language's inflection rewrites;
2. another mention of the same article: a surname or first name alone ("Kristersson",
   "Kim") joins the full name it is part of, an inflected form ("Bidens") its base form,
   an acronym ("ISW") the multi-word name it abbreviates;
3. otherwise the mention's own name key: lower case, accents and hyphens folded and
   transliteration variants met ("Vladimír Pútín" = "Vladimir Putin").

Every rule is a function of the article alone, never of what was linked before, so the
same entity gets the same id in every run, on every worker, in any order.

The step also ADDS mentions the recogniser missed: alias-table names (so countries,
agencies and outlets are found even with a weak model), and the short forms and acronyms
of names the article spells out in full.
"""

from __future__ import annotations

from typing import Self

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..config import Config
from ..model import Article, Entity, Mention
from ..pipeline import Enricher
from .aliases import AliasTable, KnownEntity, entity_id, inflection_rules, linking_rules
from .cues import cues_for
from .names import Token, capitalised_tokens, is_capitalised, name_key, tokens

__all__ = ["AliasTableStep", "LinkingStep", "add_mention", "alias_table", "link_article"]

_TYPE_ORDER = {"PER": 0, "ORG": 1, "LOC": 2, "MISC": 3}
_WORD_START = re.compile(r"\w+")


@lru_cache(maxsize=4)
def alias_table(languages: tuple[str, ...] = (), files: tuple[str, ...] = ()) -> AliasTable:
    """The alias table for these languages and user files, built once per process."""
    return AliasTable(languages, files)


@lru_cache(maxsize=1)
def _folds() -> tuple[tuple[str, str], ...]:
    return tuple(tuple(r) for r in linking_rules()["folds"]["rules"])  # type: ignore[misc]


@dataclass(slots=True)
class _Resolved:
    key: str
    known: KnownEntity | None
    base: str  # the surface with inflection undone ("Rysslands" -> "Ryssland")


def add_mention(article: Article, start: int, end: int, type_: str) -> Mention | None:
    """Add a mention of ``article.text[start:end]`` unless one overlaps it; returns it.

    Quote and source steps call this for speakers and outlets they find by cue."""
    for m in article.mentions:
        if m.start < end and start < m.end:
            return m if (m.start, m.end) == (start, end) else None
    mention = Mention(surface=article.text[start:end], type=type_, start=start, end=end)
    article.mentions.append(mention)
    return mention


def _place(article: Article, text: str) -> None:
    """Give every mention offsets into ``text`` (a recogniser may leave them unknown)."""
    cursor = 0
    for m in article.mentions:
        if 0 <= m.start < m.end <= len(text) and text[m.start:m.end] == m.surface:
            continue
        at = text.find(m.surface, cursor)
        if at < 0:
            at = text.find(m.surface)
        if at >= 0:
            m.start, m.end = at, at + len(m.surface)
            cursor = m.end


def _scan_aliases(article: Article, text: str, toks: list[Token], table: AliasTable) -> None:
    """Add a mention for every alias-table name in the text that no mention covers.

    Only names of the article's own language and English (plus language-neutral aliases)
    are scanned for: "Island" is Iceland in a Danish text but a word in an English one."""
    lang = article.language
    langs = (lang, "en", None)
    taken = bytearray(len(text) + 1)  # 1 where a mention already stands
    for m in article.mentions:
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
    i = 0
    for k in capitalised_tokens(text):  # a name starts at a capitalised word
        if k < i:
            continue  # inside the name found just before
        i = k
        tok = toks[i]
        if taken[tok.start]:
            continue  # a word a mention already covers needs no lookup
        best: tuple[int, KnownEntity] | None = None
        if tok.text.casefold() in table.first_words:
            for n in range(min(table.max_words, len(toks) - i), 1, -1):
                last = toks[i + n - 1]
                if any(text[toks[k].end:toks[k + 1].start] != " " for k in range(i, i + n - 1)):
                    continue
                hit = table.lookup_inflected(text[tok.start:last.end], lang, langs)
                if hit is not None:
                    best = (n, hit[0])
                    break
        end = 0
        if best is None:
            hit = table.lookup_inflected(tok.text, lang, langs)
            if hit is None and "-" in tok.text and not is_capitalised(tok.text.rsplit("-", 1)[1]):
                # A Nordic compound on a name: "USA-ledda", "EU-länderna" mention the name.
                head = tok.text.split("-", 1)[0]
                hit = table.lookup(head, lang, langs) and (table.lookup(head, lang, langs), head)
                end = tok.start + len(head)
            if hit:
                best = (1, hit[0])
        if best is None:
            continue
        n, known = best
        start, end = tok.start, end or toks[i + n - 1].end
        if not any(taken[start:end]):
            article.mentions.append(Mention(surface=text[start:end], type=known.type,
                                            start=start, end=end))
            taken[start:end] = b"\x01" * (end - start)
        i += n


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if is_capitalised(w))


def _forms(surface: str, rules: tuple[tuple[str, str], ...]) -> list[str]:
    """The surface and its possible base forms under the inflection rewrites."""
    out = [surface]
    for suffix, repl in rules:
        if surface.endswith(suffix) and len(surface) - len(suffix) >= 2:
            out.append(surface[: len(surface) - len(suffix)] + repl)
    return out


def _genitive_base(article: Article, m: Mention, suffixes: Sequence[str]) -> str | None:
    """"Moderaternas" in "Moderaternas stämma": a name with the possessive ending before a
    lower-case word (the thing possessed) is the name without it.  Only for organisations
    and places: many first names end in -s ("Lars", "Jonas")."""
    if m.type == "PER":
        return None
    nxt = article.text[m.end:m.end + 40]
    if not nxt.startswith(" ") or not nxt[1:2].islower():
        return None
    match = _WORD_START.match(nxt, 1)
    word = match.group() if match else ""
    cues = cues_for(article.language)
    if not word.isalpha() or cues.any_verb(word) or word in cues.clause_words:
        return None
    for suffix in suffixes:
        if m.surface.endswith(suffix) and len(m.surface) - len(suffix) >= 3:
            return m.surface[: len(m.surface) - len(suffix)]
    return None


def _resolve(article: Article, table: AliasTable) -> list[_Resolved]:
    """The canonical key of each mention (rules 1-3 of the module docstring)."""
    lang, folds = article.language, _folds()
    rules = inflection_rules(lang)
    genitive = linking_rules().get("genitive", {}).get(lang or "", [])
    out: list[_Resolved | None] = []
    for m in article.mentions:
        hit = table.lookup_inflected(m.surface, lang)
        out.append(_Resolved(hit[0].key, hit[0], hit[1]) if hit else None)
    own = {name_key(m.surface, folds) for m, r in zip(article.mentions, out) if r is None}

    def canonical(m: Mention) -> tuple[str, str]:
        """(key, base form): an inflected form of a name the article also uses uninflected
        goes to that name ("Joe Bidens" -> "Joe Biden")."""
        for form in _forms(m.surface, rules)[1:]:
            if name_key(form, folds) in own:
                return name_key(form, folds), form
        base = _genitive_base(article, m, genitive)
        if base:
            return name_key(base, folds), base
        return name_key(m.surface, folds), m.surface

    # Multi-word names first: full person names anchor their short forms.
    anchors: list[tuple[int, str, list[str]]] = []  # position, key, words
    for idx, (m, r) in enumerate(zip(article.mentions, out)):
        if r is None and " " in m.surface.strip():
            key, base = canonical(m)
            out[idx] = _Resolved("name:" + key, None, base)
            if m.type == "PER":
                anchors.append((m.start, "name:" + key, key.split()))
    acronyms = {_initials(m.surface): r.key for m, r in zip(article.mentions, out)
                if r is not None and len(m.surface.split()) > 1 and m.type != "PER"}
    for idx, (m, r) in enumerate(zip(article.mentions, out)):
        if r is not None:
            continue
        if m.surface.isupper() and m.surface in acronyms:
            out[idx] = _Resolved(acronyms[m.surface], None, m.surface)
            continue
        chosen: _Resolved | None = None
        if m.type in ("PER", "MISC", "ORG", ""):
            for form in _forms(m.surface, rules):
                word = name_key(form, folds)
                fits = [a for a in anchors if word in (a[2][0], a[2][-1])]
                if fits:
                    before = [a for a in fits if a[0] <= m.start]
                    pick = max(before, key=lambda a: a[0]) if before else \
                        min(fits, key=lambda a: a[0])
                    chosen = _Resolved(pick[1], None, form)
                    break
        if chosen is None:
            key, base = canonical(m)
            chosen = _Resolved("name:" + key, None, base)
        out[idx] = chosen
    return [r for r in out if r is not None]


def _split_listed(article: Article) -> None:
    """Split a person mention that runs over a lower-case word ("Kim och Belousov"): a
    recogniser may join two names, but a person's name holds no lower-case word other
    than a particle ("von", "af")."""
    particles = set(linking_rules()["names"]["particles"])
    out: list[Mention] = []
    for m in article.mentions:
        words = m.surface.split(" ")
        if m.type != "PER" or all(is_capitalised(w) or w in particles for w in words):
            out.append(m)
            continue
        pos = m.start
        for w in words:
            if is_capitalised(w):
                out.append(Mention(surface=w, type="PER", start=pos, end=pos + len(w)))
            pos += len(w) + 1
    article.mentions = out


def _add_short_forms(article: Article, text: str, toks: list[Token]) -> None:
    """Add mentions of surnames, first names and acronyms of names spelt out in full."""
    rules = inflection_rules(article.language)
    words: dict[str, str] = {}
    for m in article.mentions:
        parts = m.surface.split()
        if m.type == "PER" and len(parts) > 1:
            for w in (parts[0], parts[-1]):
                if len(w) >= 3:
                    words.setdefault(w, "PER")
        elif len(parts) > 1:
            acronym = _initials(m.surface)
            if len(acronym) >= 2:
                words.setdefault(acronym, m.type)
    if not words:
        return
    taken = bytearray(len(text) + 1)
    for m in article.mentions:
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
    for k in capitalised_tokens(text):
        tok = toks[k]
        if any(taken[tok.start:tok.end]):
            continue
        type_ = words.get(tok.text)
        if type_ is None:
            for suffix, repl in rules:
                if tok.text.endswith(suffix):
                    type_ = words.get(tok.text[: len(tok.text) - len(suffix)] + repl)
                    if type_:
                        break
        if type_:
            article.mentions.append(Mention(surface=tok.text, type=type_, start=tok.start,
                                            end=tok.end))
            taken[tok.start:tok.end] = b"\x01" * (tok.end - tok.start)


def link_article(article: Article, table: AliasTable) -> None:
    """Link every mention to its canonical entity and set ``article.entities``.

    Idempotent: quote and source steps call it again after adding mentions."""
    lang = article.language
    resolved = _resolve(article, table)
    groups: dict[str, list[tuple[Mention, _Resolved]]] = {}
    for m, r in zip(article.mentions, resolved):
        m.entity_id = entity_id(r.key)
        m.lemma = r.base
        groups.setdefault(r.key, []).append((m, r))
    entities: list[Entity] = []
    for key, items in groups.items():
        known = items[0][1].known
        surfaces = list(dict.fromkeys(m.surface for m, _ in items))
        if known is not None:
            type_, name = known.type, known.name_in(lang)
            names = {lang or "und": known.name_in(lang)}
            if "en" in known.names:
                names.setdefault("en", known.names["en"])
            extras = {"kind": known.kind} if known.kind else {}
        else:
            votes = Counter(m.type for m, _ in items if m.type)
            type_ = min(votes, key=lambda t: (-votes[t], _TYPE_ORDER.get(t, 9))) if votes else "MISC"
            # The preferred name: the fullest form the article uses uninflected.
            bases = [r.base for _, r in items]
            name = max(bases, key=lambda b: (len(b.split()), bases.count(b), len(b)))
            names, extras = {lang or "und": name}, {}
        for m, _ in items:
            m.type = m.type or type_
        entities.append(Entity(id=entity_id(key), name=name, type=type_, names=names,
                               aliases=surfaces, extras=extras))
    article.entities = entities


class AliasTableStep(Enricher):
    """Base of the steps that read the alias table (shipped and the user's ``alias_files``)."""

    def __init__(self, languages: Sequence[str] = (), alias_files: Sequence[str | Path] = ()) -> None:
        self.table = alias_table(tuple(languages), tuple(str(f) for f in alias_files))

    @classmethod
    def from_config(cls, config: Config) -> Self:
        return cls(config.languages, config.section("linking").get("alias_files", []))


class LinkingStep(AliasTableStep):
    """Find alias-table names and short forms, then link every mention to an entity."""

    name = "linking"
    requires = frozenset({"title", "lead", "body", "language"})
    assigns = frozenset({"mentions", "entities"})

    def enrich(self, article: Article) -> None:
        text = article.text
        toks = tokens(text)
        _place(article, text)
        article.mentions = [m for m in article.mentions if 0 <= m.start < m.end]
        _split_listed(article)
        _scan_aliases(article, text, toks, self.table)
        _add_short_forms(article, text, toks)
        article.mentions.sort(key=lambda m: m.start)
        link_article(article, self.table)
