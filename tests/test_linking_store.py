"""Canonical entities and quotes in every store, and the entities/entity/quotes commands."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from tidings.cli import app
from tidings.enrich.linking import LinkingStep
from tidings.enrich.quotes import QuoteStep
from tidings.enrich.sources import SourceStep
from tidings.storage import MemoryStore, SQLiteStore

from test_linking import article

LANGS = ["sv", "is", "en"]


@pytest.fixture(scope="module")
def articles():
    steps = [LinkingStep(LANGS), SourceStep(LANGS), QuoteStep(LANGS)]
    a = article("sv", "Kim Jong-un besökte Ryssland.\n\n– Vi stöder Ryssland alltid, säger han "
                      "enligt KCNA.", [("Kim Jong-un", "PER")], title="Kim lovar stöd")
    b = article("is", "Kim Jong Un ræddi við ráðherrann um Rússland.\n\n„Við munum standa með "
                      "Rússum alla leið,“ sagði Kim.", [("Kim Jong Un", "PER")], title="Kim lofar")
    a.published, b.published = date(2024, 11, 30), date(2025, 7, 13)
    for x in (a, b):
        for s in steps:
            s.enrich(x)
        x.assign_id()
    return [a, b]


@pytest.fixture(params=["memory", "sqlite"])
def store(request, tmp_path, articles):
    s = MemoryStore() if request.param == "memory" else SQLiteStore(tmp_path / "e.db")
    s.add_articles(articles)
    yield s
    s.close()


def test_entities_are_merged_across_articles(store):
    rows = {r.name: r for r in store.entities()}
    kim = next(r for r in rows.values() if r.type == "PER")
    assert kim.articles == 2 and kim.names == {"sv": "Kim Jong-un", "is": "Kim Jong Un"}
    assert {"Kim Jong-un", "Kim Jong Un", "Kim"} <= set(kim.aliases)
    russia = rows["Russia"]
    assert russia.articles == 2 and russia.names["is"] == "Rússland"
    assert (kim.first_seen, kim.last_seen) == ("2024-11-30", "2025-07-13")
    assert rows["KCNA"].cited == 1
    assert [r.name for r in store.entities(type="PER")] == [kim.name]
    assert {r.name for r in store.entities(language="is")} >= {"Russia"}
    assert "KCNA" not in {r.name for r in store.entities(language="is")}


def test_entity_found_by_any_name_or_form(store):
    for query in ("Kim Jong Un", "kim jong-un", "KIM JONG UN"):
        assert store.entity(query).type == "PER", query
    russia = store.entity("Rússland")
    assert store.entity("Ryssland").id == russia.id == store.entity(russia.id[:8]).id
    assert store.entity("Nobody Atall") is None


def test_mentions_over_time_and_quotes_by_speaker(store):
    kim = store.entity("Kim Jong Un")
    mentions = store.entity_mentions(kim.id)
    assert [m.published for m in mentions] == ["2024-11-30", "2025-07-13"]
    assert [m.language for m in mentions] == ["sv", "is"]
    said = store.quotes(speaker_ids={kim.id})
    assert len(said) == 2 and all(q.speaker_entity_id == kim.id for q in said)
    assert "Vi stöder Ryssland alltid" in said[0].text
    assert len(store.quotes()) == 2 and store.quotes(speaker_ids={"nobody"}) == []


def test_sqlite_index_is_incremental_and_idempotent(tmp_path, articles):
    with SQLiteStore(tmp_path / "i.db") as s:
        s.add_articles(articles[:1])
        assert store_kim(s).articles == 1
        s.add_articles(articles)  # one new, one already stored
        assert store_kim(s).articles == 2
        assert len(s.quotes()) == 2


def store_kim(s):
    return s.entity("Kim Jong-un")


def test_cli_entities_entity_quotes(tmp_path, articles):
    db = str(tmp_path / "cli.db")
    with SQLiteStore(db) as s:
        s.add_articles(articles)
    runner = CliRunner()
    res = runner.invoke(app, ["entities", "--db", db, "--type", "PER", "--json"])
    assert res.exit_code == 0, res.output
    assert [r["name"] for r in json.loads(res.output)] == ["Kim Jong-un"]
    res = runner.invoke(app, ["entity", "Kim Jong Un", "--db", db, "--json"])
    data = json.loads(res.output)
    assert data["names"]["is"] == "Kim Jong Un" and len(data["mentions"]) == 2
    assert len(data["quotes"]) == 2
    res = runner.invoke(app, ["quotes", "--db", db, "--speaker", "kim jong-un"])
    assert res.exit_code == 0 and "säger" in res.output
    res = runner.invoke(app, ["entity", "Nobody Atall", "--db", db])
    assert res.exit_code == 1 and "no entity" in res.output
    res = runner.invoke(app, ["entities", "--db", db, "--type", "THING"])
    assert res.exit_code == 2


def test_display_name_keeps_the_letters_english_text_drops() -> None:
    from tidings.storage.entities import display_name

    assert display_name({"en": "Johan Vikstrom", "sv": "Johan Vikström"}, "x") == "Johan Vikström"
    assert display_name({"en": "Einar Thordarson", "is": "Einar Þórðarson"}, "x") == "Einar Þórðarson"
    # another name altogether, or no English one: unchanged rules
    assert display_name({"en": "Iceland", "is": "Ísland"}, "x") == "Iceland"
    assert display_name({"en": "Sweden", "sv": "Sverige"}, "x") == "Sweden"
    assert display_name({"sv": "Ryssland"}, "Ryssland") == "Ryssland"
