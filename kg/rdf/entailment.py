"""The entailments the ontology defines, computed on statements (N-Triples terms).

A full OWL-RL closure (owlrl) is exact but slow on large graphs. The ontology needs six rules,
applied to the merged graph (instance data and the ontology itself) until nothing new appears:

1. class membership up ``rdfs:subClassOf`` chains;
2. property values up ``rdfs:subPropertyOf`` chains;
3. ``owl:inverseOf`` in both directions;
4. ``owl:SymmetricProperty``;
5. ``owl:TransitiveProperty`` (containment: a district in a city in a province);
6. two-step ``owl:propertyChainAxiom`` (``holds ∘ postIn → memberOf``).

Rules 1–4 take one premise each, so their consequences of a statement depend on that statement
alone: each document's own statements are closed under them in the per-document stage (and
cached). Rules 5 and 6 join two statements; they run on the merged graph, but only on the
statements whose property takes part in a join, which are few. ``tests/test_infer.py`` checks the
result against owlrl's closure.

>>> rules = Rules.from_ontology()
>>> holds = "<https://w3id.org/localgov-kg/ontology#holds>"
>>> a, post = "<https://w3id.org/localgov-kg/id/a>", "<https://w3id.org/localgov-kg/id/p>"
>>> derived = rules.local_closure([(a, holds, post)])
>>> (post, "<https://w3id.org/localgov-kg/ontology#heldBy>", a) in derived
True
>>> (a, "<http://www.w3.org/ns/org#holds>", post) in derived
True
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Rules", "Triple"]

#: A statement as three N-Triples terms.
Triple = tuple[str, str, str]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = f"<{_RDF}type>"


@dataclass(frozen=True)
class Rules:
    """The ontology's axioms, as lookup tables keyed by N-Triples terms."""

    superclasses: dict[str, tuple[str, ...]]     # class → every strict superclass (IRIs)
    superproperties: dict[str, tuple[str, ...]]  # property → every strict superproperty (IRIs)
    inverses: dict[str, tuple[str, ...]]         # property → its inverses (both directions)
    symmetric: frozenset[str]
    transitive: frozenset[str]
    chains: tuple[tuple[str, str, str], ...]     # (property, first step, second step)

    @classmethod
    def from_ontology(cls, graph=None) -> Rules:
        """The rules of ``ontology/kg.ttl`` (or of another rdflib graph holding the axioms)."""
        if graph is None:
            return _default_rules()
        return _rules(graph)

    @property
    def joined(self) -> frozenset[str]:
        """Properties whose statements take part in a two-premise rule (5 or 6)."""
        return frozenset(self.transitive) | {p for chain in self.chains for p in chain[1:]}

    def _one_step(self, triple: Triple) -> list[Triple]:
        s, p, o = triple
        found = []
        if p == RDF_TYPE:
            found.extend((s, p, c) for c in self.superclasses.get(o, ()))
        found.extend((s, q, o) for q in self.superproperties.get(p, ()))
        if o.startswith("<"):
            found.extend((o, q, s) for q in self.inverses.get(p, ()))
            if p in self.symmetric:
                found.append((o, p, s))
        return found

    def local_closure(self, triples) -> set[Triple]:
        """Everything rules 1–4 derive from ``triples``, minus ``triples`` themselves."""
        given = set(triples)
        derived: set[Triple] = set()
        frontier = list(given)
        while frontier:
            new = []
            for triple in frontier:
                for found in self._one_step(triple):
                    if found not in given and found not in derived:
                        derived.add(found)
                        new.append(found)
            frontier = new
        return derived

    def closure(self, open_, closed=()) -> set[Triple]:
        """Everything the six rules derive from ``open_`` (statements not yet closed under the
        one-premise rules) and ``closed`` (statements whose one-premise consequences are already
        among them, such as a document's statements with their local closure), minus both."""
        known = set(open_) | set(closed)
        result: set[Triple] = set()
        forward: dict[tuple[str, str], set[str]] = defaultdict(set)   # (p, s) → objects
        backward: dict[tuple[str, str], set[str]] = defaultdict(set)  # (p, o) → subjects
        firsts = defaultdict(list)   # first-step property → chains
        seconds = defaultdict(list)  # second-step property → chains
        for chain in self.chains:
            firsts[chain[1]].append(chain)
            seconds[chain[2]].append(chain)
        joined = self.joined
        frontier = list(set(open_)) + [t for t in set(closed) if t[1] in joined]
        new: list[Triple] = []

        def emit(found: Triple) -> None:
            if found not in known:
                known.add(found)
                result.add(found)
                new.append(found)

        while frontier:
            new.clear()
            for triple in frontier:
                for found in self._one_step(triple):
                    emit(found)
                s, p, o = triple
                if p not in joined:
                    continue
                forward[(p, s)].add(o)
                backward[(p, o)].add(s)
                if p in self.transitive:
                    for after in list(forward.get((p, o), ())):
                        emit((s, p, after))
                    for before in list(backward.get((p, s), ())):
                        emit((before, p, o))
                for chain, _, second in firsts.get(p, ()):
                    for after in list(forward.get((second, o), ())):
                        emit((s, chain, after))
                for chain, first, _ in seconds.get(p, ()):
                    for before in list(backward.get((first, s), ())):
                        emit((before, chain, o))
            frontier = list(new)
        return result


def _term(node) -> str | None:
    from rdflib import URIRef

    return f"<{node}>" if isinstance(node, URIRef) else None


def _rules(graph) -> Rules:
    from rdflib import RDF, RDFS, URIRef
    from rdflib.namespace import OWL

    def up(relation) -> dict[str, tuple[str, ...]]:
        table = {}
        for node in set(graph.subjects(relation, None)):
            if not isinstance(node, URIRef):
                continue
            ancestors = {a for a in graph.transitive_objects(node, relation)
                         if isinstance(a, URIRef) and a != node}
            if ancestors:
                table[_term(node)] = tuple(sorted(_term(a) for a in ancestors))
        return table

    inverses: dict[str, set[str]] = defaultdict(set)
    for p, q in graph.subject_objects(OWL.inverseOf):
        if isinstance(p, URIRef) and isinstance(q, URIRef):
            inverses[_term(p)].add(_term(q))
            inverses[_term(q)].add(_term(p))
    chains = []
    for p, head in graph.subject_objects(OWL.propertyChainAxiom):
        steps = list(graph.items(head))
        if len(steps) == 2 and all(isinstance(x, URIRef) for x in (p, *steps)):
            chains.append((_term(p), _term(steps[0]), _term(steps[1])))
    return Rules(
        superclasses=up(RDFS.subClassOf), superproperties=up(RDFS.subPropertyOf),
        inverses={p: tuple(sorted(qs)) for p, qs in inverses.items()},
        symmetric=frozenset(_term(p) for p in graph.subjects(RDF.type, OWL.SymmetricProperty)
                            if isinstance(p, URIRef)),
        transitive=frozenset(_term(p) for p in graph.subjects(RDF.type, OWL.TransitiveProperty)
                             if isinstance(p, URIRef)),
        chains=tuple(sorted(chains)))


@lru_cache(maxsize=1)
def _default_rules() -> Rules:
    from kg.curation.ontology import load_ontology

    return _rules(load_ontology().graph)
