"""Search: inflected forms find each other, the same rule in SQLite (FTS5) and in memory."""

from __future__ import annotations

from datetime import date

import pytest

from tidings import Article, MemoryStore, SQLiteStore
from tidings.storage.search import Browse, article_lemmas, query_forms

from conftest import SEEDS, need


def _art(title: str, body: str, lang: str, day: int) -> Article:
    a = Article(source="t", title=title, body=[body], language=lang, published=date(2026, 3, day))
    a.assign_id()
    return a


ARTICLES = [
    _art("Kim heitir stuðningi", "Hann hét Rússlandi stuðningi í stríðinu.", "is", 1),
    _art("Forseti Rússlands", "Forseti Rússlands kom í heimsókn.", "is", 2),
    _art("Stöd till Ryssland", "Kim lovade Ryssland stöd.", "sv", 3),
]


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path):
    s = MemoryStore() if request.param == "memory" else SQLiteStore(tmp_path / "s.db")
    s.add_articles(ARTICLES)
    yield s
    s.close()


def test_inflected_query_finds_other_forms(store) -> None:
    found = {h.article.title for h in store.search("Rússland").hits}
    assert found == {"Kim heitir stuðningi", "Forseti Rússlands"}
    assert {h.article.title for h in store.search("Rússlands").hits} == found
    assert [h.article.title for h in store.search("Ryssland").hits] == ["Stöd till Ryssland"]


def test_every_word_must_match_and_language_filters(store) -> None:
    assert [h.article.title for h in store.search("forseti Rússland").hits] == ["Forseti Rússlands"]
    assert store.search("Rússland", language="sv").hits == []
    assert store.search("").hits == []
    assert store.search('"; DROP TABLE articles; --').hits == []  # query text is never syntax
    assert store.count() == 3


def test_browse_filters_and_facets(store) -> None:
    assert [a.language for a in store.browse(Browse())] == ["sv", "is", "is"]  # newest first
    assert len(store.browse(Browse(language="is"))) == 2
    assert [a.title for a in store.browse(Browse(since=date(2026, 3, 2), until=date(2026, 3, 2)))] \
        == ["Forseti Rússlands"]
    assert len(store.browse(Browse(limit=1, offset=1))) == 1
    assert store.facets()["language"] == {"is": 2, "sv": 1}


def test_lemmas_and_query_forms() -> None:
    assert "rússland" in query_forms("Rússlands", ["is"])  # case-folded, as FTS5 compares
    lemmas = article_lemmas(ARTICLES[1])
    assert "Rússland" in lemmas


def test_seed_page_found_by_base_form(tmp_path) -> None:
    import tidings

    need(SEEDS)
    db = str(tmp_path / "seeds.db")
    tidings.ingest([SEEDS], db=db)
    with tidings.open(db) as s:
        hits = s.search("Rússland").hits
        assert any(h.article.language == "is" for h in hits)
        # Icelandic hits hold an inflected form; hits in other languages may come in
        # through a linked entity ("Ryssland"), which is the point of indexing entities.
        assert all("Rússland" in h.article.text for h in hits if h.article.language == "is")


# --- bounded search, browsing from indexes, the story page from stored storylines ----------

def test_entity_search_crosses_languages_through_linked_ids(tmp_path) -> None:
    from tidings import Mention

    def linked(title: str, surface: str, lang: str, day: int) -> Article:
        a = _art(title, f"Fréttir um {surface} í dag.", lang, day)
        a.mentions = [Mention(surface=surface, type="LOC", entity_id="Q159")]
        return a

    store = SQLiteStore(tmp_path / "e.db")
    store.add_articles([linked("Frá Rússlandi", "Rússlandi", "is", 1),
                        linked("Nytt från Ryssland", "Ryssland", "sv", 2),
                        linked("Nyhet fra Russland", "Russland", "nb", 3),
                        _art("Annað mál", "Ekkert um það.", "is", 4)])
    for query in ("Rússland", "Ryssland", "Russland"):  # each language's name finds all three
        assert {h.article.language for h in store.search(query).hits} == {"is", "sv", "nb"}
    store.close()


