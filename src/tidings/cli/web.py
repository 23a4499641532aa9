"""``tidings serve``: the web UI, the JSON API and the Atom feeds over a store."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..config import load_config
from ..errors import TidingsError
from . import DbOption, app, err, fail

__all__: list[str] = []


@app.command()
def serve(db: DbOption = None,
          host: Annotated[Optional[str], typer.Option(
              "--host", help="Address to listen on (default web.host, 127.0.0.1).")] = None,
          port: Annotated[Optional[int], typer.Option(
              "--port", help="Port (default web.port, 8000).")] = None) -> None:
    """Serve the web UI, the JSON API (/api/v1, docs at /docs) and Atom feeds.

    Reading is open unless web.open_read is false; POST /api/v1/ingest needs
    web.api_token (TIDINGS_WEB__API_TOKEN).

    Example: [bold]tidings serve --db news.db --port 8000[/]
    """
    from ..web import serve as run_server
    from ..web.app import settings_from

    try:
        config = load_config(db=db)
        settings = settings_from(config)
        where = f"http://{host or settings.host}:{port or settings.port}/"
        err.print(f"tidings: serving {config.db} at [bold]{where}[/] (Ctrl-C to stop)")
        run_server(config.db, host, port)
    except TidingsError as exc:
        raise fail(exc) from exc
