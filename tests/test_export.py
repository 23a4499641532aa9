"""Exports read back (pyarrow, csv, json) give the same articles."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq

import tidings
from tidings.export import export_articles


def test_jsonl_parquet_csv_agree(tmp_path, seeds_dir):
    db = str(tmp_path / "e.db")
    tidings.ingest([seeds_dir], db=db)
    with tidings.open(db) as store:
        articles = list(store.articles())
    expected = [tidings.article_record(a) for a in articles]
    export_articles(articles, "jsonl", tmp_path / "a.jsonl")
    export_articles(articles, "parquet", tmp_path / "a.parquet")
    export_articles(articles, "csv", tmp_path / "a.csv")
    from_jsonl = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text("utf-8").splitlines()]
    from_parquet = pq.read_table(tmp_path / "a.parquet").to_pylist()
    with (tmp_path / "a.csv").open(encoding="utf-8", newline="") as fh:
        from_csv = list(csv.DictReader(fh))
    assert from_jsonl == expected
    assert from_parquet == expected
    assert [r["id"] for r in from_csv] == [r["id"] for r in expected]
    assert [json.loads(r["tags"]) for r in from_csv] == [r["tags"] for r in expected]
    assert [r["body"] for r in from_csv] == [r["body"] for r in expected]
    first = from_jsonl[0]
    for key in ("id", "source", "outlet", "title", "language", "published", "authors",
                "photo_credits", "image_captions", "subheadings", "related_titles", "tags", "lead",
                "body", "quotes", "cited_sources", "entities"):
        assert key in first
    assert "\n\n" in first["body"]


def test_empty_exports(tmp_path):
    assert export_articles([], "parquet", tmp_path / "e.parquet") == 0
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 0
    assert export_articles([], "jsonl", tmp_path / "e.jsonl") == 0
