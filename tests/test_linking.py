"""Entity linking: one canonical entity across languages, inflected forms and spellings."""

from __future__ import annotations

import pytest

from tidings.config import load_config
from tidings.enrich.aliases import AliasTable
from tidings.enrich.linking import LinkingStep, alias_table
from tidings.errors import ConfigError
from tidings.model import Article, Mention


def article(lang: str, body: str, mentions: list[tuple[str, str]] = (), title: str = "T") -> Article:
    """An article with the given mentions placed at their first free occurrence, as a
    recogniser would set them."""
    a = Article(source="t", title=title, body=body.split("\n\n"), language=lang)
    text, cursor = a.text, {}
    for surface, type_ in mentions:
        at = text.find(surface, cursor.get(surface, 0))
        assert at >= 0, surface
        cursor[surface] = at + len(surface)
        a.mentions.append(Mention(surface, type_, at, at + len(surface)))
    return a


@pytest.fixture(scope="module")
def step() -> LinkingStep:
    return LinkingStep(["sv", "is", "nb", "da", "fi", "en"])


def ids(a: Article, surface: str) -> set[str]:
    return {m.entity_id for m in a.mentions if m.surface == surface}


def one(a: Article, surface: str) -> str:
    found = ids(a, surface)
    assert len(found) == 1, (surface, [(m.surface, m.entity_id) for m in a.mentions])
    return found.pop()


def test_countries_meet_across_languages_and_cases(step):
    sv = article("sv", "Nordkorea stöder Ryssland. Rysslands armé går in i Ukraina.")
    is_ = article("is", "Norður-Kórea styður Rússland. Her Rússlands fór inn í Úkraínu.")
    nb = article("nb", "Nord-Korea støtter Russland.")
    en = article("en", "North Korea backs Russia.")
    for a in (sv, is_, nb, en):
        step.enrich(a)  # no recogniser: the alias table finds every country
    assert one(sv, "Nordkorea") == one(is_, "Norður-Kórea") == one(nb, "Nord-Korea") \
        == one(en, "North Korea")
    russia = one(sv, "Ryssland")
    assert russia == one(sv, "Rysslands") == one(is_, "Rússland") == one(is_, "Rússlands") \
        == one(nb, "Russland") == one(en, "Russia")
    assert one(sv, "Ukraina") == one(is_, "Úkraínu")
    names = {e.id: e for e in is_.entities}
    assert names[one(is_, "Úkraínu")].name == "Úkraína"  # preferred name in the language
    assert names[russia].names["en"] == "Russia"


def test_person_spellings_share_an_id(step):
    a = article("sv", "Kim Jong-un lovar stöd.", [("Kim Jong-un", "PER")])
    b = article("is", "Kim Jong Un lofar stuðningi.", [("Kim Jong Un", "PER")])
    c = article("is", "Vladimír Pútín sagði.", [("Vladimír Pútín", "PER")])
    d = article("en", "Vladimir Putin said.", [("Vladimir Putin", "PER")])
    e = article("sv", "Sergej Lavrov sa.", [("Sergej Lavrov", "PER")])
    f = article("en", "Sergei Lavrov said.", [("Sergei Lavrov", "PER")])
    for x in (a, b, c, d, e, f):
        step.enrich(x)
    assert one(a, "Kim Jong-un") == one(b, "Kim Jong Un")
    assert one(c, "Vladimír Pútín") == one(d, "Vladimir Putin")
    assert one(e, "Sergej Lavrov") == one(f, "Sergei Lavrov")
    assert one(a, "Kim Jong-un") != one(d, "Vladimir Putin")


def test_short_forms_inflections_and_acronyms_in_one_article(step):
    a = article("sv", "Statsminister Ulf Kristersson talar. Kristerssons tal var långt. "
                      "Kristersson ler.\n\nDet fastslår Institute for the Study of War. ISW "
                      "förklarar.\n\nKim Jong-un reste. Kim talade.",
                [("Ulf Kristersson", "PER"), ("Institute for the Study of War", "ORG"),
                 ("Kim Jong-un", "PER")])
    step.enrich(a)
    full = one(a, "Ulf Kristersson")
    assert one(a, "Kristerssons") == full and one(a, "Kristersson") == full  # added and linked
    assert one(a, "ISW") == one(a, "Institute for the Study of War")
    assert one(a, "Kim") == one(a, "Kim Jong-un")
    entity = next(e for e in a.entities if e.id == full)
    assert entity.name == "Ulf Kristersson" and entity.type == "PER"
    assert set(entity.aliases) == {"Ulf Kristersson", "Kristerssons", "Kristersson"}


