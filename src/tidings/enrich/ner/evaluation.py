"""Scoring a recogniser on the corpora's dev splits, and the CoNLL baseline to compare with.

Shared by ``benchmarks/bench_ner.py`` and the floor test, so the figure in
docs/benchmarks.md and the one CI checks are computed the same way.  Evaluation tags the
corpus's own tokens (gold tokenisation, as CoNLL scoring does), one sentence at a time.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from .corpora import Sentence, corpora, load_split
from .scoring import Score, score, spans
from .tagger import Recogniser

__all__ = ["Memoriser", "dev_pairs", "evaluate"]


def dev_pairs(recogniser: Recogniser) -> list[tuple[str, str, str]]:
    """``(corpus, language, model)`` for every corpus with a dev split: the model that an
    article in the corpus's language would get, so the scores are the ones users see."""
    out = []
    for name, corpus in corpora().items():
        if corpus.dev or corpus.holdout:
            out.append((name, corpus.language, recogniser.model_for(corpus.language)))
    return out


def evaluate(recogniser: Recogniser, data: str | Path, corpus: str, model: str | None = None,
             limit: int | None = None) -> Score:
    """Entity-level score of ``model`` (default: the one for the corpus's language) on the dev
    split of ``corpus``; ``limit`` takes only the first sentences, for quick checks."""
    dev = load_split(data, corpus, "dev")[:limit]
    model = model or recogniser.model_for(corpora()[corpus].language)
    return score([tags for _, tags in dev], [recogniser.tag(tokens, model) for tokens, _ in dev])


class Memoriser:
    """The CoNLL-2003 baseline: tag every name seen in training with its most frequent type.

    Matching is longest first on exact tokens; a phrase seen as a name of two types keeps
    the more frequent one.  It shows how much of a dev split is just recall of the training
    names, and so what the model adds beyond memory.
    """

    def __init__(self, train: Iterable[Sentence], longest: int = 6) -> None:
        kinds: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
        for tokens, tags in train:
            for start, end, kind in spans(tags):
                if end - start <= longest:
                    kinds[tuple(tokens[start:end])][kind] += 1
        self.names = {phrase: c.most_common(1)[0][0] for phrase, c in kinds.items()}
        self.longest = longest

    def tag(self, tokens: list[str]) -> list[str]:
        out = ["O"] * len(tokens)
        i = 0
        while i < len(tokens):
            for n in range(min(self.longest, len(tokens) - i), 0, -1):
                kind = self.names.get(tuple(tokens[i:i + n]))
                if kind:
                    out[i:i + n] = ["B-" + kind] + ["I-" + kind] * (n - 1)
                    i += n
                    break
            else:
                i += 1
        return out

    def evaluate(self, data: str | Path, corpus: str) -> Score:
        dev = load_split(data, corpus, "dev")
        return score([tags for _, tags in dev], [self.tag(tokens) for tokens, _ in dev])
