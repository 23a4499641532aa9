"""Quotes: direct and indirect, speakers named, pronouns and roles resolved, verbs."""

from __future__ import annotations

import pytest

from tidings.enrich.linking import LinkingStep
from tidings.enrich.quotes import QuoteStep
from tidings.enrich.sources import SourceStep
from tidings.model import Article, Quote

from test_linking import article

LANGS = ["sv", "is", "nb", "da", "fi", "en", "de"]


@pytest.fixture(scope="module")
def steps():
    return [LinkingStep(LANGS), SourceStep(LANGS), QuoteStep(LANGS)]


def run(steps, a: Article) -> list[Quote]:
    for s in steps:
        s.enrich(a)
    return a.quotes


def by_text(a: Article, part: str) -> Quote:
    hits = [q for q in a.quotes if part in q.text]
    assert len(hits) == 1, (part, a.quotes)
    return hits[0]


def test_dialogue_dash_with_pronoun_resolved_to_the_topic(steps):
    a = article("sv", "Andrej Belousov besökte landet.\n\nSedan talade Anna Lind länge. Hon "
                      "ser nöjd ut.\n\n– Vi står alltid vid er sida, säger hon enligt TT.\n\n"
                      "– Det kommer inte att ändras.",
                [("Andrej Belousov", "PER"), ("Anna Lind", "PER")])
    run(steps, a)
    q = by_text(a, "Vi står alltid vid er sida")
    lind = next(e for e in a.entities if e.name == "Anna Lind")
    assert (q.speaker, q.speaker_entity_id, q.verb, q.direct) == ("Anna Lind", lind.id, "säger",
                                                                   True)
    assert "säger" not in q.text  # the attribution is not part of the quote
    # The next dash paragraph carries on the same quote.
    assert by_text(a, "Det kommer inte att ändras").speaker_entity_id == lind.id


def test_pronoun_after_a_possessive_name_keeps_the_subject(steps):
    a = article("sv", "Magdalena Andersson var snabb efter Simona Mohamssons besked.\n\n"
                      "– Det har spruckit nu, sade hon till Expressen.",
                [("Magdalena Andersson", "PER"), ("Simona Mohamssons", "PER")])
    run(steps, a)
    assert by_text(a, "Det har spruckit").speaker == "Magdalena Andersson"


def test_pronoun_first_keeps_the_topic_over_a_later_name(steps):
    a = article("sv", "Det är Rodion Miroshnik som är missnöjd.\n\nHan menar att allt var "
                      "bättre under Joe Biden.\n\n– Under en lång tid var det så, säger han.",
                [("Rodion Miroshnik", "PER"), ("Joe Biden", "PER")])
    run(steps, a)
    assert by_text(a, "Under en lång tid").speaker == "Rodion Miroshnik"


def test_role_introduced_earlier_names_the_speaker(steps):
    a = article("sv", "Liberalernas partiledare Simona Mohamsson vill förhandla. Magdalena "
                      "Andersson svarade.\n\nSå här lät beskedet från Liberalernas partiledare:"
                      "\n\n– Efter valet vill jag teckna ett nytt avtal, skrev hon i DN Debatt.",
                [("Simona Mohamsson", "PER"), ("Magdalena Andersson", "PER")])
    run(steps, a)
    assert by_text(a, "Efter valet vill jag").speaker == "Simona Mohamsson"


def test_named_speaker_after_the_verb_is_found_without_a_recogniser(steps):
    a = article("sv", "– Bränder bröt ut i natt, säger Vladyslav Gaivanenko.")
    run(steps, a)
    q = by_text(a, "Bränder bröt ut")
    assert q.speaker == "Vladyslav Gaivanenko" and q.speaker_entity_id
    assert any(e.name == "Vladyslav Gaivanenko" and e.type == "PER" for e in a.entities)


@pytest.mark.parametrize("lang,text", [
    ("is", "Jón Jónsson talaði. „Við munum standa saman alla leið,“ sagði hann."),
    ("nb", "Jonas Gahr Støre talte. «Vi skal stå sammen hele veien», sier han."),
    ("da", "Mette Frederiksen talte. »Vi skal stå sammen hele vejen,« siger hun."),
    ("fi", "Sanna Marin puhui. ”Me seisomme yhdessä koko matkan”, hän sanoo."),
    ("en", 'Jane Smith spoke. "We will stand together all the way," she said.'),
    ("de", "Olaf Scholz sprach. „Wir stehen zusammen bis zum Ende“, sagte er."),
])
def test_quote_marks_of_each_language(steps, lang, text):
    name = text.split(" ")[0] + " " + text.split(" ")[1]
    if lang == "nb":
        name = "Jonas Gahr Støre"
    a = article(lang, text, [(name, "PER")])
    run(steps, a)
    assert len(a.quotes) == 1, a.quotes
    q = a.quotes[0]
    assert q.speaker == name and q.direct and q.verb
    assert 4 <= len(q.text.split()) <= 8


def test_scare_quotes_and_titles_are_not_quotes(steps):
    a = article("sv", "Oppositionen kallas ”regeringsodugliga” av honom.",
                title="Kim lovar Ryssland „villkorslöst stöd“")
    run(steps, a)
    assert a.quotes == []


def test_indirect_speech_marked_by_a_cue(steps):
    a = article("is", "Kim Jong Un ræddi við ráðherrann. Kim sagðist standa með öllum "
                      "ráðstöfunum stjórnarinnar.", [("Kim Jong Un", "PER")])
    run(steps, a)
    q = by_text(a, "standa með öllum ráðstöfunum")
    assert (q.direct, q.verb, q.speaker) == (False, "sagðist", "Kim Jong Un")
    b = article("sv", "Ulf Kristersson talade. Han säger att mötet blir av före jul.",
                [("Ulf Kristersson", "PER")])
    run(steps, b)
    q = by_text(b, "mötet blir av före jul")
    assert (q.direct, q.speaker) == (False, "Ulf Kristersson")


def test_unattributed_quote_takes_the_body_just_introduced(steps):
    a = article("sv", "Det fastslår tankesmedjan Institute for the Study of War.\n\nISW "
                      "förklarar hur omfattande leveranserna är.\n\n– Underrättelsetjänsten "
                      "rapporterade också att leveranserna började i oktober.")
    run(steps, a)
    q = by_text(a, "Underrättelsetjänsten rapporterade")
    assert q.speaker == "Institute for the Study of War"


def test_according_to_a_person_is_indirect_speech_and_to_an_outlet_a_source(steps):
    a = article("sv", "Nu bjuder statsminister Ulf Kristersson in. Enligt statsministern kommer "
                      "mötet att äga rum innan jul. Enligt TV4 blir det i december.",
                [("Ulf Kristersson", "PER")])
    run(steps, a)
    q = by_text(a, "mötet att äga rum innan jul")
    assert (q.direct, q.speaker, q.verb) == (False, "Ulf Kristersson", "Enligt")
    assert not [x for x in a.quotes if "december" in x.text]
    assert [c.name for c in a.cited_sources] == ["TV4"]


def test_quote_of_several_sentences_takes_the_verb_after_it(steps):
    # The attribution follows the closing mark, a sentence away from where the quote opened.
    a = article("en", "Talks about the Baltic link went on for a decade, with Maria Berg in charge.\n\n"
                      '"We waited for years. Now there is a plan and money for it," said Transport '
                      "Minister Oskar Lind.",
                [("Maria Berg", "PER"), ("Oskar Lind", "PER")])
    run(steps, a)
    q = by_text(a, "We waited for years")
    assert (q.speaker, q.verb) == ("Oskar Lind", "said")
