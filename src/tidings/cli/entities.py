"""Entity commands: entities, entity NAME, quotes.

Each opens the store, makes one library call (``Store.entities``, ``entity``,
``entity_mentions``, ``quotes``) and prints the result as a table or, with ``--json``,
as JSON.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Annotated, Optional

import typer
from rich.table import Table

from . import DbOption, app, fail, out, store_for

__all__: list[str] = []

_TYPES = ("PER", "ORG", "LOC", "MISC")
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _json(value: object) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


@app.command()
def entities(db: DbOption = None,
             lang: Annotated[Optional[str], typer.Option("--lang", help="Only entities named in "
                                                         "articles of this language.")] = None,
             type_: Annotated[Optional[str], typer.Option("--type", help="PER, ORG, LOC or MISC.")
                              ] = None,
             limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many.")] = 50,
             as_json: JsonOption = False) -> None:
    """List canonical entities, most mentioned first: one row per person, organisation or
    place, whatever language or form the articles name it in.

    Example: [bold]tidings entities --type PER --lang sv[/]
    """
    if type_ is not None and type_.upper() not in _TYPES:
        raise fail(ValueError(f"--type must be one of {', '.join(_TYPES)}"), 2)
    with store_for(db) as store:
        rows = store.entities(language=lang, type=type_.upper() if type_ else None, limit=limit)
    if as_json:
        _json([asdict(r) for r in rows])
        return
    table = Table(show_edge=False, pad_edge=False)
    for col in ("id", "type", "name", "articles", "cited", "other names"):
        table.add_column(col, no_wrap=col != "other names")
    for r in rows:
        others = sorted({*r.names.values(), *r.aliases} - {r.name})
        table.add_row(r.id[:10], r.type, r.name, str(r.articles), str(r.cited or ""),
                      ", ".join(others[:6]) + (" …" if len(others) > 6 else ""))
    out.print(table)
    out.print(f"{len(rows)} entit{'y' if len(rows) == 1 else 'ies'}")


@app.command()
def entity(name: Annotated[str, typer.Argument(help="A name in any language or form, or an id.")],
           db: DbOption = None, as_json: JsonOption = False) -> None:
    """Show one entity: its names per language, the articles that mention it over time,
    and its quotes.

    Example: [bold]tidings entity "Kim Jong Un"[/]
    """
    with store_for(db) as store:
        found = store.entity(name)
        if found is None:
            raise fail(LookupError(f"no entity named {name!r}"))
        mentions = store.entity_mentions(found.id)
        said = store.quotes(speaker_ids={found.id})
    if as_json:
        _json({**asdict(found), "mentions": [asdict(m) for m in mentions],
               "quotes": [asdict(q) for q in said]})
        return
    out.print(f"[bold]{found.name}[/] ({found.type}, id {found.id})")
    for lang, text in sorted(found.names.items()):
        out.print(f"[dim]{lang:>6}[/] {text}")
    others = [a for a in found.aliases if a not in found.names.values()]
    if others:
        out.print(f"[dim]  also[/] {', '.join(others)}")
    out.print(f"\n[bold]Mentioned in {len(mentions)} article(s)[/]")
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("published", no_wrap=True, min_width=10)
    table.add_column("lang", no_wrap=True, min_width=4)
    table.add_column("article", overflow="ellipsis", no_wrap=True, max_width=44)
    table.add_column("as", ratio=1)
    for m in mentions:
        title = (m.title or "(no title)")[:60]
        table.add_row((m.published or "")[:10], m.language or "", f"{m.article_id[:10]} {title}",
                      ", ".join(m.surfaces) + (" (cited)" if m.cited else ""))
    out.print(table)
    if said:
        out.print(f"\n[bold]Quotes ({len(said)})[/]")
        for q in said:
            out.print(f"{(q.published or '')[:10]} [italic]“{q.text}”[/] ({q.verb or '—'})")


@app.command()
def quotes(db: DbOption = None,
           speaker: Annotated[Optional[str], typer.Option("--speaker", help="Only this person "
                                                          "or body (any name or form).")] = None,
           limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many.")] = 50,
           as_json: JsonOption = False) -> None:
    """List quotes with their speakers and reporting verbs, oldest first.

    Example: [bold]tidings quotes --speaker "Ulf Kristersson"[/]
    """
    with store_for(db) as store:
        ids = None
        if speaker is not None:
            found = store.entity(speaker)
            if found is None:
                raise fail(LookupError(f"no entity named {speaker!r}"))
            ids = {found.id}
        rows = store.quotes(speaker_ids=ids, limit=limit)
    if as_json:
        _json([asdict(r) for r in rows])
        return
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("published", no_wrap=True, min_width=10)
    table.add_column("speaker", max_width=24)
    table.add_column("verb", no_wrap=True)
    table.add_column("quote", ratio=1)
    for r in rows:
        table.add_row((r.published or "")[:10], r.speaker or "?", r.verb or "",
                      r.text if r.direct else f"({r.text})")
    out.print(table)
    out.print(f"{len(rows)} quote(s)")
