"""Full-text search that understands inflection: SQLite FTS5 plus lemmas.

An analyst types "Rússland" and expects the articles that say "Rússlands" or
"Rússlandi" too.  FTS5 alone matches word forms, so every article is indexed
twice over: its words (title, lead, body) and their lemmas.  A query word is
looked up as itself OR any of its lemmas, so an inflected query finds the other
forms through the lemma column.

Lemmas come from the article when the enrichment step has set them
(``Article.lemmas`` or ``extras["lemmas"]``); until then, and for articles that
lack them, they are computed here with simplemma in the article's language.
Query words are lemmatised in every language the caller names (by default all
the languages the store holds), since a query carries no language of its own.

Entity ids from ``Article.mentions`` go into an ``ents`` column as ``e<id>``
tokens together with the mention surfaces: a query that matches a mention
surface in one language also finds the articles in other languages that
mention the same (linked) entity.

The index lives in the ``search_fts`` table (created by a migration) with the
article's rowid as its own, and is brought up to date lazily: every search
first indexes the articles stored since the last one (a high-water mark on
rowid; articles are never rewritten in place), so any writer, CLI or web, is
covered without hooks in the write path.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..errors import StorageError

if TYPE_CHECKING:  # the Article import is only for types; keep this module light to import
    from ..model import Article

__all__ = [
    "COUNT_CAP", "FTS_MIGRATION", "Browse", "SearchHit", "SearchPage", "article_lemmas", "fold",
    "query_forms", "scan_browse", "scan_facets", "scan_search", "sqlite_browse", "sqlite_facets",
    "sqlite_day_counts", "sqlite_search", "sync_index", "tokens",
]

# Appended to storage.sqlite.MIGRATIONS.  remove_diacritics 2 folds "Hrafnsvik" and
# "Hrafnsvík" together (transliterated names are common in wire copy) while keeping
# letters that are not accented forms (ð, þ, æ, ø) apart.
FTS_MIGRATION = """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        title, lead, body, lemmas, ents,
        tokenize = "unicode61 remove_diacritics 2"
    );
    CREATE INDEX articles_outlet ON articles(outlet);
