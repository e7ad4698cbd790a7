"""One curated document: its raw text, its metadata and the statements it makes, checked.

A document is two files side by side in ``seeds/documents/``: ``<id>.txt``, the raw text byte for
byte (or ``<id>.html``, a saved web page kept byte for byte, whose main text is extracted: see
:mod:`kg.text.html`), and ``<id>.yaml``, its metadata and statements. The id is the file name
without its extension: lowercase ASCII letters and digits in groups joined by ``_`` or ``-``
(``001_a1366d450c5a1b76``, ``2023-jiangmen-report``); it names the document's graph
(``kgg:<id>``) and its IRI.

A statement or the document may carry ``draft: true`` (written by ``kg draft``): it is read and
checked like any other, and the build refuses it until a curator has reviewed it and removed the
marker (:func:`draft_lines`).

Checking a document needs only the ontology and the class of each entity it names, so a
document's result depends on its own files and on those entries, not on the whole registry.

>>> from kg.curation.ontology import load_ontology
>>> from kg.curation.registry import load_registry
>>> from kg.resources import project_root
>>> mini = project_root() / "tests" / "fixtures" / "mini"
>>> ontology = load_ontology()
>>> doc = load_checked_document(mini / "documents" / "001_mini.yaml",
...                             load_registry(mini, ontology).classes, ontology)
>>> doc.meta.id, doc.meta.language, len(doc.statements), sorted(doc.used_ids)[:2]
('001_mini', 'zh-Hant', 5, ['culture-bureau', 'culture-tourism'])
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from kg.curation.checks import block_list, check_keys, require, top_level, typed_object
from kg.curation.model import Author, DocumentCuration, DocumentMeta, Fact, Statement, Where
from kg.curation.ontology import Ontology
from kg.curation.yamlio import LineDict, LineList, is_date, load_yaml, read_utf8
from kg.errors import CurationError
from kg.text.html import HTML_SUFFIXES, extract_html_text
from kg.text.normalize import SCRIPTS

__all__ = ["load_checked_document", "load_document", "document_paths", "check_orphan_texts",
           "DOCUMENT_ID", "used_ids", "text_path_of", "read_document_text", "draft_lines",
           "TEXT_SUFFIXES"]

#: A document id: lowercase ASCII letters and digits, in groups joined by ``_`` or ``-``.
DOCUMENT_ID = re.compile(r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$")
DOCUMENT_KEYS = {"title", "title_en", "publisher", "date", "language", "authors", "url",
                 "residue_lines", "note", "jurisdiction", "draft"}
DOCUMENT_FILE_KEYS = {"document", "statements"}
STATEMENT_KEYS = {"about", "quote", "note", "facts", "responds_to", "draft"}
#: The raw document beside ``<id>.yaml``: plain text, or a saved web page.
TEXT_SUFFIXES = (".txt", *HTML_SUFFIXES)
AUTHOR_ROLES = {"reporter", "correspondent", "author"}


def document_paths(seeds: Path) -> list[Path]:
    """The curation file of every document, in id order."""
    return sorted((Path(seeds) / "documents").glob("*.yaml"))


def text_path_of(yaml_path: Path) -> Path:
    """The raw document beside a curation file: ``<id>.txt``, else ``<id>.html`` or ``.htm``
    (``<id>.txt`` when none exists, for the error message)."""
    for suffix in TEXT_SUFFIXES:
        candidate = Path(yaml_path).with_suffix(suffix)
        if candidate.exists() or candidate.is_symlink():
            return candidate
    return Path(yaml_path).with_suffix(".txt")


def read_document_text(text_path: Path) -> str:
    """A document's text as quotes are matched in: the raw file (UTF-8), or the main text
    extracted from a saved web page."""
    text_path = Path(text_path)
    if text_path.suffix.lower() not in HTML_SUFFIXES:
        return read_utf8(text_path)
    from kg.curation.yamlio import read_bytes

    try:
        return extract_html_text(read_bytes(text_path))
    except ValueError as err:
        raise CurationError(str(err), file=text_path, line=1,
                            hint="save the page again with its real encoding declared "
                            "(<meta charset=...>), or save its text as a .txt file") from err
    except ImportError as err:
        raise CurationError("reading a saved web page needs trafilatura", file=text_path,
                            hint="install the draft extra: pip install -e '.[draft]'") from err


def draft_lines(document: DocumentCuration) -> list[list]:
    """``[line, what]`` of the document block and the statements still marked ``draft: true``."""
    block = [[document.meta.draft_line, "the document block"]] if document.meta.draft_line else []
    return block + [[s.where.line, "statement"] for s in document.statements if s.draft]


def check_orphan_texts(seeds: Path) -> None:
    """Every raw text must have its curation file."""
    documents = Path(seeds) / "documents"
    for path in sorted(p for suffix in TEXT_SUFFIXES for p in documents.glob(f"*{suffix}")):
        if not path.with_suffix(".yaml").exists():
            raise CurationError("raw document has no curation file", file=path,
                                hint=f"add {path.with_suffix('.yaml').name} with a document: block")


def _document_meta(data, yaml_path: Path, text_path: Path) -> DocumentMeta:
    meta = data.get("document") if isinstance(data, dict) else None
    if not isinstance(meta, dict):
        raise CurationError("no 'document:' block with the document's metadata", file=yaml_path,
                            line=1, hint="see seeds/README.md for the fields")
    check_keys(meta, DOCUMENT_KEYS, yaml_path, "the document block")
    date = require(meta, "date", yaml_path, "the document")
    if not is_date(date):
        raise CurationError(f"document date {date!r} is not a date", file=yaml_path,
                            line=meta.line_of("date"), hint="write it as YYYY-MM-DD")
    language = str(require(meta, "language", yaml_path, "the document"))
    if language not in SCRIPTS:
        raise CurationError(f"language '{language}' is not a script this tool reads",
                            file=yaml_path, line=meta.line_of("language"),
                            hint=f"use one of {', '.join(SCRIPTS)} (the script of the raw text)")
    residue = meta.get("residue_lines") or []
    if not isinstance(residue, list) or not all(isinstance(r, str) for r in residue):
        raise CurationError("residue_lines must be a list of lines of text", file=yaml_path,
                            line=meta.line_of("residue_lines"),
                            hint='write e.g. residue_lines: ["政声传递", "首页 > 新闻"]')
    url = meta.get("url")
    if url is not None:
        from kg.curation.registry import _check_url

        _check_url(str(url), yaml_path, meta.line_of("url"))
    authors = []
    for item, line in zip(meta.get("authors") or [], getattr(meta.get("authors"), "item_lines", [])):
        role = item.get("role", "author") if isinstance(item, dict) else "author"
        name = item.get("name") if isinstance(item, dict) else item
        if role not in AUTHOR_ROLES or not name or isinstance(name, (dict, list)):
            raise CurationError(f"author {item!r} needs a name and a role in "
                                f"{sorted(AUTHOR_ROLES)}", file=yaml_path, line=line,
                                hint="write e.g. {name: 潘晓晨, role: reporter}")
        authors.append(Author(str(name), role))
    return DocumentMeta(
        id=yaml_path.stem, text_path=str(text_path), yaml_path=str(yaml_path),
        title=str(require(meta, "title", yaml_path, "the document")),
        title_en=meta.get("title_en"), publisher=meta.get("publisher"), date=date,
        language=language, authors=tuple(authors), url=url,
        residue_lines=tuple(residue), note=meta.get("note"),
        residue_where=Where(str(yaml_path), meta.line_of("residue_lines")),
        jurisdiction=str(meta["jurisdiction"]) if meta.get("jurisdiction") else None,
        draft_line=meta.line_of("draft") if meta.get("draft") is True else None)


def _statement(block: LineDict, path: Path) -> Statement:
    quote = str(require(block, "quote", path, "a statement")).strip()
    facts: list[Fact] = []
    subject = block.get("about")
    if isinstance(subject, (dict, list)):
        raise CurationError("'about:' takes one entity id", file=path, line=block.line_of("about"),
                            hint="write about: <entity id>")
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
    responds = block.get("responds_to") or []
    responds = responds if isinstance(responds, list) else [responds]
    if not all(isinstance(r, str) for r in responds):
        raise CurationError("responds_to takes event ids", file=path,
                            line=block.line_of("responds_to"), hint="write responds_to: <event id>")
    draft = block.get("draft", False)
    if not isinstance(draft, bool):
        raise CurationError(f"draft: takes true or false, not {draft!r}", file=path,
                            line=block.line_of("draft"), hint="delete the line once reviewed")
    return Statement(quote, tuple(facts), block.get("note"), Where(str(path), block.line),
                     tuple(responds), draft)


def load_document(yaml_path: Path) -> DocumentCuration:
    """A document's files read and checked for form (not yet against the registry)."""
    yaml_path = Path(yaml_path)
    if not DOCUMENT_ID.match(yaml_path.stem):
        raise CurationError(f"document id '{yaml_path.stem}' is not lowercase letters and digits "
                            "joined by _ or -", file=yaml_path,
                            hint="rename both files, e.g. 2023_jiangmen_report.txt and .yaml")
    text_path = text_path_of(yaml_path)
    if not text_path.exists():
        raise CurationError(f"no raw text {text_path.name} beside the curation file",
                            file=yaml_path, line=1,
                            hint="put the document's raw text (.txt) or saved page (.html), "
                            "byte for byte, next to it")
    raw = read_document_text(text_path)
    if not raw.replace("\ufeff", "").strip():
        raise CurationError("document is empty", file=text_path, line=1,
                            hint="restore the document's text, or remove it and its .yaml")
    data = load_yaml(yaml_path)
    top_level(data, DOCUMENT_FILE_KEYS, yaml_path)
    meta = _document_meta(data, yaml_path, text_path)
    blocks = data.get("statements") or LineList()
    statements = tuple(_statement(b, yaml_path)
                       for b in block_list({"statements": blocks}, "statements", yaml_path))
    return DocumentCuration(meta, raw, statements)


