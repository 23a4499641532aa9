"""One contract suite, run against every store backend."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from tidings.errors import SchemaError, StorageError
from tidings.model import Article, Quote
from tidings.storage import MemoryStore, SQLiteStore, open_store
from tidings.storage.sqlite import SCHEMA_VERSION


def make(n: int, lang: str = "sv") -> Article:
    a = Article(source=f"file{n}.txt", raw=f"raw {n}", title=f"Rubrik {n}", lead=f"Ingress {n}.",
                body=[f"Stycke {n}.", "Andra stycket."], published=date(2026, 3, n % 28 + 1),
                date_reliable=True, authors=["A B"], language=lang,
                quotes=[Quote(text="Hej", speaker="A B", verb="säger")])
    a.assign_id()
    return a


@pytest.fixture(params=["memory", "sqlite"])
def store(request, tmp_path):
    s = MemoryStore() if request.param == "memory" else SQLiteStore(tmp_path / "s.db")
    yield s
    s.close()


def test_add_is_idempotent(store):
    assert store.add_articles([make(1), make(2)]) == (2, 0)
    assert store.add_articles([make(2), make(3)]) == (1, 1)
    assert store.count() == 3


def test_duplicates_within_a_batch(store):
    assert store.add_articles([make(1), make(1)]) == (1, 1)


def test_round_trip(store):
    original = make(5)
    store.add_articles([original])
    got = store.get(original.id)
    assert got == original
    assert store.get(original.id[:6]) == original  # unique prefix
    assert store.get("zzzz") is None


def test_listing_order_language_limit(store):
    store.add_articles([make(1), make(2, "is"), make(3)])
    assert [a.title for a in store.articles()] == ["Rubrik 1", "Rubrik 2", "Rubrik 3"]
    assert [a.title for a in store.articles(language="is")] == ["Rubrik 2"]
    assert len(list(store.articles(limit=2))) == 2


def test_article_without_id_refused(store):
    with pytest.raises(StorageError):
        store.add_articles([Article(source="x")])


def test_sqlite_schema_and_wal(tmp_path):
    path = tmp_path / "v.db"
    with SQLiteStore(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        s.add_articles([make(1)])
    with SQLiteStore(path) as s:  # reopening migrates nothing and keeps the data
        assert s.count() == 1


def test_newer_schema_refused(tmp_path):
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(SchemaError, match="newer"):
        SQLiteStore(path)


def test_not_a_database(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError, match="junk.db"):
        SQLiteStore(path)


def test_open_store_urls(tmp_path):
    assert isinstance(open_store("memory://"), MemoryStore)
    s = open_store(f"sqlite:///{tmp_path / 'u.db'}")
    assert isinstance(s, SQLiteStore)
    s.close()
    with pytest.raises(StorageError, match="PostgreSQL"):
        open_store("postgresql://localhost/x")
