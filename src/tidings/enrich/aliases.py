"""The alias table: every known name of every known entity, in every language.

Three layers, each extending the one before:

1. CLDR (through babel): the names of all countries and territories in each configured
   language, keyed by ISO code, so "Nordkorea", "Norður-Kórea", "Nord-Korea" and "North
   Korea" are one entity (``iso:KP``) without a hand-made list; and the exemplar cities of
   the time-zone database ("Moskva", "Pjongjang").
2. ``aliases.toml`` beside this module: organisations, agencies and outlets.
3. The user's files named by the ``linking.alias_files`` configuration key (TOML in the
   same format, or CSV ``key,type,lang,name``), so users extend the table without code.

Lookups are by lower-cased name; a word form that is not itself a name is tried again
with the language's inflection rewrites from ``linking.toml`` ("Rússlands" -> "Rússland").
"""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..model import content_id

__all__ = ["AliasTable", "KnownEntity", "entity_id", "inflection_rules", "linking_rules"]

#: Display-name language: the canonical ``name`` of a known entity is its name here.
_DISPLAY = "en"
#: Pseudo and private-use territory codes in CLDR that name no place.
_NOT_PLACES = {"ZZ", "XA", "XB", "QO", "EZ", "UN"}
_TYPES = {"PER", "ORG", "LOC", "MISC"}
#: Lookups an alias table remembers before starting afresh.
_LOOKUP_CACHE = 200_000


@lru_cache(maxsize=1 << 16)
def entity_id(key: str) -> str:
    """The stable id of the entity with this canonical key (same key, same id, any run)."""
    return content_id("entity", key)


@dataclass(slots=True)
class KnownEntity:
    """An entity of the alias table."""

    key: str
    type: str
    names: dict[str, str] = field(default_factory=dict)  # preferred name per language
    aliases: list[str] = field(default_factory=list)  # in the order the table lists them
    kind: str | None = None  # "outlet", "agency", "body": what it is when cited

    @property
    def id(self) -> str:
        return entity_id(self.key)

    def name_in(self, lang: str | None) -> str:
        """The preferred name in ``lang``, else the display name, else any alias."""
        if lang and lang in self.names:
            return self.names[lang]
        if _DISPLAY in self.names:
            return self.names[_DISPLAY]
        if self.names:
            return next(iter(self.names.values()))
        return self.aliases[0] if self.aliases else self.key


