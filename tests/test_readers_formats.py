"""HTML, JSONL and WARC readers, and bad input in each: a clear reason, and the run goes on."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from tidings.api import read_inputs
from tidings.config import load_config
from tidings.pipeline import RunReport

BODY = ("Fishermen in the north protested on Monday against the new quota rules, "
        "which they say hurt small boats most. ") * 6


def page(title: str) -> str:
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>{BODY}</p><p>{BODY.replace('Monday', 'Friday')}</p></article></body></html>")


def warc_record(url: str, body: bytes, ctype: str = "text/html; charset=utf-8",
                kind: str = "response", length: int | None = None) -> bytes:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\n\r\n".encode() + body
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\n"
            f"WARC-Date: 2024-03-01T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{abs(hash(url))}>\r\n"
            f"Content-Type: application/http; msgtype={kind}\r\n"
            f"Content-Length: {len(http) if length is None else length}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


def read(paths: list[Path]) -> tuple[list, RunReport]:
    report = RunReport()
    return list(read_inputs(paths, load_config(env={}), report)), report


def test_html_file_and_gzip(tmp_path):
    (tmp_path / "a.html").write_text(page("Quota protest in the north"), encoding="utf-8")
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(page("Second page about quotas").encode()))
    articles, report = read([tmp_path])
    assert sorted(a.title for a in articles) == ["Quota protest in the north", "Second page about quotas"]
    assert all(a.body or a.lead for a in articles) and not report.rejections


def test_truncated_gzip_has_a_reason(tmp_path):
    data = gzip.compress(page("Truncated page").encode())
    (tmp_path / "cut.html.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "ok.html").write_text(page("Intact page next to it"), encoding="utf-8")
    articles, report = read([tmp_path])
    assert [a.title for a in articles] == ["Intact page next to it"]
    (rejection,) = report.rejections
    assert rejection.reason == "corrupt or truncated" and "truncated gzip" in rejection.detail


def test_warc_records_and_a_broken_one(tmp_path):
    good = warc_record("https://www.example.com/a", page("First crawled page").encode())
    image = warc_record("https://www.example.com/i.png", b"\x89PNG", ctype="image/png")
    broken = b"WARC/1.0\r\nWARC-Type: response\r\nGarbage\r\n\r\nxx"
    last = warc_record("https://news.example.org/b", page("Page after the broken record").encode())
    (tmp_path / "crawl.warc").write_bytes(good + image + broken + last)
    articles, report = read([tmp_path / "crawl.warc"])
    assert [(a.title, a.outlet) for a in articles] == [("First crawled page", "example.com"),
                                                       ("Page after the broken record", "news.example.org")]
    assert all(a.fetched and a.fetched.year == 2024 for a in articles)
    assert report.steps["warc"].dropped["not HTML"] == 1
    assert [r.reason for r in report.rejections] == ["corrupt or truncated"]
    assert "broken WARC record" in report.rejections[0].detail


def test_truncated_warc_gz(tmp_path):
    records = [warc_record(f"https://e.com/{i}", page(f"Crawled page number {i}").encode()) for i in range(3)]
    data = b"".join(gzip.compress(r) for r in records)
    (tmp_path / "c.warc.gz").write_bytes(data[:-60])
    articles, report = read([tmp_path / "c.warc.gz"])
    assert [a.title for a in articles] == ["Crawled page number 0", "Crawled page number 1"]
    assert report.rejections and report.rejections[0].reason == "corrupt or truncated"


def test_jsonl_html_text_and_bad_lines(tmp_path):
    lines = [
        json.dumps({"url": "https://www.mbl.is/a", "html": page("Page from a JSONL line")}),
        "not json at all",
        json.dumps({"url": "https://x.se/b", "text": "Rubrik här\n\n14 mars 2026\n\n" + BODY}),
        json.dumps({"url": "https://x.se/c"}),
    ]
    (tmp_path / "p.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, report = read([tmp_path / "p.jsonl"])
    assert articles[0].title == "Page from a JSONL line" and articles[0].outlet == "mbl.is"
    assert articles[1].raw.startswith("Rubrik") and articles[1].outlet == "x.se" and not articles[1].body
    assert [r.source.rsplit(":", 1)[1] for r in report.rejections] == ["2", "4"]


def test_200_mb_single_line(tmp_path):
    big = tmp_path / "big.jsonl"
    with big.open("wb") as fh:
        fh.write(b'{"url": "https://a.se/1", "text": "')
        chunk = b"word " * 200_000
        for _ in range(200):
            fh.write(chunk)
        fh.write(b'"}\n')
        fh.write(json.dumps({"url": "https://a.se/2", "text": "Rubrik\n\n14 mars 2026\n\n" + BODY}).encode())
    articles, report = read([big])
    assert [a.url for a in articles] == ["https://a.se/2"]
    assert [(r.reason, r.source.endswith(":1")) for r in report.rejections] == [("too large", True)]
    # A 200 MB text dump is refused by size before it is read.
    (tmp_path / "dump.txt").write_bytes(b"x" * 10)
    import os
    os.truncate(tmp_path / "dump.txt", 200 * 1024 * 1024)
    _, report = read([tmp_path / "dump.txt"])
    assert report.rejections[0].reason == "too large"
