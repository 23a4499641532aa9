"""The web app: HTML pages, the JSON API under /api/v1 and Atom feeds, over one store.

>>> from tidings.web import create_app            # doctest: +SKIP
>>> app = create_app("news.db")                   # an ASGI app: uvicorn, TestClient, ...
"""

from __future__ import annotations

from .app import WebSettings, create_app, settings_from

__all__ = ["WebSettings", "create_app", "serve", "settings_from"]


def serve(db: str | None = None, host: str | None = None, port: int | None = None) -> None:
    """Serve the store at ``db`` with uvicorn until interrupted (``tidings serve``)."""
    import uvicorn

    from ..config import load_config

    config = load_config(db=db)
    settings = settings_from(config)
    app = create_app(config.db, config)
    uvicorn.run(app, host=host or settings.host, port=port or settings.port, log_level="warning")
