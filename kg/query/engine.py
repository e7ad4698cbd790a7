"""Run SPARQL on the embedded store, with the project prefixes predeclared.

>>> from kg.store import memory_store
>>> fact = b"<https://w3id.org/localgov-kg/id/a> <https://w3id.org/localgov-kg/ontology#holds> <https://w3id.org/localgov-kg/id/p> .\\n"
>>> store = memory_store(b"", fact)
>>> result = run_query(store, "SELECT ?who WHERE { ?who kg:holds ?post }")
>>> [str(row["who"].value) for row in result]
['https://w3id.org/localgov-kg/id/a']
>>> run_query(store, "SELECT ?x WHERE { ?x kg:holds }")
Traceback (most recent call last):
...
kg.errors.QueryError: <query>:1: malformed SPARQL query: error at 1:31: expected ... (fix: check the query near line 1, column 31)
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from kg.errors import QueryError
from kg.namespaces import PREFIXES
from kg.query.guard import check_query, finds_service
from kg.store import INFERRED_GRAPH, asserted_graphs

__all__ = ["run_query", "query_kind", "uses_service", "names_graphs"]

_POSITION = re.compile(r"error at (\d+):(\d+)")
_KIND = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def uses_service(text: str) -> bool:
    """Whether some plausible reading of a query asks for a remote SPARQL ``SERVICE``
    (a lexical check that does not rely on a second parser; see :mod:`kg.query.guard`).

    >>> uses_service("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    True
    >>> uses_service('SELECT * WHERE { ?s ?p "SERVICE <x> { }" }')
    False
    """
    return finds_service(text)


def query_kind(text: str) -> str:
    """``select``, ``ask``, ``construct`` or ``describe`` (the first query form keyword)."""
    body = re.sub(r"#[^\n]*", "", text)
    body = re.sub(r"<[^>\s]*>", "<>", body)
    match = _KIND.search(body)
    return match.group(1).lower() if match else "select"


_GRAPH_KEYWORD = re.compile(r"\b(GRAPH|FROM)\b", re.IGNORECASE)


def names_graphs(text: str) -> bool:
    """Whether a query may reach named graphs (``GRAPH`` or ``FROM [NAMED]``; a string or a
    comment that holds the word errs on the safe side).

    >>> names_graphs("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"), names_graphs("ASK { ?s ?p ?o }")
    (True, False)
    """
    return bool(_GRAPH_KEYWORD.search(re.sub(r"<[^>\s]*>", "<>", text)))


def run_query(store: ox.Store, text: str, *, infer: bool = False, source: str = "<query>"):
    """Execute ``text``; raise :class:`QueryError` with line and column when it is malformed.

    Without ``infer`` the default graph is the merged asserted graph; with it, the materialised
    entailments (graph ``kgg:inferred``) are added. ``GRAPH ?g`` ranges over the source graphs. SERVICE is refused: the tool
    works offline and the endpoint must not reach other hosts. So are SPARQL Update and nesting
    deep enough to crash the engine (:func:`kg.query.guard.check_query`).
    """
    check_query(text, source=source)
    options = {"default_graph": [ox.DefaultGraph(), INFERRED_GRAPH] if infer else ox.DefaultGraph()}
    if names_graphs(text):  # an explicit list of named graphs slows every query down, so only then
        options["named_graphs"] = asserted_graphs(store)
    try:
        return store.query(text, prefixes=PREFIXES, **options)
    except SyntaxError as err:
        message = " ".join(str(err).split())
        if len(message) > 160:
            message = message[:157] + "..."
        position = _POSITION.search(message)
        line = int(position.group(1)) if position else None
        hint = (f"check the query near line {line}, column {position.group(2)}" if position
                else "check the query syntax")
        raise QueryError(f"malformed SPARQL query: {message}", file=source, line=line,
                         hint=hint) from None
    except (OSError, RuntimeError, ValueError) as err:
        raise QueryError(f"query failed: {err}", file=source) from None
