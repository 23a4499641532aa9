"""Quality floors of article extraction (benchmarks/floors.toml, [extraction]).

Recomputes the scores of benchmarks/bench_extraction.py on a fixed subset of the
two public sets in ../shared and fails when one drops below its pinned floor.
"""

from __future__ import annotations

import sys
import tomllib

import pytest

from conftest import ROOT, SHARED, need

sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_extraction as bench  # noqa: E402

FLOORS = tomllib.loads((ROOT / "benchmarks" / "floors.toml").read_text("utf-8"))["extraction"]
SYSTEMS = ["tidings-html", "tidings-lines", "tidings-oneline"]


@pytest.fixture(scope="module")
def data():
    return need(SHARED / "datasets" / "extraction")


def scores(data, name: str, limit: int) -> dict[str, dict]:
    return {r["system"]: r for r in bench.evaluate(data, name, SYSTEMS, limit)}


def test_article_extraction_benchmark_floors(data):
    got = scores(data, bench.AEB, 60)
    assert got["tidings-html"]["f1"] >= FLOORS["aeb_html_f1"]
    assert got["tidings-lines"]["f1"] >= FLOORS["aeb_lines_f1"]
    assert got["tidings-oneline"]["f1"] >= FLOORS["aeb_oneline_f1"]


def test_trafilatura_eval_floors(data):
    got = scores(data, bench.TE, 120)
    assert got["tidings-html"]["f1"] >= FLOORS["te_html_f1"]
    assert got["tidings-html"]["date_accuracy"] >= FLOORS["te_date_accuracy"]
    assert got["tidings-lines"]["f1"] >= FLOORS["te_lines_f1"]
    assert got["tidings-oneline"]["f1"] >= FLOORS["te_oneline_f1"]


def test_metric_matches_the_published_method():
    # Identical texts score 1; a prediction with half the shingles wrong scores in between.
    assert bench.body_prf([bench.shingle_counts("a b c d e f", "a b c d e f")]) == (1.0, 1.0, 1.0)
    p, r, f1 = bench.body_prf([bench.shingle_counts("a b c d e f g h", "a b c d e x y z")])
    assert 0 < p < 1 and 0 < r < 1 and 0 < f1 < 1
    assert bench.segment_counts("alpha beta gamma", {"with": ["beta", "delta"], "without": ["gamma"]}) \
        == (1, 1, 1)