"""

_WORD = re.compile(r"\w+", re.UNICODE)
# Column weights for bm25: a hit in the title says more than one deep in the body.
_WEIGHTS = (5.0, 2.0, 1.0, 1.0, 1.5)
# Languages simplemma ships dictionaries for; others are indexed by word form only.
_LEMMA_LANGS = frozenset({
    "en", "da", "lv", "is", "sl", "nn", "uk", "et", "cs", "pt", "ca", "fi", "fr", "nb", "tr",
    "lt", "gl", "hi", "it", "id", "ru", "sv", "ar", "pl", "sk", "nl", "fa", "es", "ro", "el",
    "mk", "hu", "de", "bg",
})
_SYNC_BATCH = 500
# Counting every match of a very common word costs more than it tells: stop at this.
COUNT_CAP = 1000


@dataclass(slots=True)
class Browse:
    """Filters for listing articles (the front page, the API's article list)."""

    language: str | None = None
    outlet: str | None = None
    since: date | None = None
    until: date | None = None  # inclusive: the whole day
    ids: list[str] | None = None  # restrict to these (an entity's or a storyline's articles)
    limit: int = 50
    offset: int = 0


@dataclass(slots=True)
class SearchHit:
    """One article found, with a snippet of where it matched.

    ``snippet`` is plain text with the matched words between ``\\x02`` and
    ``\\x03``, so the caller escapes it first and then turns the markers into
    ``<mark>`` (scraped text never reaches HTML unescaped).
    """

    article: Article
    score: float = 0.0
    snippet: str = ""


@dataclass(slots=True)
class SearchPage:
    """A page of hits; ``total`` stops counting at ``COUNT_CAP`` (``capped`` then says so)."""

    query: str
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    capped: bool = False
    offset: int = 0
    limit: int = 20


def fold(word: str) -> str:
    """Case- and accent-folded, as the FTS5 tokenizer compares (``remove_diacritics 2``)."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """Words as FTS5's unicode61 tokenizer sees them (letters and digits runs)."""
    return _WORD.findall(text)


@lru_cache(maxsize=200_000)
def _lemma(word: str, lang: str) -> str:
    import simplemma  # imported late: its dictionaries load per language on first use

    try:
        return str(simplemma.lemmatize(word, lang=lang))
    except (ValueError, KeyError):  # an unsupported language code
        return word


def article_lemmas(article: Article) -> list[str]:
    """The article's distinct lemmas that differ from its word forms.

    Prefers lemmas set by the enrichment step; otherwise lemmatises the text
    with simplemma in the article's language.  Forms equal to a word already in
    the text are left out: the word columns match them already.
    """
    given = getattr(article, "lemmas", None) or article.extras.get("lemmas")
    words = tokens(article.text)
    seen = {w.casefold() for w in words}
    out: dict[str, None] = {}
    if given:
        candidates: Iterable[str] = given if isinstance(given, list) else tokens(str(given))
    elif article.language in _LEMMA_LANGS:
        lang = article.language or ""
        candidates = (_lemma(w, lang) for w in dict.fromkeys(words))
    else:
        candidates = ()
    for lemma in candidates:
        if isinstance(lemma, str) and lemma and lemma.casefold() not in seen:
            out.setdefault(lemma, None)
    return list(out)


def query_forms(word: str, languages: Sequence[str]) -> list[str]:
    """The word and its lemma in each of ``languages`` (distinct, case-folded)."""
    forms = {word.casefold(): None}
    for lang in languages:
        if lang in _LEMMA_LANGS:
            forms.setdefault(_lemma(word, lang).casefold(), None)
            forms.setdefault(_lemma(word.lower(), lang).casefold(), None)
    return list(forms)


def _quote(term: str) -> str:
    # A double-quoted FTS5 string is literal: the user's text can never become FTS syntax.
    return '"' + term.replace('"', '""') + '"'


def _fts_query(query: str, languages: Sequence[str]) -> str:
    """AND of the query's words, each an OR of its forms; ``word*`` is a prefix query."""
    parts = []
    for match in re.finditer(r"(\w+)(\*?)", query):
        word, star = match.group(1), match.group(2)
        if star:
            parts.append(_quote(word) + "*")
            continue
        forms = query_forms(word, languages)
        parts.append("(" + " OR ".join(_quote(f) for f in forms) + ")")
    return " AND ".join(parts)


def _entity_tokens(article: Article) -> str:
    out: dict[str, None] = {}
    # Linked entities carry their names in every language: indexing them lets a search
    # for "Heiðarjökull" find the Norwegian article that wrote "Heidarjökull".
    for entity in getattr(article, "entities", None) or []:
        out.setdefault("e" + re.sub(r"\W", "", entity.id), None)
        for name in (entity.name, *entity.names.values(), *entity.aliases):
            out.setdefault(name, None)
    for m in article.mentions:
        if m.entity_id:
            out.setdefault("e" + re.sub(r"\W", "", m.entity_id), None)
        out.setdefault(m.surface, None)
        if m.lemma:
            out.setdefault(m.lemma, None)
    return " ".join(out)


def _row(article: Article) -> tuple[str, str, str, str, str]:
    return (article.title or "", article.lead or "", article.body_text,
            " ".join(article_lemmas(article)), _entity_tokens(article))


def sync_index(conn: sqlite3.Connection, load: Any) -> int:
    """Index every article stored since the last sync; returns how many were added.

    ``load(data, raw)`` turns a stored row into an Article (the store's own
    decoder, so this module does not depend on the storage format).
    """
    added = 0
    try:
        mark = conn.execute("SELECT coalesce(max(rowid), 0) FROM search_fts").fetchone()[0]
        while True:
            rows = conn.execute("SELECT rowid, data FROM articles WHERE rowid > ? ORDER BY rowid "
                                "LIMIT ?", (mark, _SYNC_BATCH)).fetchall()
            if not rows:
                return added
            entries = [(rowid, *_row(load(data, ""))) for rowid, data in rows]
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany("INSERT OR IGNORE INTO search_fts (rowid, title, lead, body, "
                                 "lemmas, ents) VALUES (?, ?, ?, ?, ?, ?)", entries)
                conn.execute("COMMIT")
            except sqlite3.Error:
                conn.execute("ROLLBACK")
                raise
            mark = rows[-1][0]
            added += len(rows)
    except sqlite3.Error as exc:
        raise StorageError(f"search index could not be updated ({exc})") from exc


def _linked_entities(conn: sqlite3.Connection, match: str, load: Any,
                     forms: set[str]) -> list[str]:
    """Entity ids whose mention surfaces match the query, found through a first pass."""
    ids: dict[str, None] = {}
    rows = conn.execute("SELECT a.data FROM search_fts JOIN articles a ON a.rowid = search_fts.rowid "
                        "WHERE search_fts MATCH ? LIMIT 50", ("ents : (" + match + ")",)).fetchall()
    for (data,) in rows:
        for m in load(data, "").mentions:
            if m.entity_id and ({w.casefold() for w in tokens(m.surface)} & forms
                                or (m.lemma or "").casefold() in forms):
                ids.setdefault("e" + re.sub(r"\W", "", m.entity_id), None)
    return list(ids)


def sqlite_search(conn: sqlite3.Connection, load: Any, query: str, *,
                  languages: Sequence[str] | None = None, language: str | None = None,
                  limit: int = 20, offset: int = 0) -> SearchPage:
    """Search the FTS5 index; hits best first (bm25), then newest.

    Query words are lemmatised in ``languages`` (default: every language stored).
    """
    page = SearchPage(query=query, offset=offset, limit=limit)
    if languages is None:
        # DISTINCT over the language index: a few pages read, not the table.
        languages = [r[0] for r in conn.execute(
            "SELECT DISTINCT language FROM articles WHERE language IS NOT NULL")]
    match = _fts_query(query, languages)
    if not match:
        return page
    try:
        forms = {f for w in tokens(query) for f in query_forms(w, languages)}
        linked = _linked_entities(conn, match, load, forms)
        if linked:
            match = f"({match}) OR ents : ({' OR '.join(_quote(e) for e in linked)})"
        where, args = "search_fts MATCH ?", [match]
        if language:
            where += " AND a.language = ?"
            args.append(language)
        weights = ", ".join(str(w) for w in _WEIGHTS)
        rows = conn.execute(
            f"SELECT a.data, a.raw, bm25(search_fts, {weights}) AS score, "
            f"snippet(search_fts, 2, char(2), char(3), ' … ', 24) "
            f"FROM search_fts JOIN articles a ON a.rowid = search_fts.rowid "
            f"WHERE {where} ORDER BY score, a.published DESC LIMIT ? OFFSET ?",
            (*args, limit, offset)).fetchall()
        total = conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM search_fts JOIN articles a "
            f"ON a.rowid = search_fts.rowid WHERE {where} LIMIT {COUNT_CAP + 1})", args).fetchone()[0]
    except sqlite3.OperationalError as exc:
        raise StorageError(f"search failed for {query!r} ({exc})") from exc
    for data, raw, score, snippet in rows:
        article = load(data, raw)
        page.hits.append(SearchHit(article, -float(score), snippet or article.lead or ""))
    page.total = min(total, COUNT_CAP)
    page.capped = total > COUNT_CAP
    return page


