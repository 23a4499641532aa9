"""Benchmark: web latency with many articles stored (story page, search API, article page).

Builds a SQLite store of N synthetic articles made from the demo corpus's words
(seven languages, 60 days, ~120 words each), indexes them for search, starts
`tidings serve` on 127.0.0.1 on a free port, then a load generator (threads with
one keep-alive HTTP connection each) sends a bounded number of requests per
endpoint (stopping early at a time cap) and reports p50/p95/max latency.

The story page is measured when the store keeps storylines; until then the row
says so and the article page stands in for a one-record page.

    python benchmarks/bench_web.py --articles 100000 --requests 300 --concurrency 4

Only loopback is ever contacted; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tidings import Article, SQLiteStore  # noqa: E402

LANGS = {"is": "frettir_is.txt", "sv": "nyheter_sv.txt", "nb": "nrk_nb.txt", "da": "dr_da.txt",
         "fi": "yle_fi.txt", "en": "wire_en.txt", "nn": "misc/oppdrett_nn.txt"}
WORD = re.compile(r"\w{3,}")


def build(db: Path, n: int, seed: int = 7) -> float:
    rng = random.Random(seed)
    vocab = {lang: WORD.findall((ROOT / "examples/demo" / f).read_text("utf-8"))
             for lang, f in LANGS.items()}
    store = SQLiteStore(db)
    start = time.perf_counter()
    batch = []
    langs = list(LANGS)
    for i in range(n):
        lang = langs[i % len(langs)]
        words = vocab[lang]
        body = [" ".join(rng.choices(words, k=40)) + "." for _ in range(3)]
        a = Article(source=f"bench/{i}", title=" ".join(rng.choices(words, k=8)),
                    lead=" ".join(rng.choices(words, k=20)), body=body, language=lang,
                    outlet=f"outlet{i % 25}", published=date(2026, 1, 1) + timedelta(days=i % 60))
        a.assign_id()
        batch.append(a)
        if len(batch) == 2000:
            store.add_articles(batch)
            batch.clear()
    store.add_articles(batch)
    store.search("warm")  # builds the search index now, not during the measurement
    store.close()
    return time.perf_counter() - start


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def load(port: int, paths: list[str], total: int, concurrency: int, cap: float) -> list[float]:
    """Send ``total`` GETs (cycling over ``paths``) from ``concurrency`` threads; latencies in ms."""
    times: list[float] = []
    lock = threading.Lock()
    counter = iter(range(total))
    deadline = time.monotonic() + cap

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            t = time.perf_counter()
            conn.request("GET", paths[i % len(paths)])
            resp = conn.getresponse()
            resp.read()
            assert resp.status == 200, (paths[i % len(paths)], resp.status)
            with lock:
                times.append((time.perf_counter() - t) * 1000)
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=300, help="per endpoint")
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--cap", type=float, default=60.0, help="seconds per endpoint at most")
    ap.add_argument("--db", type=Path, help="reuse this store (built when missing)")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="bench-web-")
    db = args.db or Path(tmp.name) / "bench.db"
    built = build(db, args.articles) if not db.exists() else 0.0
    store = SQLiteStore(db)
    count = store.count()
    rng = random.Random(3)
    sample = [a for a in store.articles(limit=2000)]
    ids = [a.id for a in rng.sample(sample, 50)]
    queries = [w for a in rng.sample(sample, 50) for w in WORD.findall(a.title or "")[:1]]
    stories = list(getattr(store, "storylines", lambda **_: [])(limit=50) or [])
    store.close()
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "tidings", "serve", "--db", str(db),
                               "--port", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, env={**os.environ, "NO_COLOR": "1"})
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        runs = {"search API (/api/v1/search?q=WORD)":
                [f"/api/v1/search?q={urllib.parse.quote(q)}" for q in queries]}
        if stories:
            runs["story page (/story/ID)"] = [f"/story/{s.id}" for s in stories]
        runs["article page (/article/ID)"] = [f"/article/{i}" for i in ids]
        runs["front page (/)"] = ["/"]
        load(port, runs["search API (/api/v1/search?q=WORD)"], 40, 2, 30)  # warm-up
        print(f"{count} articles stored (built in {built:.0f} s incl. search index); "
              f"{args.requests} requests per endpoint, {args.concurrency} connections, 127.0.0.1")
        if not stories:
            print("story page: not measured, this store keeps no storylines yet")
        print()
        print("| endpoint | requests | p50 ms | p95 ms | max ms | req/s |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, paths in runs.items():
            t0 = time.perf_counter()
            times = load(port, paths, args.requests, args.concurrency, args.cap)
            wall = time.perf_counter() - t0
            q = statistics.quantiles(times, n=100)
            print(f"| {name} | {len(times)} | {q[49]:.1f} | {q[94]:.1f} | {max(times):.1f} | "
                  f"{len(times) / wall:.0f} |")
    finally:
        server.terminate()
        server.wait(timeout=10)
        tmp.cleanup()


if __name__ == "__main__":
    main()
