from __future__ import annotations

import json

import pyarrow.parquet as pq
from typer.testing import CliRunner

from tidings.cli import app

runner = CliRunner()


def test_ingest_list_show_export(tmp_path, seeds_dir):
    db = str(tmp_path / "c.db")
    result = runner.invoke(app, ["ingest", str(seeds_dir), "--db", db])
    assert result.exit_code == 0, result.output
    assert "4 new article(s)" in result.output
    again = runner.invoke(app, ["ingest", str(seeds_dir), "--db", db, "--json"])
    assert json.loads(again.output)["stored_new"] == 0

    listing = runner.invoke(app, ["articles", "--db", db, "--lang", "is"])
    assert listing.exit_code == 0 and "1 of 4" in listing.output

    exported = runner.invoke(app, ["export", "--format", "jsonl", "--db", db])
    records = [json.loads(line) for line in exported.output.splitlines()]
    assert len(records) == 4
    icelandic = next(r for r in records if r["language"] == "is")

    shown = runner.invoke(app, ["show", icelandic["id"][:8], "--db", db, "--json"])
    assert shown.exit_code == 0
    assert json.loads(shown.output) == icelandic
    plain = runner.invoke(app, ["show", icelandic["id"], "--db", db])
    assert icelandic["title"] in plain.output

    out = tmp_path / "a.parquet"
    result = runner.invoke(app, ["export", "-f", "parquet", "-o", str(out), "--db", db])
    assert result.exit_code == 0 and pq.read_table(out).num_rows == 4


def test_db_from_environment(tmp_path, seeds_dir):
    db = str(tmp_path / "env.db")
    result = runner.invoke(app, ["ingest", str(seeds_dir)], env={"TIDINGS_DB": db})
    assert result.exit_code == 0
    listing = runner.invoke(app, ["articles"], env={"TIDINGS_DB": db})
    assert "4 of 4" in listing.output


def test_errors_are_messages(tmp_path):
    db = str(tmp_path / "x.db")
    result = runner.invoke(app, ["show", "nope", "--db", db])
    assert result.exit_code == 1 and "no article" in result.output
    result = runner.invoke(app, ["export", "-f", "xml", "--db", db])
    assert result.exit_code == 2 and "unknown export format" in result.output
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all" * 50)
    result = runner.invoke(app, ["articles", "--db", str(bad)])
    assert result.exit_code == 1 and "bad.db" in result.output


def test_every_command_has_an_example():
    for command in app.registered_commands:
        assert "Example:" in (command.callback.__doc__ or ""), command.callback.__name__
