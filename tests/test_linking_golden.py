"""Golden test: what ../shared/expected/seeds.json lists under quotes, cited_sources,
entities and links.same_entity, on what the whole pipeline really produces."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from conftest import seed_cases
from tidings.enrich.names import name_key

FLOORS = Path(__file__).resolve().parent.parent / "benchmarks" / "floors.toml"


@pytest.fixture(scope="module")
def records(seed_records) -> dict[str, list[dict]]:
    return seed_records


def _cases(expected):
    return seed_cases(expected)


def _ids_named(record: dict, name: str) -> set[str]:
    """Ids of the article's entities called ``name`` (as preferred name or a surface),
    compared with case, accents and hyphens folded."""
    key = name_key(name)
    return {e["id"] for e in record["entities"]
            if key in {name_key(n) for n in [e["name"], *e["surfaces"]]}}


def test_entities(records, expected):
    """Recall of the expected entities (name and type), against the pinned floor.

    Every expectation is checked; the score may sit below 1.0 only by what the NER model
    misses (the linker adds alias-table names, short forms and acronyms, not new persons)."""
    found, missing = 0, []
    for name, i, want in _cases(expected):
        record = records[name][i]
        for type_, names in want.get("entities", {}).items():
            for entity in names:
                key = name_key(entity)
                hits = [e for e in record["entities"]
                        if key in {name_key(n) for n in [e["name"], *e["surfaces"]]}]
                if any(e["type"] == type_ for e in hits):
                    found += 1
                else:
                    missing.append((name, i, type_, entity, [e["type"] for e in hits]))
    recall = found / (found + len(missing))
    floor = tomllib.loads(FLOORS.read_text("utf-8"))["linking"]["seeds_entity_recall"]
    assert recall >= floor, (recall, missing)


def test_cited_sources(records, expected):
    missing = []
    for name, i, want in _cases(expected):
        record = records[name][i]
        for source in want.get("cited_sources", []):
            ids = _ids_named(record, source)
            cited = {c["id"] for c in record["cited_sources"]}
            if not ids & cited:
                missing.append((name, i, source, [c["name"] for c in record["cited_sources"]]))
    assert not missing, missing


def test_quotes_and_speakers(records, expected):
    wrong = []
    for name, i, want in _cases(expected):
        record = records[name][i]
        for quote in want.get("quotes", []):
            ids = _ids_named(record, quote["speaker"])
            found = [q for q in record["quotes"] if quote["text_contains"] in q["text"]]
            if not found:
                wrong.append((name, i, quote["text_contains"], "no such quote"))
            elif not any(q["speaker"] and q["speaker"]["id"] in ids for q in found):
                wrong.append((name, i, quote["text_contains"], quote["speaker"],
                              [q["speaker"] for q in found]))
    assert not wrong, wrong


def test_same_entity_links(records, expected):
    for (file_a, i_a, name_a), (file_b, i_b, name_b) in expected["links"]["same_entity"]:
        ids_a = _ids_named(records[file_a][i_a], name_a)
        ids_b = _ids_named(records[file_b][i_b], name_b)
        assert ids_a and ids_b, (name_a, ids_a, name_b, ids_b)
        assert ids_a & ids_b, (name_a, name_b)


def test_records_have_the_documented_shape(records):
    for recs in records.values():
        for r in recs:
            for e in r["entities"]:
                assert set(e) == {"id", "name", "type", "surfaces"} and e["surfaces"]
            for q in r["quotes"]:
                assert q["text"] and (q["speaker"] is None or set(q["speaker"]) == {"name", "id"})
            for c in r["cited_sources"]:
                assert set(c) == {"name", "id"} and c["id"]
