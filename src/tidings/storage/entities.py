"""Canonical entities and quotes as stored: the records ``tidings entities``, ``entity``
and ``quotes`` show, and the scanning versions of those queries.

The scanning versions read ``Store.articles()`` and are the :class:`~tidings.storage.Store`
defaults, right for the in-memory store and small stores; SQLite answers the same
questions from indexed tables (``entities_sql.py``).  Both merge an entity the same way:
the preferred name per language is the one most articles of that language use, the
aliases are every surface seen, and the display name is the English name when known,
else the most used one.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..enrich.names import name_key
from ..model import Article

__all__ = ["EntityMention", "EntitySummary", "QuoteRow", "display_name", "entity_matches", "scan_entities",
           "scan_entity", "scan_entity_mentions", "scan_quotes"]


@dataclass(slots=True)
class EntitySummary:
    """A canonical entity with what the store knows of it."""

    id: str
    name: str
    type: str
    names: dict[str, str] = field(default_factory=dict)  # preferred name per language
    aliases: list[str] = field(default_factory=list)  # every surface seen
    articles: int = 0  # articles that mention it
    cited: int = 0  # articles that cite it as a source
    first_seen: str | None = None  # earliest publication date of those articles
    last_seen: str | None = None


@dataclass(slots=True)
class EntityMention:
    """One article that mentions an entity."""

    article_id: str
    published: str | None
    language: str | None
    title: str | None
    surfaces: list[str]
    cited: bool = False


@dataclass(slots=True)
class QuoteRow:
    """A stored quote with the article it is from."""

    article_id: str
    published: str | None
    language: str | None
    title: str | None
    text: str
    speaker: str | None
    speaker_entity_id: str | None
    verb: str | None
    direct: bool


def _published(article: Article) -> str | None:
    return article.published.isoformat() if article.published else None


def entity_matches(query: str, summary: EntitySummary) -> bool:
    """``query`` names the entity: its id (or an id prefix of 6+ characters), or any of
    its names and aliases with case, accents and hyphens folded."""
    if query == summary.id or (len(query) >= 6 and summary.id.startswith(query)):
        return True
    key = name_key(query)
    return any(name_key(n) == key for n in [summary.name, *summary.names.values(),
                                            *summary.aliases])


# Letters that English spelling writes otherwise (NFKD does not split them).
_PLAIN = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d", "ß": "ss", "ł": "l"})


def _folded(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold())
                   if not unicodedata.combining(c)).translate(_PLAIN)


def display_name(names: dict[str, str], fallback: str) -> str:
    """The name to show: the English one, unless it only drops the accents of another.

    English text often writes "Vikstrom" for Vikström or "Thordarson" for Þórðarson's
    plain-letter form; the name as spelt in another language wins when it folds to the
    same letters and carries more of them outside ASCII.
    """
    name = names.get("en") or fallback
    if "en" not in names:
        return name
    key = _folded(name)
    spelt = [n for lang, n in names.items() if lang != "en" and n != name and _folded(n) == key]
    richer = [n for n in spelt if sum(not c.isascii() for c in n) > sum(not c.isascii() for c in name)]
    return max(richer, key=lambda n: sum(not c.isascii() for c in n)) if richer else name


class _Merger:
    """Accumulates one entity over the articles that mention it."""

    def __init__(self) -> None:
        self.by_id: dict[str, EntitySummary] = {}
        self.votes: dict[str, dict[str, Counter[str]]] = {}
        self.types: dict[str, Counter[str]] = {}

    def add(self, article: Article) -> None:
        cited = {c.entity_id for c in article.cited_sources if c.entity_id}
        published = _published(article)
        for e in article.entities:
            s = self.by_id.get(e.id)
            if s is None:
                s = self.by_id[e.id] = EntitySummary(e.id, e.name, e.type)
            s.articles += 1
            s.cited += e.id in cited
            for alias in e.aliases:
                if alias not in s.aliases:
                    s.aliases.append(alias)
            for lang, name in e.names.items():
                self.votes.setdefault(e.id, {}).setdefault(lang, Counter())[name] += 1
            self.types.setdefault(e.id, Counter())[e.type] += 1
            if published:
                s.first_seen = min(filter(None, [s.first_seen, published]))
                s.last_seen = max(filter(None, [s.last_seen, published]))

    def result(self) -> list[EntitySummary]:
        for eid, s in self.by_id.items():
            s.names = {lang: c.most_common(1)[0][0] for lang, c in self.votes.get(eid, {}).items()}
            s.type = self.types[eid].most_common(1)[0][0]
            s.name = display_name(s.names, s.name)
        return sorted(self.by_id.values(), key=lambda s: (-s.articles, s.name))


def scan_entities(articles: Iterable[Article], *, language: str | None = None,
                  type_: str | None = None) -> list[EntitySummary]:
    """Every entity of the articles (of ``language``), most mentioned first."""
    merger = _Merger()
    for article in articles:
        if language is None or article.language == language:
            merger.add(article)
    return [s for s in merger.result() if type_ is None or s.type == type_]


def scan_entity(articles: Iterable[Article], query: str) -> EntitySummary | None:
    """The entity ``query`` names (see :func:`entity_matches`); the most mentioned wins."""
    for summary in scan_entities(articles):
        if entity_matches(query, summary):
            return summary
    return None


def scan_entity_mentions(articles: Iterable[Article], entity_id: str) -> list[EntityMention]:
    """The articles that mention the entity, oldest first."""
    out = []
    for a in articles:
        for e in a.entities:
            if e.id == entity_id:
                cited = any(c.entity_id == entity_id for c in a.cited_sources)
                out.append(EntityMention(a.id, _published(a), a.language, a.title,
                                         list(e.aliases), cited))
    return sorted(out, key=lambda m: m.published or "")


def scan_quotes(articles: Iterable[Article], *, speaker_ids: set[str] | None = None
                ) -> list[QuoteRow]:
    """Quotes (by these speakers, when given), oldest article first."""
    out = []
    for a in articles:
        for q in a.quotes:
            if speaker_ids is not None and q.speaker_entity_id not in speaker_ids:
                continue
            out.append(QuoteRow(a.id, _published(a), a.language, a.title, q.text, q.speaker,
                                q.speaker_entity_id, q.verb, q.direct))
    return sorted(out, key=lambda r: r.published or "")
