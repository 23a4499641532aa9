"""Benchmark: entity linking, cited sources and quotes (issue 4).

Two tables.  Quality on the seeds (``--data`` holds the inputs; ``--expected`` the
expectations, ../shared/expected/seeds.json by default): entity recall, cited-source
recall, quotes found with the right speaker, same-entity links.  Speed: the three steps
(linking, sources, quotes) over articles of about 3,000 characters, one core, against the
rest of the enrichment (language, lemmas, NER) timed on the same articles.  (The
throughput of enrichment as a whole, in several languages: benchmarks/bench_enrich.py.)

    .venv/bin/python benchmarks/bench_linking.py --data ../shared/seeds
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from pathlib import Path

import tidings
from tidings.api import default_pipeline, read_inputs
from tidings.config import load_config
from tidings.enrich.names import name_key
from tidings.pipeline import Enricher, RunReport

ROOT = Path(__file__).resolve().parent.parent


def _named(record: dict, name: str) -> set[str]:
    key = name_key(name)
    return {e["id"] for e in record["entities"]
            if key in {name_key(n) for n in [e["name"], *e["surfaces"]]}}


def quality(records: dict[str, list[dict]], expected: dict) -> list[tuple[str, int, int]]:
    ent = src = quo = 0
    n_ent = n_src = n_quo = 0
    for fname, spec in expected["files"].items():
        for i, want in enumerate(spec["articles"]):
            rec = records[fname][i]
            for type_, names in want.get("entities", {}).items():
                for name in names:
                    n_ent += 1
                    ent += any(e["type"] == type_ and e["id"] in _named(rec, name)
                               for e in rec["entities"])
            cited = {c["id"] for c in rec["cited_sources"]}
            for name in want.get("cited_sources", []):
                n_src += 1
                src += bool(_named(rec, name) & cited)
            for q in want.get("quotes", []):
                n_quo += 1
                ids = _named(rec, q["speaker"])
                quo += any(q["text_contains"] in got["text"] and got["speaker"]
                           and got["speaker"]["id"] in ids for got in rec["quotes"])
    links = expected["links"]["same_entity"]
    ok = sum(bool(_named(records[a[0]][a[1]], a[2]) & _named(records[b[0]][b[1]], b[2]))
             for a, b in links)
    return [("entities (recall)", ent, n_ent), ("cited sources (recall)", src, n_src),
            ("quotes with the right speaker", quo, n_quo), ("same-entity links", ok, len(links))]


def speed(data: Path, target_chars: int, copies: int) -> list[tuple[str, float]]:
    config = load_config()
    pipeline = default_pipeline(config)
    enrich = [s for s in pipeline.steps if isinstance(s, Enricher)]
    mine = {"linking", "sources", "quotes"}
    report = RunReport()
    extract = pipeline.steps[0]
    base = list(extract.run(read_inputs([data], config, report), report))
    # Articles of about target_chars: each body repeated (with its own words) to length.
    articles = []
    for a in base:
        body = list(a.body)
        while sum(len(p) for p in a.body) < target_chars and body:
            a.body = a.body + body
        articles.append(a)
    # Every copy a distinct text (a numbered last paragraph), so no per-text cache helps.
    timed = []
    for k in range(copies):
        for a in articles:
            c = copy.deepcopy(a)
            c.body = [*c.body, f"({k})"]
            timed.append(c)
    articles = timed
    # One article through every step before the next, as the pipeline runs them (the
    # steps share per-text caches: tokens, name keys).
    seconds: dict[str, float] = dict.fromkeys((s.name for s in enrich), 0.0)
    clock = time.process_time
    for a in articles:
        for step in enrich:
            started = clock()
            step.enrich(a)
            seconds[step.name] += clock() - started
    n = len(articles)
    chars = sum(len(a.text) for a in articles) / n
    rows = [(f"{name} (ms/article)", 1000 * s / n) for name, s in seconds.items()]
    ours = sum(s for k, s in seconds.items() if k in mine)
    rest = sum(s for k, s in seconds.items() if k not in mine)
    rows += [("linking+sources+quotes (articles/s, one core)", n / ours),
             ("whole enrichment (articles/s, one core)", n / (ours + rest)),
             ("share of enrichment time in linking+sources+quotes", ours / (ours + rest)),
             ("mean article length (characters)", chars), ("articles timed", float(n))]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, type=Path, help="folder of inputs (the seeds)")
    parser.add_argument("--expected", type=Path,
                        default=ROOT.parent / "shared" / "expected" / "seeds.json")
    parser.add_argument("--chars", type=int, default=3000, help="article length for timing")
    parser.add_argument("--copies", type=int, default=50, help="copies of each article timed")
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        tidings.ingest([args.data], db=db)
        records: dict[str, list[dict]] = {}
        with tidings.open(db) as store:
            for a in store.articles():
                records.setdefault(Path(a.source).name, []).append(tidings.article_record(a))
    if args.expected.exists():
        expected = json.loads(args.expected.read_text("utf-8"))
        print("| seeds | found | expected | score |\n|---|---:|---:|---:|")
        for label, got, total in quality(records, expected):
            print(f"| {label} | {got} | {total} | {got / total:.3f} |")
        print()
    print("| speed | value |\n|---|---:|")
    for label, value in speed(args.data, args.chars, args.copies):
        print(f"| {label} | {value:.2f} |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
