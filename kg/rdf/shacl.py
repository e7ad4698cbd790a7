"""Validate with the SHACL shapes of ``ontology/shapes.ttl``, run as SPARQL on Oxigraph.

pySHACL, the reference validator, takes 58 ms for one document's graph and 7.3 s for the
registry of a 1,000-document corpus; a build checks hundreds of documents and re-checks after
every edit. So each shape of ``shapes.ttl`` is translated once into SPARQL queries that find its
violations, and these run on Oxigraph: per document in the per-document stage (shapes marked
``kgsh:perGraph true``: evidence and documents, which one graph decides), and on the merged store
for the rest (officials, posts, targets, labels), restricted to the entities a change touched.
The tests check that this gives the same violations as pySHACL on the seed graph and on broken
variants of it.

The SHACL Core features the shapes use are translated; any other feature raises
:class:`~kg.errors.KgError` when the shapes are read, so a new shape is never silently ignored:

- targets: ``sh:targetClass`` (with ``rdfs:subClassOf*``), ``sh:SPARQLTarget`` (SHACL-AF);
- paths: a property, ``sh:inversePath``, a sequence;
- ``sh:minCount``, ``sh:maxCount``, ``sh:class``, ``sh:datatype`` (ill-typed literals included),
  ``sh:pattern`` (with ``sh:flags``), ``sh:minLength``, ``sh:maxLength``, ``sh:languageIn``,
  ``sh:uniqueLang``, ``sh:in``, ``sh:nodeKind``, ``sh:hasValue``;
- ``sh:qualifiedValueShape`` with ``sh:qualifiedMinCount`` / ``sh:qualifiedMaxCount`` over
  shapes made of value constraints; ``sh:xone``, ``sh:or``, ``sh:and``, ``sh:not``, ``sh:node``
  over node shapes;
- ``sh:sparql`` constraints (``$this``, ``{?var}`` in messages).

One difference from pySHACL is deliberate: an Oxigraph store keeps values, not lexical forms, and
stores an ``xsd:nonNegativeInteger`` as an ``xsd:integer``; so ``sh:datatype
xsd:nonNegativeInteger`` is checked as "an integer, at least 0" (an explicit ``xsd:integer``
literal passes). The emitter only writes the former.

Each violation is one line: ``focus path: message`` with prefixed names, as pySHACL's report
reads through :func:`kg.rdf.validate.shape_violations`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError
from kg.namespaces import short_iri

__all__ = ["CompiledShapes", "compile_shapes", "KGSH"]

SH = "http://www.w3.org/ns/shacl#"
KGSH = "https://w3id.org/localgov-kg/shapes#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
_TYPE = f"<{_RDF}type>"
_SUBCLASS = f"<{_RDFS}subClassOf>"

#: Datatypes whose lexical forms SPARQL can check by casting (an ill-typed literal fails to cast).
_CASTS = {XSD + t: XSD + c for t, c in (
    ("string", "string"), ("boolean", "boolean"), ("decimal", "decimal"), ("integer", "integer"),
    ("double", "double"), ("float", "float"), ("date", "date"), ("dateTime", "dateTime"),
    ("nonNegativeInteger", "integer"), ("positiveInteger", "integer"), ("gYear", "string"))}

_HANDLED = {SH + k for k in (
    "targetClass", "target", "property", "path", "message", "minCount", "maxCount", "class",
    "datatype", "pattern", "flags", "minLength", "maxLength", "languageIn", "uniqueLang", "in",
    "nodeKind", "hasValue", "qualifiedValueShape", "qualifiedMinCount", "qualifiedMaxCount",
    "qualifiedValueShapesDisjoint", "xone", "or", "and", "not", "node", "sparql", "severity",
    "name", "description", "order", "group", "deactivated", "declare", "prefixes")} | {
    _RDF + "type", _RDFS + "label", _RDFS + "comment", KGSH + "perGraph"}


#: Integer types Oxigraph stores as plain xsd:integer values, with their lower bounds: in a store
#: the datatype cannot be told apart from xsd:integer, so the check is the value's range.
_INTEGER_BOUNDS = {XSD + "nonNegativeInteger": 0, XSD + "positiveInteger": 1}

#: Replaced by the target pattern in checks that count values in a subquery.
_TARGETS = "%TARGETS%"


def _sparql_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


@dataclass
class _Check:
    """One query finding violations: rows bind ``?this`` (and maybe ``?value``)."""

    where: str          # the WHERE body, using ?this (already bound to the targets)
    path: str           # for the message line: the path as prefixed text, or "-"
    message: str
    variables: tuple = ()  # {?var} substitutions in the message


@dataclass
class _Shape:
    node: object                   # rdflib term of the shape
    target: str | None             # a pattern binding ?this, for top-level shapes
    checks: list[_Check] = field(default_factory=list)
    combos: list = field(default_factory=list)  # (kind, [shapes], message) for xone/or/and/not/node
    per_graph: bool = False


@dataclass
class CompiledShapes:
    """The shapes as SPARQL, ready to run on any Oxigraph store."""

    shapes: list[_Shape]
    prologue: str

    def violations(self, store: ox.Store, *, per_graph: bool | None = None,
                   focus: set[str] | None = None, graph: list | None = None) -> list[str]:
        """Violation lines of the shapes (only the per-graph ones, or only the others, when
        ``per_graph`` says so) on ``store``'s default graph (or the union of ``graph``), for the
        focus nodes in ``focus`` (IRIs) or every target."""
        lines: set[str] = set()
        for shape in self.shapes:
            if shape.target is None or (per_graph is not None and shape.per_graph != per_graph):
                continue
            if focus is not None and not focus:
                continue
            targets = shape.target
            if focus is not None:
                values = " ".join(f"<{iri}>" for iri in sorted(focus))
                targets = f"VALUES ?this {{ {values} }} {targets}"
            lines.update(self._run(store, shape, targets, graph))
        return sorted(lines)

    def _query(self, store, text: str, graph):
        options = {"default_graph": graph} if graph else {}
        return store.query(self.prologue + text, **options)

    def _violating(self, store, shape: _Shape, targets: str, graph) -> dict[str, list[str]]:
        """focus IRI → violation lines, for one shape's own checks and combinations."""
        found: dict[str, list[str]] = {}
        for check in shape.checks:
            variables = " ".join(f"?{v}" for v in check.variables)
            where = check.where.replace(_TARGETS, targets)
            text = f"SELECT DISTINCT ?this {variables} WHERE {{ {targets} {where} }}"
            for row in self._query(store, text, graph):
                focus = row["this"]
                message = check.message
                for variable in check.variables:
                    term = row[variable]
                    shown = "" if term is None else (short_iri(term.value) if isinstance(
                        term, ox.NamedNode) else term.value)
                    message = message.replace("{?" + variable + "}", shown)
                found.setdefault(_key(focus), []).append(f"{_show(focus)} {check.path}: {message}")
        if shape.combos:
            nodes = [_key(row["this"]) for row in self._query(
                store, f"SELECT DISTINCT ?this WHERE {{ {targets} }}", graph)]
            for kind, members, message in shape.combos:
                conforming = [set(nodes) - set(self._violating(store, m, targets, graph))
                              for m in members]
                for node in nodes:
                    count = sum(node in c for c in conforming)
                    bad = {"xone": count != 1, "or": count == 0, "and": count != len(members),
                           "not": count == 1, "node": count != 1}[kind]
                    if bad:
                        found.setdefault(node, []).append(f"{_show_key(node)} -: {message}")
        return found

    def _run(self, store, shape: _Shape, targets: str, graph) -> list[str]:
        return [line for lines in self._violating(store, shape, targets, graph).values()
                for line in lines]


