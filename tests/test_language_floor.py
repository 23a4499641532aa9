"""Quality floor: language ID accuracy on a fixed subset of NordicDSL (benchmarks/floors.toml)."""

from __future__ import annotations

import importlib.util
import tomllib

import pytest

from tidings.config import load_config
from tidings.enrich.language import LanguageIdentifier

from conftest import ROOT, SHARED, need

NORDIC = ("sv", "is", "nb", "nn", "da", "fo")


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_langid", ROOT / "benchmarks" / "bench_langid.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def floors() -> dict:
    return tomllib.loads((ROOT / "benchmarks" / "floors.toml").read_text("utf-8"))["langid"]


@pytest.fixture(scope="module")
def rows(bench):
    return bench.load_rows(need(SHARED / "datasets" / "lid" / "nordic_dsl_dev.csv"), every=4)


def test_nordic_six_above_floor_and_above_baseline(bench, floors, rows) -> None:
    ours, per, _ = bench.accuracy(LanguageIdentifier(NORDIC), rows)
    base, _, _ = bench.accuracy(bench.py3langid_baseline(NORDIC), rows)
    assert ours >= floors["nordic_dsl_every4"], (ours, per)
    assert ours > base
    # the word-list model (tidings.enrich.lexicon) earns its cost
    without, _, _ = bench.accuracy(bench.without_word_lists(NORDIC), rows)
    assert ours > without


def test_configured_languages_above_floor(bench, floors, rows) -> None:
    langs = tuple(load_config().languages)
    ours, per, _ = bench.accuracy(LanguageIdentifier(langs), rows)
    assert ours >= floors["nordic_dsl_every4_configured"], (ours, per)
