"""Named-entity recognition: PER, ORG, LOC and MISC in sv, nb, nn, da, is, fo, fi and en.

Small CRF models (python-crfsuite) trained on the open corpora in ../shared/datasets/ner by
``scripts/train_ner.py`` (``make models``) and shipped in ``models/``, with CLDR
gazetteers of country and language names in every language.

>>> from tidings.enrich.ner import recognise
>>> [(m.surface, m.type) for m in recognise("Kim Jong-un lovade stöd till Ryssland.", "sv")]  # doctest: +SKIP
[('Kim Jong-un', 'PER'), ('Ryssland', 'LOC')]
"""

from __future__ import annotations

from ...model import Mention
from .step import NerStep
from .tagger import Recogniser, recogniser

__all__ = ["NerStep", "Recogniser", "recognise"]


def recognise(text: str, language: str | None = None) -> list[Mention]:
    """The named entities in ``text``, read with the model for ``language``."""
    return recogniser().mentions(text, language)