def _key(term) -> str:
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def _show(term) -> str:
    return _show_key(_key(term))


def _show_key(key: str) -> str:
    return "_:blank" if key.startswith("_:") else short_iri(key)


class _Compiler:
    def __init__(self, graph) -> None:
        from rdflib import Namespace

        self.graph = graph
        self.sh = Namespace(SH)
        self.counter = 0

    def fresh(self, name: str) -> str:
        self.counter += 1
        return f"?{name}{self.counter}"

    # --- terms and paths ------------------------------------------------------------------------
    def term(self, node) -> str:
        from rdflib import Literal, URIRef

        if isinstance(node, URIRef):
            return f"<{node}>"
        if isinstance(node, Literal):
            text = _sparql_string(str(node))
            if node.language:
                return f"{text}@{node.language}"
            if node.datatype:
                return f"{text}^^<{node.datatype}>"
            return text
        raise KgError(f"cannot use blank node {node} as a value in shapes.ttl")

    def items(self, node) -> list:
        return list(self.graph.items(node))

    def path(self, node) -> tuple[str, str]:
        """(SPARQL path, text for messages)."""
        from rdflib import URIRef

        if isinstance(node, URIRef):
            return f"<{node}>", short_iri(str(node))
        inverse = self.graph.value(node, self.sh.inversePath)
        if inverse is not None:
            path, text = self.path(inverse)
            return f"^{path}", "^" + text
        steps = self.items(node)
        if steps:
            parts = [self.path(step) for step in steps]
            return "(" + "/".join(p for p, _ in parts) + ")", f"{node}"
        raise KgError(f"unsupported SHACL path {node} in shapes.ttl",
                      hint="use a property, sh:inversePath, or a sequence")

    def unsupported(self, node) -> None:
        for predicate in set(self.graph.predicates(node, None)):
            if str(predicate) not in _HANDLED:
                raise KgError(f"shapes.ttl uses {short_iri(str(predicate))}, which the SPARQL "
                              "translation of the shapes does not support",
                              hint="extend kg/rdf/shacl.py, or express the rule with sh:sparql")

    # --- value constraints ------------------------------------------------------------------------
    def value_conditions(self, node, v: str) -> list[str]:
        """SPARQL expressions true when value ``v`` VIOLATES a value constraint of ``node``."""
        sh, g = self.sh, self.graph
        conditions = []
        for cls in g.objects(node, sh["class"]):
            conditions.append(f"NOT EXISTS {{ {v} {_TYPE}/{_SUBCLASS}* {self.term(cls)} }}")
        for datatype in g.objects(node, sh.datatype):
            cast = _CASTS.get(str(datatype))
            accepted = f"datatype({v}) != <{datatype}>"
            if str(datatype) in _INTEGER_BOUNDS:  # Oxigraph stores these as xsd:integer values
                accepted = f"({accepted} && datatype({v}) != <{XSD}integer>)"
            condition = f"!isLiteral({v}) || {accepted}"
            if cast:
                condition += f" || !COALESCE(isLiteral(<{cast}>(STR({v}))), false)"
            if str(datatype) in _INTEGER_BOUNDS:
                condition += (f" || COALESCE(<{XSD}integer>(STR({v})) < "
                              f"{_INTEGER_BOUNDS[str(datatype)]}, true)")
            conditions.append(f"({condition})")
        for pattern in g.objects(node, sh.pattern):
            flags = g.value(node, sh.flags)
            extra = f", {_sparql_string(str(flags))}" if flags is not None else ""
            conditions.append(f"(isBlank({v}) || !regex(STR({v}), {_sparql_string(str(pattern))}{extra}))")
        for length in g.objects(node, sh.minLength):
            conditions.append(f"(isBlank({v}) || STRLEN(STR({v})) < {int(length)})")
        for length in g.objects(node, sh.maxLength):
            conditions.append(f"(isBlank({v}) || STRLEN(STR({v})) > {int(length)})")
        for ranges in g.objects(node, sh.languageIn):
            tests = " || ".join(f"langMatches(lang({v}), {_sparql_string(str(r))})"
                                for r in self.items(ranges))
            conditions.append(f"(!isLiteral({v}) || !({tests or 'false'}))")
        for values in g.objects(node, sh["in"]):
            members = ", ".join(self.term(m) for m in self.items(values))
            conditions.append(f"({v} NOT IN ({members}))")
        for kind in g.objects(node, sh.nodeKind):
            name = str(kind).rsplit("#", 1)[1]
            allowed = {"IRI": f"isIRI({v})", "Literal": f"isLiteral({v})",
                       "BlankNode": f"isBlank({v})",
                       "BlankNodeOrIRI": f"(isBlank({v}) || isIRI({v}))",
                       "BlankNodeOrLiteral": f"(isBlank({v}) || isLiteral({v}))",
                       "IRIOrLiteral": f"(isIRI({v}) || isLiteral({v}))"}[name]
            conditions.append(f"!{allowed}")
        return conditions

    # --- shapes ---------------------------------------------------------------------------------
    def node_shape(self, node, target: str | None) -> _Shape:
        from rdflib import Literal

        sh, g = self.sh, self.graph
        self.unsupported(node)
        per_graph = any(flag == Literal(True) for flag in g.objects(node, _kgsh("perGraph")))
        shape = _Shape(node, target, per_graph=per_graph)
        message = str(g.value(node, sh.message) or f"does not conform to {short_iri(str(node))}")
        # value constraints on the focus node itself
        for condition in self.value_conditions(node, "?this"):
            shape.checks.append(_Check(f"FILTER({condition})", "-", message))
        for value in g.objects(node, sh.hasValue):
            shape.checks.append(_Check(f"FILTER(?this != {self.term(value)})", "-", message))
        for prop in sorted(g.objects(node, sh.property), key=str):
            shape.checks.extend(self.property_shape(prop))
        for kind in ("xone", "or", "and"):
            for members in g.objects(node, sh[kind]):
                shapes = [self.node_shape(m, None) for m in self.items(members)]
                shape.combos.append((kind, shapes, message))
        for member in g.objects(node, sh["not"]):
            shape.combos.append(("not", [self.node_shape(member, None)], message))
        for member in g.objects(node, sh.node):
            shape.combos.append(("node", [self.node_shape(member, None)], message))
        for constraint in g.objects(node, sh.sparql):
            shape.checks.append(self.sparql_constraint(constraint, message))
        return shape

    def property_shape(self, node) -> list[_Check]:
        sh, g = self.sh, self.graph
        self.unsupported(node)
        path, path_text = self.path(g.value(node, sh.path))
        message = g.value(node, sh.message)
        default = f"violates the constraints on {path_text}"
        text = str(message) if message is not None else default
        checks = []
        count = self.fresh("n")
        value = self.fresh("v")
        for minimum in g.objects(node, sh.minCount):
            if int(minimum) == 1:  # MINUS is an anti-join: ten times faster than NOT EXISTS
                where = f"MINUS {{ ?this {path} {value} }}"
            else:
                where = (f"{{ SELECT ?this (COUNT(DISTINCT {value}) AS {count}) WHERE {{ {_TARGETS} "
                         f"OPTIONAL {{ ?this {path} {value} }} }} GROUP BY ?this }} "
                         f"FILTER({count} < {int(minimum)})")
            checks.append(_Check(where, path_text, text if message is not None
                                 else f"Less than {int(minimum)} values on {path_text}"))
        for maximum in g.objects(node, sh.maxCount):
            checks.append(_Check(
                f"{{ SELECT ?this (COUNT(DISTINCT {value}) AS {count}) WHERE {{ {_TARGETS} "
                f"?this {path} {value} }} GROUP BY ?this }} FILTER({count} > {int(maximum)})",
                path_text, text if message is not None
                else f"More than {int(maximum)} values on {path_text}"))
        conditions = self.value_conditions(node, value)
        if conditions:
            checks.append(_Check(f"?this {path} {value} . FILTER({' || '.join(conditions)})",
                                 path_text, text))
        for expected in g.objects(node, sh.hasValue):
            checks.append(_Check(f"MINUS {{ ?this {path} {self.term(expected)} }}",
                                 path_text, text))
        for flag in g.objects(node, sh.uniqueLang):
            if flag.toPython() is True:
                other = self.fresh("w")
                checks.append(_Check(
                    f"?this {path} {value} , {other} . FILTER(isLiteral({value}) && lang({value}) != \"\" "
                    f"&& LCASE(lang({value})) = LCASE(lang({other})) && {value} != {other})",
                    path_text, text))
        for qualified in g.objects(node, sh.qualifiedValueShape):
            self.unsupported(qualified)
            if any(True for _ in g.objects(qualified, sh.property)):
                raise KgError("shapes.ttl: sh:qualifiedValueShape with property shapes is not "
                              "supported by the SPARQL translation", hint="use value constraints")
            inner = self.value_conditions(qualified, value)
            conforms = f"!({' || '.join(inner)})" if inner else "true"
            for bound, compare in ((g.value(node, sh.qualifiedMinCount), "<"),
                                   (g.value(node, sh.qualifiedMaxCount), ">")):
                if bound is None:
                    continue
                checks.append(_Check(
                    f"{{ SELECT ?this (COUNT(DISTINCT {value}) AS {count}) WHERE {{ {_TARGETS} "
                    f"OPTIONAL {{ ?this {path} {value} FILTER({conforms}) }} }} GROUP BY ?this }} "
                    f"FILTER({count} {compare} {int(bound)})", path_text, text))
        if any(True for _ in g.objects(node, sh.node)):
            raise KgError("shapes.ttl: sh:node inside a property shape is not supported by "
                          "the SPARQL translation", hint="move it to a node shape")
        return checks

    def sparql_constraint(self, node, fallback: str) -> _Check:
        sh, g = self.sh, self.graph
        select = str(g.value(node, sh.select))
        message = str(g.value(node, sh.message) or fallback)
        body = select[select.index("{", select.upper().index("WHERE")) + 1: select.rindex("}")]
        head = select[: select.upper().index("WHERE")]
        variables = tuple(sorted({part[1:] for part in head.replace("(", " ").split()
                                  if part.startswith("?") and part[1:] != "this"}))
        return _Check("{ " + body.replace("$this", "?this") + " }", "-", message, variables)


