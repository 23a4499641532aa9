"""Loading the shipped CRF models and finding the names in a text.

Models are loaded lazily, one per language on first use (pycrfsuite maps the file, so
opening one takes milliseconds), and shared by every step in the process.  Which model
serves which language is declared in ``models.toml``; a language without a model of its
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

from ...errors import ModelError
from ...model import Mention
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
        self._taggers: dict[str, Any] = {}
        self._lock = threading.Lock()

    def model_for(self, language: str | None) -> str:
        """The name of the model that serves ``language``."""
        return self.languages.get(language or "", self.languages.get("default", "sv"))

    def _tagger(self, name: str) -> Any:
        tagger = self._taggers.get(name)
        if tagger is None:
            import pycrfsuite

            path = self.folder / f"{name}.crfsuite"
            if not path.exists():
                raise ModelError(f"{path}: no NER model {name!r} (run `make models`)")
            with self._lock:
                tagger = pycrfsuite.Tagger()
                try:
                    tagger.open(str(path))
                except Exception as exc:  # crfsuite raises bare ValueError/OSError
                    raise ModelError(f"{path}: cannot load NER model ({exc})") from exc
                self._taggers[name] = tagger
        return tagger

    def load_all(self) -> list[str]:
        """Load every model that some language uses (normally each loads on first use)."""
        names = sorted(set(self.languages.values()))
        for name in names:
            self._tagger(name)
        return names

    def tag(self, tokens: list[str], model: str) -> list[str]:
        """BIO tags for one sentence of tokens, with the model named ``model``."""
        if not tokens:
            return []
        return list(self._tagger(model).tag(self.featurizer.sentence(tokens)))

    def mentions(self, text: str, language: str | None = None) -> list[Mention]:
        """Every name in ``text``, with offsets into it, in reading order."""
        model = self.model_for(language)
        out = []
        for sentence in sentences(tokenize(text), text):
            words = [t[0] for t in sentence]
            for start, end, kind in sorted(spans(self.tag(words, model))):
                begin, finish = sentence[start][1], sentence[end - 1][2]
                out.append(Mention(surface=text[begin:finish], type=kind, start=begin, end=finish))
        return out


_shared: dict[Path, Recogniser] = {}


def recogniser(folder: Path = MODELS_DIR) -> Recogniser:
    """The process-wide recogniser for ``folder`` (models are loaded once)."""
    found = _shared.get(folder)
    if found is None:
        found = _shared[folder] = Recogniser(folder)
    return found
