"""Lemmas for every article, so that search and entity linking see "Rússlands" as
"Rússland" and "Rysslands" as "Ryssland".

Icelandic goes to islenska (the BÍN database of modern Icelandic inflection):
its nouns and names inflect in four cases, and BÍN knows them far better than a
general word list.  Every other language simplemma supports goes to simplemma.
A language neither knows (Faroese, Chinese...) keeps its words as they are,
which is still what search needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from ..model import Article
from ..pipeline import Enricher

__all__ = ["LemmaStep", "distinct_lemmas", "lemmas", "lemmatize", "supported", "tokens"]

# A word: letters and digits, with inner hyphens or apostrophes ("Norður-Kóreu", "don't").
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# The same words, each with the non-word characters before it (what lies between two
# words is never a word character, or it would belong to one of them).
_GAP_WORD = re.compile(r"(\W*)(\w+(?:[-'’]\w+)*)")
# What may end a sentence (or open a quote or a new paragraph) before a capitalised word.
_SENTENCE_END = frozenset(".!?:;\n\"“”„«»–—")
# The same words, each with the first sentence end among the non-word characters before
# it ("" when there is none).
_END_WORD = re.compile(r"(?:[^\w.!?:;\n\"“”„«»–—]*([.!?:;\n\"“”„«»–—])\W*|\W*)(\w+(?:[-'’]\w+)*)")

#: Order of preference among BÍN word classes when a form has several lemmas:
#: news text is mostly nouns and names, then verbs ("menn" is maður, not menna;
#: "sagði" is segja, not sagður; "það" the personal pronoun, not a form of "sá").
#: Without a tagger some forms stay ambiguous; the choice is at least stable.
_BIN_CLASS_RANK = {"kk": 0, "kvk": 0, "hk": 0, "so": 1, "lo": 2, "pfn": 3, "fn": 4, "ao": 5,
                   "fs": 5, "st": 5, "to": 6, "gr": 6, "uh": 7}


@lru_cache(maxsize=1)
def _bin() -> Any:
    from islenska import Bin

    return Bin()


@lru_cache(maxsize=1)
def _simplemma_languages() -> frozenset[str]:
    from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

    return frozenset(SUPPORTED_LANGUAGES)


def supported(lang: str | None) -> bool:
    """Whether ``lang`` has a lemmatiser (otherwise words pass through unchanged)."""
    return lang == "is" or (lang is not None and lang in _simplemma_languages())


def _icelandic(word: str, initial: bool) -> str:
    # islenska also finds a capitalised word's lower-case twin; inside a sentence a
    # capital marks a name, so only BÍN's own capitalised lemmas (names) count there:
    # "Un" in Kim Jong Un must not become the verb "una"
    candidates = _bin().lookup_lemmas_and_cats(word, at_sentence_start=initial)
    if word[:1].isupper() and not initial:
        candidates = {c for c in candidates if c[0][:1].isupper()}
    if not candidates:
        return word
    lemma, _ = min(candidates, key=lambda c: (_BIN_CLASS_RANK.get(c[1], 9), c[0]))
    return str(lemma)


@lru_cache(maxsize=1 << 17)
def lemmatize(word: str, lang: str | None, initial: bool = False) -> str:
    """The lemma of ``word`` in ``lang``; the word itself when unknown or unsupported.

    ``initial`` says the word starts a sentence, so its capital may not be its own."""
    if not word or lang is None:
        return word
    if lang == "is":
        return _icelandic(word, initial)
    if lang in _simplemma_languages():
        import simplemma

        return str(simplemma.lemmatize(word, lang=lang))
    return word


def tokens(text: str) -> Iterator[tuple[str, bool]]:
    """The words of ``text``, each with whether it starts a sentence (numbers left out:
    they have no lemma worth searching)."""
    initial = True
    end = len(text)
    while end and not (text[end - 1].isalnum() or text[end - 1] == "_"):
        end -= 1  # a trailing run of non-word characters would cost findall quadratic time
    for gap, word in _GAP_WORD.findall(text, 0, end):
        if not initial and not _SENTENCE_END.isdisjoint(gap):
            initial = True
        if not word.isdigit():
            yield word, initial
        initial = False


def lemmas(text: str, lang: str | None) -> list[str]:
    """The lemma of every word of ``text``, in order (repeats kept)."""
    return [lemmatize(word, lang, initial) for word, initial in tokens(text)]


def distinct_lemmas(text: str, lang: str | None) -> list[str]:
    """The distinct lemmas of ``text`` in order of first use: ``lemmas`` without repeats,
    each distinct (word, sentence-initial) pair looked up once.

    The words come with the first sentence end before each (:data:`_END_WORD`), so one
    regex call cuts the whole text; a word is sentence-initial when it opens the text or
    has an end before it, as :func:`tokens` says."""
    end = len(text)
    while end and not (text[end - 1].isalnum() or text[end - 1] == "_"):
        end -= 1  # as in tokens: no trailing run for the regex to rescan
    found = _END_WORD.findall(text, 0, end)
    if not found:
        return []
    initial, other = _lemma_caches(lang)
    out: dict[str, None] = {}
    first = found[0][1]
    if not first.isdigit():
        out[lemmatize(first, lang, True)] = None
    for stop, word in dict.fromkeys(found[1:]):
        cache = initial if stop else other
        lemma = cache.get(word)
        if lemma is None:
            if word.isdigit():
                continue
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            lemma = cache[word] = lemmatize(word, lang, bool(stop))
        out[lemma] = None
    return list(out)


#: Words per language and position whose lemma a lemma cache keeps before starting afresh.
_CACHE_LIMIT = 1 << 17
_caches: dict[str | None, tuple[dict[str, str], dict[str, str]]] = {}


def _lemma_caches(lang: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """Word -> lemma in ``lang``, sentence-initial and not (a dict lookup by the word alone
    costs less than the three-part key of ``lemmatize``'s cache)."""
    found = _caches.get(lang)
    if found is None:
        found = _caches[lang] = ({}, {})
    return found


class LemmaStep(Enricher):
    """Stores the article's distinct lemmas, in order of first use, in ``Article.lemmas``."""

    name = "lemmas"
    requires = frozenset({"title", "lead", "body", "language"})
    assigns = frozenset({"lemmas"})

    def enrich(self, article: Article) -> None:
        article.lemmas = distinct_lemmas(article.text, article.language)