def _kgsh(name: str):
    from rdflib import URIRef

    return URIRef(KGSH + name)


def compile_shapes(graph) -> CompiledShapes:
    """Translate the node shapes of an rdflib shapes graph (see the module text)."""
    from rdflib import RDF, Namespace

    sh = Namespace(SH)
    compiler = _Compiler(graph)
    shapes = []
    declared = {f"PREFIX {graph.value(d, sh.prefix)}: <{graph.value(d, sh.namespace)}>\n"
                for d in graph.objects(None, sh.declare)}
    for node in sorted(set(graph.subjects(RDF.type, sh.NodeShape)), key=str):
        targets = []
        for cls in graph.objects(node, sh.targetClass):
            targets.append(f"{{ ?this {_TYPE}/{_SUBCLASS}* <{cls}> }}")
        for target in graph.objects(node, sh.target):
            if (target, RDF.type, sh.SPARQLTarget) not in graph:
                raise KgError(f"unsupported target {target} in shapes.ttl")
            select = str(graph.value(target, sh.select))
            body = select[select.index("{", select.upper().index("WHERE")) + 1: select.rindex("}")]
            targets.append("{ SELECT DISTINCT ?this WHERE { " + body + " } }")
        if not targets:
            continue  # a shape used only inside another (sh:xone, sh:node, ...)
        target = "{ " + " UNION ".join(targets) + " }"
        shapes.append(compiler.node_shape(node, target))
    from kg.namespaces import sparql_prologue

    return CompiledShapes(shapes, sparql_prologue() + "".join(sorted(declared)))


@lru_cache(maxsize=2)
def load_compiled_shapes(path: Path | None = None) -> CompiledShapes:
    from kg.rdf.validate import load_shapes

    return compile_shapes(load_shapes(path))
