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


@pytest.fixture()
def db(tmp_path: Path) -> str:
    return str(tmp_path / "test.db")
