"""The FastAPI application factory and what every route shares.

``create_app(db)`` opens the store once and mounts three routers: HTML pages,
the JSON API under ``/api/v1`` (OpenAPI docs at ``/docs``) and Atom feeds.

Handlers are ``async`` on purpose: they all run on the event loop's one thread,
so the one SQLite connection is never used by two threads at once and needs no
lock; each request is a few milliseconds of SQLite and Jinja work.

Access: reading is open unless ``web.open_read`` is false; writing (the ingest
endpoint) always needs ``web.api_token``, given as ``Authorization: Bearer
TOKEN`` (or ``?token=`` for feed readers and browsers, which then keep it in a
cookie).  With no token configured, ingest is switched off.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from .. import __version__
from ..config import Config, load_config
from ..errors import ConfigError, TidingsError
from ..storage import Store, open_store

__all__ = ["WebSettings", "create_app", "etag_response", "require_read", "require_write",
           "settings_from", "state"]


@dataclass(slots=True)
class WebSettings:
    """The ``[web]`` section of the configuration."""

    host: str = "127.0.0.1"
    port: int = 8000
    api_token: str = ""
    open_read: bool = True
    page_size: int = 20
    max_page_size: int = 200
    max_ingest_bytes: int = 8 * 1024 * 1024


def settings_from(config: Config) -> WebSettings:
    raw = config.section("web")
    try:
        return WebSettings(**{k: raw[k] for k in WebSettings.__slots__ if k in raw})  # type: ignore[attr-defined]
    except TypeError as exc:
        raise ConfigError(f"[web]: {exc}") from exc


@dataclass(slots=True)
class AppState:
    store: Store
    config: Config
    settings: WebSettings
    templates: Jinja2Templates


def state(request: Request) -> AppState:
    return request.app.state.tidings  # type: ignore[no-any-return]


def _token_given(request: Request) -> str:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.query_params.get("token") or request.cookies.get("tidings_token") or ""


def _token_ok(request: Request) -> bool:
    expected = state(request).settings.api_token
    # compare_digest: no timing side channel on the token
    return bool(expected) and hmac.compare_digest(_token_given(request).encode(), expected.encode())


def require_read(request: Request) -> None:
    """Dependency on every reading route: open by default, closable in config."""
    if not state(request).settings.open_read and not _token_ok(request):
        raise HTTPException(401, "reading needs the API token (web.open_read is false)",
                            headers={"WWW-Authenticate": "Bearer"})


def require_write(request: Request) -> None:
    settings = state(request).settings
    if not settings.api_token:
        raise HTTPException(403, "ingest is switched off: set web.api_token to enable it")
    if not _token_ok(request):
        raise HTTPException(401, "a valid API token is needed", headers={"WWW-Authenticate": "Bearer"})


def etag_response(request: Request, payload: Any = None, *, body: bytes | None = None,
                  media_type: str = "application/json", headers: dict[str, str] | None = None
                  ) -> Response:
    """A response with a strong ETag of its body; 304 when the client already has it."""
    if body is None:
        body = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
    tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    extra = {"ETag": tag, "Cache-Control": "no-cache", **(headers or {})}
    given = request.headers.get("if-none-match", "")
    if tag in [t.strip().removeprefix("W/") for t in given.split(",")]:
        return Response(status_code=304, headers=extra)
    return Response(content=body, media_type=media_type, headers=extra)


def create_app(db: str | Store | None = None, config: Config | None = None) -> FastAPI:
    """The web app over the store at ``db`` (a path, URL or an open Store)."""
    config = config or load_config(db=db if isinstance(db, str) else None)
    store = db if isinstance(db, Store) else open_store(config.db)
    settings = settings_from(config)
    package = resources.files("tidings.web")
    templates = Jinja2Templates(directory=str(package.joinpath("templates")))
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        _warm_up(list(store.facets().get("language", {})))
        yield
        if not isinstance(db, Store):  # a store handed in belongs to the caller
            store.close()

    app = FastAPI(title="tidings", lifespan=lifespan, version=__version__,
                  description="Browse, search and follow news stories across outlets and "
                              "languages. Lists take `limit` and `offset`; every JSON answer "
                              "carries an ETag (send `If-None-Match` to get 304).",
                  docs_url="/docs", openapi_url="/api/v1/openapi.json")
    app.state.tidings = AppState(store, config, settings, templates)
    app.mount("/static", StaticFiles(directory=str(package.joinpath("static"))), name="static")

    from . import api, feeds, pages  # late: they import helpers from this module

    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(feeds.router)

    @app.exception_handler(TidingsError)
    async def _tidings_error(request: Request, exc: TidingsError) -> Response:
        # Library errors reach the user as a clear message, never a traceback.
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(exc)}, status_code=500)
        return HTMLResponse(f"<h1>Error</h1><p>{_escape(str(exc))}</p>", status_code=500)

    return app


def _warm_up(languages: list[str]) -> None:
    """Load the lemma dictionaries in the background so the first search is not slow.

    Only simplemma is touched (never the store's connection), so the thread is safe.
    """
    from ..storage.search import query_forms

    threading.Thread(target=query_forms, args=("tidings", languages), daemon=True,
                     name="tidings-warm-up").start()


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))
