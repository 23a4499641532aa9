"""The web app over the demo corpus: pages, the JSON API, ETags, pagination, feeds, ingest."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

import tidings  # noqa: E402
from tidings.config import load_config  # noqa: E402
from tidings.web import create_app  # noqa: E402

from conftest import DEMO  # noqa: E402

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("web") / "demo.db")
    report = tidings.ingest([DEMO], db=db)
    assert report.stored_new >= 10
    return db


@pytest.fixture(scope="module")
def client(demo_db: str) -> TestClient:
    with TestClient(create_app(demo_db)) as c:
        yield c


def _icelandic_id(client: TestClient) -> str:
    items = client.get("/api/v1/articles", params={"language": "is"}).json()["items"]
    assert items, "the demo corpus has an Icelandic article"
    return items[0]["id"]


def test_front_page_lists_articles_with_filters_and_timeline(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert "Eldgos hafið undir Heiðarjökli" in r.text
    assert '<svg class="timeline"' in r.text and 'data-lang="is"' in r.text
    assert '<label>Language' in r.text  # filters are labelled form controls
    sv = client.get("/", params={"language": "sv"}).text
    assert "Nordiska ministrar" in sv and "Eldgos hafið" not in sv
    dated = client.get("/", params={"since": "2026-03-17", "until": "2026-03-17"}).text
    assert "Godståg spårade ur" in dated and "Eldgos hafið" not in dated
    assert client.get("/", params={"since": "yesterday"}).status_code == 422


def test_article_page_metadata_text_and_raw_on_request(client: TestClient) -> None:
    aid = _icelandic_id(client)
    page = client.get(f"/article/{aid}").text
    assert "Katrín Lind Gunnarsdóttir" in page and 'lang="is"' in page
    assert "Raw input" not in page
    raw = client.get(f"/article/{aid}", params={"raw": 1}).text
    assert "Raw input" in raw and "Mest lesið" in raw  # the navigation list is only in the raw text
    assert client.get("/article/nope").status_code == 404


def test_search_finds_inflected_forms_in_pages_and_api(client: TestClient) -> None:
    # The Icelandic article says "Íslands"/"Íslandi", never the base form "Ísland".
    api = client.get("/api/v1/search", params={"q": "Ísland", "language": "is"}).json()
    assert [i["language"] for i in api["items"]] == ["is"]
    assert api["total"] == 1 and api["query"] == "Ísland"
    page = client.get("/search", params={"q": "Íslandi"}).text
    assert "Eldgos hafið undir Heiðarjökli" in page and "<mark>Íslandi</mark>" in page
    assert client.get("/api/v1/search", params={"q": "zzzxq"}).json()["items"] == []


def test_api_pagination_and_etags(client: TestClient) -> None:
    first = client.get("/api/v1/articles", params={"limit": 5})
    body = first.json()
    assert len(body["items"]) == 5 and body["offset"] == 0 and body["next"]
    assert 'rel="next"' in first.headers["link"]
    second = client.get(body["next"]).json()
    ids1 = {i["id"] for i in body["items"]}
    assert ids1.isdisjoint(i["id"] for i in second["items"])
    etag = first.headers["etag"]
    again = client.get("/api/v1/articles", params={"limit": 5}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["etag"] == etag
    other = client.get("/api/v1/articles", params={"limit": 4})
    assert other.headers["etag"] != etag


def test_article_api_and_openapi_docs(client: TestClient) -> None:
    aid = _icelandic_id(client)
    rec = client.get(f"/api/v1/articles/{aid}").json()
    assert rec["id"] == aid and rec["language"] == "is" and "raw" not in rec
    assert "Mest lesið" in client.get(f"/api/v1/articles/{aid}", params={"raw": True}).json()["raw"]
    spec = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/articles", "/api/v1/search", "/api/v1/storylines/{storyline_id}",
                 "/api/v1/entities/{key}", "/api/v1/ingest", "/feeds/search.atom"):
        assert path in spec["paths"], path
    assert client.get("/docs").status_code == 200


def test_entity_page_without_linked_entities_falls_back_to_search(client: TestClient) -> None:
    view = client.get("/api/v1/entities/Hrafnsvík").json()
    langs = set(view["languages"])
    assert "is" in langs and len(langs) >= 2  # "Hrafnsvik" in wire copy folds to the same word
    page = client.get("/entity/Hrafnsvík").text
    assert "<h1>Hrafnsvík</h1>" in page and "Mentions over time" in page
    assert client.get("/api/v1/entities/Qwxyzzz").status_code == 404


def test_storylines_degrade_gracefully(client: TestClient) -> None:
    listed = client.get("/api/v1/storylines").json()["items"]
    assert client.get("/story/none").status_code == 404
    if listed:  # storylines exist (store.clusters()): each one's page and API answer
        for s in listed[:3]:
            assert client.get(f"/story/{s['id']}").status_code == 200
            assert client.get(f"/api/v1/storylines/{s['id']}").json()["storyline"]["id"] == s["id"]


def test_atom_feeds_parse_and_carry_entries(client: TestClient) -> None:
    feed = client.get("/feeds/search.atom", params={"q": "Hrafnsvík"})
    assert feed.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)
    entries = root.findall(f"{ATOM}entry")
    assert entries and root.find(f"{ATOM}title").text == "tidings search: Hrafnsvík"
    assert all(e.find(f"{ATOM}id").text.startswith("tag:tidings") for e in entries)
    entity = ET.fromstring(client.get("/feeds/entity/Hrafnsvík.atom").content)
    assert len(entity.findall(f"{ATOM}entry")) == len(entries)
    assert client.get("/feeds/storyline/none.atom").status_code == 404


def _app(tmp_path: Path, **web: object):
    env = {f"TIDINGS_WEB__{k.upper()}": str(v) for k, v in web.items()}
    config = load_config(env=env, db=str(tmp_path / "t.db"))
    return TestClient(create_app(config.db, config))


def test_ingest_needs_token_and_runs_the_pipeline(tmp_path: Path) -> None:
    text = (DEMO / "nrk_nb.txt").read_text("utf-8")
    with _app(tmp_path) as off:  # no token configured: ingest is switched off
        assert off.post("/api/v1/ingest", content=text).status_code == 403
    with _app(tmp_path, api_token="s3cret") as c:
        assert c.post("/api/v1/ingest", content=text).status_code == 401
        bad = {"Authorization": "Bearer wrong"}
        assert c.post("/api/v1/ingest", content=text, headers=bad).status_code == 401
        auth = {"Authorization": "Bearer s3cret", "Content-Type": "text/plain"}
        r = c.post("/api/v1/ingest", content=text.encode(), headers=auth, params={"name": "nrk"})
        assert r.status_code == 200, r.text
        ids = r.json()["article_ids"]
        assert len(ids) == 1 and r.json()["stored_new"] == 1
        rec = c.get(f"/api/v1/articles/{ids[0]}").json()
        assert rec["title"].startswith("Aske fra Island") and rec["source"] == "web:nrk"
        html = "<html><body><h1>Ny vei åpnet</h1><p>16.03.2026</p><script>x()</script>" \
               "<p>Veien over fjellet ble åpnet i dag etter to års arbeid, sier kommunen.</p></body></html>"
        r = c.post("/api/v1/ingest", content=html.encode(),
                   headers={**auth, "Content-Type": "text/html"})
        assert r.status_code == 200 and r.json()["stored_new"] == 1
        assert "x()" not in c.get(f"/api/v1/articles/{r.json()['article_ids'][0]}").json()["body"]
        line = json.dumps({"text": "New bridge opens in Vesterhede\n\nMarch 15, 2026\n\n"
                                   "The new bridge over the river opened on Sunday after two "
                                   "years of work, the town council said."}) + "\n"
        r = c.post("/api/v1/ingest", content=line.encode(),
                   headers={**auth, "Content-Type": "application/x-ndjson"})
        assert r.status_code == 200 and r.json()["stored_new"] == 1
        assert c.post("/api/v1/ingest", content=b"x",
                      headers={**auth, "Content-Type": "image/png"}).status_code == 415


def test_reading_can_be_closed(tmp_path: Path) -> None:
    with _app(tmp_path, api_token="tok", open_read="false") as c:
        assert c.get("/api/v1/articles").status_code == 401
        assert c.get("/").status_code == 401
        assert c.get("/api/v1/articles", headers={"Authorization": "Bearer tok"}).status_code == 200
        assert c.get("/feeds/search.atom", params={"q": "x", "token": "tok"}).status_code == 200
