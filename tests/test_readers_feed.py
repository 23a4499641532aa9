"""RSS/Atom feeds: one article per entry, from files (by name or by content) and from http(s) URLs.

Every feed here is written inline for the test; nothing is read from ../shared.
"""

from __future__ import annotations

import http.server
import os
import threading
import time
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tidings
from tidings.api import read_inputs
from tidings.cli import app
from tidings.config import load_config
from tidings.pipeline import RunReport
from tidings.readers import FeedReader, TextReader, reader_for, readers
from tidings.readers.feed import looks_like_feed

# --------------------------------------------------------------------------- fixtures written here

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>Nordic Wire</title>
  <link>https://www.nordicwire.example/</link>
  <language>sv-SE</language>
  <lastBuildDate>Fri, 22 Nov 2024 10:00:00 +0100</lastBuildDate>
  <item>
    <title>Regeringen sänker skatten för pensionärer</title>
    <link>https://www.nordicwire.example/ekonomi/skatten-sanks</link>
    <guid isPermaLink="false">nw-4711</guid>
    <pubDate>Fri, 22 Nov 2024 08:15:00 +0100</pubDate>
    <dc:creator>Anna Berg</dc:creator>
    <dc:creator>Olle Ek</dc:creator>
    <category>Ekonomi</category>
    <category>Politik</category>
    <description>Skatten sänks nästa år.</description>
    <media:content url="https://www.nordicwire.example/i/1.jpg"><media:credit>Foto: Pressbild</media:credit></media:content>
    <content:encoded><![CDATA[
      <p>Regeringen meddelade på fredagen att skatten sänks för pensionärer nästa år, enligt finansministern.</p>
      <figure><img src="/i/2.jpg" alt=""/><figcaption>Finansministern på presskonferensen. Foto: Jonas Ek/TT</figcaption></figure>
      <h2>Kritik från oppositionen</h2>
      <p>Oppositionen kallar förslaget otillräckligt och vill se <a href="/vard/satsningar">större satsningar</a> på vården.</p>
      <p>Läs också: Budgeten i korthet</p>
      <p>Dela artikeln</p>
      <script>track("x")</script>
    ]]></content:encoded>
  </item>
  <item>
    <title>Bara en rubrik</title>
    <link>https://www.nordicwire.example/kort</link>
  </item>
  <item>
    <title>Utan länk</title>
    <description>En notis utan länk till någon sida alls, men med text.</description>
  </item>
  <item>
    <title>Fiskare protesterar mot nya kvoter &amp; regler</title>
    <link>https://www.nordicwire.example/inrikes/fiskare</link>
    <pubDate>Thu, 21 Nov 2024 17:30:00 +0100</pubDate>
    <author>redaktionen@nordicwire.example (Karin Sund)</author>
    <description>&lt;p&gt;Fiskare i norr &lt;b&gt;protesterade&lt;/b&gt; på torsdagen mot de nya kvoterna &amp;amp;amp; reglerna.&lt;/p&gt;&lt;p&gt;De säger att små båtar drabbas hårdast.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Från framtiden</title>
    <link>https://www.nordicwire.example/inrikes/framtid</link>
    <pubDate>Sat, 23 Nov 2024 09:00:00 +0100</pubDate>
    <description>Den här notisen är daterad efter flödets eget datum och får inte behålla det.</description>
  </item>
  <item>
    <title>Regeringen sänker skatten för pensionärer</title>
    <link>https://www.nordicwire.example/ekonomi/skatten-sanks</link>
    <description>Samma artikel en gång till i samma flöde.</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<!-- written by hand for the tidings tests -->
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="is">
  <title type="text">Fréttaveitan</title>
  <link rel="alternate" href="https://frettir.example.is/"/>
  <link rel="self" href="https://frettir.example.is/atom.xml"/>
  <id>tag:frettir.example.is,2024:feed</id>
  <updated>2024-11-22T12:00:00Z</updated>
  <author><name>Ritstjórn Fréttaveitunnar</name></author>
  <entry>
    <title type="html">Eldgos hafið á &lt;i&gt;Reykjanesskaga&lt;/i&gt;</title>
    <id>tag:frettir.example.is,2024:101</id>
    <link rel="alternate" type="text/html" href="https://frettir.example.is/innlent/eldgos"/>
    <link rel="related" href="https://frettir.example.is/innlent/skjalftar"/>
    <published>2024-11-20T23:14:00+00:00</published>
    <updated>2024-11-21T08:30:00+00:00</updated>
    <author><name>Jón Jónsson</name></author>
    <author><name>Guðrún Sigurðardóttir</name></author>
    <author><name>Sigríður Björk Helgadóttir</name></author>
    <category term="eldgos" label="Eldgos"/>
    <category term="reykjanes" label="Reykjanes"/>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">
      <p>Eldgos hófst á Reykjanesskaga seint í gærkvöldi og sést bjarminn frá höfuðborgarsvæðinu.</p>
      <p>Almannavarnir hafa lýst yfir neyðarstigi og íbúar Grindavíkur hafa verið beðnir um að yfirgefa bæinn.</p>
    </div></content>
  </entry>
  <entry>
    <title>Veðrið um helgina</title>
    <id>tag:frettir.example.is,2024:102</id>
    <link href="/innlent/vedrid"/>
    <updated>2024-11-22T09:00:00Z</updated>
    <summary type="html">&lt;p&gt;Spáð er stormi á sunnudag og ferðalangar eru beðnir um að fylgjast með spánni.&lt;/p&gt;</summary>
  </entry>
