"""Train the Nordic n-gram language model reproducibly (``make models``; CI never trains).

    python -m tidings.enrich.langid_train --data ../shared/datasets

Reads the corpora listed in ``langid_corpora.toml`` (train splits only), holds
out every tenth stretch of 200 sentences of each language, picks the smoothing and the
weight of py3langid's scores on that held-out part, then retrains on everything
and writes ``data/nordic_ngrams.npz`` and the attributions beside it.  Nothing
here looks at any evaluation set: the NordicDSL file is only read by the
benchmark and its floor test.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ConfigError
from .language import Py3Scores
from .ngrams import NgramModel, features, normalise

__all__ = ["Corpus", "load_corpora", "main", "sentences", "train"]

HERE = Path(__file__).resolve().parent
CORPORA = HERE / "langid_corpora.toml"
OUTPUT = HERE / "data" / "nordic_ngrams.npz"

BITS = 18  # 262,144 buckets x 6 languages: about 3 MB as float16, few collisions
MAX_N = 5
HELDOUT_STRETCH = 200  # sentences per held-out stretch; every tenth stretch is held out
ALPHAS = (0.03, 0.1, 0.3)
PY3_WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0)
MIN_HELDOUT_WORDS = 3  # one- and two-word fragments (WikiANN titles) say little about a model


@dataclass(frozen=True, slots=True)
class Corpus:
    language: str
    path: str
    format: str
    credit: str
    column: int = 0
    separator: str | None = None


def load_corpora(table: Path = CORPORA) -> list[Corpus]:
    data = tomllib.loads(table.read_text("utf-8"))
    return [Corpus(**entry) for entry in data["corpus"]]


def sentences(corpus: Corpus, root: Path) -> Iterator[str]:
    """The corpus's sentences as space-joined tokens."""
    path = root / corpus.path
    if not path.exists():
        raise ConfigError(f"{path}: training corpus not found (is --data the datasets folder?)")
    with path.open(encoding="utf-8") as fh:
        if corpus.format == "jsonl":
            for line in fh:
                if line.strip():
                    yield " ".join(json.loads(line)["tokens"])
        elif corpus.format == "text-comments":
            for line in fh:
                if line.startswith("# text = "):
                    yield line[len("# text = "):].strip()
        elif corpus.format == "conll":
            tokens: list[str] = []
            for line in fh:
                if not line.strip():
                    if tokens:
                        yield " ".join(tokens)
                    tokens = []
                    continue
                if line.startswith("#"):
                    continue
                parts = line.rstrip("\n").split(corpus.separator)
                if len(parts) > corpus.column:
                    tokens.append(parts[corpus.column])
            if tokens:
                yield " ".join(tokens)
        else:
            raise ConfigError(f"{CORPORA.name}: unknown format {corpus.format!r}")


def _counts(texts: list[str], bits: int) -> np.ndarray:
    ids = [features(t, bits, MAX_N) for t in texts]
    return np.bincount(np.concatenate(ids), minlength=1 << bits).astype(np.float64)


def _weights(counts: np.ndarray, alpha: float) -> np.ndarray:
    """Smoothed log P(feature | language), shape (buckets, languages)."""
    size = counts.shape[1]
    logp = np.log(counts + alpha) - np.log(counts.sum(axis=1, keepdims=True) + alpha * size)
    return np.ascontiguousarray(logp.T.astype(np.float32))


def train(root: Path, out: Path = OUTPUT, log=print) -> dict[str, object]:
    """Train, select on held-out text, retrain on all, save.  Returns the selection report."""
    by_lang: dict[str, list[str]] = {}
    credits: list[str] = []
    for corpus in load_corpora():
        texts = [s for s in sentences(corpus, root) if normalise(s).strip()]
        by_lang.setdefault(corpus.language, []).extend(texts)
        credits.append(f"{corpus.language}: {corpus.credit} ({len(texts)} sentences)")
    labels = tuple(sorted(by_lang))
    fit: dict[str, list[str]] = {}
    held: list[tuple[str, int]] = []
    for k, lang in enumerate(labels):
        # hold out contiguous stretches, not random sentences: neighbouring sentences
        # share names and topics, and a random split would reward memorising them
        # (and so favour our model over py3langid when choosing the weight)
        texts = by_lang[lang]
        blocks = [texts[i:i + HELDOUT_STRETCH] for i in range(0, len(texts), HELDOUT_STRETCH)]
        fit[lang], kept = [], []
        for b, block in enumerate(blocks):
            (kept if b % 10 == 9 else fit[lang]).extend(block)
        held += [(t, k) for t in kept if len(normalise(t).split()) >= MIN_HELDOUT_WORDS]
    log(f"languages {labels}; fit {sum(map(len, fit.values()))} sentences, held out {len(held)}")

    counts = np.stack([_counts(fit[lang], BITS) for lang in labels])
    py3 = Py3Scores(labels)
    index = [py3.labels.index(code) for code in labels]
    py3_held = np.array([py3.scores(t)[index] for t, _ in held])
    gold = np.array([k for _, k in held])
    held_ids = [features(t, BITS, MAX_N) for t, _ in held]
    grid: list[dict[str, float]] = []
    for alpha in ALPHAS:
        w = _weights(counts, alpha)
        ours = np.array([w[ids].sum(axis=0) for ids in held_ids])
        ours = (ours - ours.max(axis=1, keepdims=True)) / np.sqrt([[max(len(i), 1)] for i in held_ids])
        for weight in PY3_WEIGHTS:
            acc = float(((ours + weight * py3_held).argmax(axis=1) == gold).mean())
            grid.append({"alpha": alpha, "py3_weight": weight, "heldout_accuracy": round(acc, 5)})
            log(f"alpha={alpha} py3_weight={weight}: held-out accuracy {acc:.4f}")
    best = max(grid, key=lambda g: (g["heldout_accuracy"], -g["py3_weight"]))
    log(f"chosen: {best}")

    all_counts = np.stack([_counts(by_lang[lang], BITS) for lang in labels])
    model = NgramModel(labels=labels, weights=_weights(all_counts, best["alpha"]), bits=BITS,
                       max_n=MAX_N, py3_weight=float(best["py3_weight"]))
    out.parent.mkdir(parents=True, exist_ok=True)
    model.save(out)
    (out.parent / "LANGID_SOURCES.md").write_text(
        "# Sources of nordic_ngrams.npz\n\nTrained by `make models` "
        "(`python -m tidings.enrich.langid_train`) on the train splits of:\n\n"
        + "".join(f"- {c}\n" for c in credits)
        + f"\nHeld-out selection: {json.dumps(best)}\n", encoding="utf-8")
    log(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return {"chosen": best, "grid": grid}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/datasets"),
                        help="the datasets folder (with ner/ inside)")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    try:
        train(args.data, args.out)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
