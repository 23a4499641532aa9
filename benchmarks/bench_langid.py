"""Language identification accuracy on NordicDSL, against plain py3langid, and speed.

    python benchmarks/bench_langid.py --data ../shared/datasets/lid/nordic_dsl_dev.csv

Prints Markdown tables: accuracy (overall and per language) of tidings and of
plain py3langid restricted to the same languages, in the same run; then the
speed of language identification and of lemmatisation on 3,000-character
articles.  ``--every N`` scores every Nth sentence only (the floor test uses it),
``--offset K`` starting from the Kth (``--every 2 --offset 1``: the odd rows).
The file is an evaluation set: nothing is trained or tuned on it.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter
from pathlib import Path

import numpy as np

from tidings.config import load_config
from tidings.enrich.language import LanguageIdentifier, LanguageStep, _identifier
from tidings.enrich.lemmas import LemmaStep
from tidings.enrich.lexicon import WordListModel, lexicon
from tidings.model import Article

__all__ = ["accuracy", "load_rows", "main", "py3langid_baseline", "without_frequencies",
           "without_word_lists"]

NORDIC = ("sv", "is", "nb", "nn", "da", "fo")
LABELS = {"dk": "da"}  # NordicDSL's label for Danish


def load_rows(path: Path, every: int = 1, offset: int = 0) -> list[tuple[str, str]]:
    """(gold code, sentence) pairs; ``every`` keeps every Nth row from the ``offset``-th
    (a deterministic subset)."""
    if path.is_dir():
        path = path / "lid" / "nordic_dsl_dev.csv" if (path / "lid").is_dir() else \
            path / "nordic_dsl_dev.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [(LABELS.get(r["language"], r["language"]), r["sentence"])
                for r in csv.DictReader(fh)]
    return rows[offset::every]


class _Py3Plain:
    """Plain py3langid over the same languages: the baseline."""

    def __init__(self, languages: tuple[str, ...]) -> None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier as _LI

        self.model = _LI.from_model_file(MODEL_FILE, norm_probs=True)
        self.model.set_languages([{"nb": "no"}.get(c, c) for c in languages])

    def classify(self, text: str) -> tuple[str, float]:
        code, prob = self.model.classify(text)
        return {"no": "nb"}.get(code, code), float(prob)


def py3langid_baseline(languages: tuple[str, ...]) -> _Py3Plain:
    return _Py3Plain(languages)


def without_frequencies(languages: tuple[str, ...]) -> LanguageIdentifier:
    """tidings with the word-list model over the lists' bits alone (wordfreq's frequency
    levels summed out; the ablation, same run)."""
    identifier = LanguageIdentifier(languages)
    identifier.wordlists = identifier.wordlists.without_levels()
    return identifier


def without_word_lists(languages: tuple[str, ...]) -> LanguageIdentifier:
    """tidings without the word-list model (the ablation, same run).  The n-gram and
    py3langid weights stay as trained with it."""
    identifier = LanguageIdentifier(languages)
    identifier.wordlists = WordListModel((), np.zeros((0, 1)), 0.0)
    return identifier


def accuracy(classifier, rows: list[tuple[str, str]],
             confusion: Counter[tuple[str, str]] | None = None,
             ) -> tuple[float, dict[str, float], float]:
    """Overall accuracy, accuracy per gold language, microseconds per sentence.
    ``confusion``, when given, counts (gold, predicted) pairs."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    start = time.perf_counter()
    for gold, sentence in rows:
        total[gold] += 1
        predicted = classifier.classify(sentence)[0]
        right[gold] += predicted == gold
        if confusion is not None:
            confusion[(gold, predicted)] += 1
    micros = (time.perf_counter() - start) / max(len(rows), 1) * 1e6
    per = {lang: right[lang] / total[lang] for lang in total}
    return sum(right.values()) / max(len(rows), 1), per, micros


def _articles(rows: list[tuple[str, str]], size: int = 3000, count: int = 300) -> list[Article]:
    """Articles of ``size`` characters built from sentences of one language, in paragraphs."""
    by_lang: dict[str, list[str]] = {}
    for gold, sentence in rows:
        by_lang.setdefault(gold, []).append(sentence.strip().capitalize() + ".")
    out: list[Article] = []
    langs = sorted(by_lang)
    cursor = dict.fromkeys(langs, 0)
    while len(out) < count:
        lang = langs[len(out) % len(langs)]
        pool, text, paragraphs = by_lang[lang], "", []
        para = ""
        while len(text) < size:
            sentence = pool[cursor[lang] % len(pool)]
            cursor[lang] += 1
            para += " " + sentence
            text += " " + sentence
            if len(para) > 400:
                paragraphs.append(para.strip())
                para = ""
        if para:
            paragraphs.append(para.strip())
        out.append(Article(source="bench", title=paragraphs[0][:80], body=paragraphs[1:]))
    return out


