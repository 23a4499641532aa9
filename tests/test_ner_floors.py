"""Quality floors for named-entity recognition (benchmarks/floors.toml, [ner]).

Recomputes the shipped models' entity-level F1 on each corpus's dev split, exactly as
benchmarks/bench_ner.py does, and fails when one drops below its pinned floor.  A floor
is raised when a score rises, never lowered quietly.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tidings.enrich.ner.evaluation import evaluate
from tidings.enrich.ner.tagger import MODELS_DIR, Recogniser

from conftest import ROOT, SHARED, need

NER_DATA = SHARED / "datasets" / "ner"
FLOORS = tomllib.loads((ROOT / "benchmarks" / "floors.toml").read_text("utf-8")).get("ner", {})


@pytest.fixture(scope="module")
def shipped() -> Recogniser:
    return Recogniser(MODELS_DIR)


def test_every_language_with_a_model_has_a_floor():
    assert {"dane", "norne_nb", "norne_nn", "webbnyheter_sv", "wikiann_is", "wikiann_fo",
            "wikigold_en"} <= set(FLOORS)


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_dev_f1_stays_above_floor(shipped: Recogniser, corpus: str) -> None:
    need(Path(NER_DATA))
    f1 = evaluate(shipped, NER_DATA, corpus).f1
    assert f1 >= FLOORS[corpus], f"{corpus}: dev F1 {f1:.3f} < floor {FLOORS[corpus]}"
