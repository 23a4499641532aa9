"""Lemmas: islenska for Icelandic, simplemma for the rest, the pipeline step."""

from __future__ import annotations

from tidings.enrich.lemmas import LemmaStep, lemmas, lemmatize, supported, tokens
from tidings.model import Article


def test_icelandic_names_lose_their_case_endings() -> None:
    assert lemmatize("Rússlands", "is") == "Rússland"
    assert lemmatize("Norður-Kóreu", "is") == "Norður-Kórea"
    assert lemmatize("stuðningi", "is") == "stuðningur"


def test_swedish_and_norwegian_names_stay() -> None:
    assert lemmatize("Ryssland", "sv") == "Ryssland"
    assert lemmatize("Russland", "nb") == "Russland"
    assert lemmatize("lovade", "sv") == "lova"


def test_capitalised_unknown_name_inside_a_sentence_is_kept() -> None:
    # "Un" would otherwise become the Icelandic verb "una"
    assert lemmas("Kim Jong Un hefur heitið Rússlands stuðningi.", "is")[:4] == \
        ["Kim", "Jong", "Un", "hafa"]


def test_sentence_initial_word_is_lemmatised_in_lower_case() -> None:
    assert lemmas("Menn sögðu það. Menn hlupu.", "is") == ["maður", "segja", "það", "maður", "hlaupa"]


def test_unsupported_language_passes_words_through() -> None:
    assert not supported("fo")
    assert lemmas("Kim Jong Un lovaði Russlandi stuðul", "fo") == \
        ["Kim", "Jong", "Un", "lovaði", "Russlandi", "stuðul"]
    assert lemmatize("Russlandi", None) == "Russlandi"


def test_tokens_skip_numbers_and_keep_hyphenated_words() -> None:
    assert [w for w, _ in tokens("Í Norður-Kóreu 2024: 15 eldflaugar.")] == \
        ["Í", "Norður-Kóreu", "eldflaugar"]


def test_step_stores_distinct_lemmas_in_order() -> None:
    article = Article(source="t", title="Kim lofar Rússlandi stuðningi", language="is",
                      body=["Kim Jong Un lofaði Rússlandi stuðningi. Rússlands forseti fagnaði."])
    LemmaStep().enrich(article)
    assert article.lemmas.count("Rússland") == 1
    assert article.lemmas.index("Kim") < article.lemmas.index("Rússland")
    assert "stuðningur" in article.lemmas and "Rússlands" not in article.lemmas
