"""Benchmark: named-entity recognition quality per corpus and language, speed, load time.

    python benchmarks/bench_ner.py --data ../shared/datasets/ner
    python benchmarks/bench_ner.py --data ../shared/datasets/ner --research /tmp/ner-research

For every corpus with a dev split (a held-out tail where it has none, see corpora.toml),
the shipped model that serves its language tags the gold tokens; entity-level micro F1,
CoNLL style.  Beside it, in the same run, the CoNLL-2003 baseline (names memorised from the
same training corpora) and the ratio.  `--research DIR` adds the research-only models
(trained on corpora whose licence forbids shipping them) from that folder.  Then speed:
3,000-character articles made by joining training sentences, tagged end to end from raw text
(tokenising, sentences, features, CRF) on one core; and the time to load every model.
Prints Markdown tables; the figures in docs/benchmarks.md come from these commands.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from tidings.enrich.ner.corpora import corpora, load_split
from tidings.enrich.ner.evaluation import Memoriser, dev_pairs, evaluate
from tidings.enrich.ner.tagger import MODELS_DIR, Recogniser, model_table

TYPES = ("PER", "ORG", "LOC", "MISC")


def quality(rec: Recogniser, data: Path, research: Path | None) -> None:
    table = model_table()
    print("| corpus | lang | model | entities | P | R | F1 | PER | ORG | LOC | MISC "
          "| memorise F1 | ratio |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = [(c, lang, m, rec, table["model"].get(m)) for c, lang, m in dev_pairs(rec)]
    if research:
        other = Recogniser(research, languages={})
        rows += [(spec["dev"][0], corpora()[spec["dev"][0]].language, name + " (research)",
                  other, spec) for name, spec in table["research"].items()
                 if (research / f"{name}.crfsuite").exists()]
    for corpus, lang, model, tagger, spec in rows:
        result = evaluate(tagger, data, corpus, model.split(" ")[0])
        p, r, f = result.prf()
        per_type = " | ".join(f"{result.prf(t)[2]:.3f}" if result.gold[t] else "-" for t in TYPES)
        base = ""
        if spec:
            memo = Memoriser(s for c in spec["train"] for s in load_split(data, c, "train"))
            bf = memo.evaluate(data, corpus).f1
            base = f"{bf:.3f} | {f / bf:.2f}x" if bf else "- | -"
        else:
            base = "- | -"
        print(f"| {corpus} | {lang} | {model} | {sum(result.gold.values())} | {p:.3f} | {r:.3f} "
              f"| **{f:.3f}** | {per_type} | {base} |", flush=True)


def articles(data: Path, corpus: str, size: int = 3000, count: int = 60) -> list[str]:
    """Texts of about ``size`` characters, as paragraphs of sentences.

    From the train split, which is large enough for ``count`` articles in every language
    (speed does not depend on whether the model saw the sentences)."""
    out, paragraph, text = [], [], []
    for tokens, _ in load_split(data, corpus, "train"):
        paragraph.append(" ".join(tokens))
        if len(paragraph) == 4:
            text.append(" ".join(paragraph))
            paragraph = []
        if sum(len(p) + 2 for p in text) >= size:
            out.append("\n\n".join(text)[:size])
            text = []
            if len(out) == count:
                break
    return out


def speed(data: Path) -> None:
    started = time.perf_counter()
    rec = Recogniser(MODELS_DIR)
    loaded = rec.load_all()
    load = time.perf_counter() - started
    size = sum(p.stat().st_size for p in MODELS_DIR.iterdir()) / 1e6
    print(f"\nLoad: gazetteers and {len(loaded)} models in {load:.2f} s; "
          f"{size:.1f} MB on disk.\n")
    # CPU time of this process, not wall time: the machine is shared, and the target is
    # articles per second per core.
    print("| lang | corpus | articles | chars/article | mentions/article | CPU ms/article "
          "| articles/s per core | wall ms/article |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for corpus, lang in [("webbnyheter_sv", "sv"), ("norne_nb", "nb"), ("norne_nn", "nn"),
                         ("dane", "da"), ("mim_gold_is", "is"), ("wikiann_fo", "fo"),
                         ("finer_fi", "fi"), ("wikigold_en", "en")]:
        texts = articles(data, corpus)
        rec.mentions(texts[0], lang)  # warm: first use of a model maps its file
        wall, cpu = time.perf_counter(), time.process_time()
        found = sum(len(rec.mentions(t, lang)) for t in texts)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        chars = sum(map(len, texts)) / len(texts)
        print(f"| {lang} | {corpus} | {len(texts)} | {chars:.0f} | {found / len(texts):.1f} "
              f"| {1000 * cpu / len(texts):.2f} | {len(texts) / cpu:.0f} "
              f"| {1000 * wall / len(texts):.2f} |", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="the datasets/ner folder")
    ap.add_argument("--research", type=Path, help="folder with research-only models")
    ap.add_argument("--no-speed", action="store_true")
    args = ap.parse_args()
    quality(Recogniser(MODELS_DIR), args.data, args.research)
    if not args.no_speed:
        speed(args.data)


if __name__ == "__main__":
    main()
