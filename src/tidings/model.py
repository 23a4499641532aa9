"""The records that flow through tidings.

One record type, :class:`Article`, flows through every pipeline step; each step
reads some of its fields and sets others.  The other records (entities, quotes,
events, storylines) hang off articles or group them.  Every record is a slotted
dataclass with typed fields for what the project knows about and one ``extras``
dict for the rest, so results never hide in an untyped bag.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any

__all__ = [
    "Article",
    "CitedSource",
    "Entity",
    "Event",
    "Mention",
    "Quote",
    "Storyline",
    "content_id",
    "normalise_text",
]

_WS = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Text as compared for identity: NFC, case-folded, whitespace folded."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip().casefold()


def content_id(*parts: str) -> str:
    """A stable 16-hex-digit id derived from content (sqlite-utils ``hash_id`` idea).

    The same canonical URL, or lacking one the same normalised text, always gives
    the same id, so ingesting the same input twice changes nothing.
    """
    digest = hashlib.sha256("\x1f".join(normalise_text(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:16]


@dataclass(slots=True)
class Mention:
    """One occurrence of an entity in an article."""

    surface: str
    type: str  # PER, ORG, LOC, MISC
    start: int = -1  # character offset in Article.text, -1 when unknown
    end: int = -1
    entity_id: str | None = None
    lemma: str | None = None


@dataclass(slots=True)
class Entity:
    """A canonical entity shared across languages and inflected forms."""

    id: str
    name: str
    type: str
    names: dict[str, str] = field(default_factory=dict)  # preferred name per language
    aliases: list[str] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Quote:
    """A direct or indirect quote and who said it."""

    text: str
    speaker: str | None = None
    speaker_entity_id: str | None = None
    verb: str | None = None
    direct: bool = True


@dataclass(slots=True)
class CitedSource:
    """An outlet, agency or body an article attributes information to."""

    name: str
    entity_id: str | None = None
    cue: str | None = None


@dataclass(slots=True)
class Article:
    """A clean news article and everything tidings found in it.

    ``raw`` holds the input text the article was cut from (kept so a user can
    see the source beside the clean text); readers set it, extraction fills the
    rest.  ``published`` is a date when only the day is known, a datetime when
    the time is too; ``date_reliable`` says whether it came from the article
    itself (a dateline or byline) rather than a fallback such as the file time.
    ``authors`` keeps every byline in page order, persons and organisations
    alike; ``author_organisations`` lists those of them that are a desk or an
    agency ("Redaktionen", "NTB", "Reuters"), so persons are the difference.
    """

    source: str
    raw: str = ""
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    lead: str | None = None
    body: list[str] = field(default_factory=list)
    subheadings: list[str] = field(default_factory=list)
    published: date | datetime | None = None
    date_reliable: bool = False
    updated: date | datetime | None = None
    authors: list[str] = field(default_factory=list)
    author_organisations: list[str] = field(default_factory=list)
    photo_credits: list[str] = field(default_factory=list)
    image_captions: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    related_titles: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    language: str | None = None
    language_confidence: float | None = None
    # language per block: field name ("title", "lead", "body", "image_captions"...) -> one
    # code per item of that field; short blocks carry the article's language
    block_languages: dict[str, list[str]] = field(default_factory=dict)
    # the article's distinct lemmas in order of first use (search and entity linking)
    lemmas: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    # the canonical entities the mentions link to (enrich/linking.py), one per entity id
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    cited_sources: list[CitedSource] = field(default_factory=list)
    event_id: str | None = None
    storyline_id: str | None = None
    duplicate_of: str | None = None
    position: int = 0  # index of the article within its input file
    fetched: datetime | None = None  # crawl or file time: no published date may be later
    extras: dict[str, Any] = field(default_factory=dict)
    id: str = ""

    @property
    def body_text(self) -> str:
        """The body as one string, paragraphs separated by blank lines."""
        return "\n\n".join(self.body)

    @property
    def text(self) -> str:
        """Title, lead and body: the text that enrichment reads."""
        return "\n\n".join(p for p in [self.title, self.lead, *self.body] if p)

    def assign_id(self) -> str:
        """Content-addressed id: canonical URL if known, else normalised text."""
        if self.url:
            self.id = content_id("url", self.url)
        else:
            self.id = content_id("text", self.title or "", self.lead or "", self.body_text)
        return self.id

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with every field (dates as ISO 8601 strings)."""
        out = asdict(self)
        for key in ("published", "updated", "fetched"):
            value = out[key]
            out[key] = value.isoformat() if value is not None else None
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Inverse of :meth:`to_dict`; unknown keys go to ``extras``."""
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        extras = dict(kwargs.pop("extras", None) or {})
        extras.update({k: v for k, v in data.items() if k not in known})
        for key in ("published", "updated", "fetched"):
            kwargs[key] = _parse_iso(kwargs.get(key))
        kwargs["mentions"] = [Mention(**m) for m in kwargs.get("mentions") or []]
        kwargs["entities"] = [Entity(**e) for e in kwargs.get("entities") or []]
        kwargs["quotes"] = [Quote(**q) for q in kwargs.get("quotes") or []]
        kwargs["cited_sources"] = [CitedSource(**c) for c in kwargs.get("cited_sources") or []]
        return cls(**kwargs, extras=extras)


def _parse_iso(value: Any) -> date | datetime | None:
    if value is None or isinstance(value, (date, datetime)):
        return value
    text = str(value)
    if "T" in text or " " in text:
        return datetime.fromisoformat(text)
    return date.fromisoformat(text)


@dataclass(slots=True)
class Event:
    """One happening, reported by one or more articles, in any language."""

    id: str
    title: str
    start: datetime | None = None
    end: datetime | None = None
    languages: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    storyline_id: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Storyline:
    """A thread of events linked over weeks or months."""

    id: str
    title: str
    event_ids: list[str] = field(default_factory=list)
    core_entities: list[str] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)
