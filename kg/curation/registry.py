"""The entity registry and the external sources: ``entities/*.yaml`` and ``sources.yaml``.

Layout of a seeds folder (see ``seeds/README.md`` for the curation guide)::

    seeds/sources.yaml                 external sources that curated facts cite
    seeds/entities/*.yaml              the entity registry, any number of files
    seeds/documents/<id>.txt           a raw document, byte for byte as received
    seeds/documents/<id>.yaml          its metadata and the statements it makes

Every problem raises :class:`~kg.errors.CurationError` naming the file, the line and the fix.

>>> from kg.curation.ontology import load_ontology
>>> from kg.resources import project_root
>>> registry = load_registry(project_root() / "tests" / "fixtures" / "mini", load_ontology())
>>> registry.classes["wang-xiaoming"], sorted(registry.sources)
('Official', ['curator', 'fixture'])
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from kg.curation.checks import block_list, check_keys, require, suggest, top_level, typed_object
from kg.curation.extends import EXTEND_KEYS, apply_extension
from kg.curation.model import Entity, ExternalFact, Source, Where
from kg.curation.ontology import Ontology
from kg.curation.yamlio import LineDict, load_yaml
from kg.errors import CurationError
from kg.text.normalize import to_simplified

__all__ = ["Registry", "load_registry", "ID_PATTERN", "GENERATED_CLASSES", "check_seeds_folder"]

#: Entity ids are readable slugs: lowercase ASCII words joined by hyphens.
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: Classes the build generates itself; the registry cannot declare entities of these.
GENERATED_CLASSES = {"Document", "Evidence", "Tenure", "ExternalSource", "Comparator", "FigureKind"}
ENTITY_KEYS = {"id", "class", "label", "en", "aliases", "pinyin", "en_source", "facts", "note",
               "description", "scoped_aliases", "draft"}
SOURCE_KEYS = {"id", "title", "publisher", "year", "url", "note"}
SOURCES_FILE_KEYS = {"sources"}
ENTITIES_FILE_KEYS = {"entities", "english_label_source"}


@dataclass(frozen=True)
class Registry:
    """The checked sources and entities of a seeds folder."""

    sources: dict[str, Source]
    entities: dict[str, Entity]

    @cached_property
    def classes(self) -> dict[str, str]:
        """Entity id → class name: all a document's check needs from the registry."""
        return {entity_id: entity.cls for entity_id, entity in self.entities.items()}

    @cached_property
    def digest(self) -> str:
        """SHA-256 of everything in the registry (what the registry graph depends on)."""
        digest = hashlib.sha256()
        for source in self.sources.values():
            digest.update(repr((source.id, source.title, source.publisher, source.year,
                                source.url, source.note)).encode("utf-8"))
        for entity in self.entities.values():
            digest.update(_entity_key(entity).encode("utf-8"))
        return digest.hexdigest()

    def names(self) -> list[str]:
        """Every label and alias, scoped ones included, in registry order (what zh-Hant forms
        are looked up for)."""
        return [name for entity in self.entities.values()
                for name in (entity.label, *entity.aliases, *(n for n, _ in entity.scoped))]


def _entity_key(entity: Entity) -> str:
    facts = [(f.predicate, repr(f.obj), f.source) for f in entity.facts]
    return json.dumps([entity.id, entity.cls, entity.label, entity.en, list(entity.aliases),
                       entity.pinyin, entity.en_source, facts, entity.note, entity.description,
                       entity.scoped, entity.draft], ensure_ascii=False, default=str)


def check_seeds_folder(seeds: Path) -> None:
    if not (Path(seeds) / "entities").is_dir() or not (Path(seeds) / "documents").is_dir():
        raise CurationError("not a seeds folder (needs entities/ and documents/)", file=seeds,
                            hint="run from the project folder or pass --seeds DIR")


def _load_sources(path: Path) -> dict[str, Source]:
    if not path.is_file():
        return {}
    sources: dict[str, Source] = {}
    data = load_yaml(path)
    top_level(data, SOURCES_FILE_KEYS, path)
    for block in block_list(data, "sources", path):
        check_keys(block, SOURCE_KEYS, path, "a source")
        source_id = str(require(block, "id", path, "a source"))
        if source_id in sources:
            raise CurationError(f"duplicate source id '{source_id}'", file=path, line=block.line,
                                hint=f"first defined at {sources[source_id].where}")
        url = block.get("url")
        if url is not None:
            _check_url(str(url), path, block.line_of("url"))
        sources[source_id] = Source(source_id, str(require(block, "title", path, "a source")),
                                    block.get("publisher"), block.get("year"), url,
                                    block.get("note"), Where(str(path), block.line))
    return sources


