"""Benchmark: article extraction from HTML pages and from their text dumps, against trafilatura.

Two public sets (see ../shared/datasets/README.md):

* ``article_extraction_benchmark`` (181 English pages): body F1 with the set's own
  metric (4-token shingles, per-page normalised counts, mean precision and
  recall, F1 of the means; scrapinghub's ``evaluate.py``);
* ``trafilatura_eval`` (506 pages, mostly German): segment precision, recall and
  F1 (a ``with`` segment found in the body is a true positive, a ``without``
  segment found is a false positive: trafilatura's own evaluation), plus
  accuracy of the date, title and author against the gold where the gold has one.

Systems, in the same run: ``trafilatura`` (the baseline: ``trafilatura.extract``
with its defaults), ``tidings-html`` (:func:`tidings.extract.html.extract_html`),
and ``tidings-lines`` / ``tidings-oneline`` (the dump extractor on the pages'
text dumps, ``*_dumps/NAME.lines.txt`` and ``NAME.oneline.txt``).  Every
system's body is the article text without the title.

    python benchmarks/bench_extraction.py --data ../shared/datasets/extraction

Prints a Markdown table; the figures in docs/benchmarks.md come from this command.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

AEB = "article_extraction_benchmark"
TE = "trafilatura_eval"
_TOKEN = re.compile(r"\w+")
#: Pages carry no crawl time; this one (after every page of both sets) bounds dates instead.
CRAWL_TIME = datetime(2025, 1, 1)


@dataclass(slots=True)
class Page:
    key: str
    html_path: Path
    gold: dict


@dataclass(slots=True)
class Output:
    body: str = ""
    title: str | None = None
    date: str | None = None
    authors: list[str] = field(default_factory=list)


# --- metrics ------------------------------------------------------------------
def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    toks = _TOKEN.findall(text or "")
    return Counter(tuple(toks[i:i + n]) for i in range(max(1, len(toks) - n + 1)) if toks[i:i + n])


def shingle_counts(true: str, pred: str) -> tuple[float, float, float]:
    """(tp, fp, fn) over 4-token shingles, normalised so every page weighs the same."""
    a, b = _shingles(true), _shingles(pred)
    tp = fp = fn = 0.0
    for key in a.keys() | b.keys():
        x, y = a.get(key, 0), b.get(key, 0)
        tp += min(x, y)
        fp += max(0, y - x)
        fn += max(0, x - y)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def body_prf(rows: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Mean precision, mean recall and their F1, as scrapinghub's evaluate.py computes them."""
    def score(tp: float, other: float, fp: float, fn: float) -> float:
        if fp == fn == 0:
            return 1.0
        return 0.0 if tp == other == 0 else tp / (tp + other)

    ps = [score(tp, fp, fp, fn) for tp, fp, fn in rows if tp + fp > 0]
    rs = [score(tp, fn, fp, fn) for tp, fp, fn in rows if tp + fn > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def segment_counts(body: str, gold: dict) -> tuple[int, int, int]:
    """(tp, fp, fn) of one page's ``with``/``without`` segments (trafilatura's evaluation)."""
    tp = sum(1 for s in gold.get("with", []) if s in body)
    fn = len(gold.get("with", [])) - tp
    fp = sum(1 for s in gold.get("without", []) if s in body) if body else 0
    return tp, fp, fn


def _norm(text: str | None) -> str:
    return " ".join(_TOKEN.findall((text or "").casefold()))


def author_match(pred: list[str], gold: str | list[str]) -> bool:
    """Same set of names, whatever the separators ("A und B" vs ["A", "B"])."""
    from tidings.extract.authors import clean_authors

    return {_norm(a) for a in clean_authors([gold] if isinstance(gold, str) else gold)} == {_norm(a) for a in pred}


# --- data ---------------------------------------------------------------------
def load_pages(data: Path, name: str) -> list[Page]:
    root = data / name
    if name == AEB:
        gold = json.loads((root / "ground-truth.json").read_text("utf-8"))
        return [Page(k, root / "html" / f"{k}.html.gz", v) for k, v in sorted(gold.items())]
    gold = json.loads((root / "evaldata.json").read_text("utf-8"))
    return [Page(v["file"].removesuffix(".html"), root / "html" / f"{v['file']}.gz", {**v, "url": u})
            for u, v in sorted(gold.items())]


def read_html(page: Page) -> bytes:
    return gzip.decompress(page.html_path.read_bytes())


# --- systems ------------------------------------------------------------------
def run_trafilatura(html: bytes, page: Page) -> Output:
    import trafilatura

    return Output(body=trafilatura.extract(html) or "")


def run_tidings_html(html: bytes, page: Page) -> Output:
    from tidings.errors import InputError
    from tidings.extract.html import extract_html

    try:
        a = extract_html(html, source=page.key, url=page.gold.get("url"), fetched=CRAWL_TIME)
    except InputError:
        return Output()
    return Output(body="\n".join(p for p in [a.lead, *a.body] if p), title=a.title,
                  date=a.published.isoformat()[:10] if a.date_reliable and a.published else None,
                  authors=a.authors)


def dump_runner(data: Path, name: str, kind: str) -> Callable[[bytes, Page], Output]:
    from tidings.extract import extract_articles
    from tidings.model import Article
    from tidings.readers.text import repair_text

    folder = data / f"{name}_dumps"

    def run(_: bytes, page: Page) -> Output:
        # Read as `tidings ingest` reads a text file: decoding and mojibake repair included.
        text, _ = repair_text((folder / f"{page.key}.{kind}.txt").read_text("utf-8"))
        try:
            found = extract_articles(Article(source=page.key, raw=text, fetched=CRAWL_TIME))
        except Exception:  # noqa: BLE001 - the pipeline drops such a page; score it as empty
            found = []
        if not found:
            return Output()
        first = found[0]
        body = "\n".join(p for a in found for p in [a.lead, *a.body] if p)
        return Output(body=body, title=first.title, authors=first.authors,
                      date=first.published.isoformat()[:10] if first.date_reliable and first.published
                      else None)

    return run


def systems(data: Path, name: str, wanted: list[str]) -> Iterator[tuple[str, Callable[[bytes, Page], Output]]]:
    table: dict[str, Callable[[], Callable[[bytes, Page], Output]]] = {
        "trafilatura": lambda: run_trafilatura,
        "tidings-html": lambda: run_tidings_html,
        "tidings-lines": lambda: dump_runner(data, name, "lines"),
        "tidings-oneline": lambda: dump_runner(data, name, "oneline"),
    }
    for system in wanted:
        yield system, table[system]()


# --- evaluation ---------------------------------------------------------------
def evaluate(data: Path, name: str, wanted: list[str], limit: int | None = None) -> list[dict]:
    """Scores of every wanted system on one set (the first ``limit`` pages if given)."""
    pages = load_pages(data, name)[:limit]
    htmls = [read_html(p) for p in pages]  # read once, outside the timed loop
    runners = list(systems(data, name, wanted))
    # Speed: CPU time of this process, the systems taking turns page by page so that the load
    # of a shared machine falls on all of them alike; each first runs once untimed (imports,
    # lazily built tables), so one-off start-up costs do not count as throughput.
    outputs: dict[str, list[Output]] = {system: [] for system, _ in runners}
    spent = dict.fromkeys(outputs, 0.0)
    if pages:
        for _, run in runners:
            run(htmls[0], pages[0])
    for html, page in zip(htmls, pages):
        for system, run in runners:
            started = time.process_time()
            outputs[system].append(run(html, page))
            spent[system] += time.process_time() - started
    results = []
    for system, _ in runners:
        rows, seg = [], [0, 0, 0]
        dates, titles, authors = [0, 0], [0, 0], [0, 0]
        seconds = spent[system]
        for out, page in zip(outputs[system], pages):
            gold = page.gold
            if name == AEB:
                rows.append(shingle_counts(gold.get("articleBody", ""), out.body))
                continue
            for k, v in enumerate(segment_counts(out.body, gold)):
                seg[k] += v
            if gold.get("date"):
                dates[0] += out.date == gold["date"]
                dates[1] += 1
            if gold.get("title"):
                titles[0] += _norm(out.title) == _norm(gold["title"])
                titles[1] += 1
            if gold.get("author"):
                authors[0] += author_match(out.authors, gold["author"])
                authors[1] += 1
        if name == AEB:
            p, r, f1 = body_prf(rows)
        else:
            tp, fp, fn = seg
            p, r = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
        if system == "trafilatura":
            dates, titles, authors = [0, 0], [0, 0], [0, 0]  # the baseline is run without metadata
        results.append({
            "set": name, "system": system, "pages": len(pages), "precision": p, "recall": r, "f1": f1,
            "seconds": seconds, "pages_per_second": len(pages) / seconds if seconds else 0.0,
            "date_accuracy": dates[0] / dates[1] if dates[1] else None,
            "title_accuracy": titles[0] / titles[1] if titles[1] else None,
            "author_accuracy": authors[0] / authors[1] if authors[1] else None,
        })
    return results


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/datasets/extraction"))
    parser.add_argument("--sets", default=f"{AEB},{TE}")
    parser.add_argument("--systems", default="trafilatura,tidings-html,tidings-lines,tidings-oneline")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages of each set")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    wanted = args.systems.split(",")
    results = []
    for name in args.sets.split(","):
        for row in evaluate(args.data, name, wanted, args.limit):
            results.append(row)
            print(f"{row['set']:30} {row['system']:16} F1 {row['f1']:.3f} "
                  f"{row['pages_per_second']:.1f} pages/s", file=sys.stderr)
    base = {r["set"]: r for r in results if r["system"] == "trafilatura"}
    print("| set | system | pages | precision | recall | F1 | F1 vs trafilatura | pages/s | speed vs "
          "trafilatura | date acc. | title acc. | author acc. |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        b = base.get(r["set"])
        f1_ratio = f"{r['f1'] / b['f1']:.3f}" if b and b["f1"] else "–"
        speed = f"{r['pages_per_second'] / b['pages_per_second']:.2f}x" \
            if b and r["system"] == "tidings-html" else ""
        print(f"| {r['set']} | {r['system']} | {r['pages']} | {r['precision']:.3f} | {r['recall']:.3f} "
              f"| {r['f1']:.3f} | {f1_ratio} | {r['pages_per_second']:.1f} | {speed} "
              f"| {_fmt(r['date_accuracy'])} | {_fmt(r['title_accuracy'])} | {_fmt(r['author_accuracy'])} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
