"""Configuration: package defaults, then the user's ``tidings.toml``, then
``TIDINGS_*`` environment variables, then flags (each overrides the one before).

The defaults live in ``defaults.toml`` beside this module, so every knob is
documented in one place.  Environment variables name a key in upper case with
its section: ``TIDINGS_DB`` sets ``db``, ``TIDINGS_INGEST__MAX_INPUT_BYTES``
sets ``ingest.max_input_bytes``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError

__all__ = ["Config", "load_config"]


@dataclass(slots=True)
class Config:
    db: str = "tidings.db"
    languages: list[str] = field(default_factory=list)
    max_input_bytes: int = 32 * 1024 * 1024
    batch_size: int = 200
    raw: dict[str, Any] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        return dict(self.raw.get(name, {}))


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _coerce(text: str, like: Any) -> Any:
    if isinstance(like, bool):
        return text.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(like, int):
        return int(text)
    if isinstance(like, float):
        return float(text)
    if isinstance(like, list):
        return [t.strip() for t in text.split(",") if t.strip()]
    return text


def _from_env(defaults: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in env.items():
        if not key.startswith("TIDINGS_"):
            continue
        path = key[len("TIDINGS_"):].lower().split("__")
        like: Any = defaults
        for part in path:
            like = like.get(part) if isinstance(like, dict) else None
        if like is None or isinstance(like, dict):
            continue  # not one of ours: ignore rather than guess
        try:
            coerced = _coerce(value, like)
        except ValueError as exc:
            raise ConfigError(f"{key}={value!r}: {exc}") from exc
        node = out
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = coerced
    return out


def load_config(path: str | Path | None = None, env: dict[str, str] | None = None,
                **flags: Any) -> Config:
    """Build the configuration; ``flags`` with value None are ignored."""
    text = resources.files("tidings").joinpath("defaults.toml").read_text("utf-8")
    data = tomllib.loads(text)
    defaults = data
    user = Path(path) if path else Path("tidings.toml")
    if path and not user.exists():
        raise ConfigError(f"{user}: configuration file not found")
    if user.exists():
        try:
            data = _merge(data, tomllib.loads(user.read_text("utf-8")))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{user}: {exc}") from exc
    data = _merge(data, _from_env(defaults, dict(os.environ if env is None else env)))
    data = _merge(data, {k: v for k, v in flags.items() if v is not None})
    ingest = data.get("ingest", {})
    try:
        return Config(
            db=str(data.get("db", "tidings.db")),
            languages=list(data.get("languages", [])),
            max_input_bytes=int(ingest.get("max_input_bytes", 32 * 1024 * 1024)),
            batch_size=int(ingest.get("batch_size", 200)),
            raw=data,
        )
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"invalid configuration: {exc}") from exc
