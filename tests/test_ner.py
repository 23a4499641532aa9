"""Named-entity recognition: scorer, corpus reading, tokens, gazetteers, the shipped models
and the pipeline step."""

from __future__ import annotations

import time

import pytest

from tidings.enrich.ner import NerStep, Recogniser, recognise
from tidings.enrich.ner.corpora import corpora, to_bio
from tidings.enrich.ner.features import Featurizer, shape
from tidings.enrich.ner.gazetteer import Gazetteer
from tidings.enrich.ner.scoring import score, spans
from tidings.enrich.ner.tagger import MODELS_DIR, model_table
from tidings.enrich.ner.tokenize import sentences, tokenize
from tidings.enrich.language import LanguageStep
from tidings.errors import ModelError, PipelineError
from tidings.model import Article
from tidings.pipeline import Pipeline, RunReport

TYPES = {"PER", "ORG", "LOC", "MISC"}


def test_spans_follow_conlleval():
    tags = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-LOC", "I-ORG"]
    # A stray I- opens an entity; B- cuts one; a type change cuts one.
    assert spans(tags) == {(0, 2, "PER"), (3, 5, "LOC"), (5, 6, "LOC"), (6, 7, "ORG")}


def test_score_counts_exact_matches_only():
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "O"]]
    pred = [["B-PER", "O", "O", "B-LOC"], ["B-ORG", "B-MISC"]]
    result = score(gold, pred)
    p, r, f = result.prf()
    assert (result.tp["LOC"], result.tp["ORG"], result.tp["PER"]) == (1, 1, 0)
    assert p == pytest.approx(2 / 4) and r == pytest.approx(2 / 3)
    assert f == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert result.prf("MISC") == (0.0, 0.0, 0.0)


def test_io_runs_become_bio_entities_and_unmapped_types_o():
    io = ["PER", "PER", "0", "LOC", "ORG", "TME"]
    mapping = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "TME": ""}
    assert to_bio(io, mapping, "io") == ["B-PER", "I-PER", "O", "B-LOC", "B-ORG", "O"]
    bio = ["B-GPE_LOC", "I-GPE_LOC", "B-GPE_LOC", "I-DRV"]
    assert to_bio(bio, {"GPE_LOC": "LOC", "DRV": "MISC"}, "bio") == [
        "B-LOC", "I-LOC", "B-LOC", "B-MISC"]


def test_research_corpora_are_never_shippable():
    table = model_table()
    known = corpora()
    assert not known["mim_gold_is"].shippable and not known["finer_fi"].shippable
    for name, spec in table["model"].items():
        assert all(known[c].shippable for c in spec["train"]), name


def test_tokens_keep_offsets_compounds_and_numbers():
    text = "Kim Jong-un í SID-huset, 6. júní: 3.000 kr.\n\nÓlafur's «hús» don't."
    tokens = tokenize(text)
    assert all(text[s:e] == t for t, s, e in tokens)
    words = [t for t, _, _ in tokens]
    assert {"Jong-un", "SID-huset", "6.", "3.000", "'s", "n't", "«"} <= set(words)
    # The blank line always ends a sentence.
    assert [s[-1][0] for s in sentences(tokens, text)] == [".", "."]


def test_shape_folds_runs():
    assert shape("Jong-un") == "Xx-x"
    assert shape("NATO") == "X"
    assert shape("3.000") == "d.d"


def test_gazetteer_knows_inflected_stems_and_phrases():
    gaz = Gazetteer([("LOC", "rússland"), ("LOC", "forente stater"), ("FIRST", "ola")])
    assert gaz.kinds("rússland") == ["g=LOC"]
    assert gaz.kinds("rússlands") == ["g~LOC"]  # genitive: stem plus a short ending
    assert gaz.kinds("rússlandsferðina") == []  # a long ending is another word
    assert gaz.kinds("ola") == ["g=FIRST"]
    lowers = ["i", "forente", "stater", "og"]
    assert gaz.phrase_matches(lowers) == [None, "B-LOC", "I-LOC", None]


def test_features_mark_capitals_inside_a_sentence():
    feats = Featurizer(Gazetteer()).sentence(["Han", "besøkte", "Oslo", "."])
    assert "first" in feats[0] and "T-inside" not in feats[0]
    assert "T-inside" in feats[2] and "w=besøkte[-1]" in feats[2]
    assert "BOS" in feats[0] and "EOS" in feats[3]


def test_shipped_models_fit_the_budget():
    files = list(MODELS_DIR.iterdir())
    assert sum(f.stat().st_size for f in files) <= 50 * 1024 * 1024
    names = set(model_table()["languages"].values())
    assert {f"{n}.crfsuite" for n in names} <= {f.name for f in files}
    started = time.perf_counter()
    fresh = Recogniser(MODELS_DIR)
    assert set(fresh.load_all()) == names
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize("language, text, expected", [
    ("sv", "Statsministern reste i går till Norge tillsammans med Ulf Kristersson.",
     {("Norge", "LOC"), ("Ulf Kristersson", "PER")}),
    ("da", "Mette Frederiksen mødtes med repræsentanter for Europa-Kommissionen i Bruxelles.",
     {("Mette Frederiksen", "PER"), ("Bruxelles", "LOC")}),
    # NorNE tags a country acting politically ("Norge vil støtte") as GPE_ORG, so ORG here.
    ("nb", "Jonas Gahr Støre besøkte Bergen og Trondheim sammen med folk fra NRK i går.",
     {("Jonas Gahr Støre", "PER"), ("Bergen", "LOC"), ("Trondheim", "LOC")}),
    ("is", "Kim Jong Un hét stuðningi við Rússland í heimsókn sinni.",
     {("Rússland", "LOC")}),
])
def test_recognises_clear_names(language, text, expected):
    found = {(m.surface, m.type) for m in recognise(text, language)}
    assert expected <= found


def test_mentions_point_into_the_text_and_unknown_languages_fall_back():
    text = "Angela Merkel traf Emmanuel Macron in Paris.\n\nDanach flog sie nach Washington."
    mentions = recognise(text, "de")  # no German model: the fallback serves it
    assert mentions, "the fallback model finds names in a language it was not trained on"
    for m in mentions:
        assert text[m.start:m.end] == m.surface and m.type in TYPES
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)


def test_missing_model_is_a_model_error(tmp_path):
    (tmp_path / "gazetteers.tsv").write_text("LOC\tnorge\n", encoding="utf-8")
    rec = Recogniser(tmp_path, languages={"default": "xx"})
    with pytest.raises(ModelError):
        rec.mentions("Ola bor i Norge.", "nb")
    with pytest.raises(ModelError):
        Recogniser(tmp_path / "nowhere")


def test_step_sets_mentions_after_language():
    article = Article(source="t", title="Kim Jong-un lovar Ryssland stöd",
                      body=["Nordkoreas ledare Kim Jong-un träffade Vladimir Putin i Moskva."])
    report = RunReport()
    pipeline = Pipeline([LanguageStep(["sv", "nb", "da", "en"]), NerStep()],
                        provided={"source", "title", "lead", "body"})
    [out] = list(pipeline.run([article], report))
    assert out.language == "sv"
    surfaces = {(m.surface, m.type) for m in out.mentions}
    assert ("Vladimir Putin", "PER") in surfaces and ("Moskva", "LOC") in surfaces
    text = out.text
    assert all(text[m.start:m.end] == m.surface for m in out.mentions)
    assert report.step("ner").emitted == 1


def test_step_needs_the_language_first():
    with pytest.raises(PipelineError):
        Pipeline([NerStep()], provided={"source", "title", "lead", "body"})
