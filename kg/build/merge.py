"""The whole-graph stage: what only the merged corpus can say, made from the documents' artifacts.

- the registry graph, with the Traditional forms that zh-Hant documents write (found with an
  Aho-Corasick automaton over every registry name, so a corpus-wide search costs one pass per
  document);
- the tenures graph, from every document's ``holds`` facts and the posts' organisations;
- the shared part of the merged graph: every statement not owned by one document, once;
- the merged entailments: what the two-premise rules derive across documents, and the
  one-premise consequences of the registry, ontology, tenures and analysis graphs.
"""

from __future__ import annotations

import json
from array import array
from collections import defaultdict
from dataclasses import dataclass

from kg.build.artifacts import Artifact
from kg.namespaces import KG, KGR
from kg.rdf.emit import FactRow, registry_statements, tenure_statements
from kg.rdf.entailment import Rules
from kg.rdf.terms import parse_line, triple
from kg.text.normalize import NormalizedText, clean_quote, normalize_fragment

__all__ = ["traditional_forms", "merge_forms", "registry_graph", "tenures", "Merged",
           "merged_entailments", "owned_prefixes"]

_HOLDS = str(KG.holds)
_POST_IN = str(KG.postIn)


def traditional_forms(artifact: Artifact, raw: str, automaton, needles: dict[str, list[str]]) -> dict[str, str]:
    """How one zh-Hant document writes the registry's names: name → its Traditional form, for the
    names its normalised text contains (the first occurrence decides)."""
    text = artifact.section("text").decode("utf-8")
    if not text:
        return {}
    offsets = array("I")
    offsets.frombytes(artifact.section("offsets"))
    normalized = NormalizedText(raw, text, tuple(offsets))
    first: dict[str, int] = {}
    for end, needle in automaton.iter(text):
        start = end - len(needle) + 1
        if needle not in first or start < first[needle]:
            first[needle] = start
    forms: dict[str, str] = {}
    for needle, start in first.items():
        raw_start, raw_end = normalized.raw_span(start, start + len(needle))
        written = clean_quote(raw[raw_start:raw_end])
        if written != needle:
            for name in needles[needle]:
                forms[name] = written
    return forms


def name_automaton(names: list[str]):
    """An Aho-Corasick automaton over the normalised names, and needle → names."""
    import ahocorasick

    needles: dict[str, list[str]] = defaultdict(list)
    for name in names:
        needle = normalize_fragment(name)
        if needle and name not in needles[needle]:
            needles[needle].append(name)
    automaton = ahocorasick.Automaton()
    for needle in needles:
        automaton.add_word(needle, needle)
    if needles:
        automaton.make_automaton()
    return automaton, needles


def merge_forms(per_document: list[dict[str, str]]) -> dict[str, str]:
    """The forms of every document merged in document order: the first document writing a name
    decides its zh-Hant label."""
    merged: dict[str, str] = {}
    for forms in per_document:
        for name, written in forms.items():
            merged.setdefault(name, written)
    return merged


def registry_graph(registry, ontology, forms: dict[str, str]) -> tuple[list[str], list[FactRow]]:
    return registry_statements(registry.sources, registry.entities, ontology, forms)


def tenures(artifacts: list[Artifact], registry) -> list[str]:
    """The ``kgg:tenures`` graph from every document's ``holds`` facts."""
    holds = [row for a in artifacts for row in a.facts if row.predicate == _HOLDS]
    post_orgs: dict[str, set[str]] = defaultdict(set)
    for entity in registry.entities.values():
        for fact in entity.facts:
            if fact.predicate == "postIn":
                post_orgs[f"{KGR}{entity.id}"].add(f"{KGR}{fact.obj.value}")
    for artifact in artifacts:
        for row in artifact.facts:
            if row.predicate == _POST_IN:
                post_orgs[row.subject].add(row.object[1:-1])
    return tenure_statements(holds, {post: sorted(orgs) for post, orgs in post_orgs.items()})


def owned_prefixes(artifacts: list[Artifact]) -> dict[str, str]:
    """Subject prefix → document id: the nodes each document owns (its node, its evidence)."""
    from kg.rdf.emit import document_iri, evidence_prefix

    owned = {}
    for artifact in artifacts:
        owned[f"<{document_iri(artifact.doc_id)}>"] = artifact.doc_id
        owned[f"<{evidence_prefix(artifact.doc_id)}"] = artifact.doc_id
    return owned


@dataclass
class Merged:
    shared: list[str]       # the merged graph's statements no single document owns, sorted
    inferred: list[str]     # the merged entailments (besides each document's own), sorted


def merged_entailments(rules: Rules, open_lines, shared_lines, artifacts: list[Artifact]) -> list[str]:
    """Entailments of the merged graph beyond each document's own: ``open_lines`` (registry,
    ontology, tenures, analysis) are closed here; the documents' statements come already closed
    under the one-premise rules, with what they hand over in their ``exchange`` section. Work is
    done on lines (set operations in C) except for the few statements a join needs."""
    joined = rules.joined
    exchange: set[str] = set()
    for artifact in artifacts:
        exchange.update(artifact.lines("exchange"))
    asserted = set(shared_lines)
    closed = [parse_line(line)[:3] for line in asserted | exchange
              if line.split(" ", 2)[1] in joined]
    derived = rules.closure([parse_line(line)[:3] for line in open_lines], closed=closed)
    result = ({triple(*t) for t in derived} | exchange) - asserted
    owned = owned_prefixes(artifacts)
    by_id = {a.doc_id: a for a in artifacts}
    private = {}  # a document's own statements, loaded only if an entailment is about its nodes
    found = []
    for line in result:
        owner = _owner(line.split(" ", 1)[0], owned)
        if owner is not None:
            if owner not in private:
                artifact = by_id[owner]
                private[owner] = set(artifact.lines("private")) | set(artifact.lines("inferred"))
            if line in private[owner]:
                continue
        found.append(line)
    return sorted(found)


def _owner(subject: str, owned: dict[str, str]) -> str | None:
    if subject in owned:
        return owned[subject]
    if subject.startswith(f"<{KGR}ev-"):
        for prefix, doc_id in owned.items():
            if subject.startswith(prefix):
                return doc_id
    return None


def forms_key(artifact_key: str, names_digest: str) -> str:
    import hashlib

    return hashlib.sha256(f"{artifact_key}\0{names_digest}".encode()).hexdigest()


def names_digest(names: list[str]) -> str:
    import hashlib

    return hashlib.sha256(json.dumps(names, ensure_ascii=False).encode("utf-8")).hexdigest()