</feed>
"""


def read(paths: list, env: dict | None = None) -> tuple[list, RunReport]:
    report = RunReport()
    return list(read_inputs(paths, load_config(env=env or {}), report)), report


def write(tmp_path: Path, name: str, text: str, mtime: datetime | None = None) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime.timestamp(), mtime.timestamp()))
    return path


# --------------------------------------------------------------------------- files

def test_rss_full_content_is_read_like_a_page(tmp_path):
    articles, report = read([write(tmp_path, "wire.rss", RSS)])
    by_url = {a.url: a for a in articles}
    a = by_url["https://www.nordicwire.example/ekonomi/skatten-sanks"]
    assert a.title == "Regeringen sänker skatten för pensionärer"
    assert a.outlet == "nordicwire.example" and a.extras["feed_title"] == "Nordic Wire"
    assert a.published == datetime(2024, 11, 22, 8, 15) and a.date_reliable and a.updated is None
    assert a.authors == ["Anna Berg", "Olle Ek"] and a.tags == ["Ekonomi", "Politik"]
    assert a.lead.startswith("Regeringen meddelade på fredagen")
    assert a.body == ["Oppositionen kallar förslaget otillräckligt och vill se större satsningar på vården."]
    assert a.subheadings == ["Kritik från oppositionen"]
    assert a.image_captions == ["Finansministern på presskonferensen."]
    assert a.photo_credits == ["Jonas Ek/TT", "Pressbild"]
    assert a.related_titles == ["Budgeten i korthet"]
    assert "https://www.nordicwire.example/vard/satsningar" in a.links
    assert "Dela artikeln" not in a.text and "track(" not in a.text and "Skatten sänks nästa år" not in a.text
    assert a.extras["feed_text"] == "content" and a.extras["guid"] == "nw-4711"
    assert a.extras["declared_language"] == "sv" and a.position == 0


def test_rss_summary_becomes_lead_and_body_with_entities_decoded(tmp_path):
    articles, _ = read([write(tmp_path, "wire.rss", RSS)])
    a = next(a for a in articles if a.url.endswith("/fiskare"))
    assert a.title == "Fiskare protesterar mot nya kvoter & regler"
    # escaped HTML stripped, an entity escaped twice decoded once more
    assert a.lead == "Fiskare i norr protesterade på torsdagen mot de nya kvoterna & reglerna."
    assert a.body == ["De säger att små båtar drabbas hårdast."]
    assert a.authors == ["Karin Sund"] and a.extras["feed_text"] == "summary"
    assert a.published == datetime(2024, 11, 21, 17, 30)


def test_mojibake_in_an_entry_is_repaired(tmp_path):
    text = "Fiskare i Västerbotten säger att kvoterna slår hårt mot små båtar och byarna längs kusten."
    garbled = text.encode("utf-8").decode("cp1252")  # what a producer reading UTF-8 as cp1252 writes
    feed = RSS.replace("<description>Samma artikel en gång till i samma flöde.</description>", "") \
        .replace("Den här notisen är daterad efter flödets eget datum och får inte behålla det.", garbled)
    articles, _ = read([write(tmp_path, "garbled.rss", feed)])
    assert next(a for a in articles if a.url.endswith("/framtid")).lead == text


def test_entries_without_text_or_link_are_counted(tmp_path):
    articles, report = read([write(tmp_path, "wire.rss", RSS)])
    assert len(articles) == 3
    counters = report.steps["feed"]
    assert (counters.seen, counters.emitted) == (6, 3)
    assert dict(counters.dropped) == {"entry without text": 1, "entry without a link": 1,
                                      "entry repeated in the feed": 1}
    assert report.exit_code == 0 and not report.rejections  # skipped entries are not errors


def test_published_never_later_than_the_feed_or_the_file(tmp_path):
    articles, report = read([write(tmp_path, "wire.rss", RSS)])
    late = next(a for a in articles if a.url.endswith("/framtid"))
    # lastBuildDate is 2024-11-22 09:00 UTC: the entry's 23 November is dropped for that day, flagged
    assert late.published == date(2024, 11, 22) and not late.date_reliable
    notes = report.steps["feed"].notes
    assert notes["published date after the feed's own date or the file time, dropped"] == 1
    # a file last written before the feed's own date bounds it too
    old = write(tmp_path, "old.rss", RSS, mtime=datetime(2024, 11, 21, 12, 0, tzinfo=timezone.utc))
    articles, _ = read([old])
    # every entry is dated after 21 November 12:00 UTC (17:30 +01:00 is 16:30 UTC)
    assert [(a.published, a.date_reliable) for a in articles] == [(date(2024, 11, 21), False)] * 3
    assert all(a.fetched == datetime(2024, 11, 21, 12, 0) for a in articles)


def test_atom_authors_dates_and_relative_links(tmp_path):
    articles, report = read([write(tmp_path, "frettir.atom", ATOM)])
    assert not report.rejections and not report.warnings
    eldgos, vedrid = articles
    assert eldgos.title == "Eldgos hafið á Reykjanesskaga"
    assert eldgos.authors == ["Jón Jónsson", "Guðrún Sigurðardóttir", "Sigríður Björk Helgadóttir"]
    assert eldgos.published == datetime(2024, 11, 20, 23, 14) and eldgos.date_reliable
    assert eldgos.updated == datetime(2024, 11, 21, 8, 30)
    assert eldgos.tags == ["Eldgos", "Reykjanes"] and eldgos.outlet == "frettir.example.is"
    assert eldgos.links[:2] == ["https://frettir.example.is/innlent/eldgos",
                                "https://frettir.example.is/innlent/skjalftar"]
    assert eldgos.lead.startswith("Eldgos hófst") and eldgos.body[0].startswith("Almannavarnir")
    assert eldgos.extras["declared_language"] == "is"
    # no author of its own: the feed's (Atom); only <updated>: published stands in from it, unreliable
    assert vedrid.url == "https://frettir.example.is/innlent/vedrid"
    assert vedrid.authors == ["Ritstjórn Fréttaveitunnar"]
    assert vedrid.published == datetime(2024, 11, 22, 9, 0) and not vedrid.date_reliable
    assert vedrid.extras["date_source"] == "feed updated"
    assert vedrid.lead.startswith("Spáð er stormi")


def test_feed_found_by_content_and_non_feed_xml_falls_through(tmp_path):
    no_suffix = write(tmp_path, "download", RSS)
    as_text = write(tmp_path, "feed.txt", ATOM)
    sitemap = write(tmp_path, "sitemap.xml", '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/'
                                             'schemas/sitemap/0.9"><url><loc>https://a.example/</loc></url></urlset>')
    available = readers(load_config(env={}))
    assert isinstance(reader_for(no_suffix, available), FeedReader)
    assert isinstance(reader_for(as_text, available), FeedReader)
    assert isinstance(reader_for(sitemap, available), TextReader)
    articles, report = read([no_suffix, as_text, tmp_path / "missing.rss"])
    assert len(articles) == 5
    (missing,) = report.rejections
    assert missing.detail == "no such file"


def test_rss1_in_latin1_with_dc_date_and_an_html_entity(tmp_path):
    rdf = """<?xml version="1.0" encoding="iso-8859-1"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://avis.example.no/"><title>Avisa</title><link>https://avis.example.no/</link>
