"""``tidings compare``: how likely two texts report the same event, for users who check pairs.

The score is the clustering similarity (stretched e5 cosine, entity and term
overlap) with no time gap, so a pair scores as the clusterer would see the two
articles arriving together; 0 means unrelated, 1 the same event.  Texts are cut
to their first ``COMPARE_MAX_TOKENS`` tokens and embedded with e5's "query: "
prefix on both sides (its recipe for symmetric tasks): on SemEval-2022 pairs
that gave a higher correlation than "passage: ", and 128 tokens no higher than
64 (news puts what happened first).  With at least ``CENTRE_MIN_TEXTS`` texts
the vectors are first centred per language (see ``_centre``): SemEval-2022 |r|
0.653 -> 0.742 on all pairs (docs/benchmarks.md).
"""

from __future__ import annotations

import csv
import re

import numpy as np
from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

from ..config import Config
from ..enrich.embed import Embedder
from ..errors import InputError
from ..model import Article
from .features import entity_keys, overlap, term_keys
from .similarity import ClusterConfig, score

__all__ = ["COMPARE_MAX_TOKENS", "compare_csv", "compare_texts", "text_article"]

COMPARE_MAX_TOKENS = 64
CENTRE_MIN_TEXTS = 8
_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+|\n+|\s{2,}")


def text_article(text: str, language: str | None = None) -> Article:
    """An article from bare text: the first sentence (or line) as title, the next as lead."""
    parts = [p.strip() for p in _SENTENCE.split(text.strip()) if p and p.strip()]
    title = parts[0][:300] if parts else ""
    return Article(source="compare", title=title, lead=parts[1] if len(parts) > 1 else None,
                   body=parts[2:], language=language or None)


def compare_texts(pairs: Sequence[tuple[str, str]], config: Config, embedder: Embedder | None = None,
                  languages: Sequence[tuple[str | None, str | None]] | None = None) -> list[float]:
    """Scores in 0..1, one per pair of texts."""
    cluster = ClusterConfig.from_section(config.section("cluster"))
    embedder = embedder or Embedder(max_tokens=COMPARE_MAX_TOKENS, query=True)
    langs = languages or [(None, None)] * len(pairs)
    left = [text_article(a, la) for (a, _), (la, _) in zip(pairs, langs)]
    right = [text_article(b, lb) for (_, b), (_, lb) in zip(pairs, langs)]
    vectors = embedder.encode([a.text for a in left + right])
    centred = _centre([la for la, _ in langs] + [lb for _, lb in langs], vectors)
    if centred is not None:  # enough background: centred cosine mapped from -1..1 to 0..1
        n = len(left)
        return [round(min(1.0, max(0.0, (float(centred[i] @ centred[n + i]) + 1) / 2)), 4) for i in range(n)]
    out = []
    for i, (a, b) in enumerate(zip(left, right)):
        cos = float(vectors[i] @ vectors[len(left) + i])
        value = score(cos, overlap(entity_keys(a), entity_keys(b)), overlap(term_keys(a), term_keys(b)),
                      0.0, cluster)
        out.append(round(min(1.0, max(0.0, value)), 4))
    return out


def _centre(languages: Sequence[str | None], vectors: np.ndarray) -> np.ndarray | None:
    """Vectors minus the mean vector of their language's texts, renormalised; None when too few.

    e5 cosines sit at different levels per language (and lower across languages), so
    pooled scores mix scales; removing each language's mean (estimated from the texts
    being compared, not from labels) puts them on one scale.  A language with fewer
    than ``CENTRE_MIN_TEXTS`` texts is centred on the mean of all texts.
    """
    if len(vectors) < CENTRE_MIN_TEXTS:
        return None
    out = vectors - vectors.mean(axis=0)
    keys = [(lang or "").lower() for lang in languages]
    for lang in set(keys):
        rows = [i for i, k in enumerate(keys) if k == lang]
        if lang and len(rows) >= CENTRE_MIN_TEXTS:
            out[rows] = vectors[rows] - vectors[rows].mean(axis=0)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms > 0, norms, 1.0)


def _rows(handle: TextIO, source: str) -> Iterator[dict[str, str]]:
    reader = csv.DictReader(handle)
    missing = {"id", "text1", "text2"} - set(reader.fieldnames or [])
    if missing:
        raise InputError(source, f"missing column(s) {', '.join(sorted(missing))}; "
                                 "need id,text1,text2 (optional lang1,lang2)")
    yield from reader


def compare_csv(handle: TextIO, out: TextIO, config: Config, source: str = "PAIRS.csv",
                batch_size: int = 100_000, embedder: Embedder | None = None) -> int:
    """Read ``id,text1,text2[,lang1,lang2]`` rows, write ``id,score`` rows; returns how many."""
    embedder = embedder or Embedder(max_tokens=COMPARE_MAX_TOKENS, query=True)
    writer = csv.writer(out)
    writer.writerow(["id", "score"])
    n = 0
    batch: list[dict[str, str]] = []

    def flush(rows: Iterable[dict[str, str]]) -> None:
        rows = list(rows)
        scores = compare_texts([(r["text1"] or "", r["text2"] or "") for r in rows], config, embedder,
                               [(r.get("lang1"), r.get("lang2")) for r in rows])
        for r, s in zip(rows, scores):
            writer.writerow([r["id"], f"{s:.4f}"])

    for row in _rows(handle, source):
        batch.append(row)
        n += 1
        if len(batch) >= batch_size:
            flush(batch)
            batch = []
    if batch:
        flush(batch)
    return n
