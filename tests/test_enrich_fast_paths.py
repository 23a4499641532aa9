"""The fast paths of enrichment give what the slow ones they replace give (issue 4).

* NER: :mod:`tidings.enrich.ner.crf` reads the CRFsuite model files itself and tags with
  numpy; the tags must be pycrfsuite's own, on real dev sentences of every shipped model.
* Language: py3langid's byte n-gram counts, taken with numpy instead of its per-byte loop.
* Lemmas: the words and their sentence-initial flags, taken with one regex.
* NER features: feature ids from word pieces equal the ids of the feature strings; the
  neighbour roles say what the featurizer shows neighbours; scores are the sums of the
  feature weights; tokens and sentences are cut as the reference loop cut them.
* Pipeline and alias table: the GC setting and the lookup cache.
"""

from __future__ import annotations

import random
import re
from collections import Counter

import numpy as np
import pytest

from tidings.enrich.language import _identifier
from tidings.enrich.lemmas import distinct_lemmas, lemmas, tokens
from tidings.enrich.ner.corpora import load_split
from tidings.enrich.ner.crf import CrfModel, Decoder
from tidings.enrich.ner.evaluation import dev_pairs
from tidings.enrich.ner.tagger import MODELS_DIR, Recogniser

from conftest import SHARED, need

LANGS = ("sv", "nb", "nn", "da", "is", "fo", "fi", "en", "de", "ru", "zh")


def _texts(seed: int = 7, count: int = 400) -> list[str]:
    """Mixed-script strings: Latin with Nordic letters, punctuation, digits, CJK, blanks."""
    rnd = random.Random(seed)
    pieces = ["Kim Jong-un", " sade att ", "Rússlands", "Þórshöfn", "Norður-Kóreu.", "“Väljarna",
              "”", " – ", "\n\n", "3.000 kr", "«Hús»", "東京", "Москва", "...", "ÆØÅ æøå", "  ",
              "don't", "e.on", "SID-huset", "!", "?"]
    out = ["", " ", "a", "ab", "1234", "!!!"]
    for _ in range(count):
        out.append("".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 30))))
    return out


def test_crf_model_reads_what_crfsuite_dumps() -> None:
    import pycrfsuite

    path = MODELS_DIR / "da.crfsuite"
    model = CrfModel.load(path)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    info = tagger.info()  # the text dump, weights to 6 decimals
    assert {label: str(i) for i, label in enumerate(model.labels)} == info.labels
    assert {a: str(i) for a, i in model.attributes.items()} == info.attributes
    labels = model.labels
    names = {i: a for a, i in model.attributes.items()}
    for (attr, label), weight in list(info.state_features.items())[:2000]:
        assert model.state[model.attributes[attr], labels.index(label)] == pytest.approx(
            weight, abs=1e-6)
    for (a, b), weight in info.transitions.items():
        assert model.trans[labels.index(a), labels.index(b)] == pytest.approx(weight, abs=1e-6)
    assert not model.state[model.unknown].any() and len(names) == model.unknown


def test_decoder_tags_as_crfsuite_on_dev_sentences() -> None:
    import pycrfsuite

    data = need(SHARED / "datasets" / "ner")
    rec = Recogniser(MODELS_DIR)
    checked = 0
    for corpus, _lang, model in dev_pairs(rec):
        dev = [tokens for tokens, _ in load_split(data, corpus, "dev")][:200]
        reference = pycrfsuite.Tagger()
        reference.open(str(MODELS_DIR / f"{model}.crfsuite"))
        want = [list(reference.tag(rec.featurizer.sentence(s))) if s else [] for s in dev]
        assert rec.tag_many(dev, model) == want, corpus  # all sentences together
        assert [rec.tag(s, model) for s in dev[:50]] == want[:50], corpus  # one by one
        checked += len(dev)
    assert checked > 1500


def test_decoder_starts_afresh_when_its_cache_is_full() -> None:
    rec = Recogniser(MODELS_DIR)
    small = Decoder(CrfModel.load(MODELS_DIR / "sv.crfsuite"), rec.featurizer, cache_limit=40)
    sentences = [["Statsminister", "Ulf", "Kristersson", "besökte", "Kiruna", "i", "går", "."],
                 ["Han", "träffade", "LKAB", "och", "Sametinget", "."]] * 3
    want = rec.tag_many(sentences, "sv")
    for k in range(12):  # more new words than the cache holds, with known ones between
        extra = [[f"Ord{k}{j}" for j in range(9)], *sentences]
        assert small.tag(extra)[1:] == want


