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


def traditional_forms(doc: ResolvedDocument, entities: dict[str, Entity]) -> dict[str, str]:
    """How a zh-Hant document writes the registry's names: Simplified name -> Traditional form."""
    if doc.curation.meta.language != "zh-Hant":
        return {}
    forms: dict[str, str] = {}
    for entity in entities.values():
        for name in (entity.label, *entity.aliases):
            needle = normalize_fragment(name)
            start = doc.text.text.find(needle) if needle and name not in forms else -1
            if start >= 0:
                raw_start, raw_end = doc.text.raw_span(start, start + len(needle))
                written = clean_quote(doc.text.raw[raw_start:raw_end])
                if written != needle:
                    forms[name] = written
    return forms


def _add_entity(graph: Graph, entity: Entity, ontology: Ontology, traditional: dict[str, str]) -> None:
    iri = entity_iri(entity.id)
    graph.add((iri, RDF.type, ontology.classes[entity.cls].iri))
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


def _add_tenures(graph: Graph, post_orgs) -> None:
    """A kg:Tenure for each kg:holds fact the document graph states, attested on its date."""
    for document in graph.subjects(RDF.type, KG.Document):
        date = graph.value(document, SCHEMA.datePublished)
        for evidence in sorted(graph.subjects(RDF.predicate, KG.holds)):
            official, post = graph.value(evidence, RDF.subject), graph.value(evidence, RDF.object)
            slug = lambda iri: str(iri)[len(str(KGR)):]  # noqa: E731
            tenure = KGR[f"tenure-{slug(official)}--{slug(post)}"]
            graph.add((tenure, RDF.type, KG.Tenure))
            graph.add((tenure, KG.tenureHolder, official))
            graph.add((tenure, KG.tenurePost, post))
            for org in sorted(post_orgs.get(post, ()), key=str):
                graph.add((tenure, KG.tenureOrganization, org))
            graph.add((tenure, KG.attestedOn, date))
            graph.add((tenure, PROV.wasDerivedFrom, evidence))


def _add_registry(graph: Graph, sources, entities, ontology: Ontology, forms: dict[str, str]) -> None:
    for source in sources.values():
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
    for entity in entities.values():
        _add_entity(graph, entity, ontology, forms)
        for fact in entity.facts:
            s, p, o = entity_iri(entity.id), ontology.properties[fact.predicate].iri, _object_term(fact.obj)
            graph.add((s, p, o))
            evidence = KGR[f"ev-external-{_digest(s, p, o, fact.source)}"]
            _add_evidence_core(graph, evidence, s, p, o, KGR[f"source-{fact.source}"])


def document_graph(doc: ResolvedDocument, ontology: Ontology) -> Graph:
    """One document's named graph: its metadata, the facts it states, and their evidence."""
    graph = Graph()
    _add_document_meta(graph, doc)
    for statement, span in doc.quotes:
        for fact in statement.facts:
            s = entity_iri(fact.subject)
            p = ontology.properties[fact.predicate].iri
            o = _object_term(fact.obj)
            graph.add((s, p, o))
            _add_quote_evidence(graph, doc, s, p, o, span)
    return graph


def assemble_dataset(sources, entities, ontology: Ontology, documents: list[tuple[str, Graph]],
                     forms: list[dict[str, str]]) -> Dataset:
    """The dataset from the registry and each document's graph (in document-id order), adding
    the registry graph (with the Traditional forms the zh-Hant documents write) and the tenures."""
    dataset = Dataset(default_union=True)
    bind_prefixes(dataset)
    onto_graph = dataset.graph(ONTOLOGY_GRAPH)
    for triple in ontology.graph:
        onto_graph.add(triple)
    merged_forms: dict[str, str] = {}
    for found in forms:
        for name, written in found.items():
            merged_forms.setdefault(name, written)
    _add_registry(dataset.graph(REGISTRY_GRAPH), sources, entities, ontology, merged_forms)
    post_orgs = defaultdict(set)
    for entity in entities.values():
        post_orgs[entity_iri(entity.id)].update(entity_iri(f.obj) for f in entity.facts
                                                if f.predicate == "postIn")
    for _, graph in documents:
        for post, org in graph.subject_objects(KG.postIn):
            post_orgs[post].add(org)
    for doc_id, graph in documents:
        named = dataset.graph(GRAPH[doc_id])
        for triple in graph:
            named.add(triple)
        _add_tenures(named, post_orgs)
    return dataset


def build_dataset(corpus: Corpus, ontology: Ontology, documents: list[ResolvedDocument]) -> Dataset:
    """The whole corpus as an rdflib :class:`~rdflib.Dataset` with one named graph per document."""
    graphs = [(doc.curation.meta.id, document_graph(doc, ontology)) for doc in documents]
    forms = [traditional_forms(doc, corpus.entities) for doc in documents]
    return assemble_dataset(corpus.sources, corpus.entities, ontology, graphs, forms)
