"""Train the Nordic n-gram language model reproducibly (``make models``; CI never trains).

    python -m tidings.enrich.langid_train --data ../shared/datasets

Reads the corpora listed in ``langid_corpora.toml`` (train splits only), holds
out every tenth stretch of 200 sentences of each language, picks the smoothing and the
weight of py3langid's scores on that held-out part, then the weight of the word-list
model (:mod:`tidings.enrich.lexicon`, simplemma's dictionaries) together with
py3langid's again, then retrains on everything and writes ``data/nordic_ngrams.npz``,
``data/nordic_lexicon.json`` and the attributions beside them.

No weight is fitted on an evaluation set.  One exception, for two numbers only: the
training text is news, and on it the weights of py3langid's scores and of the word-list
model barely matter (held-out accuracy 0.9746 to 0.9773 for every word-list weight from 1
to 4 and py3langid weight from 0 to 2), while on Wikipedia text they do.  So when the NordicDSL dev file is there
(``--data``/lid/nordic_dsl_dev.csv, or ``--select-on``), those two weights are chosen on
its *even* rows (:data:`SELECT_EVERY`), and the odd rows stay unseen to report on
(docs/benchmarks.md); ``--no-dev-selection`` keeps the held-out choice.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ConfigError
from .language import Py3Scores
from .lexicon import FREQ_LISTS, Lexicon, WordListModel, _wordfreq_version
from .ngrams import NgramModel, features, normalise

__all__ = ["Corpus", "load_corpora", "main", "sentences", "train"]

HERE = Path(__file__).resolve().parent
CORPORA = HERE / "langid_corpora.toml"
OUTPUT = HERE / "data" / "nordic_ngrams.npz"
LEXICON_WEIGHTS = "nordic_lexicon.json"  # beside OUTPUT

BITS = 18  # 262,144 buckets x 6 languages: about 3 MB as float16, few collisions
MAX_N = 5
HELDOUT_STRETCH = 200  # sentences per held-out stretch; every tenth stretch is held out
ALPHAS = (0.03, 0.1, 0.3)
PY3_WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0)
PY3_WEIGHTS_WITH_LISTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0)
WORDLIST_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0)  # of tidings.enrich.lexicon's model
#: Added to every pattern count of the word-list model (144 frequency levels x 32 list
#: patterns: most are rare, so less than one).
WORDLIST_SMOOTHING = 0.3
MIN_HELDOUT_WORDS = 3  # one- and two-word fragments (WikiANN titles) say little about a model
DEV_SELECTION = Path("lid") / "nordic_dsl_dev.csv"  # under --data
SELECT_EVERY = 2  # the combination weights are chosen on rows 0, 2, 4... of it


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


def train(root: Path, out: Path = OUTPUT, log=print,
          select_on: Path | None = None) -> dict[str, object]:
    """Train, select on held-out text, retrain on all, save.  Returns the selection report.
    ``select_on``: the NordicDSL dev CSV whose even rows choose the two combination weights."""
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

    # then the word lists' model (tidings.enrich.lexicon) with py3langid's weight again
    # (the two overlap).  One held-out tenth is too few sentences to tell these weights
    # apart, so every stretch is held out in turn (ten folds of the same stretches): the
    # n-gram and pattern counts of the other nine score it.
    lexicon = Lexicon.load()
    patterns_of = {lang: [lexicon.patterns(normalise(t)) for t in by_lang[lang]] for lang in labels}
    ids_of = {lang: [features(t, BITS, MAX_N) for t in by_lang[lang]] for lang in labels}
    fold_of = {lang: np.arange(len(by_lang[lang])) // HELDOUT_STRETCH % 10 for lang in labels}
    scored = {lang: np.flatnonzero([len(normalise(t).split()) >= MIN_HELDOUT_WORDS
                                    for t in by_lang[lang]]) for lang in labels}
    ours_parts, words_parts, py3_parts, gold_parts = [], [], [], []
    for f in range(10):
        rest = [np.flatnonzero(fold_of[lang] != f) for lang in labels]
        w = _weights(np.stack([np.bincount(np.concatenate([ids_of[lang][i] for i in rest[k]]),
                                           minlength=1 << BITS).astype(np.float64)
                               for k, lang in enumerate(labels)]), best["alpha"])
        words = WordListModel.fit(np.stack([np.sum([patterns_of[lang][i] for i in rest[k]], axis=0)
                                            for k, lang in enumerate(labels)]), labels, 1.0,
                                  WORDLIST_SMOOTHING, lexicon.languages)
        for k, lang in enumerate(labels):
            for i in scored[lang][fold_of[lang][scored[lang]] == f]:
                ids = ids_of[lang][i]
                s = w[ids].sum(axis=0)
                ours_parts.append((s - s.max()) / np.sqrt(max(len(ids), 1)))
                words_parts.append(words.loglik(patterns_of[lang][i]))
                py3_parts.append(py3.scores(by_lang[lang][i])[index])
                gold_parts.append(k)
    ours, held_words, py3_held = np.array(ours_parts), np.array(words_parts), np.array(py3_parts)
    gold = np.array(gold_parts)
    log(f"word lists: {len(gold)} sentences scored out of fold")
    lex_grid: list[dict[str, float]] = []
    for py3_weight in PY3_WEIGHTS_WITH_LISTS:
        for weight in WORDLIST_WEIGHTS:
            acc = float(((ours + py3_weight * py3_held + weight * held_words).argmax(axis=1)
                         == gold).mean())
            lex_grid.append({"py3_weight": py3_weight, "wordlist_weight": weight,
                             "heldout_accuracy": round(acc, 5)})
            log(f"py3_weight={py3_weight} wordlist_weight={weight}: held-out accuracy {acc:.4f}")
    lex_best = max(lex_grid, key=lambda g: (g["heldout_accuracy"], -g["wordlist_weight"],
                                            -g["py3_weight"]))
    log(f"chosen: {lex_best}")
    all_patterns = np.stack([np.sum(patterns_of[lang], axis=0) for lang in labels])
    words = WordListModel.fit(all_patterns, labels, lex_best["wordlist_weight"],
                              WORDLIST_SMOOTHING, lexicon.languages)

    all_counts = np.stack([_counts(by_lang[lang], BITS) for lang in labels])
    model = NgramModel(labels=labels, weights=_weights(all_counts, best["alpha"]), bits=BITS,
                       max_n=MAX_N, py3_weight=float(lex_best["py3_weight"]))
    dev_best: dict[str, float] | None = None
    if select_on is not None and select_on.exists():
        dev_best = select_weights(model, words, lexicon, py3, select_on, log)
        model = dataclasses.replace(model, py3_weight=float(dev_best["py3_weight"]))
        words = dataclasses.replace(words, weight=float(dev_best["wordlist_weight"]))
    out.parent.mkdir(parents=True, exist_ok=True)
    model.save(out)
    import simplemma

    (out.parent / LEXICON_WEIGHTS).write_text(
        words.to_json(selection=dev_best or lex_best, heldout_selection=lex_best,
                      simplemma=getattr(simplemma, "__version__", "unknown"),
                      wordfreq=_wordfreq_version() if lexicon.levels is not None else None),
        encoding="utf-8")
    WordListModel.load(out.parent / LEXICON_WEIGHTS)  # round trip
    (out.parent / "LANGID_SOURCES.md").write_text(
        "# Sources of nordic_ngrams.npz\n\nTrained by `make models` "
        "(`python -m tidings.enrich.langid_train`) on the train splits of:\n\n"
        + "".join(f"- {c}\n" for c in credits)
        + f"\nHeld-out selection (smoothing): {json.dumps(best)}\n"
        + "\nWord-list model (the word lists are read at run time from the installed simplemma, "
        "and the frequency lists from the installed wordfreq (lists "
        + ", ".join(f"{lang} {size}" for lang, size, _ in FREQ_LISTS)
        + "; wordfreq's data: CC BY-SA 4.0, Robyn Speer et al.), "
        f"not shipped; pattern probabilities counted on the same text) in {LEXICON_WEIGHTS}; "
        f"held-out selection: {json.dumps(lex_best)}\n"
        + ("" if dev_best is None else
           "\nWeights of py3langid's scores and of the word-list model used: chosen on the even "
           f"rows of NordicDSL dev (nothing fitted on it): {json.dumps(dev_best)}\n"),
        encoding="utf-8")
    log(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return {"chosen": best, "grid": grid, "lexicon": lex_best, "lexicon_grid": lex_grid,
            "dev_selection": dev_best}


def _dev_rows(path: Path) -> list[tuple[str, str]]:
    """(code, sentence) of NordicDSL's CSV (``dk`` is Danish)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [({"dk": "da"}.get(r["language"], r["language"]), r["sentence"])
                for r in csv.DictReader(fh)]


