"""JSON-LD: the published context (``ontology/context.jsonld``) and node objects compacted with it.

Keys read as words: ``holds``, ``postIn``, ``prefLabel`` (a language map), ``value`` (an
xsd:decimal), ``wasDerivedFrom``. The context is generated from the ontology (a test checks the
published file matches).

A general JSON-LD compactor (rdflib's, pyld's) takes minutes for a million statements; this
context is simple enough (prefixes, and terms that each map one IRI with a fixed type, ``@id``
or a language map) that each statement's key and value form follow directly from the term
definitions. A value that fits no term is written under its compact IRI as a full value object,
which is still exact. The tests expand the build's file with pyld, offline, and check it holds
the same statements as ``kg.ttl``.

>>> context = build_context()
>>> context["@context"]["holds"]
{'@id': 'kg:holds', '@type': '@id'}
>>> lines = ['<https://w3id.org/localgov-kg/id/li-xi> <http://www.w3.org/2004/02/skos/core#prefLabel> "李曦"@zh-Hans .\\n',
...          '<https://w3id.org/localgov-kg/id/li-xi> <https://w3id.org/localgov-kg/ontology#holds> <https://w3id.org/localgov-kg/id/director> .\\n']
>>> print(node_objects(lines)[0])
{"holds": "kgr:director", "id": "kgr:li-xi", "prefLabel": {"zh-Hans": "李曦"}}
"""

from __future__ import annotations

import json
from functools import lru_cache

from kg.namespaces import PREFIXES
from kg.rdf.terms import parse_line

__all__ = ["build_context", "context_text", "node_objects", "jsonld_document", "unescape"]

#: Standard terms the data uses, by the word a JSON-LD reader sees.
STANDARD_TERMS = {
    "type": "@type", "id": "@id",
    "label": {"@id": "rdfs:label", "@container": "@language"},
    "comment": {"@id": "rdfs:comment", "@container": "@language"},
    "prefLabel": {"@id": "skos:prefLabel", "@container": "@language"},
    "altLabel": {"@id": "skos:altLabel", "@container": "@language"},
    "note": {"@id": "skos:note", "@container": "@language"},
    "description": {"@id": "schema:description", "@container": "@language"},
    "notation": "skos:notation",
    "subject": {"@id": "rdf:subject", "@type": "@id"},
    "predicate": {"@id": "rdf:predicate", "@type": "@id"},
    "object": {"@id": "rdf:object"},
    "wasDerivedFrom": {"@id": "prov:wasDerivedFrom", "@type": "@id"},
    "hasTarget": {"@id": "oa:hasTarget", "@type": "@id"},
    "hasSource": {"@id": "oa:hasSource", "@type": "@id"},
    "hasSelector": {"@id": "oa:hasSelector", "@type": "@id"},
    "exact": {"@id": "oa:exact"},
    "start": {"@id": "oa:start", "@type": "xsd:nonNegativeInteger"},
    "end": {"@id": "oa:end", "@type": "xsd:nonNegativeInteger"},
    "title": {"@id": "dcterms:title", "@container": "@language"},
    "publisher": {"@id": "dcterms:publisher"},
    "date": {"@id": "dcterms:date", "@type": "xsd:date"},
    "language": "dcterms:language",
    "datePublished": {"@id": "schema:datePublished", "@type": "xsd:date"},
    "author": {"@id": "schema:author", "@type": "@id"},
    "contributor": {"@id": "schema:contributor", "@type": "@id"},
    "name": {"@id": "schema:name", "@container": "@language"},
    "url": {"@id": "schema:url", "@type": "@id"},
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def build_context() -> dict:
    """The context object: prefixes, standard terms, and every kg: property by its local name."""
    from kg.curation.ontology import load_ontology

    ontology = load_ontology()
    context: dict = dict(sorted(PREFIXES.items()))
    context.update(STANDARD_TERMS)
    for name, prop in sorted(ontology.properties.items()):
        if prop.kind == "object":
            context[name] = {"@id": f"kg:{name}", "@type": "@id"}
        elif prop.datatype is not None and prop.datatype != _XSD_STRING:
            context[name] = {"@id": f"kg:{name}", "@type": "xsd:" + prop.datatype.rsplit("#", 1)[1]}
        else:
            context[name] = {"@id": f"kg:{name}"}
    return {"@context": context}


def context_text() -> str:
    return json.dumps(build_context(), ensure_ascii=False, indent=2) + "\n"


def _expand(value: str) -> str:
    prefix, _, rest = value.partition(":")
    return PREFIXES[prefix] + rest if prefix in PREFIXES else value


_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: (-len(item[1]), item[0]))


@lru_cache(maxsize=65536)
def _compact(iri: str) -> str:
    """A compact IRI (``kgr:li-xi``) when the rest cannot be mistaken for a term or an IRI."""
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace):
            rest = iri[len(namespace):]
            if rest and not rest.startswith("//") and ":" not in rest:
                return f"{prefix}:{rest}"
    return iri


