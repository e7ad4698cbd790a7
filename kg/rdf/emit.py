"""Turn checked curation into RDF statements: direct facts plus, for every fact, its evidence.

Named graphs (``kgg:`` = https://w3id.org/localgov-kg/graph/):

- ``kgg:<document id>``: the document's metadata, the facts it states, and their evidence (quote,
  offsets, date); made by :func:`document_statements` from that document alone;
- ``kgg:registry``: entities (types, labels in zh-Hans, zh-Hant, en, pinyin), external sources,
  and facts from outside the corpus with their evidence (:func:`registry_statements`);
- ``kgg:tenures``: who held which post, attested on the dates of the documents that say so
  (:func:`tenure_statements`, from every document's ``holds`` facts);
- ``kgg:ontology`` and ``kgg:analysis`` (see :mod:`kg.build`).

Statements are N-Triples lines (:mod:`kg.rdf.terms`). A document's statements are split in two:
*private* ones, whose subject the document owns (its own node and its evidence records, whose IRIs
carry the document id), and *shared* ones (facts about entities, its authors), which other
documents may state too. The merged graph is then every document's private statements, which
no other document can repeat, plus the shared ones once: whole-graph files are assembled by
concatenation and one small merge, whatever the corpus size.

IRIs are deterministic (slugs and content hashes) and no blank nodes are used, so a rebuild with
unchanged inputs gives the same bytes.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from kg.curation.model import DocumentCuration, Entity
from kg.curation.names import entity_pinyin
from kg.curation.quotes import QuoteSpan
from kg.namespaces import GRAPH, KG, KGR, OA, SCHEMA
from kg.curation.ontology import Ontology
from kg.rdf.terms import (RDF_TYPE, XSD_DATE, XSD_GYEAR, XSD_NON_NEGATIVE_INTEGER, iri, literal,
                          triple, value_term)
from kg.text.labels import person_pinyin
from kg.text.normalize import NormalizedText, clean_quote, normalize_fragment, to_simplified

__all__ = ["ontology_lines", "ResolvedDocument", "DocumentStatements", "FactRow", "document_statements", "entity_labels",
           "registry_statements", "tenure_statements", "document_iri", "entity_iri",
           "evidence_prefix", "traditional_forms", "graph_iri", "ONTOLOGY_GRAPH",
           "REGISTRY_GRAPH", "TENURE_GRAPH", "ANALYSIS_GRAPH", "INFERRED_GRAPH", "PINYIN"]

ONTOLOGY_GRAPH = str(GRAPH["ontology"])
REGISTRY_GRAPH = str(GRAPH["registry"])
TENURE_GRAPH = str(GRAPH["tenures"])
ANALYSIS_GRAPH = str(GRAPH["analysis"])
INFERRED_GRAPH = str(GRAPH["inferred"])
PINYIN = "zh-Latn-pinyin"

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCTERMS = "http://purl.org/dc/terms/"
_PROV = "http://www.w3.org/ns/prov#"
P_LABEL, P_PREF, P_ALT, P_NOTE = (iri(_RDFS + "label"), iri(_SKOS + "prefLabel"),
                                  iri(_SKOS + "altLabel"), iri(_SKOS + "note"))
P_DERIVED = iri(_PROV + "wasDerivedFrom")
_ROLE_PROPERTY = {"reporter": iri(str(SCHEMA.author)), "author": iri(str(SCHEMA.author)),
                  "correspondent": iri(str(SCHEMA.contributor))}


@dataclass(frozen=True)
class ResolvedDocument:
    """A curated document with its normalised text and each statement's located quote."""

    curation: DocumentCuration
    text: NormalizedText
    quotes: tuple  # of (Statement, QuoteSpan)


@dataclass(frozen=True)
class FactRow:
    """One evidence record of a fact, as the tables, pages and report read it."""

    evidence: str   # IRI
    subject: str    # IRI
    predicate: str  # IRI
    object: str     # N-Triples term
    source: str     # document or external source IRI
    date: str       # ISO date of the document, "" for external sources
    quote: str      # the verbatim quote, "" for external sources
    start: int | None
    end: int | None


@dataclass
class DocumentStatements:
    """What one document contributes: its graph's statements, split private / shared, and rows."""

    graph: str                                       # the named graph's IRI
    private: list[str] = field(default_factory=list)  # N-Triples lines
    shared: list[str] = field(default_factory=list)
    facts: list[FactRow] = field(default_factory=list)


def entity_iri(entity_id: str) -> str:
    """The IRI of a curated entity.

    >>> entity_iri("li-xi")
    'https://w3id.org/localgov-kg/id/li-xi'
    """
    return str(KGR) + entity_id


def _doc_slug(doc_id: str) -> str:
    return doc_id.lower().replace("_", "-")


