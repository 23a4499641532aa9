"""Finding the original of each new article among those seen before.

The index is streaming state: exact keys of every article seen (cheap, and an
exact copy is a copy whenever it turns up), and MinHash signatures of the
articles of the last ``window_days`` in an LSH index (syndicated copies run within
days of each other, and a bounded window keeps memory and lookups flat as the
store grows).  The earliest article of a group is its original; a copy of a copy
points at the group's original, so ``duplicate_of`` is never a chain.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from .minhash import SCHEME, jaccard

__all__ = ["DedupConfig", "DuplicateIndex"]


@dataclass(slots=True, frozen=True)
class DedupConfig:
    """Settings of the ``[dedup]`` section of the configuration."""

    threshold: float = 0.7  # estimated Jaccard of word 3-grams at which two texts are copies
    num_perm: int = 128
    window_days: float = 7.0
    min_shingles: int = 12  # shorter texts are too short to call near-copies; exact match only

    @classmethod
    def from_section(cls, section: dict) -> DedupConfig:
        return cls(**{k: v for k, v in section.items() if k in cls.__slots__})


class DuplicateIndex:
    """Exact keys and a time-windowed MinHash LSH over the articles seen so far."""

    def __init__(self, config: DedupConfig = DedupConfig()) -> None:
        self.config = config
        self._exact: dict[str, str] = {}  # exact key -> original article id
        self._original: dict[str, str] = {}  # article id in the window -> its group's original
        self._ts: dict[str, float] = {}
        self._signatures: dict[str, np.ndarray] = {}
        self._order: deque[tuple[float, str]] = deque()  # window, in time order
        self._lsh = MinHashLSH(threshold=config.threshold, num_perm=config.num_perm)

    def _prune(self, now: float) -> None:
        horizon = now - self.config.window_days * 86400.0
        while self._order and self._order[0][0] < horizon:
            _, old = self._order.popleft()
            if old in self._signatures:
                self._lsh.remove(old)
                del self._signatures[old]
            self._original.pop(old, None)
            self._ts.pop(old, None)

    def find(self, article_id: str, ts: float, key: str, sig: np.ndarray | None,
             n_shingles: int) -> str | None:
        """The original that ``article_id`` copies, or None; then remember the article."""
        self._prune(ts)
        original = self._exact.get(key)
        if original is None and sig is not None and n_shingles >= self.config.min_shingles:
            original = self._near(sig)
        self.remember(article_id, ts, key, sig, n_shingles, original)
        return original

    def _near(self, sig: np.ndarray) -> str | None:
        mh = MinHash(num_perm=len(sig), hashvalues=sig, scheme=SCHEME)
        best: tuple[float, str] | None = None
        for candidate in self._lsh.query(mh):
            if jaccard(sig, self._signatures[candidate]) < self.config.threshold:
                continue  # LSH returns false positives; the estimate decides
            root = self._original.get(candidate, candidate)
            rank = (self._ts.get(root, self._ts[candidate]), root)
            if best is None or rank < best:
                best = rank
        return best[1] if best else None

    def remember(self, article_id: str, ts: float, key: str, sig: np.ndarray | None,
                 n_shingles: int, original: str | None) -> None:
        """Add an article (new, or reloaded from the store) to the index."""
        self._exact.setdefault(key, original or article_id)
        if sig is None or n_shingles < self.config.min_shingles:
            return
        self._original[article_id] = original or article_id
        self._ts[article_id] = ts
        self._signatures[article_id] = sig
        self._lsh.insert(article_id, MinHash(num_perm=len(sig), hashvalues=sig, scheme=SCHEME))
        self._order.append((ts, article_id))

    def remember_key(self, key: str, original: str) -> None:
        """An exact key from outside the window (reloaded from the store)."""
        self._exact.setdefault(key, original)
