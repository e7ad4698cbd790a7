"""Load and check the curated corpus: ``sources.yaml``, ``entities/*.yaml``, ``documents/*.yaml``.

Layout of a seeds folder (see ``seeds/README.md`` for the curation guide)::

    seeds/sources.yaml                 external sources that curated facts cite
    seeds/entities/*.yaml              the entity registry, any number of files
    seeds/documents/<id>.txt           a raw document, byte for byte as received
    seeds/documents/<id>.yaml          its metadata and the statements it makes

Every problem raises :class:`~kg.errors.CurationError` naming the file, the line and the fix.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import replace
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import XSD

from kg.curation.model import (Author, Corpus, DocumentCuration, DocumentMeta, Entity,
                               ExternalFact, Fact, Source, Statement, Where)
from kg.curation.yamlio import LineDict, LineList, is_date, load_yaml, read_utf8
from kg.errors import CurationError
from kg.rdf.ontology import Ontology
from kg.text.normalize import SCRIPTS, to_simplified
from kg.text.numbers import parse_number

__all__ = ["load_corpus", "load_registry", "load_checked_document", "check_orphan_texts",
           "ID_PATTERN"]

#: Entity ids are readable slugs: lowercase ASCII words joined by hyphens.
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: Classes the build generates itself; the registry cannot declare entities of these.
GENERATED_CLASSES = {"Document", "Evidence", "Tenure", "ExternalSource", "Comparator", "FigureKind"}
ENTITY_KEYS = {"id", "class", "label", "en", "aliases", "pinyin", "en_source", "facts", "note"}
DOCUMENT_KEYS = {"title", "title_en", "publisher", "date", "language", "authors", "url",
                 "residue_lines", "note"}
STATEMENT_KEYS = {"about", "quote", "note", "facts"}
#: Top-level keys of each kind of curation file.
SOURCES_FILE_KEYS = {"sources"}
ENTITIES_FILE_KEYS = {"entities", "english_label_source"}
DOCUMENT_FILE_KEYS = {"document", "statements"}
AUTHOR_ROLES = {"reporter", "correspondent", "author"}


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=3)
    return f"did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def _require(mapping: LineDict, key: str, file: Path, what: str):
    if not isinstance(mapping, dict) or key not in mapping or mapping[key] in (None, ""):
        line = getattr(mapping, "line", None)
        raise CurationError(f"{what} has no '{key}'", file=file, line=line,
                            hint=f"add '{key}:' to this block")
    return mapping[key]


def _check_keys(mapping: LineDict, allowed: set[str], file: Path, what: str) -> None:
    for key in mapping:
        if key not in allowed:
            hint = _suggest(str(key), allowed) or f"allowed keys: {', '.join(sorted(allowed))}"
            raise CurationError(f"unknown key '{key}' in {what}", file=file,
                                line=mapping.line_of(key), hint=hint)


def _top_level(data, allowed: set[str], file: Path) -> None:
    """Unknown top-level keys are errors (a misspelt ``statments:`` would otherwise be ignored)."""
    if isinstance(data, dict):
        _check_keys(data, allowed, file, "the file's top level")


def _block_list(data, key: str, file: Path) -> LineList:
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise CurationError(f"expected a top-level '{key}:' list", file=file, line=1,
                            hint=f"start the file with '{key}:' followed by '- ' blocks")
    for item, line in zip(data[key], data[key].item_lines):
        if not isinstance(item, dict):
            raise CurationError(f"each item of '{key}' must be a mapping", file=file, line=line,
                                hint="write one 'key: value' block per item")
    return data[key]


def _load_sources(path: Path) -> dict[str, Source]:
    if not path.is_file():
        return {}
    sources: dict[str, Source] = {}
    data = load_yaml(path)
    _top_level(data, SOURCES_FILE_KEYS, path)
    for block in _block_list(data, "sources", path):
        source_id = str(_require(block, "id", path, "a source"))
        if source_id in sources:
            raise CurationError(f"duplicate source id '{source_id}'", file=path, line=block.line,
                                hint=f"first defined at {sources[source_id].where}")
        sources[source_id] = Source(source_id, str(_require(block, "title", path, "a source")),
                                    block.get("publisher"), block.get("year"), block.get("url"),
                                    block.get("note"), Where(str(path), block.line))
    return sources


def _entity(block: LineDict, path: Path, default_en_source: str | None,
            ontology: Ontology) -> Entity:
    _check_keys(block, ENTITY_KEYS, path, "an entity")
    entity_id = str(_require(block, "id", path, "an entity"))
    if not ID_PATTERN.match(entity_id):
        raise CurationError(f"entity id '{entity_id}' is not a slug", file=path, line=block.line,
                            hint="use lowercase ASCII words joined by hyphens, e.g. 'li-xi'")
    cls = str(_require(block, "class", path, f"entity '{entity_id}'"))
    if cls not in ontology.classes or cls in GENERATED_CLASSES:
        allowed = sorted(set(ontology.classes) - GENERATED_CLASSES)
        raise CurationError(f"entity '{entity_id}' has class '{cls}', which the ontology lacks",
                            file=path, line=block.line_of("class"),
                            hint=_suggest(cls, allowed) or f"use one of {', '.join(allowed)}")
    en = _require(block, "en", path, f"entity '{entity_id}'")
    en_source = block.get("en_source", default_en_source)
    if not en_source:
        raise CurationError(f"entity '{entity_id}' names no source for its English label",
                            file=path, line=block.line, hint="add 'en_source:' to the entity or "
                            "'english_label_source:' at the top of the file")
    aliases = block.get("aliases") or []
    if not isinstance(aliases, list):
        aliases = [aliases]
    facts = []
    for item, line in zip(block.get("facts") or [], getattr(block.get("facts"), "item_lines", [])):
        if not isinstance(item, dict) or "source" not in item or len(item) != 2:
            raise CurationError(f"each fact of '{entity_id}' is one 'property: value' and a 'source'",
                                file=path, line=line, hint="write e.g. {divisionCode: '440700', "
                                "source: gbt2260-2023}")
        predicate = next(k for k in item if k != "source")
        facts.append(ExternalFact(predicate, item[predicate], str(item["source"]),
                                  Where(str(path), line)))
    label = str(_require(block, "label", path, f"entity '{entity_id}'")).strip()
    return Entity(entity_id, cls, to_simplified(label), str(en).strip(),
                  tuple(str(a).strip() for a in aliases), block.get("pinyin"), str(en_source),
                  tuple(facts), block.get("note"), Where(str(path), block.line))


def _load_entities(folder: Path, ontology: Ontology) -> dict[str, Entity]:
    entities: dict[str, Entity] = {}
    for path in sorted(folder.glob("*.yaml")):
        data = load_yaml(path)
        _top_level(data, ENTITIES_FILE_KEYS, path)
        default_en_source = data.get("english_label_source") if isinstance(data, dict) else None
        for block in _block_list(data, "entities", path):
            entity = _entity(block, path, default_en_source, ontology)
            if entity.id in entities:
                raise CurationError(f"duplicate entity id '{entity.id}'", file=path,
                                    line=block.line,
                                    hint=f"first defined at {entities[entity.id].where}")
            entities[entity.id] = entity
    return entities


def _document_meta(data, yaml_path: Path, text_path: Path) -> DocumentMeta:
    meta = data.get("document") if isinstance(data, dict) else None
    if not isinstance(meta, dict):
        raise CurationError("no 'document:' block with the document's metadata", file=yaml_path,
                            line=1, hint="see seeds/README.md for the fields")
    _check_keys(meta, DOCUMENT_KEYS, yaml_path, "the document block")
    date = _require(meta, "date", yaml_path, "the document")
    if not is_date(date):
        raise CurationError(f"document date {date!r} is not a date", file=yaml_path,
                            line=meta.line_of("date"), hint="write it as YYYY-MM-DD")
    language = str(_require(meta, "language", yaml_path, "the document"))
    if language not in SCRIPTS:
        raise CurationError(f"language '{language}' is not a script this tool reads",
                            file=yaml_path, line=meta.line_of("language"),
                            hint=f"use one of {', '.join(SCRIPTS)} (the script of the raw text)")
    residue = meta.get("residue_lines") or []
    if not isinstance(residue, list) or not all(isinstance(r, str) for r in residue):
        raise CurationError("residue_lines must be a list of lines of text", file=yaml_path,
                            line=meta.line_of("residue_lines"),
                            hint='write e.g. residue_lines: ["政声传递", "首页 > 新闻"]')
    authors = []
    for item, line in zip(meta.get("authors") or [], getattr(meta.get("authors"), "item_lines", [])):
        role = item.get("role", "author") if isinstance(item, dict) else "author"
        name = item.get("name") if isinstance(item, dict) else item
        if role not in AUTHOR_ROLES or not name:
            raise CurationError(f"author {item!r} needs a name and a role in "
                                f"{sorted(AUTHOR_ROLES)}", file=yaml_path, line=line,
                                hint="write e.g. {name: 潘晓晨, role: reporter}")
        authors.append(Author(str(name), role))
    return DocumentMeta(
        id=yaml_path.stem, text_path=str(text_path), yaml_path=str(yaml_path),
        title=str(_require(meta, "title", yaml_path, "the document")),
        title_en=meta.get("title_en"), publisher=meta.get("publisher"), date=date,
        language=language,
        authors=tuple(authors), url=meta.get("url"),
        residue_lines=tuple(residue), note=meta.get("note"),
        residue_where=Where(str(yaml_path), meta.line_of("residue_lines")))


def _statement(block: LineDict, path: Path) -> Statement:
    quote = str(_require(block, "quote", path, "a statement")).strip()
    facts: list[Fact] = []
    subject = block.get("about")
    for key in block:
        if key in STATEMENT_KEYS:
            continue
        if subject is None:
            raise CurationError(f"property '{key}' given but no 'about:' subject", file=path,
                                line=block.line_of(key), hint="add 'about: <entity id>'")
        values = block[key] if isinstance(block[key], list) else [block[key]]
        for value in values:
            facts.append(Fact(str(subject), str(key), value, Where(str(path), block.line_of(key))))
    triples = block.get("facts") or []
    for triple, line in zip(triples, getattr(triples, "item_lines", [])):
        if not isinstance(triple, list) or len(triple) != 3:
            raise CurationError(f"fact {triple!r} is not [subject, property, object]", file=path,
                                line=line, hint="write e.g. [li-xi, holds, director-of-talent-bureau]")
        facts.append(Fact(str(triple[0]), str(triple[1]), triple[2], Where(str(path), line)))
    if not facts:
        raise CurationError("statement states no fact", file=path, line=block.line,
                            hint="add 'about:' with properties, or 'facts:'")
    return Statement(quote, tuple(facts), block.get("note"), Where(str(path), block.line))


def _load_document(yaml_path: Path) -> DocumentCuration:
    text_path = yaml_path.with_suffix(".txt")
    if not text_path.is_file():
        raise CurationError(f"no raw text {text_path.name} beside the curation file",
                            file=yaml_path, line=1,
                            hint="put the document's raw text, byte for byte, next to it")
    raw = read_utf8(text_path)
    if not raw.strip():
        raise CurationError("document is empty", file=text_path, line=1,
                            hint="restore the document's text, or remove it and its .yaml")
    data = load_yaml(yaml_path)
    _top_level(data, DOCUMENT_FILE_KEYS, yaml_path)
    meta = _document_meta(data, yaml_path, text_path)
    blocks = data.get("statements") or LineList()
    statements = tuple(_statement(b, yaml_path) for b in _block_list({"statements": blocks},
                                                                      "statements", yaml_path))
    return DocumentCuration(meta, raw, statements)


def _typed_object(subject: str, predicate: str, value, where: Where,
                  entities: dict[str, Entity], ontology: Ontology):
    """Check one curated fact against the ontology; return its object typed for RDF.

    The object is an entity id (str), a controlled value IRI, or a typed literal.
    """
    prop = ontology.properties.get(predicate)
    if prop is None:
        raise CurationError(f"unknown property '{predicate}'", file=where.file, line=where.line,
                            hint=_suggest(predicate, ontology.properties)
                            or "see ontology/kg.ttl for the properties")
    _entity_ref(subject, prop, "subject", entities, ontology, where)
    if prop.kind == "datatype":
        return _literal(value, prop, where)
    notations = ontology.concept_notations(prop.name)
    if notations:
        concept = ontology.concept(prop.name, str(value))
        if concept is None:
            raise CurationError(f"'{value}' is not a value of '{prop.name}'", file=where.file,
                                line=where.line, hint=f"use one of {', '.join(notations)}")
        return concept
    return _entity_ref(str(value), prop, "object", entities, ontology, where)


def _literal(value, prop, where: Where) -> Literal:
    datatype = str(prop.datatype or "")
    try:
        if datatype.endswith("#decimal"):
            return decimal_literal(parse_number(value))
        if datatype.endswith("#date"):
            if not is_date(value):
                raise ValueError(f"not a date: {value!r}")
            return Literal(value, datatype=prop.datatype)
    except ValueError as err:
        raise CurationError(f"{err} for '{prop.name}'", file=where.file, line=where.line,
                            hint="write a number such as 1000, 48.3 or '318.93亿', "
                            "or a date as YYYY-MM-DD") from None
    if datatype.endswith("#string"):
        return Literal(str(value))  # RDF 1.1: a plain literal is an xsd:string, written without a type
    return Literal(str(value), datatype=prop.datatype)


def decimal_literal(number) -> Literal:
    """An xsd:decimal in the lexical form Turtle writes back unchanged (always with a point).

    >>> decimal_literal(parse_number("1.5万"))
    rdflib.term.Literal('15000.0', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    """
    text = format(number, "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def _entity_ref(entity_id: str, prop, side: str, entities: dict[str, Entity], ontology: Ontology,
                where: Where) -> str:
    if entity_id not in entities:
        raise CurationError(f"unknown entity id '{entity_id}'", file=where.file, line=where.line,
                            hint=_suggest(entity_id, entities) or "add it to seeds/entities/")
    allowed = prop.domain if side == "subject" else prop.range
    entity = entities[entity_id]
    info = ontology.classes[entity.cls]
    if allowed and not any(info.is_a(c) for c in allowed):
        raise CurationError(f"'{prop.name}' expects its {side} to be "
                            f"{' or '.join(sorted(allowed))}, but '{entity.id}' is {entity.cls}",
                            file=where.file, line=where.line,
                            hint=f"use another property or fix the class of '{entity.id}'")
    return entity_id


def _typed_entity(entity: Entity, entities, sources, ontology: Ontology) -> Entity:
    for source_id, where in [(entity.en_source, entity.where)] + [(f.source, f.where)
                                                                   for f in entity.facts]:
        if source_id not in sources:
            raise CurationError(f"unknown source '{source_id}'", file=where.file, line=where.line,
                                hint=_suggest(source_id, sources) or "add it to seeds/sources.yaml")
    facts = tuple(ExternalFact(f.predicate, _typed_object(entity.id, f.predicate, f.obj, f.where,
                                                          entities, ontology), f.source, f.where)
                  for f in entity.facts)
    return replace(entity, facts=facts)


def _typed_statement(statement: Statement, entities, ontology: Ontology) -> Statement:
    facts = tuple(Fact(f.subject, f.predicate,
                       _typed_object(f.subject, f.predicate, f.obj, f.where, entities, ontology),
                       f.where) for f in statement.facts)
    return replace(statement, facts=facts)


def load_registry(seeds: Path, ontology: Ontology) -> tuple[dict[str, Source], dict[str, Entity]]:
    """The sources and the checked entity registry of a seeds folder."""
    seeds = Path(seeds)
    if not (seeds / "entities").is_dir() or not (seeds / "documents").is_dir():
        raise CurationError("not a seeds folder (needs entities/ and documents/)", file=seeds,
                            hint="run from the project folder or pass --seeds DIR")
    sources = _load_sources(seeds / "sources.yaml")
    raw_entities = _load_entities(seeds / "entities", ontology)
    entities = {i: _typed_entity(e, raw_entities, sources, ontology)
                for i, e in raw_entities.items()}
    return sources, entities


def load_checked_document(path: Path, entities: dict[str, Entity], ontology: Ontology) -> DocumentCuration:
    """One document's metadata, raw text and statements, checked against the registry."""
    doc = _load_document(Path(path))
    statements = tuple(_typed_statement(s, entities, ontology) for s in doc.statements)
    return replace(doc, statements=statements)


def check_orphan_texts(seeds: Path) -> None:
    """Every raw text must have its curation file."""
    for path in sorted((Path(seeds) / "documents").glob("*.txt")):
        if not path.with_suffix(".yaml").is_file():
            raise CurationError("raw document has no curation file", file=path,
                                hint=f"add {path.with_suffix('.yaml').name} with a document: block")


def load_corpus(seeds: Path, ontology: Ontology) -> Corpus:
    """Read and check every curation file under ``seeds``; fact objects come back typed.

    >>> from kg.rdf.ontology import load_ontology
    >>> from kg.resources import project_root
    >>> corpus = load_corpus(project_root() / "tests" / "fixtures" / "mini", load_ontology())
    >>> sorted(corpus.entities)[:2], len(corpus.documents)
    (['capital-city', 'culture-bureau'], 1)
    """
    sources, entities = load_registry(seeds, ontology)
    documents = tuple(load_checked_document(p, entities, ontology)
                      for p in sorted((Path(seeds) / "documents").glob("*.yaml")))
    check_orphan_texts(seeds)
    return Corpus(sources, entities, documents)
