"""Checks shared by the registry and the documents: keys, required values, and each fact's
object typed against the ontology (classes on both sides, numbers, dates, controlled values).

The registry is seen here as a mapping from entity id to class name, which is all a document's
check needs: a document's result depends on the classes of the entities it names, not on the
rest of the registry.
"""

from __future__ import annotations

import difflib

from kg.curation.model import Value, Where
from kg.curation.ontology import Ontology
from kg.curation.yamlio import LineDict, LineList, is_date
from kg.errors import CurationError
from kg.text.normalize import to_simplified
from kg.text.numbers import parse_number

__all__ = ["suggest", "require", "check_keys", "top_level", "block_list", "typed_object",
           "decimal_value", "XSD_DECIMAL", "XSD_DATE", "XSD_STRING"]

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_DECIMAL, XSD_DATE, XSD_STRING = XSD + "decimal", XSD + "date", XSD + "string"


def suggest(word: str, choices) -> str:
    """``did you mean …?`` with the close choices, or ``""``.

    >>> suggest("holdz", ["holds", "leads"])
    "did you mean 'holds'?"
    """
    close = difflib.get_close_matches(word, sorted(choices), n=3)
    return f"did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def require(mapping: LineDict, key: str, file, what: str):
    if not isinstance(mapping, dict) or key not in mapping or mapping[key] in (None, ""):
        line = getattr(mapping, "line", None)
        raise CurationError(f"{what} has no '{key}'", file=file, line=line,
                            hint=f"add '{key}:' to this block")
    return mapping[key]


def check_keys(mapping: LineDict, allowed: set[str], file, what: str) -> None:
    for key in mapping:
        if key not in allowed:
            hint = suggest(str(key), allowed) or f"allowed keys: {', '.join(sorted(allowed))}"
            raise CurationError(f"unknown key '{key}' in {what}", file=file,
                                line=mapping.line_of(key), hint=hint)


def top_level(data, allowed: set[str], file) -> None:
    """Unknown top-level keys are errors (a misspelt ``statments:`` would otherwise be ignored)."""
    if isinstance(data, dict):
        check_keys(data, allowed, file, "the file's top level")


def block_list(data, key: str, file) -> LineList:
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise CurationError(f"expected a top-level '{key}:' list", file=file, line=1,
                            hint=f"start the file with '{key}:' followed by '- ' blocks")
    for item, line in zip(data[key], data[key].item_lines):
        if not isinstance(item, dict):
            raise CurationError(f"each item of '{key}' must be a mapping", file=file, line=line,
                                hint="write one 'key: value' block per item")
    return data[key]


def typed_object(subject: str, predicate: str, value, where: Where, classes: dict[str, str],
                 ontology: Ontology) -> Value:
    """Check one curated fact against the ontology; return its object as a :class:`Value`.

    ``classes`` maps every registry id to its class name.
    """
    prop = ontology.properties.get(predicate)
    if prop is None:
        raise CurationError(f"unknown property '{predicate}'", file=where.file, line=where.line,
                            hint=suggest(predicate, ontology.properties)
                            or "see ontology/kg.ttl for the properties")
    _entity_ref(subject, prop, "subject", classes, ontology, where)
    if prop.kind == "datatype":
        return _literal(value, prop, where)
    notations = ontology.concept_notations(prop.name)
    if notations:
        concept = ontology.concept(prop.name, str(value).strip()) or \
            ontology.concept(prop.name, to_simplified(str(value).strip()))
        if concept is None:
            raise CurationError(f"'{value}' is not a value of '{prop.name}'", file=where.file,
                                line=where.line, hint=f"use one of {', '.join(notations)}")
        return Value("iri", concept)
    if isinstance(value, (dict, list)):
        raise CurationError(f"'{prop.name}' takes an entity id, not {type(value).__name__}",
                            file=where.file, line=where.line, hint="write the id of one entity")
    return Value("entity", _entity_ref(str(value), prop, "object", classes, ontology, where))


def _literal(value, prop, where: Where) -> Value:
    datatype = prop.datatype or ""
    try:
        if datatype == XSD_DECIMAL:
            return decimal_value(parse_number(value))
        if datatype == XSD_DATE:
            if not is_date(value):
                raise ValueError(f"not a date: {value!r}")
            return Value("literal", value.isoformat(), datatype=XSD_DATE)
    except ValueError as err:
        raise CurationError(f"{err} for '{prop.name}'", file=where.file, line=where.line,
                            hint="write a number such as 1000, 48.3 or '318.93亿', "
                            "or a date as YYYY-MM-DD") from None
    if isinstance(value, (dict, list)):
        raise CurationError(f"'{prop.name}' takes a single value, not {type(value).__name__}",
                            file=where.file, line=where.line, hint="write one value")
    if datatype == XSD_STRING or not datatype:
        return Value("literal", str(value))  # RDF 1.1: a plain literal is an xsd:string
    return Value("literal", str(value), datatype=datatype)


def decimal_value(number) -> Value:
    """An xsd:decimal in the lexical form Turtle writes back unchanged (always with a point).

    >>> decimal_value(parse_number("1.5万"))
    Value(kind='literal', value='15000.0', datatype='http://www.w3.org/2001/XMLSchema#decimal', lang=None)
    """
    text = format(number, "f")
    return Value("literal", text if "." in text else text + ".0", datatype=XSD_DECIMAL)


def _entity_ref(entity_id: str, prop, side: str, classes: dict[str, str], ontology: Ontology,
                where: Where) -> str:
    if entity_id not in classes:
        raise CurationError(f"unknown entity id '{entity_id}'", file=where.file, line=where.line,
                            hint=suggest(entity_id, classes) or "add it to seeds/entities/")
    allowed = prop.domain if side == "subject" else prop.range
    cls = classes[entity_id]
    info = ontology.classes[cls]
    if allowed and not any(info.is_a(c) for c in allowed):
        raise CurationError(f"'{prop.name}' expects its {side} to be "
                            f"{' or '.join(sorted(allowed))}, but '{entity_id}' is {cls}",
                            file=where.file, line=where.line,
                            hint=f"use another property or fix the class of '{entity_id}'")
    return entity_id
