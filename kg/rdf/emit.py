"""Turn the checked corpus into an RDF dataset: direct facts plus, for every fact, its evidence.

Named graphs (``kgg:`` = https://w3id.org/localgov-kg/graph/):

- ``kgg:ontology``: the ontology, so the output is self-describing;
- ``kgg:registry``: entities (types, labels in zh-Hans, zh-Hant, en, pinyin), external sources, and
  facts from outside the corpus with their evidence;
- ``kgg:<document id>``: the document's metadata, the facts it states, their evidence (quote,
  offsets, date), and the tenures it attests.

A fact stated by two documents sits in both document graphs, with one evidence record each.
IRIs are deterministic (slugs and content hashes), and no blank nodes are used, so that a rebuild
with unchanged inputs serialises byte for byte the same.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.curation.model import Corpus, DocumentCuration, Entity
from kg.curation.quotes import QuoteSpan
from kg.namespaces import GRAPH, KG, KGR, OA, SCHEMA, bind_prefixes
from kg.rdf.ontology import Ontology
from kg.text.labels import name_pinyin, person_pinyin
from kg.text.normalize import NormalizedText, clean_quote, normalize_fragment, to_simplified

__all__ = ["ResolvedDocument", "build_dataset", "document_iri", "entity_iri", "ONTOLOGY_GRAPH",
           "REGISTRY_GRAPH"]

ONTOLOGY_GRAPH = GRAPH["ontology"]
REGISTRY_GRAPH = GRAPH["registry"]
PINYIN = "zh-Latn-pinyin"
_ROLE_PROPERTY = {"reporter": SCHEMA.author, "author": SCHEMA.author,
                  "correspondent": SCHEMA.contributor}


@dataclass(frozen=True)
class ResolvedDocument:
    """A curated document with its normalised text and each statement's located quote."""

    curation: DocumentCuration
    text: NormalizedText
    quotes: tuple  # of (Statement, QuoteSpan)


def entity_iri(entity_id: str) -> URIRef:
    """The IRI of a curated entity.

    >>> entity_iri("li-xi")
    rdflib.term.URIRef('https://w3id.org/localgov-kg/id/li-xi')
    """
    return KGR[entity_id]


def document_iri(doc_id: str) -> URIRef:
    """The IRI of a source document, from its file name.

    >>> document_iri("000_4221d1719c757f4b")
    rdflib.term.URIRef('https://w3id.org/localgov-kg/id/doc-000-4221d1719c757f4b')
    """
    return KGR["doc-" + doc_id.lower().replace("_", "-")]


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:12]


def _object_term(obj) -> URIRef | Literal:
    """An entity id becomes its IRI; controlled values and literals are already RDF terms."""
    return obj if isinstance(obj, (URIRef, Literal)) else entity_iri(obj)


def _person_iri(name: str) -> URIRef:
    """A readable IRI for an author: ``kgr:person-pan-xiaochen``."""
    spelled = unicodedata.normalize("NFKD", person_pinyin(to_simplified(name)).lower())
    return KGR["person-" + "-".join(spelled.encode("ascii", "ignore").decode().split())]


def _label_pinyin(entity: Entity, ontology: Ontology) -> str:
    if entity.pinyin:
        return str(entity.pinyin)
    if ontology.classes[entity.cls].is_a("Official"):
        return person_pinyin(entity.label)
    return name_pinyin(entity.label)


def _traditional_forms(entity: Entity, documents: list[ResolvedDocument]) -> dict[str, str]:
    """Map each Simplified name of ``entity`` to the Traditional form a zh-Hant source writes."""
    forms: dict[str, str] = {}
    for doc in documents:
        if doc.curation.meta.language != "zh-Hant":
            continue
        for name in (entity.label, *entity.aliases):
            needle = normalize_fragment(name)
            start = doc.text.text.find(needle) if needle else -1
            if start >= 0 and name not in forms:
                raw_start, raw_end = doc.text.raw_span(start, start + len(needle))
                written = clean_quote(doc.text.raw[raw_start:raw_end])
                if written != needle:
                    forms[name] = written
    return forms


