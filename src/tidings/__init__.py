"""tidings: news intelligence for messy, multilingual news input.

The public surface is the list in ``__all__``: ingest inputs into a store, open
a store, the records, the pipeline's building blocks and the error tree.
"""

__version__ = "0.1.0"

from .api import default_pipeline, ingest, open, read_inputs  # noqa: E402
from .config import Config, load_config  # noqa: E402
from .errors import (  # noqa: E402
    BinaryInput, ConfigError, DecodingError, EmptyInput, InputError, PipelineError, SchemaError,
    StorageError, TidingsError, TooLarge,
)
from .export import article_record, export_articles  # noqa: E402
from .model import (  # noqa: E402
    Article, CitedSource, Entity, Event, Mention, Quote, Storyline,
)
from .pipeline import Drop, Enricher, Filter, Pipeline, RunReport, Splitter, Step  # noqa: E402
from .storage import MemoryStore, SQLiteStore, Store, open_store  # noqa: E402

__all__ = [
    "Article", "BinaryInput", "CitedSource", "Config", "ConfigError", "DecodingError", "Drop",
    "EmptyInput", "Enricher", "Entity", "Event", "Filter", "InputError", "MemoryStore", "Mention",
    "Pipeline", "PipelineError", "Quote", "RunReport", "SQLiteStore", "SchemaError", "Splitter",
    "Step", "StorageError", "Store", "Storyline", "TidingsError", "TooLarge", "__version__",
    "article_record", "default_pipeline", "export_articles", "ingest", "load_config", "open",
    "open_store", "read_inputs",
]
