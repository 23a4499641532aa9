"""Core commands: ingest, articles, show, export, and the --version callback."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from .. import __version__
from ..api import ingest as api_ingest
from ..config import load_config
from ..errors import ConfigError, InputError, StorageError
from ..export import FORMATS, article_record, export_articles
from ..model import Article
from . import DbOption, fail, store_for, app, err, out

__all__: list[str] = []


@app.callback(invoke_without_command=True)
def main(version: Annotated[bool, typer.Option("--version", help="Print the version.")] = False
         ) -> None:
    if version:
        out.print(__version__)
        raise typer.Exit(0)


@app.command()
def ingest(paths: Annotated[list[str], typer.Argument(help="Files, folders or http(s) URLs of feeds "
                                                               "or pages to read.")],
           db: DbOption = None,
           json_report: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False
           ) -> None:
    """Read inputs (text dumps, HTML, WARC, JSONL, RSS/Atom feeds; files, folders or
    http(s) URLs), extract articles and store the new ones.

    Exit code: 0 when every input was read, 3 when some inputs were refused (each
    is named with its reason) and the rest stored, 1 when nothing could be read.

    Example: [bold]tidings ingest ../shared/seeds/ --db news.db[/]
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    try:
        config = load_config(db=db)
    except ConfigError as exc:
        raise fail(exc) from exc
    progress = Progress(TextColumn("[bold]reading[/]"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
                        transient=True, disable=not err.is_terminal)
    with progress:
        task = progress.add_task("", total=None)

        def on_file(name: str) -> None:
            progress.update(task, advance=1, description=Path(name).name[-40:])

        try:
            report = api_ingest(paths, config=config, on_file=on_file)
        except (StorageError, ConfigError) as exc:
            raise fail(exc) from exc
    if json_report:
        out.print_json(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        report.render(out)
    raise typer.Exit(report.exit_code)


@app.command()
def articles(db: DbOption = None,
             lang: Annotated[Optional[str], typer.Option("--lang", help="Only this language.")] = None,
             limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many.")] = 50
             ) -> None:
    """List stored articles: id, date, language, title.

    Example: [bold]tidings articles --lang sv -n 20[/]
    """
    with store_for(db) as store:
        table = Table(show_edge=False, pad_edge=False)
        table.add_column("id", no_wrap=True)
        table.add_column("published", no_wrap=True)
        table.add_column("lang", no_wrap=True)
        table.add_column("title", min_width=36, ratio=1)
        wide = out.width >= 110  # the source column only where there is room for titles too
        if wide:
            table.add_column("source", no_wrap=True, overflow="ellipsis", max_width=24)
        shown = 0
        for a in store.articles(language=lang, limit=limit):
            row = [a.id[:10], _date(a), a.language or "", a.title or "(no title)"]
            table.add_row(*row, *([f"{Path(a.source).name}#{a.position}"] if wide else []))
            shown += 1
        out.print(table)
        out.print(f"{shown} of {store.count()} article(s)")


def _date(article: Article) -> str:
    if not article.published:
        return ""
    text = article.published.isoformat()[:16].replace("T", " ")
    return text if article.date_reliable else f"{text}?"


@app.command()
def show(article_id: Annotated[str, typer.Argument(help="Article id (a unique prefix will do).")],
         db: DbOption = None,
         as_json: Annotated[bool, typer.Option("--json", help="Print the article as JSON.")] = False
         ) -> None:
    """Show one article: its metadata and clean text.

    Example: [bold]tidings show 3f2a9c --json[/]
    """
    with store_for(db) as store:
        article = store.get(article_id)
    if article is None:
        raise fail(LookupError(f"no article with id {article_id!r} (or the prefix is ambiguous)"))
    if as_json:
        sys.stdout.write(json.dumps(article_record(article), ensure_ascii=False, indent=2) + "\n")
        return
    out.print(f"[bold]{article.title or '(no title)'}[/]")
    meta = [("id", article.id), ("published", _date(article)), ("language", article.language),
            ("authors", ", ".join(article.authors)), ("photo", ", ".join(article.photo_credits)),
            ("captions", " | ".join(article.image_captions)), ("tags", ", ".join(article.tags)),
            ("related", " | ".join(article.related_titles)), ("source", article.source),
            ("event", article.event_id or ""), ("storyline", article.storyline_id or ""),
            ("copy of", article.duplicate_of or "")]
    for key, value in meta:
        if value:
            out.print(f"[dim]{key:>10}[/] {value}")
    out.print()
    if article.lead:
        out.print(f"[italic]{article.lead}[/]\n")
    for para in article.body:
        out.print(para + "\n")


@app.command()
def export(fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of {', '.join(FORMATS)}.")
                          ] = "jsonl",
           output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File to write "
                                                          "(default stdout; required for parquet).")
                             ] = None,
           db: DbOption = None,
           lang: Annotated[Optional[str], typer.Option("--lang", help="Only this language.")] = None
           ) -> None:
    """Export stored articles as JSONL, Parquet or CSV.

    Example: [bold]tidings export --format parquet -o articles.parquet[/]
    """
    with store_for(db) as store:
        try:
            n = export_articles(store.articles(language=lang), fmt, output)
        except (ConfigError, InputError) as exc:
            raise fail(exc, 2) from exc
    if output is not None:
        err.print(f"{n} article(s) written to {output}")


