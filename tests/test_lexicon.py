"""Word-list evidence for close Nordic languages (tidings.enrich.lexicon)."""

from __future__ import annotations

import numpy as np
import pytest

from tidings.enrich import lexicon as lexmod
from tidings.enrich.lexicon import Lexicon, WordListModel, lexicon, word_hashes
from tidings.enrich.ngrams import normalise

CODES = ("da", "fo", "is", "nb", "nn", "sv")


def test_word_hashes_are_per_word_and_deterministic() -> None:
    text = normalise("Eg veit ikkje kva eg skal gjere, sa han.")
    together = word_hashes(text)
    alone = np.concatenate([word_hashes(w) for w in text.split()])
    assert len(together) == len(text.split()) == 9
    assert (together == alone).all()
    assert together[0] == together[4]  # "eg" twice
    assert len(set(together.tolist())) == 8
    assert len(word_hashes(" ")) == 0 and len(word_hashes("")) == 0


def test_long_text_hashes_match_short_ones() -> None:
    words = [f"ord{chr(0x61 + i % 26)}{i}" for i in range(3000)]
    assert (word_hashes(" ".join(words))[-5:]
            == np.concatenate([word_hashes(w) for w in words[-5:]])).all()


def test_cache_round_trip(tmp_path, monkeypatch) -> None:
    small = Lexicon(np.sort(word_hashes("ikkje ikke")), np.array([0, 0], dtype=np.uint8),
                    lexmod.LEXICON_LANGUAGES)
    order = np.argsort(word_hashes("ikkje ikke"))
    small.masks = np.array([1 << 3, 1 << 2], dtype=np.uint8)[order]  # nn, nb
    calls = []
    monkeypatch.setattr(Lexicon, "build", classmethod(lambda cls: calls.append(1) or small))
    first = Lexicon.load(cache=tmp_path)
    again = Lexicon.load(cache=tmp_path)
    assert calls == [1]  # the second load came from the disk cache
    for damaged in tmp_path.glob("lexicon-*.npz"):
        damaged.write_bytes(b"PK\x03\x04 not a zip")
    Lexicon.load(cache=tmp_path)
    assert calls == [1, 1]  # a damaged cache is rebuilt, not an error
    assert (again.hashes == first.hashes).all() and (again.masks == first.masks).all()
    counts = again.patterns(normalise("ikkje ikkje ikke hei"))
    assert counts[1 << 3] == 2 and counts[1 << 2] == 1 and counts[0] == 1 and counts.sum() == 4


@pytest.fixture(scope="module")
def real() -> Lexicon:
    table = lexicon()
    if table is None:
        pytest.skip("simplemma is not installed")
    return table


def _share(table: Lexicon, text: str, code: str) -> float:
    """The share of tokens of ``text`` that ``code``'s list knows."""
    counts = table.patterns(normalise(text))
    bit = 1 << table.languages.index(code)
    return counts[[m for m in range(len(counts)) if m & bit]].sum() / counts.sum()


def test_simplemma_word_lists_tell_nynorsk_from_bokmal(real: Lexicon) -> None:
    nn, nb = "Eg veit ikkje kva eg skal gjere", "Jeg vet ikke hva jeg skal gjøre"
    assert _share(real, nn, "nn") > _share(real, nn, "nb")
    assert _share(real, nb, "nb") > _share(real, nb, "nn")


def _bits(counts: np.ndarray) -> np.ndarray:
    """Pattern counts over the lists' bits alone (frequency levels summed out)."""
    return counts.reshape(-1, 1 << len(lexmod.LEXICON_LANGUAGES)).sum(axis=0)


def test_faroese_words_are_mostly_unknown(real: Lexicon) -> None:
    fo = _bits(real.patterns(normalise("Hann hevur eisini verið í Føroyum")))
    nb = _bits(real.patterns(normalise("Han har også vært i Norge i mange år")))
    assert fo[0] / fo.sum() > 0.3 > nb[0] / nb.sum()


def test_frequency_levels_combine_the_bands_of_each_list() -> None:
    # sv: Zipf 3.8 (band 2 of 3), nb: 2.5 (band 1), da and is: absent
    levels = lexmod.freq_levels_of(["trakten", "och", "zzz"],
                                   {"sv": [3.8, 7.4, 0], "nb": [2.5, 3.5, 0],
                                    "da": [0, 3.6, 0], "is": [0, 3.6, 0]})
    assert levels.tolist() == [((2 * 4 + 1) * 3 + 0) * 3 + 0, ((3 * 4 + 2) * 3 + 1) * 3 + 1, 0]
    assert lexmod.FREQ_LEVELS == 4 * 4 * 3 * 3
    assert levels.max() < lexmod.FREQ_LEVELS