def document_iri(doc_id: str) -> str:
    """The IRI of a source document, from its file name.

    >>> document_iri("000_4221d1719c757f4b")
    'https://w3id.org/localgov-kg/id/doc-000-4221d1719c757f4b'
    """
    return f"{KGR}doc-{_doc_slug(doc_id)}"


def evidence_prefix(doc_id: str) -> str:
    """Every evidence IRI of a document starts with this (the document owns those subjects)."""
    return f"{KGR}ev-{_doc_slug(doc_id)}-"


def graph_iri(doc_id: str) -> str:
    """The named graph of a document: ``kgg:<document id>``."""
    return str(GRAPH) + doc_id


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:12]


def _digest_form(value) -> str:
    """The form of a fact's object the evidence IRI digest is made from (an IRI, or a literal's
    lexical form), so that evidence IRIs stay the same from one version to the next."""
    return entity_iri(value.value) if value.kind == "entity" else value.value


def _person_iri(name: str) -> str:
    """A readable IRI for an author: ``kgr:person-pan-xiaochen``."""
    spelled = unicodedata.normalize("NFKD", person_pinyin(to_simplified(name)).lower())
    return f"{KGR}person-" + "-".join(spelled.encode("ascii", "ignore").decode().split())




def traditional_forms(text: NormalizedText, names) -> dict[str, str]:
    """How a Traditional-script text writes the given names (Simplified name → the Traditional
    form), for the names it contains; first occurrence wins.

    >>> from kg.text.normalize import normalize_text
    >>> traditional_forms(normalize_text("推進“僑都賦(fù)能”工程"), ["侨都赋能", "六大工程"])
    {'侨都赋能': '僑都賦能'}
    """
    forms: dict[str, str] = {}
    for name in names:
        needle = normalize_fragment(name)
        if not needle or name in forms:
            continue
        start = text.text.find(needle)
        if start >= 0:
            raw_start, raw_end = text.raw_span(start, start + len(needle))
            written = clean_quote(text.raw[raw_start:raw_end])
            if written != needle:
                forms[name] = written
    return forms


def _document_meta(doc: ResolvedDocument, out: DocumentStatements) -> None:
    meta = doc.curation.meta
    node = iri(document_iri(meta.id))
    date = literal(meta.date.isoformat(), datatype=XSD_DATE)
    add = out.private.append
    add(triple(node, RDF_TYPE, iri(str(KG.Document))))
    titles = [literal(meta.title, lang=meta.language)]
    if meta.title_en:
        titles.append(literal(meta.title_en, lang="en"))
    for title in titles:
        add(triple(node, iri(_DCTERMS + "title"), title))
        add(triple(node, P_LABEL, title))
    add(triple(node, iri(str(SCHEMA.datePublished)), date))
    add(triple(node, iri(_DCTERMS + "date"), date))
    add(triple(node, iri(_DCTERMS + "language"), literal(meta.language)))
    add(triple(node, iri(str(KG.script)), literal(meta.language)))
    add(triple(node, iri(str(KG.fileName)),
               literal(meta.text_path.replace("\\", "/").rsplit("/", 1)[-1])))
    add(triple(node, iri(str(KG.sha256)),
               literal(hashlib.sha256(doc.curation.raw_text.encode("utf-8")).hexdigest())))
    if meta.publisher:
        add(triple(node, iri(_DCTERMS + "publisher"), literal(meta.publisher, lang="zh-Hans")))
    if meta.url:
        add(triple(node, iri(str(SCHEMA.url)), iri(meta.url)))
    if meta.note:
        add(triple(node, P_NOTE, literal(str(meta.note).strip(), lang="en")))
    if meta.jurisdiction:
        add(triple(node, iri(str(KG.documentJurisdiction)), iri(entity_iri(meta.jurisdiction))))
    for author in meta.authors:
        person = iri(_person_iri(author.name))
        add(triple(node, _ROLE_PROPERTY[author.role], person))
        out.shared.append(triple(person, RDF_TYPE, iri(str(SCHEMA.Person))))
        name = to_simplified(author.name)
        for label in (literal(name, lang="zh-Hans"), literal(person_pinyin(name), lang=PINYIN)):
            out.shared.append(triple(person, iri(str(SCHEMA.name)), label))
            out.shared.append(triple(person, P_LABEL, label))


def _evidence_core(add, evidence: str, s: str, p: str, o: str, source: str) -> None:
    add(triple(evidence, RDF_TYPE, iri(str(KG.Evidence))))
    add(triple(evidence, RDF_TYPE, iri(str(OA.Annotation))))
    add(triple(evidence, iri(_RDF + "subject"), s))
    add(triple(evidence, iri(_RDF + "predicate"), p))
    add(triple(evidence, iri(_RDF + "object"), o))
    add(triple(evidence, P_DERIVED, source))