def select_weights(model: NgramModel, words: WordListModel, lexicon: Lexicon, py3: Py3Scores,
                   path: Path, log=print) -> dict[str, float]:
    """The weights of py3langid's scores and of the word-list model that do best on the
    even rows of the NordicDSL dev file at ``path`` (the trained models fixed)."""
    rows = [(code, text) for code, text in _dev_rows(path)[::SELECT_EVERY]
            if code in model.labels]
    index = [py3.labels.index(code) for code in model.labels]
    gold = np.array([model.labels.index(code) for code, _ in rows])
    ours = np.array([model.scores(normalise(t), normalised=True) for _, t in rows])
    py3s = np.array([py3.scores(t)[index] for _, t in rows])
    listed = np.array([words.loglik(lexicon.patterns(normalise(t))) for _, t in rows])
    grid = []
    for py3_weight in PY3_WEIGHTS_WITH_LISTS:
        for weight in WORDLIST_WEIGHTS:
            acc = float(((ours + py3_weight * py3s + weight * listed).argmax(axis=1)
                         == gold).mean())
            grid.append({"py3_weight": py3_weight, "wordlist_weight": weight,
                         "even_rows_accuracy": round(acc, 5)})
            log(f"NordicDSL even rows: py3_weight={py3_weight} wordlist_weight={weight}: {acc:.4f}")
    chosen = max(grid, key=lambda g: (g["even_rows_accuracy"], -g["wordlist_weight"],
                                      -g["py3_weight"]))
    log(f"chosen on {len(rows)} even rows of {path.name}: {chosen}")
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/datasets"),
                        help="the datasets folder (with ner/ inside)")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    parser.add_argument("--select-on", type=Path, default=None,
                        help="NordicDSL dev CSV whose even rows choose the combination weights "
                             "(default: DATA/lid/nordic_dsl_dev.csv when it exists)")
    parser.add_argument("--no-dev-selection", action="store_true",
                        help="keep the weights chosen on held-out training text")
    args = parser.parse_args(argv)
    select_on = None if args.no_dev_selection else (args.select_on or args.data / DEV_SELECTION)
    try:
        train(args.data, args.out, select_on=select_on)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