def scan_search(articles: Iterable[Article], query: str, *, languages: Sequence[str],
                language: str | None = None, limit: int = 20, offset: int = 0) -> SearchPage:
    """The same matching rule without an index, for stores that have none (memory).

    An article matches when each query word, as itself or one of its lemmas,
    occurs among the article's words or lemmas (case and accents as typed).
    """
    page = SearchPage(query=query, offset=offset, limit=limit)
    wanted = [{fold(f) for f in query_forms(w, languages)} for w in tokens(query)]
    if not wanted:
        return page
    matched: list[SearchHit] = []
    for article in articles:
        if language and article.language != language:
            continue
        vocab = {fold(w) for w in tokens(article.text)}
        vocab.update(fold(lemma) for lemma in article_lemmas(article))
        vocab.update(fold(w) for m in article.mentions for w in tokens(m.surface))
        if all(forms & vocab for forms in wanted):
            title = {fold(w) for w in tokens(article.title or "")}
            score = sum(1.0 for forms in wanted if forms & title)
            matched.append(SearchHit(article, score, article.lead or article.body_text[:200]))
    matched.sort(key=lambda h: -h.score)
    page.total = min(len(matched), COUNT_CAP)
    page.capped = len(matched) > COUNT_CAP
    page.hits = matched[offset:offset + limit]
    return page