def _words() -> list[str]:
    """Word forms of every kind a tokenizer gives: names, compounds, numbers, punctuation,
    gazetteer names and their inflected forms, capitals, other scripts."""
    from tidings.enrich.ner.tokenize import tokenize

    words = {t[0] for text in _texts(seed=5) for t in tokenize(text)}
    words |= {"Rússlands", "Venäjällä", "Norður-Kóreu", "Nord-Korea", "USA-ledda", "svenske",
              "danskerne", "NATO", "3.000", "6.", "O'Brien", "A/S", "e.on", "-", "«", "x",
              "Ab", "ABC-huset", "Oslo-politiet", "norsk-svensk", "2024", "12:30", "İstanbul",
              "ǅemal", "Σωκράτης", "ÅÆØ", "ﬁnans", "Straße", "ΣΑΣ"}
    return sorted(words)


def test_feature_ids_are_the_ids_of_own_features() -> None:
    from tidings.enrich.ner.features import FeatureIds

    rec = Recogniser(MODELS_DIR)
    decoder = rec._decoder("sv")  # noqa: SLF001
    ids = FeatureIds(rec.featurizer, decoder.block_of, -1)
    for word in _words() * 2:  # the second time from the caches of word pieces
        own, lower, title, opens, _, _ = rec.featurizer.own_parts(word)
        assert ids(word) == ([decoder.block_of.get(f, -1) for f in own], lower, title, opens), word


def test_neighbour_roles_say_which_features_neighbours_see() -> None:
    rec = Recogniser(MODELS_DIR)
    roles = rec.featurizer.neighbour_roles
    for word in _words():
        own, _, _, _, near, far = rec.featurizer.word_parts(word)
        assert sorted(near) == sorted(f for f in own if roles(f)[0]), word
        assert sorted(far) == sorted(f for f in own if roles(f)[1]), word


def test_decoder_scores_match_the_feature_lists() -> None:
    """A token's scores are the sum of the weights of the features the featurizer gives it
    (what CRFsuite sums), up to rounding."""
    rec = Recogniser(MODELS_DIR)
    model_name = "nb"
    decoder = rec._decoder(model_name)  # noqa: SLF001
    model = decoder.model
    sentences = [["Statsminister", "Jonas", "Gahr", "Støre", "møtte", "Nord-Korea", "sin",
                  "leder", "i", "Oslo", "."], ["«", "Det", "er", "bra", "»", ",", "sa", "han"],
                 ["Han", "bor", "i", "Sør-Korea", "og", "i", "New", "York", "."]]
    got = decoder.scores(sentences)
    for sentence, scores in zip(sentences, got):
        for feats, row in zip(rec.featurizer.sentence(sentence), scores):
            want = sum(model.state[model.attributes[f]] for f in feats if f in model.attributes)
            assert np.allclose(row, want, rtol=0, atol=1e-9)


def test_py3langid_counts_match_its_own_loop() -> None:
    from py3langid.langid import visit_counts

    py3 = _identifier(LANGS).py3
    model = py3.model
    texts = _texts()
    encoded = [model._encode(t) for t in texts]  # noqa: SLF001
    for start in range(0, len(encoded), 9):  # in batches, as an article's blocks are
        batch = encoded[start:start + 9]
        owner, feats, counts = py3._walker.counts_many(batch)  # noqa: SLF001
        for i, data in enumerate(batch):
            want = visit_counts(model.tk_nextmove, model._rowbase, model.tk_output, data) \
                or Counter()  # noqa: SLF001
            got = {int(f): int(c) for o, f, c in zip(owner, feats, counts) if o == i}
            assert got == dict(want), texts[start + i]
    scores = py3.scores_many(texts)
    for text, row in zip(texts, scores):
        raw = np.asarray(model._raw_score(model._encode(text)), dtype=np.float64)  # noqa: SLF001
        data = model._encode(text)  # noqa: SLF001
        want = (raw - raw.max()) / np.sqrt(len(data) or 1)
        assert np.allclose(row, want, atol=5e-3), text
        assert row.argmax() == want.argmax() or np.isclose(row.max(), row[want.argmax()])


def test_block_languages_do_not_depend_on_batching() -> None:
    ident = _identifier(LANGS)
    texts = ["Regeringen vill att fler unga ska få sommarjobb i kommunerna redan i år.",
             "Regjeringen vil at flere unge skal få sommerjobb i kommunene allerede i år.",
             "Ríkisstjórnin vill að fleiri ungmenni fái sumarvinnu hjá sveitarfélögunum.",
             "The government wants more young people to find summer jobs this year."]
    together = ident.py3.scores_many(texts)
    for text, row in zip(texts, together):
        assert np.array_equal(row, ident.py3.scores(text))


