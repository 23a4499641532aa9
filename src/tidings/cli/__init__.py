"""The command line: a thin adapter over the library (sqlite-utils' idea).

Each command opens the store, makes one library call and turns library errors
into a clear message and an exit code.  ``app`` and the shared helpers live
here; each area registers its commands from a module of its own (``core``:
ingest, articles, show, export), imported at the bottom of this file.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.console import Console

from ..config import load_config
from ..errors import TidingsError
from ..storage import Store, open_store

__all__ = ["DbOption", "app", "err", "fail", "out", "run", "store_for"]

app = typer.Typer(
    name="tidings", no_args_is_help=True, add_completion=False, rich_markup_mode="rich",
    help="tidings: news intelligence. Clean articles from messy news input, and what is in them.")
out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False)

DbOption = Annotated[Optional[str], typer.Option(
    "--db", envvar="TIDINGS_DB", help="Store to use (default ./tidings.db or $TIDINGS_DB).",
    show_default=False)]


def fail(exc: Exception, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/] {exc}", highlight=False)
    return typer.Exit(code)


def store_for(db: str | None) -> Store:
    try:
        return open_store(load_config(db=db).db)
    except TidingsError as exc:
        raise fail(exc) from exc


def run() -> None:
    """Console-script entry point."""
    app()


# Command modules register themselves on ``app``; keep these imports last.
from . import core  # noqa: E402,F401
from . import web  # noqa: E402,F401
from . import language  # noqa: E402,F401
from . import entities  # noqa: E402,F401
from . import stories  # noqa: E402,F401