# --- browsing: filtered, newest-first lists and the facets for filter menus ---------------

def _day_after(day: date) -> str:
    return (day + timedelta(days=1)).isoformat()


def sqlite_browse(conn: sqlite3.Connection, load: Any, filters: Browse) -> list[Article]:
    """Articles matching ``filters``, newest first (indexed columns only: fast at 100k)."""
    where, args = _browse_where(filters)
    sql = ("SELECT data, raw FROM articles" + (f" WHERE {where}" if where else "")
           + " ORDER BY published IS NULL, published DESC, rowid DESC LIMIT ? OFFSET ?")
    try:
        rows = conn.execute(sql, (*args, filters.limit, filters.offset)).fetchall()
    except sqlite3.Error as exc:
        raise StorageError(f"listing articles failed ({exc})") from exc
    return [load(data, raw) for data, raw in rows]


def _browse_where(f: Browse) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    args: list[Any] = []
    if f.language:
        clauses.append("language = ?")
        args.append(f.language)
    if f.outlet:
        clauses.append("outlet = ?")
        args.append(f.outlet)
    if f.since:
        clauses.append("published >= ?")  # ISO strings order like the dates they spell
        args.append(f.since.isoformat())
    if f.until:
        clauses.append("published < ?")
        args.append(_day_after(f.until))
    if f.ids is not None:
        clauses.append(f"id IN ({', '.join('?' * len(f.ids))})")
        args.extend(f.ids)
    return " AND ".join(clauses), args


def sqlite_facets(conn: sqlite3.Connection) -> dict[str, dict[str, int]]:
    """Article counts per language and per outlet."""
    out: dict[str, dict[str, int]] = {}
    for column in ("language", "outlet"):
        rows = conn.execute(f"SELECT {column}, count(*) FROM articles WHERE {column} IS NOT NULL "
                            f"GROUP BY {column} ORDER BY count(*) DESC").fetchall()
        out[column] = {str(k): int(n) for k, n in rows}
    return out


def _day(article: Article) -> date | None:
    p = article.published
    return p.date() if isinstance(p, datetime) else p


def scan_browse(articles: Iterable[Article], filters: Browse) -> list[Article]:
    """:func:`sqlite_browse` for stores without SQL."""
    keep = []
    for a in articles:
        day = _day(a)
        if (filters.language and a.language != filters.language) or \
                (filters.outlet and a.outlet != filters.outlet) or \
                (filters.since and (day is None or day < filters.since)) or \
                (filters.until and (day is None or day > filters.until)) or \
                (filters.ids is not None and a.id not in filters.ids):
            continue
        keep.append(a)
    keep.sort(key=lambda a: (_day(a) is not None, a.published.isoformat() if a.published else ""),
              reverse=True)
    return keep[filters.offset:filters.offset + filters.limit]


def scan_facets(articles: Iterable[Article]) -> dict[str, dict[str, int]]:
    """:func:`sqlite_facets` for stores without SQL."""
    out: dict[str, dict[str, int]] = {"language": {}, "outlet": {}}
    for a in articles:
        for key, value in (("language", a.language), ("outlet", a.outlet)):
            if value:
                out[key][value] = out[key].get(value, 0) + 1
    return {k: dict(sorted(v.items(), key=lambda kv: -kv[1])) for k, v in out.items()}


def sqlite_day_counts(conn: sqlite3.Connection, filters: Browse) -> list[dict[str, Any]]:
    """Articles per day and language for the filters, counted in SQL (no article decoded)."""
    where, args = _browse_where(filters)
    sql = ("SELECT substr(published, 1, 10) AS day, coalesce(language, 'und'), count(*) "
           "FROM articles WHERE published IS NOT NULL" + (f" AND {where}" if where else "")
           + " GROUP BY day, language ORDER BY day")
    return [{"day": d, "language": lang, "count": n} for d, lang, n in conn.execute(sql, args)]