def used_ids(document: DocumentCuration) -> set[str]:
    """Every entity id a checked document's statements name, as subject or object."""
    found = set(filter(None, [document.meta.jurisdiction]))
    for statement in document.statements:
        found.update(statement.responds_to)
        for fact in statement.facts:
            found.add(fact.subject)
            if getattr(fact.obj, "kind", None) == "entity":
                found.add(fact.obj.value)
    return found


def _check_reference(entity_id: str, wanted: str, classes: dict[str, str], ontology: Ontology,
                     where: Where, what: str) -> None:
    from kg.curation.checks import suggest

    if entity_id not in classes:
        raise CurationError(f"unknown entity id '{entity_id}' in {what}", file=where.file,
                            line=where.line, hint=suggest(entity_id, classes) or "add it to seeds/entities/")
    if not ontology.classes[classes[entity_id]].is_a(wanted):
        raise CurationError(f"{what} must name a {wanted}, but '{entity_id}' is {classes[entity_id]}",
                            file=where.file, line=where.line, hint=f"name a {wanted} entity")


def load_checked_document(path: Path, classes: dict[str, str], ontology: Ontology) -> DocumentCuration:
    """One document's metadata, raw text and statements, checked against the registry's classes
    (entity id → class name)."""
    doc = load_document(Path(path))
    if doc.meta.jurisdiction:
        _check_reference(doc.meta.jurisdiction, "Region", classes, ontology,
                         Where(doc.meta.yaml_path, 1), "the document's jurisdiction")
    for statement in doc.statements:
        for event in statement.responds_to:
            _check_reference(event, "Event", classes, ontology, statement.where, "responds_to")
    statements = tuple(
        replace(s, facts=tuple(Fact(f.subject, f.predicate,
                                    typed_object(f.subject, f.predicate, f.obj, f.where, classes,
                                                 ontology), f.where) for f in s.facts))
        for s in doc.statements)
    checked = replace(doc, statements=statements)
    return replace(checked, used_ids=frozenset(used_ids(checked)))
