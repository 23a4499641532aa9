"""Shared fixtures.  Data written by others is read from ../shared, never copied here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EXPECTED = SHARED / "expected" / "seeds.json"
DEMO = ROOT / "examples" / "demo"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here (tests read ../shared beside the repository)")
    return path


@pytest.fixture(scope="session")
def expected() -> dict:
    return json.loads(need(EXPECTED).read_text("utf-8"))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return need(SEEDS)


@pytest.fixture(scope="session")
def seed_records(tmp_path_factory, seeds_dir) -> dict[str, list[dict]]:
    """The seeds ingested once through the whole pipeline: file name -> article records."""
    import tidings

    db = str(tmp_path_factory.mktemp("seeds") / "seeds.db")
    report = tidings.ingest([seeds_dir], db=db)
    assert report.exit_code == 0 and report.stored_new == 4, report.as_dict()
    by_file: dict[str, list[dict]] = {}
    with tidings.open(db) as store:
        for article in store.articles():
            by_file.setdefault(Path(article.source).name, []).append(tidings.article_record(article))
    return by_file


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> str:
    """The demo corpus (examples/demo, written for the project) ingested once; read-only users."""
    import tidings

    db = str(tmp_path_factory.mktemp("demo") / "demo.db")
    report = tidings.ingest([DEMO], db=db)
    assert report.exit_code == 0 and report.stored_new >= 12, report.as_dict()
    return db


def seed_cases(expected: dict):
    """(file name, index, expected article) for every article of expected/seeds.json."""
    for name, spec in expected["files"].items():
        for i, art in enumerate(spec["articles"]):
            yield name, i, art


@pytest.fixture()
def db(tmp_path: Path) -> str:
    return str(tmp_path / "test.db")
