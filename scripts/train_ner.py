"""Train tidings' named-entity models (CRF, python-crfsuite) from the corpora in
../shared/datasets/ner, reproducibly: `make models` runs this script.

    python scripts/train_ner.py --data ../shared/datasets/ner
    python scripts/train_ner.py --data ../shared/datasets/ner --only da --c1 0.1 --out /tmp/m
    python scripts/train_ner.py --data ../shared/datasets/ner --research --out /tmp/research

What trains each model and which dev splits judge it is declared in
src/tidings/enrich/ner/models.toml.  Settings are chosen on dev splits only (never test);
`--grid` tries a few regularisation settings per model and keeps the best mean dev F1.
L-BFGS training is deterministic, so the same data and settings give the same weights.
Research models (corpora whose licence forbids shipping derived weights) are written only
to --out, which must then lie outside the package.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pycrfsuite

from tidings.enrich.ner.corpora import corpora, load_split
from tidings.enrich.ner.features import Featurizer
from tidings.enrich.ner.gazetteer import Gazetteer, build
from tidings.enrich.ner.scoring import score
from tidings.enrich.ner.tagger import MODELS_DIR, model_table

__all__ = ["main", "train_one"]

GRID = [(0.02, 0.01), (0.05, 0.01), (0.1, 0.01), (0.2, 0.005)]


def train_one(name: str, spec: dict, data: Path, out: Path, featurizer: Featurizer,
              c1: float, c2: float, iters: int) -> dict[str, float]:
    """Train model ``name`` into ``out`` and return its F1 on each dev corpus."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for corpus in spec["train"]:
        for tokens, tags in load_split(data, corpus, "train"):
            trainer.append(featurizer.sentence(tokens), tags)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iters,
                        "feature.possible_transitions": True})
    path = out / f"{name}.crfsuite"
    trainer.train(str(path))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    result = {}
    for corpus in spec["dev"]:
        dev = load_split(data, corpus, "dev")
        predicted = [tagger.tag(featurizer.sentence(tokens)) for tokens, _ in dev]
        result[corpus] = score([tags for _, tags in dev], predicted).f1
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="the datasets/ner folder")
    ap.add_argument("--out", type=Path, default=MODELS_DIR, help="where weights are written")
    ap.add_argument("--only", default="", help="comma-separated model names (default: all)")
    ap.add_argument("--research", action="store_true", help="train the research-only models")
    ap.add_argument("--grid", action="store_true", help="choose c1/c2 per model on dev")
    ap.add_argument("--c1", type=float)
    ap.add_argument("--c2", type=float)
    ap.add_argument("--iters", type=int)
    ap.add_argument("--train", default="", help="experiments: corpora replacing the model's train list")
    args = ap.parse_args(argv)

    table = model_table()
    settings = table["settings"]
    section = "research" if args.research else "model"
    models = {k: v for k, v in table[section].items()
              if not args.only or k in args.only.split(",")}
    known = corpora()
    if args.train:
        models = {k: {**v, "train": args.train.split(",")} for k, v in models.items()}
    if args.research and args.out.resolve() == MODELS_DIR.resolve():
        ap.error("research models may not be written into the package: give --out")
    for name, spec in models.items():
        unfit = [c for c in spec["train"] if not known[c].shippable]
        if unfit and not args.research:
            ap.error(f"model {name}: {unfit} may not train shipped weights")
    args.out.mkdir(parents=True, exist_ok=True)

    gazetteers = args.out / "gazetteers.tsv"
    if args.research:
        # The shipped gazetteers, never rebuilt from research data; copied so that the
        # research folder loads like the package's (benchmarks/bench_ner.py --research).
        gazetteers.write_bytes((MODELS_DIR / "gazetteers.tsv").read_bytes())
    elif not args.only or not gazetteers.exists():
        # Names are learnt from every shipped model's training corpora, pooled across languages.
        pooled = sorted({c for spec in table["model"].values() for c in spec["train"]})
        sentences = [s for c in pooled for s in load_split(args.data, c, "train")]
        entries = build(sentences)
        gazetteers.write_text("".join(f"{k}\t{e}\n" for k, e in entries), encoding="utf-8")
        print(f"gazetteers: {len(entries)} entries -> {gazetteers}", file=sys.stderr)
    featurizer = Featurizer(Gazetteer.load(gazetteers))

    print("| model | c1 | c2 | iterations | dev F1 | seconds |")
    print("|---|---:|---:|---:|---|---:|")
    chosen = {}
    for name, spec in models.items():
        iters = args.iters or spec.get("max_iterations", settings["max_iterations"])
        if args.grid:
            candidates = GRID
        else:
            candidates = [(args.c1 if args.c1 is not None else spec.get("c1", settings["c1"]),
                           args.c2 if args.c2 is not None else spec.get("c2", settings["c2"]))]
        best = None
        for c1, c2 in candidates:
            started = time.perf_counter()
            f1s = train_one(name, spec, args.data, args.out, featurizer, c1, c2, iters)
            seconds = time.perf_counter() - started
            mean = sum(f1s.values()) / len(f1s)
            shown = ", ".join(f"{c} {v:.3f}" for c, v in f1s.items())
            print(f"| {name} | {c1} | {c2} | {iters} | {shown} | {seconds:.0f} |", flush=True)
            if best is None or mean > best[0]:
                best = (mean, c1, c2)
        chosen[name] = best
        if args.grid and len(candidates) > 1:  # leave the chosen weights in place
            train_one(name, spec, args.data, args.out, featurizer, best[1], best[2], iters)
    if args.grid:
        print("\nchosen on dev:", {k: (v[1], v[2]) for k, v in chosen.items()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
