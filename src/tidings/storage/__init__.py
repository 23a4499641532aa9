"""Stores: the interface, SQLite (the default) and an in-memory one for tests."""

from __future__ import annotations

from pathlib import Path

from ..errors import StorageError
from .base import Store
from .memory import MemoryStore
from .sqlite import SQLiteStore

__all__ = ["MemoryStore", "SQLiteStore", "Store", "open_store"]


def open_store(url: str | Path) -> Store:
    """Open a store from a path or URL: ``memory://`` or a SQLite file path."""
    text = str(url)
    if text == "memory://":
        return MemoryStore()
    if text.startswith(("postgresql://", "postgres://")):
        raise StorageError(f"{text}: the PostgreSQL backend is not part of this version yet")
    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///"):]
    return SQLiteStore(text)
