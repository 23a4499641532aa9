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


@pytest.fixture(scope="module")
def odd_rows(bench):
    """Rows 1, 5, 9...: odd rows, which no weight was chosen on (langid_train chooses two
    combination weights on the even rows)."""
    return bench.load_rows(need(SHARED / "datasets" / "lid" / "nordic_dsl_dev.csv"), every=4,
                           offset=1)


def test_nordic_six_above_floor_and_above_baseline(bench, floors, rows) -> None:
    ours, per, _ = bench.accuracy(LanguageIdentifier(NORDIC), rows)
    base, _, _ = bench.accuracy(bench.py3langid_baseline(NORDIC), rows)
    assert ours >= floors["nordic_dsl_every4"], (ours, per)
    assert ours > base
    # the word-list model (tidings.enrich.lexicon) earns its cost, and so do wordfreq's
    # frequency levels in it
    without, _, _ = bench.accuracy(bench.without_word_lists(NORDIC), rows)
    assert ours > without
    if _has_wordfreq():
        flat, _, _ = bench.accuracy(bench.without_frequencies(NORDIC), rows)
        assert ours > flat


def _has_wordfreq() -> bool:
    from tidings.enrich.lexicon import lexicon

    table = lexicon()
    return table is not None and table.levels is not None


def test_unseen_half_above_floor(bench, floors, odd_rows) -> None:
    if not _has_wordfreq():
        pytest.skip("wordfreq is not installed")
    ours, per, _ = bench.accuracy(LanguageIdentifier(NORDIC), odd_rows)
    assert ours >= floors["nordic_dsl_odd_every4"], (ours, per)


def test_configured_languages_above_floor(bench, floors, rows) -> None:
    langs = tuple(load_config().languages)
    ours, per, _ = bench.accuracy(LanguageIdentifier(langs), rows)
    assert ours >= floors["nordic_dsl_every4_configured"], (ours, per)
