"""Who a pronoun, a role or a bare name stands for: the reader's memory of an article.

A quote's speaker is often not named where the quote stands: "– ..., säger han" after a
paragraph about Kim Jong-un; "Så här lät beskedet från Liberalernas partiledare:" for a
person introduced earlier as "Liberalernas partiledare Simona Mohamsson".  The
:class:`Discourse` keeps what a reader keeps:

* the **topic** at each sentence: the first named person of the last sentence that named
  one as its subject.  A sentence whose personal pronoun comes before any name keeps the
  topic ("Han menar att ... under Biden" is still about Miroshnik), and a name in an
  inflected (possessive) form is not a subject ("efter Mohamssons besked" does not make
  Mohamsson the topic).  Text inside quotes never changes the topic: it is someone
  else's words.
* the **roles** that introduced people ("partiledare", "statsminister"), so a later
  "statsministern" or "Liberalernas partiledare" finds the person again.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ..model import Article, Mention
from .cues import Cues
from .names import Token, folded_tokens, is_capitalised, sentence_spans, tokens

__all__ = ["Discourse", "Role"]

#: A role word shorter than this is only matched whole ("chef" never matches "chefen");
#: from this length its definite form matches too ("statsminister" ~ "statsministern").
_ROLE_STEM = 6
#: Characters a definite or case ending may add to a role word.
_ROLE_ENDING = 3


@dataclass(frozen=True, slots=True)
class Role:
    """Words that described a person where they were introduced."""

    words: tuple[str, ...]  # folded, in text order; the last is the head noun
    entity_id: str
    start: int  # where the description was made; it only resolves after this


class Discourse:
    """Sentences, mentions, topics and roles of one article (see the module docstring)."""

    def __init__(self, article: Article, cues: Cues, quoted: list[tuple[int, int]]) -> None:
        self.text = article.text
        self.cues = cues
        self.toks: list[Token] = tokens(self.text)
        self.folded: list[str] = folded_tokens(self.text)  # each token case-folded
        self.starts = [t.start for t in self.toks]
        self.sentences = sentence_spans(self.text)
        self.sentence_starts = [s for s, _ in self.sentences]
        self.mentions = sorted((m for m in article.mentions if m.entity_id), key=lambda m: m.start)
        self.types = {e.id: e.type for e in article.entities}
        self.quoted = quoted
        self._quoted_mask = bytearray(len(self.text) + 1)
        for qs, qe in quoted:
            self._quoted_mask[qs:qe] = b"\x01" * (qe - qs)
        self.roles = self._roles()
        # Role words by their first letters: a token is only matched against roles that
        # could fit it (most tokens fit none).
        self._role_keys = {r.words[-1][:_ROLE_STEM] for r in self.roles}
        self._topics = self._timeline()

    # -- lookups ------------------------------------------------------------------------

    def token_index(self, pos: int) -> int:
        """Index of the first token starting at or after ``pos``."""
        return bisect_right(self.starts, pos - 1)

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect_right(self.sentence_starts, pos) - 1)

    def mention_at(self, start: int, end: int) -> Mention | None:
        for m in self.mentions:
            if m.start < end and start < m.end:
                return m
            if m.start >= end:
                break
        return None

    def topic(self, pos: int, kinds: tuple[str, ...] = ("PER",)) -> str | None:
        """The topic entity at the start of the sentence holding ``pos``."""
        per, any_ = self._topics[self.sentence_of(pos)]
        return per if kinds == ("PER",) else (any_ or per)

    def role_at(self, i: int, j: int, before: int) -> str | None:
        """The person a role in tokens ``i:j`` describes, if it was introduced before."""
        words = self.folded[i:j]
        for role in reversed(self.roles):
            if role.start >= before:
                continue
            n = len(role.words)
            for k in range(len(words) - n + 1):
                if all(self._role_word(w, r, last=(x == n - 1))
                       for x, (w, r) in enumerate(zip(words[k:k + n], role.words))):
                    return role.entity_id
            if n > 1 and len(role.words[-1]) >= _ROLE_STEM and \
                    any(self._role_word(w, role.words[-1], last=True) for w in words):
                return role.entity_id  # the head noun alone ("statsministern")
        return None

    @staticmethod
    def _role_word(word: str, role: str, last: bool) -> bool:
        if word == role:
            return True
        return last and len(role) >= _ROLE_STEM and word.startswith(role) and \
            len(word) - len(role) <= _ROLE_ENDING

    # -- building -------------------------------------------------------------------------

    def _roles(self) -> list[Role]:
        """Roles written right before a person's name ("försvarsminister Andrej Belousov",
        "Liberalernas partiledare Simona Mohamsson")."""
        out: list[Role] = []
        stop = self.cues.clause_words | self.cues.verbs | self.cues.publish
        for m in self.mentions:
            if self.types.get(m.entity_id or "") != "PER":
                continue
            i = self.token_index(m.start)
            if i < 1 or self.text[self.toks[i - 1].end:m.start] != " ":
                continue
            head = self.toks[i - 1]
            folded = head.text.casefold()
            if is_capitalised(head.text) or len(head.text) < 4 or folded in stop or \
                    not head.text.isalpha():
                continue
            words: tuple[str, ...] = (folded,)
            if i >= 2 and self.text[self.toks[i - 2].end:head.start] == " ":
                prev = self.toks[i - 2].text
                if prev.casefold() not in stop and prev.isalpha() and \
                        self.sentence_of(self.toks[i - 2].start) == self.sentence_of(m.start):
                    words = (prev.casefold(), folded)
            out.append(Role(words, m.entity_id or "", m.start))
        return out

    def _timeline(self) -> list[tuple[str | None, str | None]]:
        """(person topic, person-or-organisation topic) at the start of each sentence."""
        personal = self.cues.personal
        per: str | None = None
        any_: str | None = None
        out: list[tuple[str | None, str | None]] = []
        mi = 0
        toks, folded, quoted, role_keys = self.toks, self.folded, self._quoted_mask, \
            self._role_keys
        # The tokens that may change the topic besides mentions: personal pronouns, and
        # lower-case words that may be a role introduced before.
        cues = [i for i, w in enumerate(folded) if w in personal]
        if role_keys:
            cues = sorted(set(cues) | {
                i for i, t in enumerate(toks) if not t.text[0].isupper()
                and t.text[:_ROLE_STEM].casefold() in role_keys})
        for s, e in self.sentences:
            out.append((per, any_))
            events: list[tuple[int, str, str | None]] = []  # position, kind, entity id
            while mi < len(self.mentions) and self.mentions[mi].start < s:
                mi += 1
            k = mi
            while k < len(self.mentions) and self.mentions[k].start < e:
                m = self.mentions[k]
                k += 1
                if self._quoted_mask[m.start] or (m.lemma and m.lemma != m.surface):
                    continue
                kind = self.types.get(m.entity_id or "")
                if kind in ("PER", "ORG"):
                    events.append((m.start, kind, m.entity_id))
            c, last = bisect_left(cues, self.token_index(s)), self.token_index(e)
            while c < len(cues) and cues[c] < last:
                i = cues[c]
                c += 1
                tok = toks[i]
                if not quoted[tok.start]:
                    if folded[i] in personal:
                        events.append((tok.start, "PRON", None))
                    else:
                        who = self.role_at(max(0, i - 1), i + 1, tok.start)
                        if who:
                            events.append((tok.start, "PER", who))
            events.sort(key=lambda ev: ev[0])
            first_per = next((ev for ev in events if ev[1] in ("PER", "PRON")), None)
            if first_per and first_per[1] == "PER":
                per = first_per[2]
            first_any = next((ev for ev in events if ev[1] in ("PER", "ORG", "PRON")), None)
            if first_any and first_any[1] != "PRON":
                any_ = first_any[2]
            elif first_any is None and first_per and first_per[1] == "PER":
                any_ = per
        return out
