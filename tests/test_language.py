"""Language identification: close Nordic languages, blocks, confidence, the CLI."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tidings.enrich.language import LanguageIdentifier, LanguageStep, identify, identify_blocks
from tidings.enrich.ngrams import NgramModel, features, normalise
from tidings.model import Article

NORDIC = ("sv", "nb", "nn", "da", "is", "fo")

# Written for these tests (news-like sentences, not from any corpus the model saw).
SAMPLES = {
    "sv": "Regeringen vill att fler ungdomar ska få sommarjobb i kommunerna redan i år, "
          "säger arbetsmarknadsministern.",
    "nb": "Regjeringen ønsker at flere ungdommer skal få sommerjobb i kommunene allerede i år, "
          "sier arbeidsministeren.",
    "nn": "Regjeringa ønskjer at fleire ungdomar skal få sommarjobb i kommunane alt i år, "
          "seier arbeidsministeren.",
    "da": "Regeringen ønsker, at flere unge skal have sommerjob i kommunerne allerede i år, "
          "siger beskæftigelsesministeren.",
    "is": "Ríkisstjórnin vill að fleiri ungmenni fái sumarvinnu hjá sveitarfélögunum strax í ár, "
          "segir ráðherrann.",
    "fo": "Landsstýrið vil, at fleiri ung fáa summararbeiði í kommununum longu í ár, "
          "sigur landsstýrismaðurin.",
}


@pytest.fixture(scope="module")
def nordic() -> LanguageIdentifier:
    return LanguageIdentifier(NORDIC)


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_close_nordic_languages_told_apart(nordic: LanguageIdentifier, lang: str) -> None:
    code, confidence = nordic.classify(SAMPLES[lang])
    assert code == lang
    assert 0.5 < confidence <= 1.0


def test_other_languages_still_identified_over_configured_set() -> None:
    langs = ("sv", "nb", "nn", "da", "is", "fo", "fi", "en", "de")
    assert identify("Hallitus haluaa, että yhä useampi nuori saa kesätyöpaikan.", langs)[0] == "fi"
    assert identify("The government wants more young people to find summer jobs.", langs)[0] == "en"


def test_bokmal_is_reported_as_nb_not_dropped() -> None:
    # py3langid calls Bokmål "no"; a configured "nb" must still be a possible answer
    assert identify(SAMPLES["nb"], ("nb", "nn", "da", "sv"))[0] == "nb"


def test_restricted_set_is_respected() -> None:
    code, _ = identify(SAMPLES["nn"], ("sv", "da"))
    assert code in {"sv", "da"}


def test_no_letters_is_undetermined(nordic: LanguageIdentifier) -> None:
    assert nordic.classify("12:30 — 2024-05-01") == ("und", 0.0)


def test_normalise_and_features_are_deterministic() -> None:
    assert normalise("Rússlands, 2024!  Ný\u00adtt") == " rússlands nýtt "
    a = features("Eg veit ikkje", 18)
    b = features("EG VEIT IKKJE!!", 18)
    assert (a == b).all() and a.min() >= 0 and a.max() < 1 << 18


def test_model_round_trip(tmp_path) -> None:
    model = NgramModel.load()
    assert set(model.labels) == set(NORDIC)
    path = tmp_path / "m.npz"
    model.save(path)
    again = NgramModel.load(path)
    assert again.labels == model.labels and again.bits == model.bits
    assert abs(again.scores(SAMPLES["fo"]) - model.scores(SAMPLES["fo"])).max() < 1e-2


def test_step_sets_language_and_blocks_short_ones_take_the_articles() -> None:
    article = Article(source="t", title="Regeringen vill ge fler ungdomar sommarjobb i år",
                      body=[SAMPLES["sv"], "Foto: Anna Berg/TT",
                            "Förslaget ska enligt ministern finansieras med pengar som blivit "
                            "över i årets budget, och kommunerna får ansöka före sommaren.",
                            "The minister said on Tuesday that the plan would cost more than "
                            "expected and that the opposition would surely vote against it."],
                      image_captions=["Jonas Ek"])
    LanguageStep(NORDIC + ("en",)).enrich(article)
    assert article.language == "sv"
    assert 0 < (article.language_confidence or 0) <= 1
    assert article.block_languages["title"] == ["sv"]
    assert article.block_languages["body"] == ["sv", "sv", "sv", "en"]
    assert article.block_languages["image_captions"] == ["sv"]


def test_identify_blocks_without_article_language_marks_short_blocks_und(nordic) -> None:
    article = Article(source="t", body=["Reuters"])
    assert identify_blocks(article, nordic) == {"body": ["und"]}


def test_langid_cli_prints_code_and_confidence() -> None:
    text = f"{SAMPLES['nn']}\n\n{SAMPLES['fo']}\n"
    done = subprocess.run([sys.executable, "-m", "tidings", "langid", "-l", ",".join(NORDIC)],
                          input=text, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = [line.split("\t") for line in done.stdout.splitlines()]
    assert [code for code, _ in lines] == ["nn", "und", "fo"]
    assert all(0.0 <= float(conf) <= 1.0 for _, conf in lines)


def test_langid_cli_rejects_unknown_languages() -> None:
    done = subprocess.run([sys.executable, "-m", "tidings", "langid", "-l", "xx"],
                          input="hej\n", capture_output=True, text=True, timeout=60)
    assert done.returncode == 2


def test_a_word_or_two_gets_the_word_lists_say() -> None:
    from tidings.config import load_config

    langs = tuple(load_config(env={}).languages)
    assert len(langs) > 6
    # py3langid alone put "hej" in Polish; the close group together outweighs that pick
    assert identify("hej", langs)[0] == "sv"
    # short texts that py3langid places outside the group with some certainty stay there
    assert identify("guten tag", langs)[0] == "de"
    assert identify("thank you", langs)[0] == "en"
    assert identify("merci beaucoup", langs)[0] == "fr"
