"""Cited sources: outlets, agencies and bodies an article attributes information to."""

from __future__ import annotations

import pytest

from tidings.enrich.linking import LinkingStep
from tidings.enrich.sources import SourceStep

from test_linking import article

LANGS = ["sv", "is", "nb", "da", "fi", "en"]


@pytest.fixture(scope="module")
def steps():
    return [LinkingStep(LANGS), SourceStep(LANGS)]


def sources(steps, lang: str, text: str, mentions=()) -> list[str]:
    a = article(lang, text, list(mentions))
    for s in steps:
        s.enrich(a)
    for c in a.cited_sources:  # every source is a linked entity of the article
        assert c.entity_id in {e.id for e in a.entities}
    return [c.name for c in a.cited_sources]


@pytest.mark.parametrize("lang,text,want", [
    ("sv", "Det rapporterar Göteborgs-Posten.", ["Göteborgs-Posten"]),
    ("sv", "Mötet blir av, säger han enligt TV4.", ["TV4"]),
    ("sv", "Kreml dundrar, rapporterar den statliga ryska nyhetsbyrån TASS.", ["TASS"]),
    ("sv", "Två dog, rapporterar oberoende Moscow Times.", ["Moscow Times"]),
    ("sv", "– Det har spruckit, sade hon till Expressen.", ["Expressen"]),
    ("sv", "– Jag vill förhandla, skrev hon i DN Debatt.", ["DN Debatt"]),
    ("is", "Hann styður stríðið samkvæmt umfjöllun BBC.", ["BBC"]),
    ("nb", "Det melder NRK søndag.", ["NRK"]),
    ("da", "Det skriver Politiken.", ["Politiken"]),
    ("fi", "Ylen mukaan kokous pidetään huomenna.", ["Yle"]),
    ("en", "The talks failed, writes Reuters.", ["Reuters"]),
    ("en", "The talks failed, according to the Financial Times.", ["Financial Times"]),
])
def test_cues_in_each_language(steps, lang, text, want):
    assert sources(steps, lang, text) == want


def test_agency_spelt_out_is_the_same_source(steps):
    got = sources(steps, "sv", "Enligt Korean Central News Agency enades de. Det bekräftar KCNA.")
    assert got == ["KCNA"]


def test_persons_places_and_clauses_are_not_sources(steps):
    assert sources(steps, "sv", "Enligt Ulf Kristersson blir det val.",
                   [("Ulf Kristersson", "PER")]) == []
    assert sources(steps, "sv", "Det uppger Ryssland.") == []
    assert sources(steps, "sv", "Tjänsten rapporterade också att Nordkorea skickar vapen.") == []
    assert sources(steps, "sv", "Tjänsten meddelade den 29 november att det var klart.") == []


def test_a_longer_name_replaces_a_mention_inside_it(steps):
    a = article("sv", "Det fastslår tankesmedjan Institute for the Study of War.",
                [("Study of War", "MISC")])
    for s in steps:
        s.enrich(a)
    assert [c.name for c in a.cited_sources] == ["Institute for the Study of War"]
    assert "Study of War" not in {m.surface for m in a.mentions}
