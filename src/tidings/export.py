"""Exporting articles as JSONL, Parquet or CSV.

Every format carries the same record per article (:func:`article_record`), with
the field names users see everywhere: ``show --json``, the exports and the API.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from .errors import ConfigError
from .model import Article

__all__ = ["FORMATS", "article_record", "export_articles"]

FORMATS = ("jsonl", "parquet", "csv")

_LIST_FIELDS = ("authors", "author_organisations", "photo_credits", "image_captions", "subheadings",
                "related_titles", "tags", "links")


def _entities(article: Article) -> list[dict[str, Any]]:
    """One object per canonical entity: its id, preferred name in the article's language,
    type, and the surfaces this article uses for it (in order of first use)."""
    canonical = {e.id: e for e in article.entities}
    groups: dict[str, dict[str, Any]] = {}
    for m in sorted(article.mentions, key=lambda m: m.start):
        entity = canonical.get(m.entity_id or "")
        key = m.entity_id or f"{m.type}:{m.surface}"  # unlinked: one group per surface
        group = groups.setdefault(key, {
            "id": m.entity_id, "name": entity.name if entity else m.surface,
            "type": entity.type if entity else m.type, "surfaces": []})
        if m.surface not in group["surfaces"]:
            group["surfaces"].append(m.surface)
    return list(groups.values())


def article_record(article: Article) -> dict[str, Any]:
    """The public record of an article (keys as in ``expected/seeds.json``, plus ids)."""
    published = article.published.isoformat() if article.published else None
    updated = article.updated.isoformat() if article.updated else None
    record: dict[str, Any] = {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "language": article.language,
        "published": published,
        "date_reliable": article.date_reliable,
        "updated": updated,
        "lead": article.lead,
        "body": article.body_text,
    }
    for name in _LIST_FIELDS:
        record[name] = list(getattr(article, name))
    record["quotes"] = [
        {"text": q.text, "speaker": {"name": q.speaker, "id": q.speaker_entity_id} if q.speaker else None,
         "verb": q.verb, "direct": q.direct} for q in article.quotes]
    record["cited_sources"] = [{"name": c.name, "id": c.entity_id} for c in article.cited_sources]
    record["entities"] = _entities(article)
    record["event_id"] = article.event_id
    record["storyline_id"] = article.storyline_id
    record["duplicate_of"] = article.duplicate_of
    return record


def _parquet_schema():
    import pyarrow as pa

    strings = pa.list_(pa.string())
    fields = [(k, pa.string()) for k in ("id", "source", "url", "outlet", "title", "language",
                                         "published")]
    fields += [("date_reliable", pa.bool_()), ("updated", pa.string()), ("lead", pa.string()),
               ("body", pa.string())]
    fields += [(k, strings) for k in _LIST_FIELDS]
    ref = pa.struct([("name", pa.string()), ("id", pa.string())])
    fields += [
        ("quotes", pa.list_(pa.struct([("text", pa.string()), ("speaker", ref), ("verb", pa.string()),
                                       ("direct", pa.bool_())]))),
        ("cited_sources", pa.list_(ref)),
        ("entities", pa.list_(pa.struct([("id", pa.string()), ("name", pa.string()),
                                         ("type", pa.string()), ("surfaces", strings)]))),
        ("event_id", pa.string()), ("storyline_id", pa.string()), ("duplicate_of", pa.string()),
    ]
    return pa.schema(fields)


def export_articles(articles: Iterable[Article], fmt: str, out: str | Path | None = None,
                    stream: TextIO | None = None, batch_size: int = 1000) -> int:
    """Write the articles in ``fmt`` to the file ``out`` (or ``stream``, stdout by default
    for text formats).  Returns how many were written."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    records = (article_record(a) for a in articles)
    if fmt == "parquet":
        if out is None:
            raise ConfigError("parquet export needs an output file (-o FILE)")
        return _write_parquet(records, Path(out), batch_size)
    handle: TextIO
    if out is not None:
        handle = Path(out).open("w", encoding="utf-8", newline="")
    else:
        handle = stream or sys.stdout
    try:
        if fmt == "jsonl":
            n = 0
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
            return n
        return _write_csv(records, handle)
    finally:
        if out is not None:
            handle.close()


def _write_parquet(records: Iterable[dict[str, Any]], path: Path, batch_size: int) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema()
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for record in records:
            batch.append(record)
            if len(batch) >= batch_size:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


def _write_csv(records: Iterable[dict[str, Any]], handle: TextIO) -> int:
    writer: csv.DictWriter[str] | None = None
    n = 0
    for record in records:
        row = {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
               for k, v in record.items()}
        if writer is None:
            writer = csv.DictWriter(handle, fieldnames=list(row))
            writer.writeheader()
        writer.writerow(row)
        n += 1
    if writer is None:  # no articles: still write the header
        buf = io.StringIO()
        csv.DictWriter(buf, fieldnames=list(_parquet_schema().names)).writeheader()
        handle.write(buf.getvalue())
    return n
