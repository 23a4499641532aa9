"""Language commands: ``tidings langid`` (stdin lines -> code and confidence)."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from ..config import load_config
from ..errors import ConfigError
from ..enrich.language import LanguageIdentifier
from . import app, fail

__all__: list[str] = []


@app.command()
def langid(languages: Annotated[Optional[str], typer.Option(
               "--languages", "-l",
               help="Comma-separated codes to choose among (default: the `languages` setting).")
           ] = None) -> None:
    """Identify the language of each line on standard input.

    Prints one line per input line: the language code, a tab and the confidence
    (0 to 1); a line without letters gives [bold]und[/] and 0.

    Example: [bold]printf 'Eg veit ikkje kva eg skal gjere\\n' | tidings langid[/]
    """
    try:
        chosen = ([c.strip() for c in languages.split(",") if c.strip()] if languages
                  else load_config().languages)
        identifier = LanguageIdentifier(chosen)
    except ConfigError as exc:
        raise fail(exc, 2) from exc
    write = sys.stdout.write
    for line in sys.stdin:
        code, confidence = identifier.classify(line.rstrip("\n"))
        write(f"{code}\t{confidence:.4f}\n")
    sys.stdout.flush()
