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

import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..errors import StorageError
# Browsing lives in browse.py; re-exported here, where it used to be.
from .browse import (Browse, scan_browse, scan_facets, sqlite_browse, sqlite_day_counts,
                     sqlite_facets)

if TYPE_CHECKING:  # the Article import is only for types; keep this module light to import
    from ..model import Article

__all__ = [
    "COUNT_CAP", "FTS_MIGRATION", "RANK_WINDOW", "Browse", "SearchHit", "SearchPage", "article_lemmas",
    "fold", "query_forms", "scan_browse", "scan_facets", "scan_search", "sqlite_browse",
    "sqlite_facets", "sqlite_day_counts", "sqlite_search", "stored_languages", "sync_index", "tokens",
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
# A sync that indexed this many articles merges the index's segments afterwards (FTS5
# 'optimize': about 2 s at 100,000 articles); smaller ones leave it to FTS5's automerge.
_OPTIMIZE_AFTER = 5000
# Counting every match of a very common word costs more than it tells: stop at this.
COUNT_CAP = 1000
# A word found in more articles than this is ranked among the latest this many (sqlite_search);
# at least COUNT_CAP, so a query that fills the window has more hits than are counted.
RANK_WINDOW = 1000


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
        # Both ends by rowid order, which each table answers from its b-tree's edge
        # (``max(rowid)`` on an FTS5 table would scan it): the usual case costs two seeks.
        row = conn.execute("SELECT rowid FROM search_fts ORDER BY rowid DESC LIMIT 1").fetchone()
        mark = row[0] if row else 0
        if conn.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0] <= mark:
            return 0
        while True:
            rows = conn.execute("SELECT rowid, data FROM articles WHERE rowid > ? ORDER BY rowid "
                                "LIMIT ?", (mark, _SYNC_BATCH)).fetchall()
            if not rows:
                if added >= _OPTIMIZE_AFTER:  # one b-tree per term instead of a dozen segments
                    conn.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
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


_LANGUAGES: dict[int, tuple[int, list[str]]] = {}  # id(conn) -> (articles' max rowid, languages)


def stored_languages(conn: sqlite3.Connection) -> list[str]:
    """The languages of the stored articles, remembered until an article is added."""
    top = conn.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]
    known = _LANGUAGES.get(id(conn))
    if known is None or known[0] != top:
        # DISTINCT over the language index: a few pages read, not the table.
        known = (top, [r[0] for r in conn.execute(
            "SELECT DISTINCT language FROM articles WHERE language IS NOT NULL")])
        _LANGUAGES[id(conn)] = known
    return known[1]


def _linked_entities(conn: sqlite3.Connection, match: str, forms: set[str],
                     floor: int = 0) -> list[str]:
    """Entity ids whose mention surfaces match the query, found through a first pass.

    Only the mentions of at most 50 of the latest articles above rowid ``floor`` are
    read (``json_extract``): no article is decoded, and the index is read from the
    floor on, not from its start.
    """
    ids: dict[str, None] = {}
    rows = conn.execute("SELECT json_extract(a.data, '$.mentions') FROM articles a WHERE a.rowid IN "
                        "(SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid > ? "
                        "ORDER BY rowid DESC LIMIT 50)",
                        ("ents : (" + match + ")", floor)).fetchall()
    folded = {fold(f) for f in forms}  # as the index compares: "Russland" is "Rússland"
    for (text,) in rows:
        for m in json.loads(text or "[]"):
            entity_id, lemma = m.get("entity_id"), m.get("lemma") or ""
            if entity_id and ({fold(w) for w in tokens(m.get("surface") or "")} & folded
                              or fold(lemma) in folded):
                ids.setdefault("e" + re.sub(r"\W", "", entity_id), None)
    return list(ids)


def sqlite_search(conn: sqlite3.Connection, load: Any, query: str, *,
                  languages: Sequence[str] | None = None, language: str | None = None,
                  limit: int = 20, offset: int = 0) -> SearchPage:
    """Search the FTS5 index; hits best first (bm25), then the latest stored.

    Query words are lemmatised in ``languages`` (default: every language stored).
    Work per query is bounded: a word found in more than ``RANK_WINDOW`` articles
    has its hits ranked among the ``RANK_WINDOW`` latest of them (news search wants
    recent articles, and ranking all of a very common word's matches costs more than
    it tells), counting stops at ``COUNT_CAP``, and only the page's own articles are
    read and given snippets.
    """
    page = SearchPage(query=query, offset=offset, limit=limit)
    if languages is None:
        languages = stored_languages(conn)
    match = _fts_query(query, languages)
    if not match:
        return page
    try:
        forms = {f for w in tokens(query) for f in query_forms(w, languages)}
        where, args = "search_fts MATCH ?", [match]
        if language:  # the language's rowids, from its index; no article row is read
            where += " AND +rowid IN (SELECT rowid FROM articles WHERE language = ?)"
            args.append(language)
        window = max(RANK_WINDOW, offset + limit)

        def floor() -> int:  # the rowid below the window's latest matches (0: all of them)
            edge = conn.execute(f"SELECT rowid FROM search_fts WHERE {where} ORDER BY rowid DESC "
                                f"LIMIT 1 OFFSET ?", (*args, window)).fetchone()
            return int(edge[0]) if edge is not None else 0

        lowest = floor()
        linked = _linked_entities(conn, match, forms, lowest)
        if linked:
            match = f"({match}) OR ents : ({' OR '.join(_quote(e) for e in linked)})"
            args[0] = match
            lowest = floor()
        if lowest:  # more matches than the window: rank the latest ones
            where += " AND rowid > ?"
            args.append(lowest)
        weights = ", ".join(str(w) for w in _WEIGHTS)
        top = conn.execute(f"SELECT rowid, bm25(search_fts, {weights}) AS score FROM search_fts "
                           f"WHERE {where} ORDER BY score, rowid DESC LIMIT ? OFFSET ?",
                           (*args, limit, offset)).fetchall()
        if lowest:
            total = COUNT_CAP + 1
        elif offset == 0 and len(top) < limit:
            total = len(top)
        else:
            total = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE {where} "
                                 f"LIMIT {COUNT_CAP + 1})", args).fetchone()[0]
        rows: dict[int, tuple[str, str]] = {}
        snippets: dict[int, str] = {}
        if top:  # the page's own articles and snippets: one query each
            marks = ", ".join("?" * len(top))
            ids = [r[0] for r in top]
            rows = {r[0]: r[1:] for r in conn.execute(
                f"SELECT rowid, data, raw FROM articles WHERE rowid IN ({marks})", ids)}
            snippets = dict(conn.execute(
                f"SELECT rowid, snippet(search_fts, 2, char(2), char(3), ' … ', 24) FROM search_fts "
                f"WHERE search_fts MATCH ? AND rowid IN ({marks})", (match, *ids)).fetchall())
    except sqlite3.OperationalError as exc:
        raise StorageError(f"search failed for {query!r} ({exc})") from exc
    for rowid, score in top:
        if rowid not in rows:
            continue
        article = load(*rows[rowid])
        page.hits.append(SearchHit(article, -float(score), snippets.get(rowid) or article.lead or ""))
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
