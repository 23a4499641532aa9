"""The event commands: events, recluster (same result as the ingest), compare."""

from __future__ import annotations

import csv
import io

from typer.testing import CliRunner

import tidings
from tidings.cli import app

runner = CliRunner()


def placement(db: str) -> dict:
    with tidings.open(db) as store:
        return {a.id: (a.event_id, a.storyline_id, a.duplicate_of) for a in store.articles()}


def test_events_and_recluster(tmp_path, seeds_dir):
    db = str(tmp_path / "n.db")
    tidings.ingest([seeds_dir], db=db)
    before = placement(db)
    listed = runner.invoke(app, ["events", "--db", db])
    assert listed.exit_code == 0 and "4 event(s)" in listed.output
    again = runner.invoke(app, ["recluster", "--db", db])
    assert again.exit_code == 0, again.output
    assert "4 article(s) placed: 4 event(s)" in again.output
    assert placement(db) == before


def test_compare_writes_scores(tmp_path):
    pairs = tmp_path / "pairs.csv"
    with pairs.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text1", "text2", "lang1", "lang2"])
        quake = "A magnitude 7 earthquake struck off Izmir in Turkey on Friday, collapsing buildings."
        w.writerow(["same", quake, "Ett jordskalv med magnitud 7 drabbade Izmir i Turkiet i fredags; "
                    "byggnader rasade.", "en", "sv"])
        w.writerow(["other", quake, "The parliament in Oslo passed the budget after a long debate "
                    "on taxes.", "en", "en"])
    out = tmp_path / "scores.csv"
    result = runner.invoke(app, ["compare", str(pairs), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = {r["id"]: float(r["score"]) for r in csv.DictReader(io.StringIO(out.read_text()))}
    assert set(rows) == {"same", "other"}
    assert all(0.0 <= v <= 1.0 for v in rows.values())
    assert rows["same"] > rows["other"]


def test_compare_refuses_wrong_columns(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    result = runner.invoke(app, ["compare", str(bad)])
    assert result.exit_code == 2
    assert "text1" in result.output