def test_genitive_of_an_organisation_names_the_organisation(step):
    a = article("sv", "Han talade på Moderaternas stämma.", [("Moderaternas", "ORG")])
    b = article("sv", "Moderaterna vann.", [("Moderaterna", "ORG")])
    step.enrich(a)
    step.enrich(b)
    assert one(a, "Moderaternas") == one(b, "Moderaterna")
    assert a.entities[0].name == "Moderaterna"


def test_person_names_ending_in_s_are_kept(step):
    a = article("sv", "Lars Lagerbäck tränar. Lars säger ja.", [("Lars Lagerbäck", "PER")])
    step.enrich(a)
    assert one(a, "Lars") == one(a, "Lars Lagerbäck")
    assert {e.name for e in a.entities} == {"Lars Lagerbäck"}


def test_names_run_together_by_a_recogniser_are_split(step):
    a = article("sv", "Andrej Belousov kom. Sedan enades Kim och Belousov.",
                [("Andrej Belousov", "PER"), ("Kim och Belousov", "PER")])
    step.enrich(a)
    assert "Kim och Belousov" not in {m.surface for m in a.mentions}
    assert len(ids(a, "Belousov")) == 1 and ids(a, "Belousov") == ids(a, "Andrej Belousov")


def test_capitals_only_aliases_and_compounds(step):
    a = article("en", "Tell us about it. The US and the EU disagree.")
    step.enrich(a)
    assert "us" not in {m.surface for m in a.mentions}
    assert {"US", "EU"} <= {m.surface for m in a.mentions}
    b = article("sv", "Den USA-ledda alliansen och EU-länderna möts.")
    step.enrich(b)
    assert {"USA", "EU"} <= {m.surface for m in b.mentions}


def test_user_alias_files_extend_the_table(tmp_path):
    toml = tmp_path / "mine.toml"
    toml.write_text('[[entity]]\nkey = "org:ivs"\ntype = "ORG"\nnames = { sv = "Inst. för '
                    'valforskning", en = "Election Institute" }\naliases = ["IVF-institutet"]\n',
                    "utf-8")
    csv = tmp_path / "mine.csv"
    csv.write_text("key,type,lang,name\niso:KP,LOC,,Eremitriket\nper:kju,PER,sv,Kim Jong-un\n"
                   "per:kju,PER,,Kim Jong Un\n", "utf-8")
    (tmp_path / "tidings.toml").write_text(f'[linking]\nalias_files = ["{toml}", "{csv}"]\n')
    config = load_config(tmp_path / "tidings.toml", env={})
    step = LinkingStep.from_config(config)
    a = article("sv", "Eremitriket och IVF-institutet. Kim Jong Un talar.")
    step.enrich(a)
    assert one(a, "Eremitriket") == one(article_linked(step, "Nordkorea"), "Nordkorea")
    assert next(e for e in a.entities if e.id == one(a, "IVF-institutet")).name == \
        "Inst. för valforskning"
    assert next(e for e in a.entities if e.id == one(a, "Kim Jong Un")).type == "PER"


def article_linked(step: LinkingStep, text: str) -> Article:
    a = article("sv", text)
    step.enrich(a)
    return a


def test_bad_alias_files_are_configuration_errors(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[entity]]\nkey = "x"\ntype = "THING"\naliases = ["X"]\n')
    with pytest.raises(ConfigError, match="THING"):
        AliasTable(["sv"], [bad], cldr=False)
    with pytest.raises(ConfigError, match="missing.csv"):
        AliasTable(["sv"], [tmp_path / "missing.csv"], cldr=False)


def test_ids_do_not_depend_on_order_or_process(step):
    texts = ["Ryssland och Kim Jong-un.", "Kim Jong-un och Ryssland."]
    got = []
    for t in texts:
        a = article("sv", t, [("Kim Jong-un", "PER")])
        step.enrich(a)
        got.append((one(a, "Ryssland"), one(a, "Kim Jong-un")))
    assert got[0] == got[1]
    assert alias_table(("sv", "is", "nb", "da", "fi", "en"), ()) is step.table  # built once
