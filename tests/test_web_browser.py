"""Browser test: Playwright drives Debian's headless Chromium against `uvicorn` on loopback.

Front page -> a storyline (or, while the store has none, an article) -> both languages in a
timeline -> search an inflected Icelandic form -> an entity page.  Screenshots go to
test-artifacts/ (gitignored).  Skips, with the reason, when Chromium or Playwright is absent.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not CHROMIUM.exists():
    pytest.skip("/usr/bin/chromium is missing (apt-get install -y chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(demo_db: str):
    db = demo_db
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "tidings", "serve", "--db", db,
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "NO_COLOR": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/api/v1/facets", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("server did not start: "
                                       + (proc.stderr.read().decode() if proc.stderr else ""))
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()  # our own child, by its handle
        proc.wait(timeout=10)


def test_browse_follow_search_entity(server: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(server + "/")
            page.screenshot(path=str(ARTIFACTS / "web-front.png"), full_page=True)
            assert page.locator("h1").first.inner_text() == "Stories"
            storylines = page.locator("ul.storylines a[href^='/story/']")
            if storylines.count():
                with page.expect_navigation():
                    storylines.first.click()
                timeline = page.locator("svg.timeline").first
                page.screenshot(path=str(ARTIFACTS / "web-story.png"), full_page=True)
            else:
                # No storylines in the store yet: the front page's timeline covers all languages.
                timeline = page.locator("svg.timeline").first
                with page.expect_navigation():
                    page.locator("ol.articles a").first.click()
                assert page.locator("dl.metadata").count() == 1
                page.screenshot(path=str(ARTIFACTS / "web-article.png"), full_page=True)
                page.go_back()
                page.wait_for_url(server + "/")
                timeline = page.locator("svg.timeline").first
            langs = set(timeline.locator("rect[data-lang]").evaluate_all(
                "els => els.map(e => e.dataset.lang)"))
            assert {"is", "sv"} <= langs or len(langs) >= 2, langs

            # Keyboard: "/" focuses the search box; type an inflected Icelandic form.
            page.keyboard.press("/")
            page.keyboard.type("Íslandi")
            with page.expect_navigation():
                page.keyboard.press("Enter")
            page.wait_for_url("**/search?q=*")
            results = page.locator("ol.results li a")
            titles = results.all_inner_texts()
            assert "Eldgos hafið undir Heiðarjökli" in titles
            page.screenshot(path=str(ARTIFACTS / "web-search.png"), full_page=True)

            page.goto(server + "/entity/Hrafnsvík")
            assert page.locator("h1").inner_text() == "Hrafnsvík"
            assert page.locator("ol.articles li").count() >= 2
            page.screenshot(path=str(ARTIFACTS / "web-entity.png"), full_page=True)
        finally:
            browser.close()