def test_search_ranks_within_a_bounded_window_and_caps_the_count(tmp_path, monkeypatch) -> None:
    from tidings.storage import search

    monkeypatch.setattr(search, "COUNT_CAP", 3)
    monkeypatch.setattr(search, "RANK_WINDOW", 5)
    store = SQLiteStore(tmp_path / "w.db")
    store.add_articles([_art("Laks laks laks", "Laks i fjorden.", "nb", 1)]  # best, but oldest
                       + [_art(f"Melding {i}", f"Litt om laks og annet {i}.", "nb", 2 + i)
                          for i in range(8)]
                       + [_art("Laks i tittelen", "Om laks.", "nb", 20)])
    page = store.search("laks", limit=4)
    assert page.capped and page.total == 3
    scores = [h.score for h in page.hits]
    assert scores == sorted(scores, reverse=True) and len(scores) == 4
    assert page.hits[0].article.title == "Laks i tittelen"  # the best of the 5 latest
    assert "Laks laks laks" not in {h.article.title for h in page.hits}  # outside the window
    deeper = store.search("laks", limit=3, offset=3)  # a page past the window widens it
    assert len(deeper.hits) == 3
    assert not {h.article.id for h in deeper.hits} & {h.article.id for h in page.hits[:3]}
    few = store.search("tittelen")
    assert few.total == 1 and not few.capped
    store.close()


def test_browse_lists_undated_last_and_day_counts_agree_with_scan(tmp_path) -> None:
    from tidings.web import data

    undated = Article(source="t", title="Udatert", body=["Tekst."], language="nb")
    undated.assign_id()
    arts = ARTICLES + [undated, _art("Ný frétt", "Meira.", "is", 9)]
    sql, mem = SQLiteStore(tmp_path / "b.db"), MemoryStore()
    for s in (sql, mem):
        s.add_articles(arts)
        assert s.browse(Browse())[-1].title == "Udatert"
        assert [a.title for a in s.browse(Browse(language="is", limit=2))] == \
            ["Ný frétt", "Forseti Rússlands"]
    for f in (Browse(), Browse(language="is"), Browse(since=date(2026, 3, 2), until=date(2026, 3, 3)),
              Browse(until=date(2026, 3, 2))):
        assert data.day_counts(sql, f) == data.day_counts(mem, f)
        assert sum(p["count"] for p in data.day_counts(sql, f)) == \
            len([a for a in sql.browse(Browse(language=f.language, since=f.since, until=f.until,
                                              limit=100)) if a.published])
    sql.close()