def _throughput(enrich, articles: list[Article], repeats: int = 3) -> float:
    """Best of ``repeats`` passes (the machine is shared: the best pass is the least disturbed)."""
    for article in articles[:20]:  # warm up: models and dictionaries load on first use
        enrich(article)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for article in articles:
            enrich(article)
        best = min(best, time.perf_counter() - start)
    return len(articles) / best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True,
                        help="nordic_dsl_dev.csv, or the datasets folder holding lid/")
    parser.add_argument("--every", type=int, default=1, help="score every Nth sentence only")
    parser.add_argument("--offset", type=int, default=0, help="starting from this row")
    parser.add_argument("--no-speed", action="store_true", help="accuracy only")
    args = parser.parse_args(argv)
    rows = load_rows(args.data, args.every, args.offset)
    configured = tuple(load_config().languages)

    start = time.perf_counter()
    lexicon()
    print(f"word lists loaded in {time.perf_counter() - start:.2f} s (simplemma, disk-cached)\n")
    print(f"NordicDSL dev ({len(rows)} sentences)\n")
    print("| system | languages | accuracy | " + " | ".join(NORDIC) + " | µs/sentence |")
    print("|---|---|---:|" + "---:|" * len(NORDIC) + "---:|")
    results = {}
    confusion: Counter[tuple[str, str]] = Counter()
    for name, langs in (("Nordic six", NORDIC), (f"configured ({len(configured)})", configured)):
        for system, make in (("py3langid (baseline)", py3langid_baseline),
                             ("tidings, no word lists", without_word_lists),
                             ("tidings, no frequency levels", without_frequencies),
                             ("tidings", LanguageIdentifier)):
            counts = confusion if (system, langs) == ("tidings", NORDIC) else None
            acc, per, micros = accuracy(make(langs), rows, counts)
            results[(system, name)] = acc
            cells = " | ".join(f"{per.get(code, 0):.3f}" for code in NORDIC)
            print(f"| {system} | {name} | {acc:.4f} | {cells} | {micros:.0f} |")
    for name in ("Nordic six", f"configured ({len(configured)})"):
        base, ours = results[("py3langid (baseline)", name)], results[("tidings", name)]
        print(f"\n{name}: error rate tidings/py3langid = {(1 - ours) / max(1 - base, 1e-9):.2f}")
    print("\nConfusion of tidings over the Nordic six (rows: gold, columns: predicted)\n")
    print("| gold | " + " | ".join(NORDIC) + " |")
    print("|---|" + "---:|" * len(NORDIC))
    for gold in NORDIC:
        print(f"| {gold} | " + " | ".join(str(confusion[(gold, p)]) for p in NORDIC) + " |")
    if args.no_speed:
        return 0

    articles = _articles(rows)
    baseline = py3langid_baseline(configured)
    base_rate = _throughput(lambda a: baseline.classify(a.text), articles)
    whole = _throughput(LanguageStep(configured, blocks=False).enrich, articles)
    shared = _identifier(configured)  # the step's own identifier: its word lists off, then on
    lists, shared.wordlists = shared.wordlists, without_word_lists(()).wordlists
    try:
        no_lists = _throughput(LanguageStep(configured, blocks=False).enrich, articles)
    finally:
        shared.wordlists = lists
    blocks = _throughput(LanguageStep(configured).enrich, articles)
    lemmas = _throughput(LemmaStep().enrich, articles)
    print(f"\nSpeed on {len(articles)} articles of ~3,000 characters (one core)\n")
    print("| step | articles/s | ms/article | vs py3langid |")
    print("|---|---:|---:|---:|")
    for label, rate in (("py3langid, article only (baseline)", base_rate),
                        ("tidings language, article only", whole),
                        ("tidings language, article only, no word lists", no_lists),
                        ("tidings language, article + blocks", blocks),
                        ("tidings lemmas", lemmas)):
        print(f"| {label} | {rate:.0f} | {1000 / rate:.2f} | {rate / base_rate:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