def _quote_evidence(doc: ResolvedDocument, s: str, p: str, o: str, digest_form: str,
                    span: QuoteSpan, out: DocumentStatements, responds_to=()) -> None:
    meta = doc.curation.meta
    doc_node = iri(document_iri(meta.id))
    evidence_iri = evidence_prefix(meta.id) + _digest(s[1:-1], p[1:-1], digest_form, span.start)
    evidence = iri(evidence_iri)
    add = out.private.append
    _evidence_core(add, evidence, s, p, o, doc_node)
    add(triple(evidence, iri(str(KG.documentDate)),
               literal(meta.date.isoformat(), datatype=XSD_DATE)))
    add(triple(evidence, iri(str(KG.normalizedQuote)), literal(span.normalized)))
    for event in responds_to:
        add(triple(evidence, iri(str(KG.inResponseTo)), iri(entity_iri(event))))
    target, quote, position = (iri(f"{evidence_iri}-{part}")
                               for part in ("target", "quote", "position"))
    add(triple(evidence, iri(str(OA.hasTarget)), target))
    add(triple(target, RDF_TYPE, iri(str(OA.SpecificResource))))
    add(triple(target, iri(str(OA.hasSource)), doc_node))
    add(triple(target, iri(str(OA.hasSelector)), quote))
    add(triple(target, iri(str(OA.hasSelector)), position))
    add(triple(quote, RDF_TYPE, iri(str(OA.TextQuoteSelector))))
    add(triple(quote, iri(str(OA.exact)), literal(span.exact, lang=meta.language)))
    add(triple(position, RDF_TYPE, iri(str(OA.TextPositionSelector))))
    for part, value in (("start", span.raw_start), ("end", span.raw_end)):
        add(triple(position, iri(str(OA[part])),
                   literal(str(value), datatype=XSD_NON_NEGATIVE_INTEGER)))
    out.facts.append(FactRow(evidence_iri, s[1:-1], p[1:-1], o, document_iri(meta.id),
                             meta.date.isoformat(), span.exact, span.raw_start, span.raw_end))


def document_statements(doc: ResolvedDocument, ontology: Ontology) -> DocumentStatements:
    """One document's named graph: its metadata, the facts it states, and their evidence."""
    out = DocumentStatements(graph_iri(doc.curation.meta.id))
    _document_meta(doc, out)
    for statement, span in doc.quotes:
        for fact in statement.facts:
            s = iri(entity_iri(fact.subject))
            p = iri(str(ontology.properties[fact.predicate].iri))
            o = value_term(fact.obj)
            out.shared.append(triple(s, p, o))
            _quote_evidence(doc, s, p, o, _digest_form(fact.obj), span, out, statement.responds_to)
    out.private = sorted(set(out.private))
    out.shared = sorted(set(out.shared))
    out.facts.sort(key=lambda row: row.evidence)
    return out


def registry_statements(sources, entities: dict[str, Entity], ontology: Ontology,
                        forms: dict[str, str]) -> tuple[list[str], list[FactRow]]:
    """The registry graph (sorted N-Triples lines) and the rows of its external evidence.

    ``forms`` maps a Simplified name to how a Traditional-script document writes it: the
    entity's zh-Hant label or alias.
    """
    lines: list[str] = []
    rows: list[FactRow] = []
    add = lines.append
    for source in sources.values():
        node = iri(f"{KGR}source-{source.id}")
        add(triple(node, RDF_TYPE, iri(str(KG.ExternalSource))))
        add(triple(node, P_LABEL, literal(source.title)))
        add(triple(node, iri(_DCTERMS + "title"), literal(source.title)))
        if source.publisher:
            add(triple(node, iri(_DCTERMS + "publisher"), literal(str(source.publisher))))
        if source.year:
            add(triple(node, iri(_DCTERMS + "date"), literal(str(source.year), datatype=XSD_GYEAR)))
        if source.url:
            add(triple(node, iri(str(SCHEMA.url)), iri(source.url)))
        if source.note:
            add(triple(node, P_NOTE, literal(str(source.note).strip(), lang="en")))
    for entity in entities.values():
        _entity(add, entity, ontology, forms)
        for fact in entity.facts:
            s = iri(entity_iri(entity.id))
            p = iri(str(ontology.properties[fact.predicate].iri))
            o = value_term(fact.obj)
            add(triple(s, p, o))
            source = f"{KGR}source-{fact.source}"
            evidence = f"{KGR}ev-external-{_digest(s[1:-1], p[1:-1], _digest_form(fact.obj), fact.source)}"
            _evidence_core(add, iri(evidence), s, p, o, iri(source))
            rows.append(FactRow(evidence, s[1:-1], p[1:-1], o, source, "", "", None, None))
    return sorted(set(lines)), sorted(rows, key=lambda r: r.evidence)


