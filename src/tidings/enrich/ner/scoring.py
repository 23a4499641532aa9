"""Entity-level precision, recall and F1, CoNLL style (as conlleval and seqeval score).

An entity counts as found only when its type and both of its boundaries match the gold
one exactly.  Written here rather than pinned as a library: it is thirty lines, and the
benchmark, training script and floor test must agree on it to the last decimal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

__all__ = ["Score", "score", "spans"]


def spans(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """The entities in one BIO sequence as ``(start, end, type)``, end exclusive.

    As conlleval does, an I- tag that follows O or another type opens a new entity rather
    than being thrown away, so a tagger is not punished twice for one wrong boundary.
    """
    out = set()
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, this = tag.partition("-")
        continues = prefix == "I" and this == kind and start >= 0
        if start >= 0 and not continues:
            out.add((start, i, kind))
            start, kind = -1, ""
        if prefix in {"B", "I"} and not continues:
            start, kind = i, this
    return out


@dataclass(slots=True)
class Score:
    """Counts of true positives, predicted and gold entities, overall and per type."""

    tp: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)

    def prf(self, kind: str | None = None) -> tuple[float, float, float]:
        """Micro precision, recall and F1 over every type, or over one ``kind``."""
        tp = self.tp[kind] if kind else sum(self.tp.values())
        pred = self.predicted[kind] if kind else sum(self.predicted.values())
        gold = self.gold[kind] if kind else sum(self.gold.values())
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def f1(self) -> float:
        return self.prf()[2]


def score(gold: Iterable[Sequence[str]], predicted: Iterable[Sequence[str]]) -> Score:
    """Score predicted BIO sequences against gold ones, sentence by sentence."""
    result = Score()
    for g, p in zip(gold, predicted, strict=True):
        gs, ps = spans(g), spans(p)
        for s in gs:
            result.gold[s[2]] += 1
        for s in ps:
            result.predicted[s[2]] += 1
        for s in gs & ps:
            result.tp[s[2]] += 1
    return result
