"""One error tree for tidings, translated once at the boundary.

::

    TidingsError                 base of everything tidings raises on purpose
    ├── ConfigError              bad configuration file, variable or flag
    ├── PipelineError            steps in an impossible order (checked when built)
    ├── ModelError               a shipped model or its data is missing or unreadable
    ├── Drop                     (tidings.pipeline) a step leaves one article out, with a reason
    ├── StorageError             the store cannot be opened, migrated or written
    │   └── SchemaError          the database was written by a newer tidings
    └── InputError               one input cannot be read; the run goes on
        ├── EmptyInput
        ├── BinaryInput
        ├── DecodingError        no text encoding fits the bytes
        ├── TooLarge             larger than ``max_input_bytes``
        └── CorruptInput         a truncated archive, a broken record, unparseable markup

Input errors are per document: readers catch them, count them with their reason
and go on.  Configuration, pipeline and storage errors stop the run, since going
on would lose or corrupt data.  Foreign errors (sqlite3, OSError, parsers) are
wrapped where they are raised with ``raise ... from exc``.
"""

from __future__ import annotations

__all__ = [
    "BinaryInput",
    "ConfigError",
    "CorruptInput",
    "DecodingError",
    "EmptyInput",
    "InputError",
    "ModelError",
    "PipelineError",
    "SchemaError",
    "StorageError",
    "TidingsError",
    "TooLarge",
]


class TidingsError(Exception):
    """Base class of every error tidings raises on purpose."""


class ConfigError(TidingsError):
    """A configuration file, environment variable or flag is invalid."""


class PipelineError(TidingsError):
    """Steps were put together in an order that cannot work."""


class ModelError(TidingsError):
    """A model shipped with tidings (weights, gazetteers) is missing or cannot be loaded."""


class StorageError(TidingsError):
    """The store could not be opened, migrated, read or written."""


class SchemaError(StorageError):
    """The database schema is newer than this version of tidings understands."""


class InputError(TidingsError):
    """One input could not be read.  ``source`` names it, ``reason`` says why."""

    reason = "unreadable"

    def __init__(self, source: str, detail: str = "") -> None:
        self.source = source
        self.detail = detail
        super().__init__(f"{source}: {self.reason}" + (f" ({detail})" if detail else ""))


class EmptyInput(InputError):
    reason = "empty"


class BinaryInput(InputError):
    reason = "binary, not text"


class DecodingError(InputError):
    reason = "no text encoding fits"


class TooLarge(InputError):
    reason = "too large"


class CorruptInput(InputError):
    reason = "corrupt or truncated"