def _check_url(url: str, path: Path, line: int) -> None:
    from kg.namespaces import valid_iri

    if not valid_iri(url):
        raise CurationError(f"'{url}' is not a valid absolute URL", file=path, line=line,
                            hint="write the full address, e.g. https://www.example.org/page, "
                            "with spaces and <>\" percent-encoded")


def _entity(block: LineDict, path: Path, default_en_source: str | None,
            ontology: Ontology) -> Entity:
    check_keys(block, ENTITY_KEYS, path, "an entity")
    entity_id = str(require(block, "id", path, "an entity"))
    if not ID_PATTERN.match(entity_id):
        raise CurationError(f"entity id '{entity_id}' is not a slug", file=path, line=block.line,
                            hint="use lowercase ASCII words joined by hyphens, e.g. 'li-xi'")
    cls = str(require(block, "class", path, f"entity '{entity_id}'"))
    if cls not in ontology.classes or cls in GENERATED_CLASSES:
        allowed = sorted(set(ontology.classes) - GENERATED_CLASSES)
        raise CurationError(f"entity '{entity_id}' has class '{cls}', which the ontology lacks",
                            file=path, line=block.line_of("class"),
                            hint=suggest(cls, allowed) or f"use one of {', '.join(allowed)}")
    en = require(block, "en", path, f"entity '{entity_id}'")
    en_source = block.get("en_source", default_en_source)
    if not en_source:
        raise CurationError(f"entity '{entity_id}' names no source for its English label",
                            file=path, line=block.line, hint="add 'en_source:' to the entity or "
                            "'english_label_source:' at the top of the file")
    aliases = block.get("aliases") or []
    if not isinstance(aliases, list):
        aliases = [aliases]
    if any(isinstance(a, (dict, list)) for a in aliases):
        raise CurationError(f"the aliases of '{entity_id}' must be plain names", file=path,
                            line=block.line_of("aliases"), hint="write aliases: [name, other name]")
    facts = []
    for item, line in zip(block.get("facts") or [], getattr(block.get("facts"), "item_lines", [])):
        if not isinstance(item, dict) or "source" not in item or len(item) != 2:
            raise CurationError(f"each fact of '{entity_id}' is one 'property: value' and a 'source'",
                                file=path, line=line, hint="write e.g. {divisionCode: '440700', "
                                "source: gbt2260-2023}")
        predicate = next(k for k in item if k != "source")
        facts.append(ExternalFact(str(predicate), item[predicate], str(item["source"]),
                                  Where(str(path), line)))
    label = str(require(block, "label", path, f"entity '{entity_id}'")).strip()
    return Entity(entity_id, cls, to_simplified(label), str(en).strip(),
                  tuple(str(a).strip() for a in aliases), block.get("pinyin"), str(en_source),
                  tuple(facts), block.get("note"), Where(str(path), block.line),
                  _description(block, path, entity_id), _scoped(block, path, entity_id),
                  draft=_draft_flag(block, path))


def _draft_flag(block: LineDict, path: Path) -> bool:
    value = block.get("draft", False)
    if not isinstance(value, bool):
        raise CurationError(f"draft: takes true or false, not {value!r}", file=path,
                            line=block.line_of("draft"), hint="delete the line once reviewed")
    return value


def _description(block: LineDict, path: Path, entity_id: str) -> tuple[tuple[str, str], ...]:
    value = block.get("description")
    if value is None:
        return ()
    if not isinstance(value, dict) or not value or set(value) - {"en", "zh"} or not all(
            isinstance(v, str) and v.strip() for v in value.values()):
        raise CurationError(f"the description of '{entity_id}' must map en and/or zh to a sentence",
                            file=path, line=block.line_of("description"),
                            hint="write description: {en: Director of …, zh: 江门市…局长}")
    tags = {"en": "en", "zh": "zh-Hans"}
    return tuple(sorted((tags[k], to_simplified(v.strip()) if k == "zh" else v.strip())
                        for k, v in value.items()))