@lru_cache(maxsize=1)
def linking_rules() -> dict[str, Any]:
    """The parsed ``linking.toml``."""
    text = resources.files(__package__).joinpath("linking.toml").read_text("utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=64)
def inflection_rules(lang: str | None) -> tuple[tuple[str, str], ...]:
    """Suffix rewrites for ``lang`` (the default list when it has none)."""
    table = linking_rules()["inflection"]
    return tuple(tuple(r) for r in table.get(lang or "", table["default"]))  # type: ignore[misc]


class AliasTable:
    """Known entities and an index from lower-cased name to entity keys."""

    def __init__(self, languages: Sequence[str] = (), files: Iterable[str | Path] = (),
                 cldr: bool = True) -> None:
        self.entities: dict[str, KnownEntity] = {}
        #: lower-cased name -> (entity key, language it is preferred in, exact spelling
        #: required or None)
        self._index: dict[str, list[tuple[str, str | None, str | None]]] = {}
        #: First words of multi-word names: a longer match is tried only after these.
        self.first_words: set[str] = set()
        self.max_words = 1
        #: (name, language, languages) -> what lookup_inflected found
        self._inflected: dict[tuple[str, str | None, tuple[str | None, ...] | None],
                              tuple[KnownEntity, str] | None] = {}
        langs = list(dict.fromkeys([*languages, _DISPLAY]))
        if cldr:
            self._add_cldr(langs)
        self._add_toml(resources.files(__package__).joinpath("aliases.toml").read_text("utf-8"),
                       "aliases.toml")
        for path in files:
            self.add_file(path)

    # -- building -----------------------------------------------------------------------

    def add(self, key: str, type_: str, name: str, lang: str | None = None,
            kind: str | None = None) -> KnownEntity:
        """Add ``name`` to the entity ``key`` (created if new); ``lang`` makes it the
        preferred name in that language."""
        self._inflected.clear()  # lookups cached before may change
        entity = self.entities.get(key)
        if entity is None:
            entity = self.entities[key] = KnownEntity(key, type_)
        elif type_ and type_ != entity.type:
            entity.type = type_  # a later layer (shipped table, user file) wins
        if kind:
            entity.kind = kind
        name = name.strip()
        if not name:
            return entity
        if lang:
            entity.names[lang] = name
        if name not in entity.aliases:
            entity.aliases.append(name)
        folded = name.casefold()
        # Aliases written in capitals ("AP", "DR", "US") match only in capitals, so the
        # pronoun "us" and the title "Dr" are never taken for them.
        exact = name if name.isupper() and len(name) <= 6 else None
        slots = self._index.setdefault(folded, [])
        if (key, lang, exact) not in slots:
            slots.append((key, lang, exact))
        words = folded.split()
        if len(words) > 1:
            self.first_words.add(words[0])
            self.max_words = max(self.max_words, len(words))
        return entity

    def _add_cldr(self, languages: Sequence[str]) -> None:
        from babel import Locale, UnknownLocaleError

        for lang in languages:
            try:
                locale = Locale.parse(lang)
            except (UnknownLocaleError, ValueError):
                continue  # a configured language CLDR does not know adds no names
            for code, name in locale.territories.items():
                if len(code) == 2 and code.isalpha() and code not in _NOT_PLACES:
                    self.add(f"iso:{code}", "LOC", name, lang)
            for zone, data in locale.time_zones.items():
                city = data.get("city") if hasattr(data, "get") else None
                if city:
                    self.add(f"city:{zone}", "LOC", city, lang)
        for zone in list(k[5:] for k in self.entities if k.startswith("city:")):
            # English exemplar cities are the zone ids themselves ("Europe/Moscow").
            self.add(f"city:{zone}", "LOC", zone.rsplit("/", 1)[-1].replace("_", " "), _DISPLAY)

    def _add_toml(self, text: str, origin: str) -> None:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{origin}: {exc}") from exc
        for spec in data.get("entity", []):
            key, type_ = spec.get("key"), spec.get("type", "MISC")
            names = spec.get("names", {})
            if not key:
                key = f"alias:{names.get(_DISPLAY) or next(iter(names.values()), None) or spec['aliases'][0]}"
            if type_ not in _TYPES:
                raise ConfigError(f"{origin}: entity {key!r} has type {type_!r}; use one of "
                                  f"{', '.join(sorted(_TYPES))}")
            kind = spec.get("kind")
            self.add(key, type_, "", None, kind)
            for lang, name in names.items():
                self.add(key, type_, name, lang, kind)
            for alias in spec.get("aliases", []):
                self.add(key, type_, alias, None, kind)

    def add_file(self, path: str | Path) -> None:
        """Add the entities of a user's alias file (``.toml`` or ``.csv``)."""
        path = Path(path)
        try:
            text = path.read_text("utf-8")
        except OSError as exc:
            raise ConfigError(f"alias file {path}: {exc}") from exc
        if path.suffix.lower() == ".csv":
            for n, row in enumerate(csv.DictReader(text.splitlines()), start=2):
                if not row.get("key") or not row.get("name"):
                    raise ConfigError(f"alias file {path}, line {n}: needs key and name")
                type_ = (row.get("type") or "MISC").strip()
                if type_ not in _TYPES:
                    raise ConfigError(f"alias file {path}, line {n}: unknown type {type_!r}")
                self.add(row["key"].strip(), type_, row["name"], (row.get("lang") or "").strip()
                         or None)
        else:
            self._add_toml(text, str(path))

    # -- lookups ------------------------------------------------------------------------

    def lookup(self, name: str, lang: str | None = None,
               only: tuple[str | None, ...] | None = None) -> KnownEntity | None:
        """The entity ``name`` names exactly (any case; capitals-only aliases in capitals).

        ``only`` restricts the match to names of these languages (None: language-neutral
        aliases); by default a name in any language matches, its own language first."""
        if not name[:1].isupper():
            return None  # names are written with a capital; "us" is not the USA
        slots = self._index.get(name.casefold())
        if not slots:
            return None
        fits = [(key, slot_lang) for key, slot_lang, exact in slots
                if (exact is None or exact == name) and (only is None or slot_lang in only)]
        for key, slot_lang in fits:
            if slot_lang == lang:
                return self.entities[key]
        return self.entities[fits[0][0]] if fits else None

    def lookup_inflected(self, name: str, lang: str | None = None,
                         only: tuple[str | None, ...] | None = None
                         ) -> tuple[KnownEntity, str] | None:
        """The entity and base form for ``name`` or an inflected form of it
        ("Rysslands" -> (Russia, "Ryssland")).

        Cached: linking asks for every capitalised word of every article, and the same
        words and names come back all the time."""
        key = (name, lang, only)
        try:
            return self._inflected[key]
        except KeyError:
            pass
        if len(self._inflected) >= _LOOKUP_CACHE:
            self._inflected.clear()
        found = self._inflected[key] = self._lookup_inflected(name, lang, only)
        return found

    def _lookup_inflected(self, name: str, lang: str | None,
                          only: tuple[str | None, ...] | None) -> tuple[KnownEntity, str] | None:
        hit = self.lookup(name, lang, only)
        if hit is not None:
            return hit, name
        for suffix, repl in inflection_rules(lang):
            if name.endswith(suffix) and len(name) - len(suffix) >= 3:
                base = name[: len(name) - len(suffix)] + repl
                hit = self.lookup(base, lang, only)
                if hit is not None:
                    return hit, base
        return None
