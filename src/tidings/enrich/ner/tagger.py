"""Loading the shipped CRF models and finding the names in a text.

Models are loaded lazily, one per language on first use (reading one takes milliseconds),
and shared by every step in the process.  They are trained with python-crfsuite and tagged
with :mod:`.crf`, which reads the same weights and skips CRFsuite's string handling.
Which model serves which language is declared in ``models.toml``; a language without a model of its
own falls back to the ``default`` one there, since capitalisation, shapes and the CLDR
gazetteer carry over between languages far better than nothing.
"""

from __future__ import annotations

import threading
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import ModelError
from ...model import Mention
from .crf import CrfModel, Decoder
from .features import Featurizer
from .gazetteer import Gazetteer
from .scoring import spans
from .tokenize import sentences, tokenize

__all__ = ["MODELS_DIR", "Recogniser", "model_table", "recogniser"]

#: Where the shipped weights and gazetteers live (inside the package).
MODELS_DIR = Path(str(resources.files(__package__).joinpath("models")))


@lru_cache(maxsize=1)
def model_table() -> dict[str, Any]:
    """``models.toml``: what trains each model, and which language uses which."""
    return tomllib.loads(resources.files(__package__).joinpath("models.toml").read_text("utf-8"))


class Recogniser:
    """Named-entity recognition over the models in one folder."""

    def __init__(self, folder: Path = MODELS_DIR, languages: dict[str, str] | None = None) -> None:
        self.folder = Path(folder)
        gazetteers = self.folder / "gazetteers.tsv"
        if not gazetteers.exists():
            raise ModelError(f"{gazetteers}: no NER gazetteers (run `make models`)")
        self.featurizer = Featurizer(Gazetteer.load(gazetteers))
        self.languages = dict(languages if languages is not None else model_table()["languages"])
        self._decoders: dict[str, Decoder] = {}
        self._lock = threading.RLock()

    def model_for(self, language: str | None) -> str:
        """The name of the model that serves ``language``."""
        return self.languages.get(language or "", self.languages.get("default", "sv"))

    def _decoder(self, name: str) -> Decoder:
        decoder = self._decoders.get(name)
        if decoder is None:
            path = self.folder / f"{name}.crfsuite"
            if not path.exists():
                raise ModelError(f"{path}: no NER model {name!r} (run `make models`)")
            with self._lock:
                decoder = self._decoders.get(name)
                if decoder is None:
                    decoder = self._decoders[name] = Decoder(CrfModel.load(path),
                                                             self.featurizer)
        return decoder

    def load_all(self) -> list[str]:
        """Load every model that some language uses (normally each loads on first use)."""
        names = sorted(set(self.languages.values()))
        for name in names:
            self._decoder(name)
        return names

    def tag(self, tokens: list[str], model: str) -> list[str]:
        """BIO tags for one sentence of tokens, with the model named ``model``."""
        if not tokens:
            return []
        with self._lock:
            return self._decoder(model).tag([tokens])[0]

    def tag_many(self, sentences: list[list[str]], model: str) -> list[list[str]]:
        """BIO tags for each sentence of tokens (together: faster than one by one)."""
        with self._lock:
            return self._decoder(model).tag(sentences)

    def mentions(self, text: str, language: str | None = None) -> list[Mention]:
        """Every name in ``text``, with offsets into it, in reading order."""
        model = self.model_for(language)
        found = sentences(tokenize(text), text)
        with self._lock:  # a decoder's caches grow as it tags
            decoder = self._decoder(model)
            ids = decoder.label_ids([[t[0] for t in s] for s in found])
        labels = decoder.model.labels
        outside = labels.index("O") if "O" in labels else -1
        named = np.flatnonzero(ids != outside)
        if not len(named):
            return []  # most articles have names, but most sentences none
        ends = np.cumsum([len(s) for s in found])
        out = []
        for k in np.unique(np.searchsorted(ends, named, side="right")).tolist():
            sentence = found[k]
            start = int(ends[k]) - len(sentence)
            tags = [labels[y] for y in ids[start:start + len(sentence)].tolist()]
            for first, end, kind in sorted(spans(tags)):
                begin, finish = sentence[first][1], sentence[end - 1][2]
                out.append(Mention(surface=text[begin:finish], type=kind, start=begin, end=finish))
        return out


_shared: dict[Path, Recogniser] = {}


def recogniser(folder: Path = MODELS_DIR) -> Recogniser:
    """The process-wide recogniser for ``folder`` (models are loaded once)."""
    found = _shared.get(folder)
    if found is None:
        found = _shared[folder] = Recogniser(folder)
    return found