<description>Nyheter</description></channel>
<item rdf:about="https://avis.example.no/a/1"><title>Stortinget vedtok budsjettet</title>
<link>https://avis.example.no/a/1</link><dc:date>2024-11-21T18:00:00+01:00</dc:date>
<dc:creator>Per Hansen og Kari Nordmann</dc:creator><dc:subject>Politikk</dc:subject>
<description>Stortinget vedtok torsdag budsjettet for neste år etter lange&nbsp;forhandlinger.</description>
</item></rdf:RDF>"""
    path = tmp_path / "avisa.xml"
    path.write_bytes(rdf.encode("iso-8859-1"))
    (a,), report = read([path])
    assert a.lead == "Stortinget vedtok torsdag budsjettet for neste år etter lange forhandlinger."
    # RSS has no "updated": dc:date is the publication date
    assert a.published == datetime(2024, 11, 21, 18, 0) and a.date_reliable and a.updated is None
    assert a.authors == ["Per Hansen", "Kari Nordmann"] and a.tags == ["Politikk"]
    (note,) = report.warnings  # &nbsp; is not XML: read anyway, with a note
    assert "undefined entity" in note.detail and report.exit_code == 0


@pytest.mark.parametrize("head, expected", [
    (b'\xef\xbb\xbf<?xml version="1.0"?>\n<?xml-stylesheet href="s.xsl"?>\n<!-- c --><rss version="2.0">', True),
    (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">', True),
    ('<?xml version="1.0" encoding="utf-16"?><feed xmlns="http://www.w3.org/2005/Atom">'.encode("utf-16"), True),
    (b'<feed><entry>not atom: no namespace</entry></feed>', False),
    (b"<!DOCTYPE html><html><body><p>rss</p></body></html>", False),
    (b"Rubrik\n\n<rss> in a text dump is not a feed", False),
    (b"", False),
])
def test_looks_like_feed(head, expected):
    assert looks_like_feed(head) is expected


def test_malformed_feed_is_read_as_far_as_it_goes(tmp_path):
    broken = RSS.replace("<title>Bara en rubrik</title>", "<title>Bara en rubrik & mer</title>")
    broken = broken[: broken.index("<title>Från framtiden")]  # cut off mid-channel
    path = write(tmp_path, "broken.rss", broken)
    articles, report = read([path])
    assert [a.url.rsplit("/", 1)[-1] for a in articles] == ["skatten-sanks", "fiskare"]
    (note,) = report.warnings
    assert note.source == str(path) and note.reason.startswith("malformed feed")
    assert "line" in note.detail  # where the parser stopped
    assert report.exit_code == 0
    # a file that starts as a feed but holds none at all is refused with its reason
    hopeless = write(tmp_path, "hopeless.xml", '<rss version="2.0">\x01\x02 <<<< ')
    articles, report = read([hopeless])
    assert not articles and report.rejections[0].reason == "corrupt or truncated"


def test_reingesting_a_feed_adds_nothing_and_languages_are_found(tmp_path, db):
    paths = [write(tmp_path, "wire.rss", RSS), write(tmp_path, "frettir.atom", ATOM)]
    config = load_config(db=db, env={"TIDINGS_CLUSTER__ENABLED": "false"})
    first = tidings.ingest(paths, config=config)
    assert first.exit_code == 0 and first.stored_new == 5, first.as_dict()
    again = tidings.ingest(paths, config=config)
    assert again.stored_new == 0 and again.stored_existing == 5
    with tidings.open(db) as store:
        langs = {a.url.rsplit("/", 1)[-1]: a.language for a in store.articles()}
    assert langs["skatten-sanks"] == "sv" and langs["fiskare"] == "sv"
    assert langs["eldgos"] == "is" and langs["vedrid"] == "is"


# --------------------------------------------------------------------------- URLs

PAGE = ("<html><head><title>Kvoterna i norr</title></head><body><article><h1>Kvoterna i norr</h1>"
        + "<p>Fiskare i norr protesterade på måndagen mot de nya kvoterna, som de säger slår hårdast "
          "mot små båtar och mot byarna längs kusten.</p>" * 3 + "</article></body></html>")


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes]] = {
        "/feed": (200, "application/rss+xml; charset=utf-8", RSS.encode()),
        "/atom-as-xml": (200, "text/xml", ATOM.encode()),
        "/page": (200, "text/html; charset=utf-8", PAGE.encode()),
        "/image": (200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        "/big": (200, "application/rss+xml", RSS.encode() * 40),
    }

    def do_GET(self) -> None:  # noqa: N802 - the http.server hook
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/feed")
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(1.5)
        status, ctype, body = self.routes.get(self.path, (404, "text/plain", b"not here"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout, size limit): that is what the test wants

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_of_a_feed_a_redirect_and_a_page(server):
    articles, report = read([f"{server}/feed", f"{server}/moved", f"{server}/atom-as-xml", f"{server}/page"])
    assert report.inputs_read == 4 and not report.rejections
    urls = [a.url for a in articles]
    assert urls.count("https://www.nordicwire.example/ekonomi/skatten-sanks") == 2  # /feed and /moved
    # a relative link resolves against the address the feed was fetched from (RFC 3986)
    assert "https://frettir.example.is/innlent/eldgos" in urls and f"{server}/innlent/vedrid" in urls
    page = articles[-1]
    assert page.url == f"{server}/page" and page.title == "Kvoterna i norr" and page.source == f"{server}/page"
    assert page.lead.startswith("Fiskare i norr")


def test_url_failures_have_clear_reasons(server):
    env = {"TIDINGS_INGEST__FETCH_TIMEOUT_SECONDS": "0.5", "TIDINGS_INGEST__MAX_INPUT_BYTES": "20000"}
    articles, report = read([f"{server}/missing", f"{server}/image", f"{server}/slow", f"{server}/big",
                             "http://127.0.0.1:9/closed"], env=env)
    assert not articles and report.exit_code == 1
    reasons = {r.source.rsplit("/", 1)[-1]: (r.reason, r.detail) for r in report.rejections}
    assert reasons["missing"] == ("fetch failed", "HTTP 404 Not Found")
    assert reasons["image"][0] == "fetch failed" and "image/png" in reasons["image"][1]
    assert reasons["slow"][0] == "fetch failed" and "timed out after 0.5 s" in reasons["slow"][1]
    assert reasons["big"][0] == "too large"
    assert reasons["closed"][0] == "fetch failed" and "Connect" in reasons["closed"][1]


def test_cli_ingests_a_feed_url(server, db, monkeypatch):
    monkeypatch.setenv("TIDINGS_CLUSTER__ENABLED", "false")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", f"{server}/feed", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    assert '"stored_new": 3' in result.output
    again = runner.invoke(app, ["ingest", f"{server}/feed", f"{server}/missing", "--db", db])
    assert again.exit_code == 3 and "HTTP 404" in again.output
