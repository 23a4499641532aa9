"""Benchmark: web latency with many articles stored (story page, search API, article page).

Builds a SQLite store of N synthetic articles (60 days, seven languages, words of the
demo corpus) with events and storylines, indexes them for search, starts
`tidings serve` on 127.0.0.1 on a free port, then a load generator (threads with
one keep-alive HTTP connection each) sends a bounded number of requests per
endpoint (stopping early at a time cap) and reports p50/p95/max latency.

The store is built by streaming bench_stream.py's synthetic articles through the real
cluster stage (vectors cached), with storylines threaded through them, so the story
page is measured on storylines of realistic sizes: the largest ones and a random draw.

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
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import numpy as np  # noqa: E402

from tidings import Article, SQLiteStore  # noqa: E402

LANGS = {"is": "frettir_is.txt", "sv": "nyheter_sv.txt", "nb": "nrk_nb.txt", "da": "dr_da.txt",
         "fi": "yle_fi.txt", "en": "wire_en.txt", "nn": "misc/oppdrett_nn.txt"}
WORD = re.compile(r"\w{3,}")
# Storylines: the share of events that continue one, the chance such an event starts a new
# one (else it joins one with probability growing with its size, so a few grow large), and
# how far a storyline's topic pulls its events' vectors together (cosine about 0.83).
# The reports of an event name three of its storyline's four names; a storyline gets at
# most one new event per SPACING days (closer ones mostly merge into one event).
THREADED, NEW_THREAD, TOPIC, NAMED, SPACING = 0.5, 0.3, 0.7, 3, 1.0


def build(db: Path, n: int, seed: int = 7) -> float:
    """A store of ``n`` articles with events and storylines, built through the real stage.

    bench_stream.py's generator gives the articles (events of 1-12 reports sharing names,
    5 % verbatim copies, vectors in e5's narrow cone); each report is then given one of
    seven languages and a sentence of that language's demo-corpus words, so searches
    meet real words in several languages.  Vectors go into the embedding cache, so the
    cluster stage places articles without loading the model.
    """
    from bench_stream import synthetic_articles
    from tidings.cluster import ClusterConfig, ClusterStage
    from tidings.config import load_config
    from tidings.enrich.embed import Embedder

    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    vocab = {lang: [w.lower() for w in WORD.findall((ROOT / "examples/demo" / f).read_text("utf-8"))]
             for lang, f in LANGS.items()}
    langs = list(LANGS)
    config = load_config(db=str(db))
    cluster = ClusterConfig.from_section(config.section("cluster"))
    embedder = Embedder(max_tokens=cluster.embed_max_tokens, query=cluster.embed_query)
    store = SQLiteStore(db)
    stage = ClusterStage(store, config, embedder)
    tables = store.clusters()
    start = time.perf_counter()
    # The generator makes a copy from its original's (already varied) body: give it the
    # original's language and lead too, so it stays a verbatim copy.
    copied: dict[tuple[str, ...], tuple[str, str]] = {}
    batch: list[tuple[Article, bytes]] = []

    def flush() -> None:
        store.add_articles([a for a, _ in batch])
        tables.put_embeddings(embedder.name, [(a.id, v) for a, v in batch])
        stage.process([a for a, _ in batch])
        batch.clear()

    threads: list[tuple[list[str], np.ndarray]] = []  # storylines: names and topic direction
    weights: list[int] = []  # events per thread: a busy storyline draws more (Yule-Simon)
    head, thread, named = "", None, ""
    last: dict[int, float] = {}  # thread -> when its latest event started
    for i, (a, vec) in enumerate(synthetic_articles(n, embedder.dim, seed=seed, days=60.0)):
        event = " ".join((a.title or "").split()[:3])  # the generator's event: its cast names
        ts = a.published.timestamp() if a.published else 0.0
        if event != head:
            head, thread = event, None
            if rng.random() < THREADED:
                if not threads or rng.random() < NEW_THREAD:
                    direction = nrng.normal(size=embedder.dim)
                    names = [f"{rng.choice('BDFGKLMPRSTV')}{rng.choice('aeiouy')}"
                             f"{rng.choice('lnrs')}{rng.choice('aeio')}{rng.choice('dgkmnt')}"
                             f"{rng.choice(['', 'sen', 'sson', 'ov', 'ic'])}" for _ in range(4)]
                    threads.append((names, direction / np.linalg.norm(direction)))
                    weights.append(0)
                t = rng.choices(range(len(threads)), weights=[w + 1 for w in weights])[0]
                if ts - last.get(t, -1e12) >= SPACING * 86400:
                    weights[t] += 1
                    last[t] = ts
                    thread = threads[t]
            named = " ".join(rng.sample(thread[0], NAMED) if thread else event.split()[::2])
        key = tuple(a.body)
        if key in copied:
            a.language, a.lead = copied[key]
        else:
            lang = langs[i % len(langs)] if rng.random() < 0.7 else "en"
            words = vocab[lang]
            a.language = lang
            a.lead = (" ".join(rng.choices(words, k=8)).capitalize() + f" {named} "
                      + " ".join(rng.choices(words, k=12)) + ".")
            a.body = a.body + [" ".join(rng.choices(words, k=40)).capitalize() + "."]
            copied[tuple(a.body)] = (lang, a.lead)
            if len(copied) > 5000:
                copied.pop(next(iter(copied)))
        if thread is not None:  # the events of one storyline share a topic direction too
            vec = vec + TOPIC * thread[1]
            vec = (vec / np.linalg.norm(vec)).astype(np.float32)
        batch.append((a, vec.tobytes()))
        if len(batch) == 1000:
            flush()
    if batch:
        flush()
    stage.close()
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


def _wait_idle(pid: int, limit: float = 120.0) -> None:
    """Wait until the process uses under 10 % of a core over a second (Linux; else return)."""
    stat = Path(f"/proc/{pid}/stat")
    if not stat.exists():
        return
    tick = os.sysconf("SC_CLK_TCK")

    def cpu() -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    end = time.monotonic() + limit
    while time.monotonic() < end:
        before = cpu()
        time.sleep(1.0)
        if cpu() - before < 0.1:
            return


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=300, help="per endpoint")
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--cap", type=float, default=60.0, help="seconds per endpoint at most")
    ap.add_argument("--db", type=Path, help="reuse this store (built when missing)")
    ap.add_argument("--endpoints", type=lambda t: t.split(","), default=["story", "search",
                    "article", "front"], help="comma-separated: story,search,article,front")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="bench-web-")
    db = args.db or Path(tmp.name) / "bench.db"
    built = build(db, args.articles) if not db.exists() else 0.0
    # Read with plain sqlite3, read-only: the store is not migrated, so a server of another
    # tidings version (PYTHONPATH=...) can be measured on the same file.
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    count = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    rng = random.Random(3)
    # Articles anywhere in the store (every 97th), for article pages and search words.
    rows = conn.execute("SELECT id, title, json_extract(data, '$.lead') FROM articles "
                        "WHERE rowid % 97 = 0").fetchall()
    ids = [r[0] for r in rng.sample(rows, 50)]
    # Distinct queries (none repeats, so nothing is answered from a warm result): a name
    # from a title (tens of hits), a word from a lead (hundreds to thousands), and both.
    queries: dict[str, None] = {}
    for _, title, lead in rng.sample(rows, min(len(rows), 3 * args.requests)):
        name = (title or "x").split()[0]
        word = rng.choice(WORD.findall(lead or "") or ["news"])
        queries.setdefault([name, word, f"{word} {name}"][len(queries) % 3], None)
    # Storylines by size: the ten largest and forty others drawn at random.
    sizes = conn.execute("SELECT storyline_id, count(*), sum(size) FROM events WHERE storyline_id "
                         "IS NOT NULL GROUP BY storyline_id ORDER BY sum(size) DESC").fetchall()
    # First views: the ten largest and others drawn at random, each requested once (a view
    # is cached until its storyline changes, so a repeat measures the cache); then the
    # first 50 of them again.  The smallest 20 are left for the warm-up.
    rest = sizes[10:-20] if len(sizes) > 30 else []
    chosen = sizes[:10] + rng.sample(rest, min(len(rest), args.requests - 10))
    events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    conn.close()
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
        runs = {}
        if chosen:
            runs["story page, first view (/story/ID)"] = [f"/story/{sid}" for sid, _, _ in chosen]
            runs["story page, viewed again (cached)"] = [f"/story/{sid}" for sid, _, _ in chosen[:50]]
        runs["search API (/api/v1/search?q=WORDS)"] = [
            f"/api/v1/search?q={urllib.parse.quote(q)}" for q in queries]
        runs["article page (/article/ID)"] = [f"/article/{i}" for i in ids]
        runs["front page (/)"] = ["/"]
        runs = {k: v for k, v in runs.items() if any(k.startswith(e) for e in args.endpoints)}
        # Warm-up: imports, lemma dictionaries, SQLite's page cache (other storylines, words).
        warm = ["/api/v1/search?q=warm", "/"]
        if "story" in args.endpoints:
            warm += [f"/story/{sid}" for sid, _, _ in sizes[-20:]]
        load(port, warm, 40, 2, 120)
        _wait_idle(server.pid)  # the server's own warm-up thread (lemma dictionaries) is done
        sized = sorted(n for _, _, n in chosen)
        load_before = os.getloadavg()[0]
        print(f"{count} articles, {events} events, {len(sizes)} storylines stored "
              f"(built in {built:.0f} s incl. search index); {args.requests} requests per "
              f"endpoint, {args.concurrency} connections, 127.0.0.1")
        if chosen:
            print(f"story pages of {len(chosen)} storylines: {sized[0]} to {sized[-1]} articles "
                  f"(median {sized[len(sized) // 2]}), {max(e for _, e, _ in chosen)} events at most")
        print(f"load average before the runs: {load_before:.1f} ({os.cpu_count()} cores)")
        print()
        print("| endpoint | requests | p50 ms | p95 ms | max ms | req/s | load avg |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name, paths in runs.items():
            t0 = time.perf_counter()
            times = load(port, paths, args.requests, args.concurrency, args.cap)
            wall = time.perf_counter() - t0
            q = statistics.quantiles(times, n=100)
            print(f"| {name} | {len(times)} | {q[49]:.1f} | {q[94]:.1f} | {max(times):.1f} | "
                  f"{len(times) / wall:.0f} | {os.getloadavg()[0]:.1f} |", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=10)
        tmp.cleanup()


if __name__ == "__main__":
    main()
