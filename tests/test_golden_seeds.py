"""Golden test: the two sample inputs give exactly the fields expected/seeds.json lists."""

from __future__ import annotations

import re

import pytest

import tidings
from conftest import seed_cases

EXACT = ("title", "language", "authors", "photo_credits", "image_captions", "subheadings",
         "related_titles", "tags", "lead")


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def stored(seed_records) -> dict[str, list[dict]]:
    return seed_records


def _cases(expected):
    return seed_cases(expected)


def test_article_counts(stored, expected):
    for name, spec in expected["files"].items():
        assert len(stored[name]) == len(spec["articles"]), name
    assert sum(len(v) for v in stored.values()) == 4


def test_exact_fields(stored, expected):
    for name, i, want in _cases(expected):
        got = stored[name][i]
        for key in EXACT:
            if key not in want:
                continue
            value = want[key]
            if key == "lead":
                assert _ws(got[key] or "") == _ws(value), (name, i, key)
            else:
                assert got[key] == value, (name, i, key, got[key])
        assert got["published"].startswith(want["published"]), (name, i, got["published"])
        assert got["date_reliable"] is True


def test_body_with_without_once(stored, expected):
    for name, i, want in _cases(expected):
        body = _ws(stored[name][i]["body"])
        for text in want.get("body_with", []):
            assert _ws(text) in body, (name, i, text)
        for text in want.get("body_without", []):
            assert _ws(text) not in body, (name, i, text)
        for text in want.get("body_once", []):
            assert body.count(_ws(text)) == 1, (name, i, text, body.count(_ws(text)))


def test_not_in_any_article(stored, expected):
    for name, spec in expected["files"].items():
        for record in stored[name]:
            whole = " ".join(str(v) for v in record.values() if isinstance(v, str))
            whole += " ".join(" ".join(v) for v in record.values()
                              if isinstance(v, list) and all(isinstance(x, str) for x in v))
            for text in spec.get("not_in_any_article", []):
                assert text not in whole, (name, text)


def test_reingest_adds_nothing(tmp_path, seeds_dir):
    db = str(tmp_path / "again.db")
    first = tidings.ingest([seeds_dir], db=db)
    second = tidings.ingest([seeds_dir], db=db)
    assert first.stored_new == 4
    assert second.stored_new == 0 and second.stored_existing == 4
    with tidings.open(db) as store:
        assert store.count() == 4
