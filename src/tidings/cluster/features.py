"""Sparse features of an article beside its embedding: entity keys and term keys.

Entity keys come from linked mentions (``Mention.entity_id``) when entity linking
ran, so "Kim Jong-un" and "Kim Jong Un" or "Ryssland" and "Rússland" give the
same key.  Without linking we fall back to name-like tokens, accent-folded and
case-folded: crude, but proper names are the part of a text that most often
survives translation unchanged.  Term keys come from the article's lemmas when
a lemmatiser ran, else from word prefixes (a language-neutral poor man's stem),
so the same code works for any language, seen or not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ..model import Article

__all__ = ["entity_keys", "entity_names", "fold", "generic_entity_keys", "name_tokens", "overlap",
           "specificity", "term_keys", "unsegmented"]

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?:»”\"]\s*$")
#: Prefix length of the fallback stem: long enough to tell most words apart,
#: short enough that "Russia"/"Russian" or "Ryssland"/"Rysslands" meet.
_STEM = 5
#: Fallback terms shorter than this are mostly function words in every language.
_MIN_TERM = 5
#: Text read for features: title, lead and the start of the body (where the news is).
_MAX_CHARS = 1500
#: Mentions of one entity in one article counted at most this often.
_MAX_COUNT = 3


def fold(text: str) -> str:
    """Case-folded, accents removed, þ/ð/æ/ø spelled out: a key comparable across languages."""
    text = text.casefold().replace("þ", "th").replace("ð", "d").replace("æ", "ae")
    text = text.replace("ø", "o").replace("œ", "oe").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _head(article: Article) -> str:
    return article.text[:_MAX_CHARS]


def unsegmented(text: str) -> bool:
    """True for text written without spaces between words (Chinese, Japanese, Thai).

    Word prefixes and capitals mean nothing there, so such text gets no fallback
    keys at all, and the score leaves those features out rather than reading
    "no overlap" into them.
    """
    sample = text[:600]
    letters = sum(c.isalpha() for c in sample)
    return letters > 40 and sample.count(" ") < letters / 25


def name_tokens(text: str) -> dict[str, int]:
    """Name-like tokens with their counts: capitalised words that do not start a sentence, folded.

    A sentence-initial word is capitalised by grammar, not because it is a name,
    so it is skipped; hyphenated names ("Jong-un", "Norður-Kórea") split into parts.
    """
    out: dict[str, int] = {}
    for line in text.split("\n"):
        previous_end = 0
        for match in _WORD.finditer(line):
            word = match.group(0)
            start = match.start()
            sentence_start = start == 0 or bool(_SENTENCE_END.search(line[previous_end:start]))
            previous_end = match.end()
            if sentence_start or not word[0].isupper():
                continue
            for part in re.split(r"[-'’]", word):
                if len(part) >= 2:
                    key = fold(part)[:_STEM + 2]
                    out[key] = out.get(key, 0) + 1
    return out


def entity_keys(article: Article) -> dict[str, int]:
    """Keys of the entities an article mentions, with how often (at most ``_MAX_COUNT``).

    Linked entity ids when entity linking ran, name tokens of the mentions when
    only recognition ran, name-like tokens of the text otherwise.  The count
    ranks an article's own entities (the subject is named again and again); it
    is capped so that one article cannot outweigh the others of its event.
    """
    counts: dict[str, int] = {}
    linked = [m.entity_id for m in article.mentions if m.entity_id]
    if linked:
        for k in linked:
            counts[f"id:{k}"] = counts.get(f"id:{k}", 0) + 1
    elif article.mentions:
        for m in article.mentions:
            for k, n in name_tokens("x " + m.surface).items():
                counts[f"n:{k}"] = counts.get(f"n:{k}", 0) + n
    elif not unsegmented(_head(article)):
        counts = {f"n:{k}": n for k, n in name_tokens(_head(article)).items()}
    return {k: min(n, _MAX_COUNT) for k, n in counts.items()}


#: How much a generic entity counts when storylines count shared entities (a specific one: 1):
#: two countries weigh as much as one person.
GENERIC_WEIGHT = 0.5


@lru_cache(maxsize=1)
def generic_entity_keys() -> frozenset[str]:
    """Keys of entities that any two stories of one region or wire share.

    Countries and territories (CLDR) and the news agencies and outlets of the
    alias table: "Sverige", "Norge" and "NTB" are named in a volcano story and an
    energy deal alike, so sharing them says little about being one storyline.
    """
    from ..enrich.aliases import AliasTable

    table = AliasTable(languages=())
    return frozenset(f"id:{e.id}" for key, e in table.entities.items()
                     if key.startswith("iso:") or e.kind in ("agency", "outlet"))


def specificity(key: str) -> float:
    """The weight of an entity key when shared entities are counted: 1, or less for a generic one."""
    return GENERIC_WEIGHT if key in generic_entity_keys() else 1.0


def entity_names(article: Article) -> dict[str, str]:
    """Entity key -> a readable name: the surface of the key's first mention.

    With mentions (recognised or linked) the whole surface ("Kim Jong Un");
    without, the name-like word itself, as written.
    """
    names: dict[str, str] = {}
    if article.mentions:
        for m in article.mentions:
            key = f"id:{m.entity_id}" if m.entity_id else m.surface.casefold()
            names.setdefault(key, m.surface)
        return names
    keys = entity_keys(article)
    for word in _WORD.findall(_head(article)):
        for part in re.split(r"[-'’]", word):
            key = "n:" + fold(part)[:_STEM + 2]
            if key in keys and part[:1].isupper():
                names.setdefault(key, part)
    return names


def _flatten(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _flatten(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _flatten(v)


def term_keys(article: Article) -> set[str]:
    """Content-word keys: lemmas when a lemmatiser set them, else folded word prefixes."""
    lemmas = getattr(article, "lemmas", None) or article.extras.get("lemmas")
    if lemmas:
        words = [w for w in _flatten(lemmas) if len(w) >= _MIN_TERM]
    elif unsegmented(_head(article)):
        return set()
    else:
        words = [w for w in _WORD.findall(_head(article)) if len(w) >= _MIN_TERM]
    return {fold(w)[:_STEM] for w in words}


def overlap(a: set[str] | dict[str, Any], b: set[str] | dict[str, Any]) -> float | None:
    """Overlap coefficient |a ∩ b| / min(|a|, |b|); None (unknown) when either is empty.

    Not Jaccard: a short article fully contained in a long event's vocabulary is
    a perfect match, and Jaccard would punish it for the event's length.
    """
    if not a or not b:
        return None
    inter = sum(1 for k in a if k in b)
    return inter / min(len(a), len(b))
