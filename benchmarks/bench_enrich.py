"""Benchmark: throughput of enrichment as a whole (issue 4), per step and per language.

Enrichment is every step of the default pipeline after extraction: language (per article
and per block), lemmas, NER, linking, cited sources, quotes with speakers.  The articles
are about 3,000 characters each (``--chars``), in several languages:

* real news: the seed articles (sv, is; each body repeated to length) and BASIL's English
  articles (``clusters/basil_en``, cut to length at a paragraph);
* running text made of the NER corpora's training sentences (sv, nb, nn, da, is, fo, fi,
  en), detokenised and cut into paragraphs, with the first sentence as the title.

Every article is a distinct text.  The steps run as the pipeline runs them (a chain of
``Step.run``: one article through every step before the next), each step's ``process``
timed, so the sum of the steps is the pipeline's cost.  CPU time of this process (the
machine may be shared); pin it to one core for the per-core figure:

    taskset -c 0 .venv/bin/python benchmarks/bench_enrich.py --data ../shared

The first pass is what the figures are: every text new, so the per-word caches (lemmas,
NER features, name keys) fill as they go, a pessimistic case for a long run over one
language's news, where most words have been seen.  A second pass over the same texts
shows the other end (caches warm).  ``--profile FILE`` writes a cProfile of the first
pass.  The boilerplate step (part of extraction, not enrichment) is timed too, in its
own row.
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import json
import re
import time
from collections import defaultdict
from pathlib import Path

from tidings.api import default_pipeline, read_inputs
from tidings.config import load_config
from tidings.enrich.ner.corpora import load_split
from tidings.model import Article
from tidings.pipeline import Enricher, Pipeline, RunReport, Step

ROOT = Path(__file__).resolve().parent.parent

#: Articles of each group used only to warm up.
WARM = 3
#: NER corpus -> language of its text.
CORPORA = [("webbnyheter_sv", "sv"), ("norne_nb", "nb"), ("norne_nn", "nn"), ("dane", "da"),
           ("mim_gold_is", "is"), ("wikiann_fo", "fo"), ("finer_fi", "fi"),
           ("wikigold_en", "en")]

#: Fields an extracted article has when enrichment starts.
PROVIDED = frozenset({"source", "raw", "url", "outlet", "fetched", "title", "lead", "body",
                      "subheadings", "image_captions", "related_titles", "published"})

_NO_SPACE_BEFORE = re.compile(r" ([,.:;!?)\]%»”])")
_NO_SPACE_AFTER = re.compile(r"([(\[«„“]) ")


def detokenise(tokens: list[str]) -> str:
    """Tokens back to running text: no space before closing punctuation or after opening."""
    return _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", " ".join(tokens)))


def corpus_articles(ner: Path, corpus: str, lang: str, size: int, count: int) -> list[Article]:
    """``count`` articles of about ``size`` characters from a corpus's training sentences."""
    out: list[Article] = []
    title: str | None = None
    body: list[str] = []
    paragraph: list[str] = []
    for tokens, _ in load_split(ner, corpus, "train"):
        sentence = detokenise(tokens)
        if len(tokens) < 4:
            continue
        if title is None:
            title = sentence
            continue
        paragraph.append(sentence)
        if len(paragraph) == 3:
            body.append(" ".join(paragraph))
            paragraph = []
        if len(title) + sum(len(p) + 2 for p in body) >= size:
            out.append(Article(source=f"{corpus}#{len(out)}", outlet=corpus, title=title,
                               body=body, extras={"bench_lang": lang}))
            title, body = None, []
            if len(out) == count:
                break
    return out