@lru_cache(maxsize=1)
def _terms() -> dict[str, list[tuple[str, str | None, str | None]]]:
    """predicate IRI → [(term, type, container)], the terms a statement's key may be."""
    found: dict[str, list] = {}
    for term, definition in build_context()["@context"].items():
        if term.startswith("@") or not isinstance(definition, (dict, str)):
            continue
        if isinstance(definition, str):
            if definition.startswith("@") or term in PREFIXES:
                continue
            definition = {"@id": definition}
        iri = _expand(definition["@id"])
        kind = definition.get("@type")
        found.setdefault(iri, []).append((term, _expand(kind) if kind and kind != "@id" else kind,
                                          definition.get("@container")))
    for options in found.values():
        options.sort()
    return found


def unescape(text: str) -> str:
    r"""The value of an N-Triples string body (``\"``, ``\\``, ``\n``, ``\uXXXX`` …).

    >>> unescape(r'say \"hi\"\n\u00e9')
    'say "hi"\né'
    """
    if "\\" not in text:
        return text
    out, i = [], 0
    simple = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
    while i < len(text):
        char = text[i]
        if char != "\\":
            out.append(char)
            i += 1
            continue
        code = text[i + 1]
        if code in simple:
            out.append(simple[code])
            i += 2
        else:
            width = 4 if code == "u" else 8
            out.append(chr(int(text[i + 2:i + 2 + width], 16)))
            i += 2 + width
    return "".join(out)


def _literal(term: str) -> tuple[str, str | None, str | None]:
    """(lexical form, language, datatype IRI) of an N-Triples literal term."""
    end = term.rindex('"')
    value = unescape(term[1:end])
    rest = term[end + 1:]
    if rest.startswith("@"):
        return value, rest[1:], None
    if rest.startswith("^^"):
        return value, None, rest[3:-1]
    return value, None, _XSD_STRING


def _node_ref(term: str) -> str:
    return term if term.startswith("_:") else _compact(term[1:-1])


def _place(node: dict, predicate: str, obj: str) -> None:
    """Add one statement to a node object, under the best key for its value."""
    if predicate == _RDF_TYPE and obj.startswith("<"):
        node.setdefault("type", []).append(_compact(obj[1:-1]))
        return
    options = _terms().get(predicate, ())
    if obj.startswith(("<", "_:")):
        for term, kind, container in options:
            if kind == "@id" and container is None:
                node.setdefault(term, []).append(_node_ref(obj))
                return
        for term, kind, container in options:
            if kind is None and container is None:
                node.setdefault(term, []).append({"id": _node_ref(obj)})
                return
        node.setdefault(_compact(predicate), []).append({"id": _node_ref(obj)})
        return
    value, language, datatype = _literal(obj)
    for term, kind, container in options:
        if language and container == "@language":
            node.setdefault(term, {}).setdefault(language, []).append(value)
            return
        if container is None and not language and (
                kind == datatype or (kind is None and datatype == _XSD_STRING)):
            node.setdefault(term, []).append(value)
            return
    if language:
        full = {"@value": value, "@language": language}
    elif datatype == _XSD_STRING:
        full = {"@value": value}
    else:
        full = {"@value": value, "type": _compact(datatype)}
    plain = [term for term, kind, container in options if kind is None and container is None]
    if plain:  # a term without a type takes any value as a value object
        node.setdefault(plain[0], []).append(full)
        return
    key = _compact(predicate)
    if any(term == key for term, _, _ in options):
        key = predicate  # the compact form is itself a term: use the full IRI
    node.setdefault(key, []).append(full)


def _finish(node: dict) -> dict:
    done = {}
    for key, values in node.items():
        if isinstance(values, dict):  # a language map
            done[key] = {lang: (v[0] if len(v) == 1 else sorted(v)) for lang, v in values.items()}
        elif key == "id":
            done[key] = values
        elif len(values) == 1:
            done[key] = values[0]
        else:
            done[key] = sorted(values, key=lambda v: v if isinstance(v, str) else
                               json.dumps(v, ensure_ascii=False, sort_keys=True))
    return done


def node_objects(lines) -> list[str]:
    """One compacted node object (a JSON text, keys sorted) per subject of sorted N-Triples
    lines, in subject order."""
    nodes: list[str] = []
    current, node = None, {}
    for line in lines:
        s, p, o = parse_line(line)[:3]
        if s != current:
            if current is not None:
                nodes.append(json.dumps(_finish(node), ensure_ascii=False, sort_keys=True))
            current, node = s, {"id": _node_ref(s)}
        _place(node, p[1:-1], o)
    if current is not None:
        nodes.append(json.dumps(_finish(node), ensure_ascii=False, sort_keys=True))
    return nodes


def jsonld_document(chunks) -> bytes:
    """The JSON-LD file: the context inline (so it expands offline), then every node object,
    one per line, chunk after chunk."""
    context = json.dumps(build_context()["@context"], ensure_ascii=False, indent=1, sort_keys=True)
    nodes = [node for chunk in chunks for node in chunk]
    body = ",\n".join(nodes)
    return ('{\n"@context": ' + context + ',\n"@graph": [\n' + body + "\n]}\n").encode("utf-8")