def entity_labels(entity: Entity, ontology: Ontology,
                  forms: dict[str, str]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """An entity's preferred labels by language tag (zh-Hans, en, pinyin, and zh-Hant when a
    Traditional-script document writes the name) and its alternative labels (text, tag)."""
    pref = {"zh-Hans": entity.label, "en": entity.en, PINYIN: entity_pinyin(entity, ontology)}
    if entity.label in forms:
        pref["zh-Hant"] = forms[entity.label]
    alt = []
    for alias in entity.aliases:
        is_chinese = any("\u3400" <= ch <= "\u9fff" for ch in alias)
        simplified = to_simplified(alias) if is_chinese else alias
        alt.append((simplified, "zh-Hans" if is_chinese else "en"))
        if is_chinese and simplified != alias:
            alt.append((alias, "zh-Hant"))
        if alias in forms:
            alt.append((forms[alias], "zh-Hant"))
    return pref, alt


def _entity(add, entity: Entity, ontology: Ontology, forms: dict[str, str]) -> None:
    node = iri(entity_iri(entity.id))
    add(triple(node, RDF_TYPE, iri(str(ontology.classes[entity.cls].iri))))
    pref, alt = entity_labels(entity, ontology, forms)
    for lang, text in pref.items():
        label = literal(text, lang=lang)
        add(triple(node, P_PREF, label))
        add(triple(node, P_LABEL, label))
    for text, lang in alt:
        add(triple(node, P_ALT, literal(text, lang=lang)))
    if entity.note:
        add(triple(node, P_NOTE, literal(str(entity.note).strip(), lang="en")))
    for lang, text in entity.description:
        add(triple(node, iri(str(SCHEMA.description)), literal(text, lang=lang)))
    for name, scope in entity.scoped:
        scoped = iri(f"{KGR}name-{entity.id}-{_digest(name, scope)}")
        add(triple(node, iri(str(KG.scopedName)), scoped))
        add(triple(scoped, RDF_TYPE, iri(str(KG.ScopedName))))
        simplified = to_simplified(name)
        add(triple(scoped, iri(str(KG.name)), literal(simplified, lang="zh-Hans")))
        if name in forms:
            add(triple(scoped, iri(str(KG.name)), literal(forms[name], lang="zh-Hant")))
        add(triple(scoped, iri(str(KG.scope)), iri(entity_iri(scope))))
    add(triple(node, iri(str(KG.englishLabelSource)), iri(f"{KGR}source-{entity.en_source}")))


def tenure_statements(holds: list[FactRow], post_orgs: dict[str, set[str]]) -> list[str]:
    """A ``kg:Tenure`` for each official and post some document says the official holds, with
    the organisations of the post (``postIn`` facts of any document or the registry) and one
    ``kg:attestedOn`` per document date. Sorted N-Triples lines of graph ``kgg:tenures``."""
    lines: set[str] = set()
    by_pair: dict[tuple[str, str], list[FactRow]] = defaultdict(list)
    for row in holds:
        by_pair[(row.subject, row.object[1:-1])].append(row)
    for (official, post), rows in by_pair.items():
        slug = lambda value: value[len(str(KGR)):]
        tenure = iri(f"{KGR}tenure-{slug(official)}--{slug(post)}")
        lines.add(triple(tenure, RDF_TYPE, iri(str(KG.Tenure))))
        lines.add(triple(tenure, iri(str(KG.tenureHolder)), iri(official)))
        lines.add(triple(tenure, iri(str(KG.tenurePost)), iri(post)))
        for org in post_orgs.get(post, ()):
            lines.add(triple(tenure, iri(str(KG.tenureOrganization)), iri(org)))
        for row in rows:
            lines.add(triple(tenure, iri(str(KG.attestedOn)), literal(row.date, datatype=XSD_DATE)))
            lines.add(triple(tenure, P_DERIVED, iri(row.evidence)))
    return sorted(lines)


@lru_cache(maxsize=1)
def ontology_lines() -> tuple[str, ...]:
    """The ontology as sorted N-Triples lines (blank nodes labelled canonically)."""
    import pyoxigraph as ox

    from kg.curation.ontology import load_ontology
    from kg.rdf.serialize import restore_tags

    ontology = load_ontology()
    triples = []
    for s, p, o in ontology.graph:
        triples.append(ox.Triple(_ox(s), _ox(p), _ox(o)))
    text = restore_tags(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"))
    return tuple(sorted(set(text.splitlines(keepends=True))))


def _ox(term):
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(term)
