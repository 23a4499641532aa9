"""Scores of a clustering against gold labels: pairwise and BCubed precision, recall, F1.

Pairwise counts pairs of items put together; BCubed averages, per item, how much
of its predicted cluster shares its gold label (precision) and how much of its
gold cluster it was put with (recall), so one giant cluster cannot hide behind
many small correct ones (Bagga and Baldwin 1998; Amigó et al. 2009).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping

__all__ = ["bcubed", "pairwise", "prf"]


def prf(precision: float, recall: float) -> tuple[float, float, float]:
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def pairwise(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> tuple[float, float, float]:
    """Precision, recall and F1 over all pairs of items (items in both mappings)."""
    items = [k for k in gold if k in predicted]
    joint = Counter((predicted[k], gold[k]) for k in items)
    pred = Counter(predicted[k] for k in items)
    true = Counter(gold[k] for k in items)

    def pairs(counter: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    same = pairs(joint)
    p = same / pairs(pred) if pairs(pred) else 1.0
    r = same / pairs(true) if pairs(true) else 1.0
    return prf(p, r)


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 (items in both mappings)."""
    items = [k for k in gold if k in predicted]
    if not items:
        return 0.0, 0.0, 0.0
    joint = Counter((predicted[k], gold[k]) for k in items)
    pred = Counter(predicted[k] for k in items)
    true = Counter(gold[k] for k in items)
    p = sum(joint[(predicted[k], gold[k])] / pred[predicted[k]] for k in items) / len(items)
    r = sum(joint[(predicted[k], gold[k])] / true[gold[k]] for k in items) / len(items)
    return prf(p, r)