def _add_entity(graph: Graph, entity: Entity, ontology: Ontology,
                mentioned_in: list[ResolvedDocument]) -> None:
    iri = entity_iri(entity.id)
    graph.add((iri, RDF.type, ontology.classes[entity.cls].iri))
    traditional = _traditional_forms(entity, mentioned_in)
    labels = [Literal(entity.label, lang="zh-Hans"), Literal(entity.en, lang="en"),
              Literal(_label_pinyin(entity, ontology), lang=PINYIN)]
    if entity.label in traditional:
        labels.append(Literal(traditional[entity.label], lang="zh-Hant"))
    for label in labels:
        graph.add((iri, SKOS.prefLabel, label))
        graph.add((iri, RDFS.label, label))
    for alias in entity.aliases:
        is_chinese = any("\u3400" <= ch <= "\u9fff" for ch in alias)
        simplified = to_simplified(alias) if is_chinese else alias
        graph.add((iri, SKOS.altLabel, Literal(simplified, lang="zh-Hans" if is_chinese else "en")))
        if is_chinese and simplified != alias:
            graph.add((iri, SKOS.altLabel, Literal(alias, lang="zh-Hant")))
        if alias in traditional:
            graph.add((iri, SKOS.altLabel, Literal(traditional[alias], lang="zh-Hant")))
    if entity.note:
        graph.add((iri, SKOS.note, Literal(str(entity.note).strip(), lang="en")))
    graph.add((iri, KG.englishLabelSource, KGR[f"source-{entity.en_source}"]))


def _add_evidence_core(graph: Graph, evidence: URIRef, s, p, o, source: URIRef) -> None:
    graph.add((evidence, RDF.type, KG.Evidence))
    graph.add((evidence, RDF.type, OA.Annotation))
    graph.add((evidence, RDF.subject, s))
    graph.add((evidence, RDF.predicate, p))
    graph.add((evidence, RDF.object, o))
    graph.add((evidence, PROV.wasDerivedFrom, source))


def _add_quote_evidence(graph: Graph, doc: ResolvedDocument, s, p, o, span: QuoteSpan) -> URIRef:
    meta = doc.curation.meta
    doc_iri = document_iri(meta.id)
    evidence = KGR[f"ev-{meta.id.lower().replace('_', '-')}-{_digest(s, p, o, span.start)}"]
    _add_evidence_core(graph, evidence, s, p, o, doc_iri)
    graph.add((evidence, KG.documentDate, Literal(meta.date, datatype=XSD.date)))
    graph.add((evidence, KG.normalizedQuote, Literal(span.normalized)))
    target, quote, position = (URIRef(f"{evidence}-{part}") for part in ("target", "quote", "position"))
    graph.add((evidence, OA.hasTarget, target))
    graph.add((target, RDF.type, OA.SpecificResource))
    graph.add((target, OA.hasSource, doc_iri))
    graph.add((target, OA.hasSelector, quote))
    graph.add((target, OA.hasSelector, position))
    graph.add((quote, RDF.type, OA.TextQuoteSelector))
    graph.add((quote, OA.exact, Literal(span.exact, lang=meta.language)))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    graph.add((position, OA.start, Literal(span.raw_start, datatype=XSD.nonNegativeInteger)))
    graph.add((position, OA.end, Literal(span.raw_end, datatype=XSD.nonNegativeInteger)))
    return evidence


def _add_document_meta(graph: Graph, doc: ResolvedDocument) -> None:
    meta = doc.curation.meta
    iri = document_iri(meta.id)
    graph.add((iri, RDF.type, KG.Document))
    for lang_title in (Literal(meta.title, lang=meta.language),
                       *( [Literal(meta.title_en, lang="en")] if meta.title_en else [])):
        graph.add((iri, DCTERMS.title, lang_title))
        graph.add((iri, RDFS.label, lang_title))
    graph.add((iri, SCHEMA.datePublished, Literal(meta.date, datatype=XSD.date)))
    graph.add((iri, DCTERMS.date, Literal(meta.date, datatype=XSD.date)))
    graph.add((iri, DCTERMS.language, Literal(meta.language)))
    graph.add((iri, KG.script, Literal(meta.language)))
    graph.add((iri, KG.fileName, Literal(meta.text_path.replace("\\", "/").rsplit("/", 1)[-1])))
    graph.add((iri, KG.sha256, Literal(hashlib.sha256(doc.curation.raw_text.encode("utf-8")
                                                      ).hexdigest())))
    if meta.publisher:
        graph.add((iri, DCTERMS.publisher, Literal(meta.publisher, lang="zh-Hans")))
    if meta.url:
        graph.add((iri, SCHEMA.url, URIRef(meta.url)))
    if meta.note:
        graph.add((iri, SKOS.note, Literal(str(meta.note).strip(), lang="en")))
    for author in meta.authors:
        person = _person_iri(author.name)
        graph.add((iri, _ROLE_PROPERTY[author.role], person))
        graph.add((person, RDF.type, SCHEMA.Person))
        name = to_simplified(author.name)
        for label in (Literal(name, lang="zh-Hans"), Literal(person_pinyin(name), lang=PINYIN)):
            graph.add((person, SCHEMA.name, label))
            graph.add((person, RDFS.label, label))


