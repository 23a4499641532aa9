"""Quotes: what is said, who says it and with which verb, in each language's conventions.

Direct quotes come in two shapes: a paragraph opened by a dialogue dash ("– Väljarna
kommer ..., säger han."), the Nordic and Finnish newspaper style, and a span between
quote marks of any convention („…“, ”…”, «…», "…").  Indirect speech is taken where a cue
marks it: a verb that says "said that" by itself (Icelandic "sagðist"), "according to" a
person, or a reporting verb with its "that" ("säger att").  Every cue is in
``speech.toml``.

The speaker is, in order: a name beside the reporting verb; a pronoun beside it, resolved
to the topic person (:mod:`.speakers`); a role beside it ("statsministern"); for a quote
with no attribution at all, the speaker of the quote just before it (a quote that runs
over several paragraphs) or whoever the paragraph before introduced ("ISW förklarar ...").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from ..model import Article, Quote
from .aliases import AliasTable
from .cues import Cues, cues_for
from .linking import AliasTableStep, add_mention, link_article
from .names import is_capitalised, name_run
from .speakers import Discourse

__all__ = ["QuoteStep", "find_quotes"]

#: Words a reporting verb may be apart from the quote it attributes (", han säger").
_NEAR = 3


@dataclass(slots=True)
class _Raw:
    """A quote before its speaker is known: the quoted span and where to look for one."""

    start: int
    end: int
    direct: bool
    attribution: tuple[int, int] | None  # character span that may hold verb and speaker
    verb_index: int | None = None  # token index of the reporting verb, when found
    speaker: str | None = None  # entity id
    verb: str | None = None


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"\n\s*\n", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def _dash_quotes(text: str, paras: list[tuple[int, int]], cues: Cues) -> list[_Raw]:
    """Dialogue-dash paragraphs: the quote runs to the comma before the attribution."""
    out = []
    for s, e in paras:
        para = text[s:e]
        if not para[:1] in cues.dashes or para[1:2] not in (" ", "\u00a0"):
            continue
        body_start = s + 2
        # The attribution is the tail after the last ", " / "! " / "? " that a reporting
        # verb follows closely ("..., säger han enligt KCNA.").
        cut = None
        for m in re.finditer(r"[,!?…]\s+", para):
            tail = para[m.end():].split()
            if any(cues.any_verb(w.strip(".,:;")) for w in tail[:_NEAR]):
                cut = m
        if cut is None:
            out.append(_Raw(body_start, e, True, None))
            continue
        end = s + cut.start() + (1 if para[cut.start()] in "!?…" else 0)
        out.append(_Raw(body_start, end, True, (s + cut.end(), e)))
    return out


@lru_cache(maxsize=64)
def _quote_marks(pairs: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str],
                                                               dict[str, re.Pattern[str]]]:
    """A pattern for any opening mark, and per opening mark one for what ends its span
    (a closing mark of its pairs, or a line break)."""
    closes: dict[str, set[str]] = {}
    for o, c in pairs:
        closes.setdefault(o, set()).add(c)
    opening = re.compile("[" + "".join(re.escape(o) for o in closes) + "]")
    ending = {o: re.compile("[" + "".join(re.escape(c) for c in sorted(cs)) + "\n]")
              for o, cs in closes.items()}
    return opening, ending


def _marked_quotes(text: str, cues: Cues, taken: list[tuple[int, int]]) -> list[_Raw]:
    """Spans between quote marks long enough to be speech, not a scare quote or title."""
    out: list[_Raw] = []
    opening, ending = _quote_marks(cues.quote_pairs)
    i = 0
    while True:
        found = opening.search(text, i)
        if found is None:
            break
        i = found.start()
        if any(s <= i < e for s, e in taken):
            i += 1
            continue
        close = ending[text[i]].search(text, i + 1)
        if close is None or text[close.start()] == "\n":
            i += 1
            continue
        j = close.start()
        inner = text[i + 1:j]
        if len(inner.split()) >= cues.min_quote_words:
            out.append(_Raw(i + 1, j, True, None))
        i = j + 1
    return out


class _Finder:
    """Finds the quotes of one article and their speakers."""

    def __init__(self, article: Article, table: AliasTable) -> None:
        self.article = article
        self.table = table
        self.text = article.text
        self.cues = cues_for(article.language)
        self._according_firsts = {phrase[0] for phrase in self.cues.according}

    def run(self) -> list[Quote]:
        text, cues = self.text, self.cues
        paras = _paragraphs(text)
        raws = _dash_quotes(text, paras, cues)
        raws += _marked_quotes(text, cues, [(r.start, r.end) for r in raws])
        raws.sort(key=lambda r: r.start)
        quoted = [(r.start, r.end) for r in raws]
        # Names beside reporting verbs become mentions first, so linking and the
        # discourse see them (a speaker the recogniser missed is still a person).
        dis = Discourse(self.article, cues, quoted)
        if self._add_speaker_names(raws, dis):
            link_article(self.article, self.table)
            dis = Discourse(self.article, cues, quoted)
        indirect = self._indirect(dis, quoted)
        previous: _Raw | None = None
        for raw in raws:
            self._attribute(raw, dis, previous, paras)
            previous = raw
        names = {e.id: e.name for e in self.article.entities}
        quotes = [Quote(text=text[r.start:r.end].strip(), speaker=names.get(r.speaker or ""),
                        speaker_entity_id=r.speaker, verb=r.verb, direct=r.direct)
                  for r in sorted(raws + indirect, key=lambda r: r.start)]
        return [q for q in quotes if q.text]

    # -- attribution ----------------------------------------------------------------------

    def _verb_near(self, raw: _Raw, dis: Discourse) -> int | None:
        """Token index of the reporting verb that attributes ``raw``, if any."""
        if raw.attribution:
            a, b = raw.attribution
            i = dis.token_index(a)
            while i < len(dis.toks) and dis.toks[i].start < b:
                if self.cues.any_verb(dis.toks[i].text):
                    return i
                i += 1
            return None
        # A marked quote: the nearest verb outside the marks, from the sentence where it
        # opens to the one where it closes (a quote of several sentences ends in the
        # attribution: '"... ten years. Now ...," said X.').
        s, e = dis.sentences[dis.sentence_of(raw.start)]
        e = max(e, dis.sentences[dis.sentence_of(raw.end)][1], raw.end + 1)
        best: tuple[int, int] | None = None
        i = dis.token_index(s)
        while i < len(dis.toks) and dis.toks[i].start < e:
            t = dis.toks[i]
            if not raw.start <= t.start < raw.end and self.cues.any_verb(t.text):
                gap = raw.start - t.end if t.end <= raw.start else t.start - raw.end
                if best is None or gap < best[0]:
                    best = (gap, i)
            i += 1
        return best[1] if best else None

    def _speaker_tokens(self, v: int, dis: Discourse) -> tuple[int, int] | None:
        """Token span of the name or pronoun beside verb ``v`` (after it first: V2 order)."""
        toks, cues = dis.toks, self.cues
        nxt = v + 1
        if nxt < len(toks) and toks[nxt].start - toks[v].end <= 2:
            if toks[nxt].text.casefold() in cues.personal:
                return (nxt, nxt + 1)
            end = name_run(toks, nxt, self.text, cues.connectors)
            if end > nxt:
                return (nxt, end)
        prev = v - 1
        if prev >= 0 and toks[v].start - toks[prev].end <= 2:
            if toks[prev].text.casefold() in cues.personal:
                return (prev, prev + 1)
            if is_capitalised(toks[prev].text):
                start = prev
                while start > 0 and is_capitalised(toks[start - 1].text) and \
                        self.text[toks[start - 1].end:toks[start].start] == " ":
                    start -= 1
                return (start, prev + 1)
        return None

    def _add_speaker_names(self, raws: list[_Raw], dis: Discourse) -> bool:
        added = False
        for raw in raws:
            v = self._verb_near(raw, dis)
            raw.verb_index = v
            if v is None:
                continue
            span = self._speaker_tokens(v, dis)
            if span and is_capitalised(dis.toks[span[0]].text) and \
                    dis.toks[span[0]].text.casefold() not in self.cues.personal:
                start, end = dis.toks[span[0]].start, dis.toks[span[1] - 1].end
                if dis.mention_at(start, end) is None and add_mention(self.article, start, end,
                                                                      "PER"):
                    added = True
        if added:
            self.article.mentions.sort(key=lambda m: m.start)
        return added

    def _who(self, span: tuple[int, int], dis: Discourse, pos: int) -> str | None:
        toks = dis.toks
        word = toks[span[0]].text.casefold()
        if word in self.cues.personal:
            return dis.topic(pos)
        m = dis.mention_at(toks[span[0]].start, toks[span[1] - 1].end)
        return m.entity_id if m else None

    def _attribute(self, raw: _Raw, dis: Discourse, previous: _Raw | None,
                   paras: list[tuple[int, int]]) -> None:
        v = raw.verb_index if raw.verb_index is not None else self._verb_near(raw, dis)
        if v is not None:
            raw.verb = dis.toks[v].text
            span = self._speaker_tokens(v, dis)
            if span:
                raw.speaker = self._who(span, dis, raw.start)
            else:  # a role beside the verb: "säger chefen för ..." / "sa statsministern"
                raw.speaker = dis.role_at(v + 1, min(v + 3, len(dis.toks)), raw.start)
            if raw.speaker:
                return
        # No attribution: a quote running on from the one before keeps its speaker ...
        if previous is not None and previous.speaker and \
                not self.text[previous.end:raw.start].strip(" \n–—\"”“»«„.,!?"):
            raw.speaker = previous.speaker
            return
        if previous is not None and previous.speaker and self._adjacent(previous, raw, paras):
            raw.speaker = previous.speaker
            return
        # ... else the person or body the article was just talking about.
        raw.speaker = dis.topic(raw.start, ("PER", "ORG")) if raw.attribution is None \
            and v is None else dis.topic(raw.start)

    @staticmethod
    def _adjacent(a: _Raw, b: _Raw, paras: list[tuple[int, int]]) -> bool:
        """``b`` is in the paragraph right after ``a``'s."""
        idx = [k for k, (s, e) in enumerate(paras) if s <= a.start < e]
        return bool(idx) and idx[0] + 1 < len(paras) and paras[idx[0] + 1][0] <= b.start < \
            paras[idx[0] + 1][1]

    # -- indirect speech ------------------------------------------------------------------

    def _indirect(self, dis: Discourse, quoted: list[tuple[int, int]]) -> list[_Raw]:
        """Cue-marked reported speech in sentences that hold no direct quote."""
        out: list[_Raw] = []
        cues, toks, folded = self.cues, dis.toks, dis.folded
        # The only tokens that may start indirect speech: its cues and reporting verbs; and
        # the first words of "according to" cues.
        verbs = cues.indirect | cues.verbs
        starts = [i for i, w in enumerate(folded) if w in verbs]
        firsts = self._according_firsts
        according = [i for i, w in enumerate(folded) if w in firsts]
        for s, e in dis.sentences:
            if any(s <= qs < e or s < qe <= e for qs, qe in quoted):
                continue
            found = None
            first, last = dis.token_index(s), dis.token_index(e)
            for i in starts[bisect_left(starts, first):bisect_left(starts, last)]:
                w = folded[i]
                if w in cues.indirect:
                    span = self._speaker_tokens(i, dis)
                    if span:
                        after = max(span[1], i + 1)
                        found = (i, span, after)
                elif w in cues.verbs and i + 1 < len(toks):
                    span = self._speaker_tokens(i, dis)
                    if span:
                        after = max(span[1], i + 1)
                        if after < len(toks) and toks[after].text.casefold() in cues.complementizers:
                            found = (i, span, after + 1)
                if found is not None:
                    break
            if found is None:
                cue = self._according(
                    dis, s, e, according[bisect_left(according, first):bisect_left(according, last)])
                if cue is not None:
                    out.append(cue)
                continue
            v, span, after = found
            who = self._who(span, dis, s)
            if who is None or dis.types.get(who) != "PER" or after >= len(toks) or \
                    toks[after].start >= e:
                continue
            out.append(_Raw(toks[after].start, e, False, None, v, who, toks[v].text))
        return out


    def _according(self, dis: Discourse, s: int, e: int,
                   candidates: list[int] | None = None) -> _Raw | None:
        """"Enligt statsministern kommer mötet ...": an "according to" cue before a person
        (named, or a role that introduced one) marks the rest of the sentence as theirs.
        Before an outlet the same cue marks a cited source instead (sources.py).

        ``candidates``: the indexes of the sentence's tokens that may start a cue, in
        order (all tokens whose folded form starts some cue; found here when not given)."""
        toks, folded = dis.toks, dis.folded
        if candidates is None:
            firsts = self._according_firsts
            candidates = [i for i in range(dis.token_index(s), dis.token_index(e))
                          if folded[i] in firsts]
        for i in candidates:
            for phrase in self.cues.according:
                n = len(phrase)
                if tuple(folded[i:i + n]) != phrase or i + n >= len(toks):
                    continue
                k = i + n
                m = dis.mention_at(toks[k].start, toks[k].end)
                who, after = None, k + 1
                if m is not None and dis.types.get(m.entity_id or "") == "PER":
                    who = m.entity_id
                    while after < len(toks) and toks[after].start < m.end:
                        after += 1
                elif not is_capitalised(toks[k].text):
                    who = dis.role_at(k, k + 1, toks[k].start)
                if who and after < len(toks) and toks[after].start < e:
                    return _Raw(toks[after].start, e, False, None, i, who,
                                " ".join(t.text for t in toks[i:i + n]))
        return None



def find_quotes(article: Article, table: AliasTable) -> list[Quote]:
    """The quotes of a linked article (mentions may be added for speakers)."""
    return _Finder(article, table).run()


class QuoteStep(AliasTableStep):
    """Set ``article.quotes``: direct and indirect quotes with speaker and verb."""

    name = "quotes"
    requires = frozenset({"title", "lead", "body", "language", "entities"})
    assigns = frozenset({"quotes", "mentions", "entities"})

    def enrich(self, article: Article) -> None:
        article.quotes = find_quotes(article, self.table)
