"""Reading the named-entity corpora into one shape: sentences of tokens and BIO tags.

The corpora come in five layouts and as many tag sets (see ``corpora.toml`` beside this
module, where each one is described); training, the benchmark and the floor test all read
them through :func:`load_split`, so every figure is computed on the same sentences with the
same mapping to PER/ORG/LOC/MISC.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ...errors import ConfigError

__all__ = ["Corpus", "Sentence", "corpora", "load_split", "to_bio"]

#: A sentence: its tokens and one BIO tag per token (types PER, ORG, LOC, MISC).
Sentence = tuple[list[str], list[str]]


@dataclass(frozen=True, slots=True)
class Corpus:
    """One corpus as described in ``corpora.toml``."""

    name: str
    language: str
    format: str
    train: str
    scheme: str
    shippable: bool
    tags: dict[str, str]
    dev: str | None = None
    holdout: float = 0.0
    options: dict[str, Any] = field(default_factory=dict)


@lru_cache(maxsize=1)
def corpora() -> dict[str, Corpus]:
    """Every corpus described in ``corpora.toml``, by name."""
    table = tomllib.loads(resources.files(__package__).joinpath("corpora.toml").read_text("utf-8"))
    known = {"language", "format", "train", "scheme", "shippable", "tags", "dev", "holdout"}
    out = {}
    for name, spec in table["corpus"].items():
        out[name] = Corpus(name=name, **{k: v for k, v in spec.items() if k in known},
                           options={k: v for k, v in spec.items() if k not in known})
    return out


def load_split(root: str | Path, corpus: Corpus | str, split: str) -> list[Sentence]:
    """The ``split`` ("train" or "dev") of ``corpus`` under the datasets/ner folder ``root``.

    A corpus without a dev file keeps its last ``holdout`` fraction of train as dev, and its
    train split is the rest, so the two never overlap.
    """
    if isinstance(corpus, str):
        corpus = corpora()[corpus]
    if split not in {"train", "dev"}:
        raise ConfigError(f"unknown split {split!r} (train or dev)")
    root = Path(root)
    if split == "dev" and corpus.dev:
        return _read(root / corpus.dev, corpus)
    sentences = _read(root / corpus.train, corpus)
    if not corpus.holdout:
        if split == "dev":
            raise ConfigError(f"corpus {corpus.name} has no dev split")
        return sentences
    cut = int(len(sentences) * (1 - corpus.holdout))
    return sentences[:cut] if split == "train" else sentences[cut:]


def _read(path: Path, corpus: Corpus) -> list[Sentence]:
    if not path.exists():
        raise ConfigError(f"{path}: corpus file not found")
    raw = _jsonl(path) if corpus.format == "jsonl" else _columns(path, corpus.options)
    out = []
    for tokens, tags in raw:
        if tokens:
            out.append((tokens, to_bio(tags, corpus.tags, corpus.scheme)))
    return out


def _jsonl(path: Path) -> Iterator[tuple[list[str], list[str]]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                yield list(record["tokens"]), list(record["ner_tags"])


def _columns(path: Path, options: dict[str, Any]) -> Iterator[tuple[list[str], list[str]]]:
    token_col, tag_col = int(options["token_col"]), int(options["tag_col"])
    prefix = options.get("tag_prefix", "")
    drop = set(options.get("drop_tokens", ()))
    on_ws = options.get("split") == "ws"
    tokens: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as lines:
        if options.get("skip_header"):
            next(lines, None)
        for line in lines:
            line = line.rstrip("\n")
            if not line.strip():
                if tokens:
                    yield tokens, tags
                tokens, tags = [], []
                continue
            if line.startswith("#") and not on_ws or line.startswith("-DOCSTART-"):
                continue
            cols = line.split() if on_ws else line.split("\t")
            if len(cols) <= max(token_col, tag_col):
                continue
            token = cols[token_col]
            if token in drop or options.get("skip_markup") and _is_markup(token):
                continue
            tag = cols[tag_col]
            # NorNE keeps the tag among other key=value pairs of its MISC column.
            if prefix:
                tag = next((p[len(prefix):] for p in tag.split("|") if p.startswith(prefix)), "O")
            tokens.append(token)
            tags.append(tag)
    if tokens:
        yield tokens, tags


def _is_markup(token: str) -> bool:
    return token.startswith("<") and token.endswith(">") and len(token) > 2


def to_bio(tags: list[str], mapping: dict[str, str], scheme: str) -> list[str]:
    """Corpus tags as BIO over PER/ORG/LOC/MISC.

    Types the mapping does not name (or maps to "") become O.  In an IO scheme a new
    entity starts wherever the type changes, the only boundary IO can express.
    """
    out: list[str] = []
    previous = "O"
    for tag in tags:
        prefix, _, kind = tag.partition("-") if tag[:2] in {"B-", "I-"} else ("", "", tag)
        mapped = mapping.get(kind, "")
        if not mapped:
            out.append("O")
            previous = "O"
            continue
        begins = prefix == "B" if scheme == "bio" else False
        if begins or previous != mapped:
            out.append("B-" + mapped)
        else:
            out.append("I-" + mapped)
        previous = mapped
    return out