def news_articles(shared: Path, size: int, count: int) -> list[Article]:
    """Real news: the seeds (lengthened) and BASIL's English articles (cut to length)."""
    config = load_config()
    pipeline = default_pipeline(config)
    report = RunReport()
    seeds = list(pipeline.steps[0].run(read_inputs([shared / "seeds"], config, report), report))
    out = []
    for a in seeds:
        body = list(a.body)
        while len(a.text) < size and body:
            a.body = a.body + [f"{p} ({len(a.body)})" for p in body]  # each copy distinct
        while len(a.body) > 1 and len(a.text) - len(a.body[-1]) >= size:
            a.body = a.body[:-1]
        a.extras["bench_lang"] = "seeds"
        out.append(a)
    with open(shared / "datasets" / "clusters" / "basil_en" / "docs.derived.jsonl",
              encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            paragraphs = [p for p in doc["text"].split("\n") if p.strip()]
            body: list[str] = []
            length = len(doc["title"])
            for p in paragraphs:
                if length >= size:
                    break
                body.append(p)
                length += len(p) + 2
            if length < 0.8 * size:
                continue
            out.append(Article(source=doc["id"], outlet=doc.get("source"), title=doc["title"],
                               body=body, extras={"bench_lang": "basil_en"}))
            if len(out) - len(seeds) == count:
                break
    return out


def build(shared: Path, size: int, count: int) -> list[Article]:
    articles = news_articles(shared, size, count)
    for corpus, lang in CORPORA:
        articles += corpus_articles(shared / "datasets" / "ner", corpus, lang, size, count)
    return articles


def run(steps: list, articles: list[Article], profiler: cProfile.Profile | None = None
        ) -> dict[str, float]:
    """CPU seconds per step over ``articles``, run as the pipeline runs them: a chain of
    each step's ``run`` (loop, counters, failure policy), one article through every step
    before the next (steps may share per-article caches)."""
    seconds: dict[str, float] = dict.fromkeys((s.name for s in steps), 0.0)
    clock = time.process_time
    # Steps that override ``run`` itself (boilerplate holds a window of articles) are
    # timed over the whole stream, before the chain of the others.
    whole = [s for s in steps if type(s).run is not Step.run]
    steps = [s for s in steps if type(s).run is Step.run]
    for step in whole:
        started = clock()
        articles = list(step.run(iter(articles), RunReport()))
        seconds[step.name] += clock() - started

    def timed(step):
        process = type(step).process

        def wrapper(article):
            started = clock()
            try:
                return process(step, article)
            finally:
                seconds[step.name] += clock() - started
        return wrapper

    n = len(articles)
    originals = [(s, s.__dict__.get("process")) for s in steps]
    for s in steps:
        s.process = timed(s)
    try:
        if profiler:
            profiler.enable()
        report = RunReport()
        out = list(Pipeline(steps, provided=PROVIDED).run(iter(articles), report))
        if profiler:
            profiler.disable()
    finally:
        for s, original in originals:
            if original is None:
                del s.process
            else:
                s.process = original
    if len(out) < n:
        reasons = {name: dict(c.dropped) for name, c in report.steps.items() if c.dropped}
        print(f"warning: {n - len(out)} articles dropped: {reasons}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared",
                        help="the shared folder (seeds/ and datasets/)")
    parser.add_argument("--chars", type=int, default=3000, help="article length")
    parser.add_argument("--count", type=int, default=40, help="articles per corpus")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the timed pass here")
    args = parser.parse_args()

    config = load_config()
    pipeline = default_pipeline(config)
    steps = list(pipeline.steps[1:])  # after the dump extractor
    enrich = {s.name for s in steps if isinstance(s, Enricher)}
    built = build(args.data, args.chars, args.count + WARM)
    groups: dict[str, list[Article]] = defaultdict(list)
    for a in built:
        groups[a.extras["bench_lang"]].append(a)
    # Warm-up on other articles (the first few of each large group): every model loads.
    warm = [a for items in groups.values() if len(items) > 2 * WARM for a in items[:WARM]]
    by_lang = {g: [a for a in items if all(a is not w for w in warm)]
               for g, items in groups.items()}
    articles = [a for items in by_lang.values() for a in items]
    started = time.perf_counter()
    run(steps, warm)
    load = time.perf_counter() - started
    again = {g: [copy.deepcopy(a) for a in items] for g, items in by_lang.items()}
    # One pass, group by group, so each group's figures are of its first sight too.
    profiler = cProfile.Profile() if args.profile else None
    seconds: dict[str, float] = defaultdict(float)
    per_group: dict[str, float] = {}
    for group, items in by_lang.items():
        spent = run(steps, items, profiler)
        for name, s in spent.items():
            seconds[name] += s
        per_group[group] = sum(s for k, s in spent.items() if k in enrich)
    if profiler:
        profiler.dump_stats(str(args.profile))
    n = len(articles)
    total = sum(s for k, s in seconds.items() if k in enrich)
    chars = sum(len(a.text) for a in articles) / n
    print(f"{n} articles, {chars:.0f} characters on average; warm-up (model loading) "
          f"{load:.2f} s wall\n")
    print("| step | CPU ms/article | share of enrichment |\n|---|---:|---:|")
    for name, s in seconds.items():
        share = f"{s / total:.2f}" if name in enrich else "(extraction)"
        print(f"| {name} | {1000 * s / n:.2f} | {share} |")
    print(f"| **enrichment** | **{1000 * total / n:.2f}** | 1.00 |")
    # The same texts once more: every word form is now in the per-word caches (lemmas,
    # NER features, name keys), as most words are in a long run over one language's news.
    warm_total = 0.0
    for items in again.values():
        spent = run(steps, items)
        warm_total += sum(s for k, s in spent.items() if k in enrich)
    print(f"\nWhole enrichment: **{n / total:.1f} articles/s** on one core (CPU time), "
          f"texts seen for the first time; {n / warm_total:.1f} articles/s for the same "
          f"texts again (per-word caches warm).\n")
    print("| articles | lang | n | chars | mentions | quotes | sources | CPU ms/article "
          "| articles/s |\n|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for group, items in by_lang.items():
        k, cpu = len(items), per_group[group]
        langs = sorted({a.language or "und" for a in items})
        print(f"| {group} | {','.join(langs)} | {k} | {sum(len(a.text) for a in items) / k:.0f} "
              f"| {sum(len(a.mentions) for a in items) / k:.1f} "
              f"| {sum(len(a.quotes) for a in items) / k:.1f} "
              f"| {sum(len(a.cited_sources) for a in items) / k:.1f} "
              f"| {1000 * cpu / k:.2f} | {k / cpu:.0f} |", flush=True)


if __name__ == "__main__":
    main()
