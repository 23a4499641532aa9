"""Benchmark: reading and extracting text dumps, throughput and peak memory.

Builds a large corpus by varying a small one (the demo corpus by default):
each copy swaps lower-case words for other words of the corpus, so line shapes
(titles, datelines, markers, navigation) stay and every article is new text.
Then, in a fresh process per size, it reads and extracts every file on one
core and reports articles per second and peak resident memory; the same at ten
times the size shows whether memory stays flat (streaming).

    python benchmarks/bench_dumps.py --data examples/demo --copies 200

Prints a Markdown table; the figures in docs/benchmarks.md come from this command.

With ``--baseline-src DIR`` (a copy of another version's ``src``), it instead compares the
two versions' extraction speed in CPU time, which a shared machine's load disturbs less than
wall time: each child reads the files under ``--data`` once and extracts them ``--repeat``
times; the versions take turns ``--rounds`` times.

    python benchmarks/bench_dumps.py --data examples/demo --baseline-src /tmp/old/src
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORD = re.compile(r"\b[a-zåäöæøéóúíýþðáü]{6,}\b")


def build_corpus(data: Path, out: Path, copies: int, seed: int = 7) -> int:
    """Write ``copies`` varied copies of every text file under ``data``; returns file count."""
    files = sorted(p for p in data.rglob("*") if p.is_file() and p.suffix in {".txt", ""})
    texts = [p.read_text("utf-8") for p in files]
    # Swap only words of prose lines, never month names, so datelines and markers survive.
    from tidings.extract.dates import _names

    months, days = _names()
    prose = [line for t in texts for line in t.splitlines() if len(line.split()) >= 8]
    vocab = sorted({w for line in prose for w in WORD.findall(line)} - set(months) - days)
    rng = random.Random(seed)
    n = 0
    for k in range(copies):
        mapping = {w: rng.choice(vocab) for w in rng.sample(vocab, k=max(1, len(vocab) // 3))}
        for path, text in zip(files, texts):
            varied = "\n".join(
                WORD.sub(lambda m: mapping.get(m.group(0), m.group(0)), line)
                if len(line.split()) >= 8 else line for line in text.split("\n"))
            target = out / f"c{k:05d}" / path.relative_to(data)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(varied, encoding="utf-8")
            n += 1
    return n


def measure(folder: str, mode: str) -> dict[str, float]:
    """Run in a child process: read+extract (mode "extract") or a full ingest (mode "ingest")."""
    from tidings.api import read_inputs
    from tidings.config import load_config
    from tidings.extract import extract_articles
    from tidings.pipeline import RunReport

    config = load_config(env={})
    started = time.perf_counter()
    articles = 0
    if mode == "extract":
        report = RunReport()
        for raw in read_inputs([folder], config, report):
            articles += len(extract_articles(raw))
    else:
        import tidings

        with tempfile.TemporaryDirectory() as tmp:
            report = tidings.ingest([folder], db=str(Path(tmp) / "b.db"))
            articles = report.stored_new + report.stored_existing
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"articles": articles, "seconds": seconds, "per_second": articles / seconds,
            "peak_mb": peak_mb}


def run_child(folder: Path, mode: str) -> dict[str, float]:
    code = ("import json,sys; sys.path.insert(0, %r); import bench_dumps as b; "
            "print(json.dumps(b.measure(%r, %r)))" % (str(Path(__file__).parent), str(folder), mode))
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure_cpu(folder: str, repeat: int) -> dict[str, float]:
    """Run in a child process: CPU time of ``extract_articles`` over every file, ``repeat`` times."""
    import tidings
    from tidings.api import read_inputs
    from tidings.config import load_config
    from tidings.extract import extract_articles
    from tidings.pipeline import RunReport

    raws = list(read_inputs([folder], load_config(env={}), RunReport()))
    for raw in raws:
        extract_articles(raw)  # warm-up: tables and caches built once
    started = time.process_time()
    articles = sum(len(extract_articles(raw)) for _ in range(repeat) for raw in raws)
    seconds = time.process_time() - started
    return {"articles": articles, "cpu_seconds": seconds, "per_second": articles / seconds,
            "src": str(Path(tidings.__file__).parent.parent)}


def compare_versions(data: Path, baseline_src: Path, rounds: int, repeat: int) -> None:
    current_src = Path(__file__).resolve().parent.parent / "src"
    rates: dict[str, list[float]] = {"baseline": [], "current": []}
    for _ in range(rounds):
        for name, src in (("baseline", baseline_src), ("current", current_src)):
            code = ("import json,sys; sys.path.insert(0, %r); sys.path.insert(1, %r); import bench_dumps as b; "
                    "print(json.dumps(b.measure_cpu(%r, %d)))"
                    % (str(src), str(Path(__file__).parent), str(data), repeat))
            out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            assert Path(r["src"]).resolve() == Path(src).resolve(), r["src"]
            rates[name].append(r["per_second"])
            print(f"{name:8} {r['articles']:.0f} articles {r['per_second']:8.0f}/s CPU", file=sys.stderr)
    med = {k: sorted(v)[len(v) // 2] for k, v in rates.items()}
    print("| version | articles/s (CPU), min–max over rounds | median |")
    print("|---|---:|---:|")
    for k, v in rates.items():
        print(f"| {k} | {min(v):,.0f}–{max(v):,.0f} | {med[k]:,.0f} |")
    print(f"\ncurrent / baseline (medians): {med['current'] / med['baseline']:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("examples/demo"))
    parser.add_argument("--copies", type=int, default=200, help="copies in the small corpus")
    parser.add_argument("--factor", type=int, default=10, help="the large corpus is this much bigger")
    parser.add_argument("--modes", default="extract",
                        help="extract (read + extract, the issue-2 target) and/or ingest (whole pipeline)")
    parser.add_argument("--baseline-src", type=Path,
                        help="compare CPU speed with the version whose src folder this is")
    parser.add_argument("--rounds", type=int, default=3, help="turns per version (--baseline-src)")
    parser.add_argument("--repeat", type=int, default=40, help="passes over the files (--baseline-src)")
    args = parser.parse_args()
    if args.baseline_src:
        compare_versions(args.data, args.baseline_src, args.rounds, args.repeat)
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (args.copies, args.copies * args.factor):
            folder = Path(tmp) / f"n{size}"
            files = build_corpus(args.data, folder, size)
            for mode in args.modes.split(","):
                r = run_child(folder, mode)
                rows.append((mode, files, r))
                print(f"{mode:8} {files:7d} files {r['articles']:8.0f} articles "
                      f"{r['per_second']:8.0f}/s  peak {r['peak_mb']:.0f} MB", file=sys.stderr)
    print("| step | files | articles | seconds | articles/s | peak RSS (MB) |")
    print("|---|---:|---:|---:|---:|---:|")
    for mode, files, r in rows:
        print(f"| {mode} | {files} | {r['articles']:.0f} | {r['seconds']:.1f} | {r['per_second']:.0f} "
              f"| {r['peak_mb']:.0f} |")


if __name__ == "__main__":
    main()