def _story_store(kind: str, tmp_path, events: int = 3, per_event: int = 8):
    """A store holding one storyline of ``events`` events of ``per_event`` reports each."""
    from datetime import datetime, timezone

    from tidings.cluster.state import EventState, StorylineState

    store = MemoryStore() if kind == "memory" else SQLiteStore(tmp_path / "story.db")
    articles, links, records = [], [], []
    for e in range(events):
        event = EventState(id=f"ev{e}", first_ts=0, last_ts=0, title=f"Event {e}",
                           storyline_id="s1")
        for j in range(per_event):
            a = Article(source="t", url=f"https://x.example/{e}/{j}", title=f"Report {e}.{j}",
                        body=["Text."], language=("is", "sv")[j % 2],
                        published=datetime(2026, 3, 1 + e, 8 + j))
            a.assign_id()
            ts = a.published.replace(tzinfo=timezone.utc).timestamp()
            event.first_ts, event.last_ts = event.first_ts or ts, ts
            event.size, event.reports = event.size + 1, event.reports + 1
            articles.append(a)
            links.append({"article_id": a.id, "seq": len(links), "ts": ts, "event_id": event.id,
                          "duplicate_of": None, "exact_key": None, "n_shingles": 0,
                          "signature": None})
        records.append(event.to_record())
    story = StorylineState(id="s1", first_ts=records[0]["first_ts"],
                           last_ts=records[-1]["last_ts"], title="A storyline", events=events)
    store.add_articles(articles)
    store.clusters().save(links, records, [story.to_record()])
    return store


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_story_view_is_bounded_and_counts_everything(kind, tmp_path, monkeypatch) -> None:
    from tidings.web import data

    store = _story_store(kind, tmp_path)
    monkeypatch.setattr(data, "STORY_EVENTS", 2)
    monkeypatch.setattr(data, "STORY_PER_EVENT", 3)
    view = data.story_view(store, "s1")
    assert view["storyline"]["title"] == "A storyline" and view["article_count"] == 24
    assert sum(p["count"] for p in view["timeline"]) == 24 and view["languages"] == ["is", "sv"]
    assert view["events_hidden"] == 1
    assert [g["event"]["id"] for g in view["events"]] == ["ev1", "ev2"]  # the latest, in order
    for g in view["events"]:
        e = g["event"]["id"][2:]
        assert [a["title"] for a in g["articles"]] == [f"Report {e}.{j}" for j in (5, 6, 7)]
        assert g["more"] == 5 and len(g["event"]["article_ids"]) == 8
    assert [s.event_ids for s in data.storyline_list(store)] == [["ev0", "ev1", "ev2"]]
    assert {len(e.article_ids) for e in data.event_list(store)} == {8}
    assert data.story_view(store, "nothing") is None
    store.close()


def test_story_view_cache_follows_the_storyline(tmp_path) -> None:
    from datetime import datetime, timezone

    from tidings.cluster.state import EventState
    from tidings.web import data

    store = _story_store("sqlite", tmp_path)
    assert data.story_view(store, "s1") is data.story_view(store, "s1")  # kept
    late = Article(source="t", url="https://x.example/late", title="Late report", body=["T."],
                   language="nb", published=datetime(2026, 3, 3, 23))
    late.assign_id()
    store.add_articles([late])
    rec = store.clusters().event("ev2")
    event = EventState.from_record(rec)
    event.size += 1
    ts = late.published.replace(tzinfo=timezone.utc).timestamp()
    store.clusters().save([{"article_id": late.id, "seq": 99, "ts": ts, "event_id": "ev2",
                            "duplicate_of": None, "exact_key": None, "n_shingles": 0,
                            "signature": None}], [event.to_record()], [])
    view = data.story_view(store, "s1")
    assert view["article_count"] == 25 and "nb" in view["languages"]
    assert "Late report" in [a["title"] for a in view["events"][-1]["articles"]]
    store.close()


def test_story_page_and_api_serve_stored_storylines(tmp_path) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from tidings.web import create_app

    store = _story_store("sqlite", tmp_path)
    with TestClient(create_app(store)) as client:
        page = client.get("/story/s1")
        assert page.status_code == 200 and "A storyline" in page.text and "Report 2.7" in page.text
        api = client.get("/api/v1/storylines/s1").json()
        assert api["article_count"] == 24 and len(api["events"]) == 3
        assert client.get("/api/v1/storylines").json()["items"][0]["id"] == "s1"
        assert "/story/s1" in client.get("/").text
    store.close()


def test_story_page_says_what_it_leaves_out(tmp_path, monkeypatch) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from tidings.web import create_app, data

    monkeypatch.setattr(data, "STORY_EVENTS", 2)
    monkeypatch.setattr(data, "STORY_PER_EVENT", 3)
    store = _story_store("sqlite", tmp_path)
    with TestClient(create_app(store)) as client:
        page = client.get("/story/s1").text
        assert page.count("and 5 more report(s)") == 2  # two events shown, 8 - 3 each
        assert "1 earlier event(s) not shown" in page
        assert "Report 0.0" not in page and "Report 2.7" in page
    store.close()
