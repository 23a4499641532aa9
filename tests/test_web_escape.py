"""Scraped text is escaped everywhere: markup in an article shows as text, never runs."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from tidings import Article, Mention, MemoryStore, Quote, SQLiteStore  # noqa: E402
from tidings.web import create_app  # noqa: E402

EVIL = '<script>alert("x")</script> <img src=x onerror=alert(1)>'


def _evil_article() -> Article:
    a = Article(source="evil.txt", raw=f"Raw {EVIL} page", title=f"Title {EVIL}",
                lead=f"Lead {EVIL}", body=[f"Body Ólafur said {EVIL} today.", "Second line."],
                published=date(2026, 3, 14), language="en", outlet=f"Outlet {EVIL}",
                authors=[f"Author {EVIL}"], tags=[f"tag {EVIL}"],
                mentions=[Mention(surface="Ólafur", type="PER")],
                quotes=[Quote(text=f"said {EVIL}", speaker=f"Ólafur {EVIL}")])
    a.assign_id()
    return a


@pytest.fixture(params=["memory", "sqlite"])
def client(request: pytest.FixtureRequest, tmp_path) -> TestClient:
    store = MemoryStore() if request.param == "memory" else SQLiteStore(tmp_path / "e.db")
    store.add_articles([_evil_article()])
    with TestClient(create_app(store)) as c:
        yield c
    store.close()


def _assert_inert(html: str) -> None:
    assert "<script>alert" not in html
    assert "<img src=x onerror" not in html
    assert "&lt;script&gt;alert" in html  # shown, as text
    assert "onerror=alert(1)&gt;" in html


def test_every_page_escapes_scraped_text(client: TestClient) -> None:
    aid = client.get("/api/v1/articles").json()["items"][0]["id"]
    pages = ["/", f"/article/{aid}", f"/article/{aid}?raw=1", "/search?q=onerror",
             "/entity/Ólafur", f"/?outlet=Outlet {EVIL}"]
    for url in pages:
        r = client.get(url)
        assert r.status_code == 200, url
        _assert_inert(r.text)
    marked = client.get(f"/article/{aid}").text
    assert '<mark class="ent ent-PER"' in marked or '<q class="quote"' in marked  # marking happened


def test_feeds_and_json_keep_markup_as_data(client: TestClient) -> None:
    feed = client.get("/feeds/search.atom", params={"q": "onerror"})
    root = ET.fromstring(feed.content)  # well-formed XML despite the markup in titles
    titles = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert f"Title {EVIL}" in titles
    assert b"<script>" not in feed.content
    item = client.get("/api/v1/search", params={"q": "onerror"}).json()["items"][0]
    assert item["title"] == f"Title {EVIL}"  # JSON carries the text unchanged