_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_ENDS = frozenset(".!?:;\n\"“”„«»–—")


def _reference_tokens(text: str) -> list[tuple[str, bool]]:
    """The lemma step's words as it cut them before (one regex match at a time)."""
    out, initial, end = [], True, 0
    for match in _WORD.finditer(text):
        if any(ch in _ENDS for ch in text[end:match.start()]):
            initial = True
        end = match.end()
        if not match.group().isdigit():
            out.append((match.group(), initial))
        initial = False
    return out


def test_lemma_tokens_match_the_reference_cut() -> None:
    for text in _texts(seed=11):
        assert list(tokens(text)) == _reference_tokens(text), text
    # a long run of punctuation at the end costs linear time, not quadratic
    assert list(tokens("ord" + "." * 200_000)) == [("ord", True)]


def test_distinct_lemmas_are_lemmas_without_repeats() -> None:
    text = "Rysslands president. Rysslands president talade i Ryssland. Han talade."
    assert distinct_lemmas(text, "sv") == list(dict.fromkeys(lemmas(text, "sv")))


_NER_TOKEN = re.compile(  # the NER tokenizer's pattern as it was, without the guard
    r"""
    \d+(?:[.,:/]\d+)*\.?(?=\s|$|[,;)\]])
    | \w+(?=n['’]t\b|['’]s\b)
    | n['’]t\b
    | ['’](?:s|re|ve|ll|d|m)\b
    | \w+(?:[-'’.&/]\w+)*
    | \S
    """,
    re.VERBOSE,
)
_NER_ENDS = frozenset({".", "!", "?", "…"})
_NER_OPENERS = frozenset({'"', "“", "”", "„", "«", "»", "–", "—", "-", "'", "‘", "(", "["})


def _reference_sentences(tokens: list, text: str) -> list[list]:
    """The NER sentence cut as it was: one token at a time."""
    out, current = [], []
    for i, token in enumerate(tokens):
        if current and token[1] - current[-1][2] >= 2 and \
                text.find("\n\n", current[-1][2], token[1]) >= 0:
            out.append(current)
            current = []
        current.append(token)
        if token[0] in _NER_ENDS and i + 1 < len(tokens):
            nxt = tokens[i + 1][0]
            if nxt[:1].isupper() or nxt in _NER_OPENERS:
                out.append(current)
                current = []
    if current:
        out.append(current)
    return out


def test_ner_tokens_and_sentences_match_the_reference_cut() -> None:
    from tidings.enrich.ner.tokenize import sentences, tokenize

    texts = _texts(seed=13) + ["Han sa. \n\n\n Hon sa.", "\n\nA b.\n\n\n\nC d", "don't it's Kim's",
                               "kl. 12:30. Nästa", "«Ja». – Nej.", "a\n\n", "\n\n"]
    for text in texts:
        tokens = tokenize(text)
        assert tokens == [(m[0], *m.span()) for m in _NER_TOKEN.finditer(text)], text
        assert sentences(tokens, text) == _reference_sentences(tokens, text), text


def test_pipeline_raises_the_young_gc_threshold_only_while_it_runs() -> None:
    import gc

    from tidings.model import Article
    from tidings.pipeline import Enricher, Pipeline, RunReport

    seen: list[int] = []

    class Probe(Enricher):
        name = "probe"

        def enrich(self, article: Article) -> None:
            seen.append(gc.get_threshold()[0])

    before = gc.get_threshold()
    out = list(Pipeline([Probe()]).run(iter([Article(source="a"), Article(source="b")]),
                                       RunReport()))
    assert len(out) == 2 and min(seen) >= 20_000
    assert gc.get_threshold() == before
    stream = Pipeline([Probe()]).run(iter([Article(source="c"), Article(source="d")]),
                                     RunReport())
    next(stream)
    stream.close()  # a stream left early gives the setting back too
    assert gc.get_threshold() == before


def test_alias_lookups_cached_until_the_table_changes() -> None:
    from tidings.enrich.aliases import AliasTable

    table = AliasTable(("sv",), cldr=False)
    assert table.lookup_inflected("Zzyxland", "sv") is None
    table.add("test:zz", "LOC", "Zzyxland", "sv")
    hit = table.lookup_inflected("Zzyxlands", "sv")
    assert hit is not None and hit[0].key == "test:zz" and hit[1] == "Zzyxland"
