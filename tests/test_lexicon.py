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


def test_faroese_words_are_mostly_unknown(real: Lexicon) -> None:
    fo = real.patterns(normalise("Hann hevur eisini verið í Føroyum"))
    nb = real.patterns(normalise("Han har også vært i Norge i mange år"))
    assert fo[0] / fo.sum() > 0.3 > nb[0] / nb.sum()


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