def _scoped(block: LineDict, path: Path, entity_id: str) -> tuple[tuple[str, str], ...]:
    items = block.get("scoped_aliases")
    if items is None:
        return ()
    found = []
    lines = getattr(items, "item_lines", [])
    for item, line in zip(items if isinstance(items, list) else [items], lines or [block.line]):
        if not isinstance(item, dict) or set(item) != {"name", "scope"} or not all(
                isinstance(v, str) and v.strip() for v in item.values()):
            raise CurationError(f"each scoped alias of '{entity_id}' is a name and the region it is "
                                "valid in", file=path, line=line,
                                hint="write e.g. {name: 市委, scope: jiangmen}")
        found.append((item["name"].strip(), item["scope"].strip()))
    return tuple(found)


def _load_entities(folder: Path, ontology: Ontology) -> dict[str, Entity]:
    entities: dict[str, Entity] = {}
    extensions: list[tuple[LineDict, Path]] = []
    places: dict[tuple[str, str], Where] = {}
    for path in sorted(folder.glob("*.yaml")):
        data = load_yaml(path)
        top_level(data, ENTITIES_FILE_KEYS, path)
        default_en_source = data.get("english_label_source") if isinstance(data, dict) else None
        for block in block_list(data, "entities", path):
            if "extends" in block:
                extensions.append((block, path))
                continue
            entity = _entity(block, path, default_en_source, ontology)
            if entity.id in entities:
                raise CurationError(f"duplicate entity id '{entity.id}'", file=path,
                                    line=block.line,
                                    hint=f"first defined at {entities[entity.id].where}")
            entities[entity.id] = entity
            for field in ("label", "en", "pinyin", "description"):
                if field in block:
                    places[(entity.id, field)] = Where(str(path), block.line_of(field))
    for block, path in extensions:
        _extend(entities, block, path, places)
    return entities


def _extend(entities: dict[str, Entity], block: LineDict, path: Path,
            places: dict[tuple[str, str], Where]) -> None:
    """Apply one ``extends:`` block (see :mod:`kg.curation.extends`)."""
    check_keys(block, EXTEND_KEYS, path, "an extends: block")
    target = block["extends"]
    if not isinstance(target, str) or target not in entities:
        raise CurationError(f"extends: names unknown entity id {target!r}", file=path,
                            line=block.line_of("extends"),
                            hint=suggest(str(target), entities) or "extend an id defined in entities/")
    entity = entities[target]
    for tag, _ in entity.description:
        places.setdefault((target, f"description ({tag})"), places.get((target, "description"),
                                                                       entity.where))
    _draft_flag(block, path)
    aliases = block.get("aliases") or []
    aliases = aliases if isinstance(aliases, list) else [aliases]
    if any(isinstance(a, (dict, list)) for a in aliases):
        raise CurationError(f"the aliases added to '{target}' must be plain names", file=path,
                            line=block.line_of("aliases"), hint="write aliases: [name, other name]")
    entities[target] = apply_extension(
        entity, block, block.line_of, Where(str(path), block.line), places,
        aliases=[str(a).strip() for a in aliases], scoped=_scoped(block, path, target),
        description=_description(block, path, target))


def _typed_entity(entity: Entity, classes: dict[str, str], sources, ontology: Ontology) -> Entity:
    for source_id, where in [(entity.en_source, entity.where)] + [(f.source, f.where)
                                                                   for f in entity.facts]:
        if source_id not in sources:
            raise CurationError(f"unknown source '{source_id}'", file=where.file, line=where.line,
                                hint=suggest(source_id, sources) or "add it to seeds/sources.yaml")
    for name, scope in entity.scoped:
        if scope not in classes or not ontology.classes[classes[scope]].is_a("Region"):
            raise CurationError(f"the scope of '{name}' ({scope}) is not a region of the registry",
                                file=entity.where.file, line=entity.where.line,
                                hint=suggest(scope, classes) or "use the id of a Region entity")
    facts = tuple(ExternalFact(f.predicate, typed_object(entity.id, f.predicate, f.obj, f.where,
                                                         classes, ontology), f.source, f.where)
                  for f in entity.facts)
    return replace(entity, facts=facts)


def load_registry(seeds: Path, ontology: Ontology) -> Registry:
    """The sources and the checked entity registry of a seeds folder."""
    seeds = Path(seeds)
    check_seeds_folder(seeds)
    sources = _load_sources(seeds / "sources.yaml")
    raw = _load_entities(seeds / "entities", ontology)
    classes = {i: e.cls for i, e in raw.items()}
    entities = {i: _typed_entity(e, classes, sources, ontology) for i, e in raw.items()}
    return Registry(sources, entities)
