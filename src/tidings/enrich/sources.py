"""Cited sources: the outlets, agencies and bodies an article attributes information to.

Four shapes, with the cue words of each language in ``speech.toml``:

* an "according to" word before the name: "enligt TV4", "samkvæmt umfjöllun BBC",
  "according to Reuters" (or after it, as Finnish "Ylen mukaan");
* a publishing verb before the name: "Det rapporterar Kyiv Independent", "rapporterar den
  statliga ryska nyhetsbyrån TASS", "writes Reuters";
* a speech verb and its speaker, then the outlet spoken to: "sade hon till Expressen";
* a writing verb, then where it was written: "skrev hon i DN Debatt".

Between the cue and the name may stand describing words ("den statliga ryska
nyhetsbyrån", "oberoende"); a clause word ("att", "också") ends the search, so
"rapporterade också att Nordkorea ..." names no source.  A person is never a cited
source (that is a speaker; see quotes.py), nor is a place.  A name found this way that
the recogniser missed becomes an ORG mention, and every source is linked like any other
entity, so it is stored with the articles that cite it.
"""

from __future__ import annotations


from ..model import Article, CitedSource
from .aliases import AliasTable
from .cues import Cues, cues_for
from .linking import AliasTableStep, add_mention, link_article
from .names import Token, folded_tokens, is_capitalised, name_run, tokens

__all__ = ["SourceStep", "find_sources"]

#: Describing words allowed between a cue and the name it introduces.
_MAX_DESCRIPTORS = 4
#: Words a speech verb's speaker may take before "till"/"to" ("sade hon till").
_MAX_SPEAKER = 3


def _phrase_at(toks: list[Token], i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """Length (in words) of the first of ``phrases`` that starts at ``toks[i]``, or 0."""
    for phrase in phrases:
        n = len(phrase)
        if i + n <= len(toks) and all(toks[i + k].text.casefold() == phrase[k] for k in range(n)):
            return n
    return 0


def _name_after(toks: list[Token], i: int, text: str, cues: Cues) -> tuple[int, int] | None:
    """The token span of the name that the cue ending before ``toks[i]`` introduces."""
    skipped = 0
    while i < len(toks) and not is_capitalised(toks[i].text):
        if toks[i].start - toks[i - 1].end > 2 or not toks[i].text.isalpha():
            return None  # punctuation or a number: the cue introduced no name
        n = _phrase_at(toks, i, cues.source_nouns)
        if n == 0:
            if toks[i].text.casefold() in cues.clause_words:
                return None
            n = 1
        i += n
        skipped += n
        if skipped > _MAX_DESCRIPTORS:
            return None
    if i >= len(toks) or toks[i].start - toks[i - 1].end > 2:
        return None
    end = name_run(toks, i, text, cues.connectors)
    return (i, end) if end > i else None


def _name_before(toks: list[Token], i: int, text: str) -> tuple[int, int] | None:
    """The capitalised name ending right before ``toks[i]`` ("Ylen mukaan")."""
    j = i - 1
    if j < 0 or not is_capitalised(toks[j].text):
        return None
    start = j
    while start > 0 and is_capitalised(toks[start - 1].text) and \
            text[toks[start - 1].end:toks[start].start] == " ":
        start -= 1
    return (start, j + 1)


def _candidates(text: str, toks: list[Token], cues: Cues) -> list[tuple[int, int, str]]:
    """(first token, end token, cue) of every name a cue introduces."""
    out: list[tuple[int, int, str]] = []
    # Only words that can start a cue are looked at further (most words are not cues).
    starts = {p[0] for p in cues.according + cues.according_after} | cues.publish | cues.verbs
    for i, word in enumerate(folded_tokens(text)):
        if word not in starts:
            continue
        tok = toks[i]
        n = _phrase_at(toks, i, cues.according)
        if n:
            span = _name_after(toks, i + n, text, cues)
            if span:
                out.append((*span, " ".join(t.text for t in toks[i:i + n])))
            continue
        n = _phrase_at(toks, i, cues.according_after)
        if n:
            span = _name_before(toks, i, text)
            if span:
                out.append((*span, tok.text))
            continue
        if word in cues.publish:
            span = _name_after(toks, i + 1, text, cues)
            if span:
                out.append((*span, tok.text))
                continue
        if word in cues.verbs or word in cues.publish:
            # "sade hon till Expressen", "skrev hon i DN Debatt": the speaker, then a
            # preposition and the outlet.
            for k in range(i + 1, min(i + 2 + _MAX_SPEAKER, len(toks))):
                n = _phrase_at(toks, k, cues.told)
                if not n and word in cues.publish and toks[k].text.casefold() in cues.wrote_in:
                    n = 1
                if n:
                    span = _name_after(toks, k + n, text, cues)
                    if span:
                        out.append((*span, f"{tok.text} … {' '.join(t.text for t in toks[k:k + n])}"))
                    break
                if toks[k].text.casefold() in cues.clause_words - cues.personal:
                    break
    return out


def find_sources(article: Article, table: AliasTable) -> list[CitedSource]:
    """The cited sources of a linked article (ORG mentions may be added for them)."""
    text = article.text
    cues = cues_for(article.language)
    toks = tokens(text)
    found = _candidates(text, toks, cues)
    if not found:
        return []
    spans: list[tuple[int, int, str]] = []
    added = False
    for i, j, cue in found:
        start, end = toks[i].start, toks[j - 1].end
        inside = [m for m in article.mentions if start <= m.start and m.end <= end]
        overlapping = [m for m in article.mentions if m.start < end and start < m.end]
        if overlapping and not inside:
            # A mention reaching outside the cue's name: trust the recogniser's extent.
            m = overlapping[0]
            spans.append((m.start, m.end, cue))
            continue
        exact = [m for m in inside if (m.start, m.end) == (start, end)]
        if not exact:
            # The cue's name is longer than what was found inside it ("DN" in "DN
            # Debatt"): the whole name is the entity.
            for m in inside:
                article.mentions.remove(m)
            add_mention(article, start, end, "ORG")
            added = True
        spans.append((start, end, cue))
    if added:
        article.mentions.sort(key=lambda m: m.start)
        link_article(article, table)
    by_start = {m.start: m for m in article.mentions}
    types = {e.id: e for e in article.entities}
    out: list[CitedSource] = []
    seen: set[str] = set()
    for start, _end, cue in spans:
        m = by_start.get(start)
        if m is None or m.entity_id is None or m.entity_id in seen:
            continue
        entity = types.get(m.entity_id)
        if entity is None or entity.type in ("PER", "LOC"):
            continue
        seen.add(m.entity_id)
        out.append(CitedSource(name=entity.name, entity_id=entity.id, cue=cue))
    return out


class SourceStep(AliasTableStep):
    """Set ``article.cited_sources`` and mark those entities as cited."""

    name = "sources"
    requires = frozenset({"title", "lead", "body", "language", "entities"})
    assigns = frozenset({"cited_sources", "mentions", "entities"})

    def enrich(self, article: Article) -> None:
        article.cited_sources = find_sources(article, self.table)