def _add_tenures(graph: Graph, doc: ResolvedDocument, holds: list[tuple], post_orgs) -> None:
    date = Literal(doc.curation.meta.date, datatype=XSD.date)
    for official, post, evidence in holds:
        tenure = KGR[f"tenure-{official}--{post}"]
        graph.add((tenure, RDF.type, KG.Tenure))
        graph.add((tenure, KG.tenureHolder, entity_iri(official)))
        graph.add((tenure, KG.tenurePost, entity_iri(post)))
        for org in sorted(post_orgs.get(post, ())):
            graph.add((tenure, KG.tenureOrganization, entity_iri(org)))
        graph.add((tenure, KG.attestedOn, date))
        graph.add((tenure, PROV.wasDerivedFrom, evidence))


def _add_registry(graph: Graph, corpus: Corpus, ontology: Ontology, documents) -> None:
    for source in corpus.sources.values():
        iri = KGR[f"source-{source.id}"]
        graph.add((iri, RDF.type, KG.ExternalSource))
        graph.add((iri, RDFS.label, Literal(source.title)))
        graph.add((iri, DCTERMS.title, Literal(source.title)))
        if source.publisher:
            graph.add((iri, DCTERMS.publisher, Literal(source.publisher)))
        if source.year:
            graph.add((iri, DCTERMS.date, Literal(str(source.year), datatype=XSD.gYear)))
        if source.url:
            graph.add((iri, SCHEMA.url, URIRef(source.url)))
        if source.note:
            graph.add((iri, SKOS.note, Literal(str(source.note).strip(), lang="en")))
    for entity in corpus.entities.values():
        _add_entity(graph, entity, ontology, documents)
        for fact in entity.facts:
            s, p, o = entity_iri(entity.id), ontology.properties[fact.predicate].iri, _object_term(fact.obj)
            graph.add((s, p, o))
            evidence = KGR[f"ev-external-{_digest(s, p, o, fact.source)}"]
            _add_evidence_core(graph, evidence, s, p, o, KGR[f"source-{fact.source}"])


def build_dataset(corpus: Corpus, ontology: Ontology, documents: list[ResolvedDocument]) -> Dataset:
    """The whole corpus as an rdflib :class:`~rdflib.Dataset` with one named graph per document."""
    dataset = Dataset(default_union=True)
    bind_prefixes(dataset)
    onto_graph = dataset.graph(ONTOLOGY_GRAPH)
    for triple in ontology.graph:
        onto_graph.add(triple)
    _add_registry(dataset.graph(REGISTRY_GRAPH), corpus, ontology, documents)
    post_orgs = defaultdict(set)
    for entity in corpus.entities.values():
        post_orgs[entity.id].update(f.obj for f in entity.facts if f.predicate == "postIn")
    for doc in documents:
        for statement, _ in doc.quotes:
            post_orgs_update = [(f.subject, f.obj) for f in statement.facts if f.predicate == "postIn"]
            for post, org in post_orgs_update:
                post_orgs[post].add(org)
    for doc in documents:
        graph = dataset.graph(GRAPH[doc.curation.meta.id])
        _add_document_meta(graph, doc)
        holds = []
        for statement, span in doc.quotes:
            for fact in statement.facts:
                s = entity_iri(fact.subject)
                p = ontology.properties[fact.predicate].iri
                o = _object_term(fact.obj)
                graph.add((s, p, o))
                evidence = _add_quote_evidence(graph, doc, s, p, o, span)
                if fact.predicate == "holds":
                    holds.append((fact.subject, fact.obj, evidence))
        _add_tenures(graph, doc, holds, post_orgs)
    return dataset