def test_wordfreq_levels_tell_common_swedish_from_rare_norwegian(real: Lexicon) -> None:
    if real.levels is None:
        pytest.skip("wordfreq is not installed")
    assert real.freq_levels == lexmod.FREQ_LEVELS
    counts = real.patterns(normalise("och"))
    assert counts.shape == (lexmod.FREQ_LEVELS << len(real.languages),) and counts.sum() == 1
    level = int(np.flatnonzero(counts)[0]) >> len(real.languages)
    sv_band = level // (3 * 3 * 4)  # the first list's band
    nb_band = level // (3 * 3) % 4
    assert sv_band == 3 and nb_band < sv_band  # very common in Swedish, not in Norwegian
    unknown = real.patterns(normalise("qxzvbwk"))
    assert unknown[0] == 1


def test_model_without_levels_falls_back_to_the_bits(monkeypatch) -> None:
    rng = np.random.default_rng(0)
    model = WordListModel.fit(rng.integers(0, 50, size=(6, 144 * 32)), CODES, 1.0)
    assert model.freq_levels == 144
    flat = model.without_levels()
    assert flat.logp.shape == (6, 32) and np.allclose(np.exp(flat.logp).sum(axis=1), 1.0)
    # a table built without wordfreq: the boost uses the marginal model, not garbage
    hashes = np.sort(word_hashes("ikkje ikke"))
    order = np.argsort(word_hashes("ikkje ikke"))
    table = Lexicon(hashes, np.array([1 << 3, 1 << 2], dtype=np.uint8)[order],
                    lexmod.LEXICON_LANGUAGES)
    monkeypatch.setattr(lexmod, "lexicon", lambda: table)
    text = normalise("ikkje ikkje ikke")
    expected = flat.loglik(table.patterns(text))
    assert np.allclose(model.boost(text, CODES), expected)


def test_shipped_model_prefers_the_right_language(real: Lexicon) -> None:
    model = WordListModel.load()
    assert model.weight > 0 and model.languages == real.languages
    for text, code in (("Eg veit ikkje kva eg skal gjere i dag", "nn"),
                       ("Jeg vet ikke hva jeg skal gjøre i dag", "nb"),
                       ("Hann hevur eisini verið í Føroyum", "fo")):
        boost = model.boost(normalise(text), CODES)
        assert CODES[int(boost.argmax())] == code, (text, boost)


def test_model_round_trip_and_zero_weight_costs_nothing(tmp_path) -> None:
    model = WordListModel.fit(np.arange(6 * 32).reshape(6, 32), CODES, 0.5)
    (tmp_path / "m.json").write_text(model.to_json(), "utf-8")
    again = WordListModel.load(tmp_path / "m.json")
    assert again.labels == CODES and again.weight == 0.5
    assert np.allclose(again.logp, model.logp, atol=1e-4)
    assert not WordListModel.load(tmp_path / "missing.json").boost(normalise("ikkje"), CODES).any()


def test_combination_weights_are_chosen_on_even_rows_only(tmp_path) -> None:
    """langid_train.select_weights reads only the even rows of the dev CSV (the odd ones
    stay unseen) and returns a point of its grid."""
    from tidings.enrich import langid_train
    from tidings.enrich.language import Py3Scores
    from tidings.enrich.ngrams import NgramModel

    table = lexicon()
    if table is None:
        pytest.skip("simplemma is not installed")
    csv_path = tmp_path / "dev.csv"
    even = [("nn", "eg veit ikkje kva eg skal gjere i dag"), ("sv", "han bor i en liten stad")]
    odd = [("dk", "QQQ odd row never read"), ("dk", "ZZZ another odd row")]
    csv_path.write_text("language,sentence\n" + "".join(
        f"{a[0]},{a[1]}\n{b[0]},{b[1]}\n" for a, b in zip(even, odd)), "utf-8")
    seen: list[str] = []
    model = NgramModel.load()
    real_scores = model.scores

    class Spy:
        labels = model.labels

        def scores(self, text, normalised=False):
            seen.append(text)
            return real_scores(text, normalised=normalised)

    chosen = langid_train.select_weights(Spy(), WordListModel.load(), table, Py3Scores(CODES),
                                         csv_path, log=lambda *_: None)
    assert [t.strip() for t in seen] == [normalise(t).strip() for _, t in even]
    assert chosen["py3_weight"] in langid_train.PY3_WEIGHTS_WITH_LISTS
    assert chosen["wordlist_weight"] in langid_train.WORDLIST_WEIGHTS
    assert chosen["even_rows_accuracy"] == 1.0
