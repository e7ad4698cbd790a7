"""The curated corpus in memory: sources, entities, documents and their statements.

These are plain frozen records; :mod:`kg.curation.registry` and :mod:`kg.curation.documents`
build and check them, and :mod:`kg.rdf.emit` turns them into RDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["Where", "Source", "Value", "ExternalFact", "Entity", "Author", "DocumentMeta", "Fact",
           "Statement", "DocumentCuration", "Corpus"]


@dataclass(frozen=True)
class Where:
    """A place in a curation file, for error messages."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Source:
    """An external reference (code list, gazetteer, translation) that curated facts cite."""

    id: str
    title: str
    publisher: str | None
    year: int | None
    url: str | None
    note: str | None
    where: Where


@dataclass(frozen=True)
class Value:
    """The checked object of a fact: an entity (``value`` is its id), a controlled value (an IRI),
    or a literal (``value`` is its lexical form, with a datatype IRI or a language tag)."""

    kind: str  # "entity", "iri" or "literal"
    value: str
    datatype: str | None = None
    lang: str | None = None


#: The object of a fact as curated (before checking) or checked (a :class:`Value`).
FactObject = object


@dataclass(frozen=True)
class ExternalFact:
    """A fact about an entity that the documents do not state, with the source that does."""

    predicate: str
    obj: FactObject
    source: str
    where: Where


@dataclass(frozen=True)
class Entity:
    id: str
    cls: str
    label: str  # canonical, Simplified
    en: str
    aliases: tuple[str, ...]
    pinyin: str | None  # curated override of the generated pinyin
    en_source: str
    facts: tuple[ExternalFact, ...]
    note: str | None
    where: Where
    description: tuple[tuple[str, str], ...] = ()  # (language tag, text): zh-Hans and en
    scoped: tuple[tuple[str, str], ...] = ()       # (name, scope region id): valid in that region only
    draft: bool = False  # proposed by ``kg draft`` and not reviewed yet (``draft: true``)
    extended_by: tuple[Where, ...] = ()  # the ``extends:`` blocks that added names or notes


@dataclass(frozen=True)
class Author:
    name: str
    role: str  # reporter, correspondent, author


@dataclass(frozen=True)
class DocumentMeta:
    id: str
    text_path: str
    yaml_path: str
    title: str
    title_en: str | None
    publisher: str | None
    date: dt.date
    language: str  # BCP 47, e.g. zh-Hant
    authors: tuple[Author, ...]
    url: str | None
    residue_lines: tuple[str, ...]
    note: str | None
    residue_where: Where | None = None  # where residue_lines is written, for warnings
    jurisdiction: str | None = None  # region id: scoped names in the document resolve within it
    draft_line: int | None = None  # the line of the document block's ``draft: true``, if any


@dataclass(frozen=True)
class Fact:
    subject: str
    predicate: str
    obj: FactObject
    where: Where


@dataclass(frozen=True)
class Statement:
    quote: str
    facts: tuple[Fact, ...]
    note: str | None
    where: Where
    responds_to: tuple[str, ...] = ()  # event ids the statement responds to
    draft: bool = False  # written by ``kg draft`` and not reviewed yet (``draft: true``)


@dataclass(frozen=True)
class DocumentCuration:
    meta: DocumentMeta
    raw_text: str
    statements: tuple[Statement, ...]
    used_ids: frozenset[str] = frozenset()  # entity ids the statements name (after checking)


@dataclass(frozen=True)
class Corpus:
    sources: dict[str, Source]
    entities: dict[str, Entity]
    documents: tuple[DocumentCuration, ...]
