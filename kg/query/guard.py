"""A lexical guard run on SPARQL text before Oxigraph sees it: no SERVICE, no Update, no deep nesting.

The query engine must never reach another host, and Oxigraph will send a ``SERVICE`` pattern to
any address it is given. Asking a second parser whether a query "uses SERVICE" is not enough,
because two parsers read the same text differently: rdflib applies ``\\u`` escapes to the whole
query before parsing (SPARQL 1.1, section 19.2) while Oxigraph applies them only inside strings
and IRIs, and Oxigraph ends a comment at a lone carriage return while rdflib does not. So this
module does not parse. It explores **every plausible reading** of the text at once, and refuses
the query if any reading finds the keyword ``SERVICE`` where the grammar allows it:

- escapes applied before tokenising, or only inside tokens, or not at all, token by token (and
  applied again to text that still holds escapes after one pass);
- a comment ended by ``\\n``, by ``\\r`` or by any other Unicode line separator;
- ``<`` read as the start of an IRI (strict SPARQL characters, or anything up to ``>`` without
  white space) or as the less-than operator, so the inside of an IRI is read as code too;
- short strings that stop at a line end (SPARQL) or run across it;
- a prefixed name read whole, cut before any dot of its local part (Oxigraph reads
  ``ex:a.b.c`` as ``ex:a.b`` then ``.c``), or cut after the colon when the query holds an IRI that
  ends in its authority (``<http://h:>``: ``ex:SERVICE`` then fails as an IRI and Oxigraph
  re-reads it as ``ex:`` followed by the keyword);
- the keyword matched at any token boundary and inside a run of letters and digits, without a
  word boundary (Oxigraph reads ``trueSERVICE`` as ``true`` then ``SERVICE``), case-insensitively,
  including the non-ASCII letters whose case mapping is an ASCII letter of the keyword
  (``ſ`` U+017F, ``ı`` U+0131).

A match counts when the grammar could accept it there: the previous token is not an operator or
an opening ``(``/``[``, and the keyword is followed by an optional ``SILENT``, a variable or an
IRI, and ``{``. That is what lets harmless text through: ``"SERVICE"`` in a string, ``# SERVICE``
in a comment, ``?service``, ``ex:service``, ``<http://example.org/service>``. The readings are
explored as a graph of token boundaries, so the cost is linear in practice; a work budget turns
pathological input into a refusal rather than a slow check.

The same module refuses SPARQL Update sent as a query (a clear message instead of Oxigraph's
"expected CONSTRUCT"), and queries that nest brackets or chain operators deeply enough to
overflow Oxigraph's recursive parser and evaluator, which ends the process with a segmentation
fault (measured on pyoxigraph 0.5 with an 8 MB stack: 2,208 nested ``{``; 848 nested
``FILTER NOT EXISTS {``; 712 nested ``FILTER(EXISTS{``; 928 nested ``CONCAT(``; a chain of 2,624
``MINUS`` blocks; 6,912 ``+`` or ``*`` operands; 9,472 ``&&`` operands).

>>> check_query('SELECT ?service WHERE { ?service a ex:service . FILTER(?service != "SERVICE") }')
>>> check_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
kg.query.lexer.ServiceNotAllowed: <query>:1: SERVICE (federated query) is not allowed (fix: load the remote data into the corpus instead)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.query.lexer import (_BNODE, _LANGTAG, _LONG_STRINGS, _NUMBER, _PNAME, _SHORT_STRINGS, _VAR,
                            _WORD, QueryTooComplex, ServiceNotAllowed, UpdateNotAllowed,
                            _find_service, _layers, decode_codepoints, finds_service)

__all__ = [
    "MAX_DEPTH", "MAX_OPERATORS", "MAX_QUERY_CHARS", "UPDATE_KEYWORDS",
    "ServiceNotAllowed", "UpdateNotAllowed", "QueryTooComplex",
    "check_query", "finds_service", "finds_update", "nesting_depth", "operator_count",
    "query_form", "decode_codepoints",
]

#: Deepest bracket nesting accepted. The cheapest crash measured is 848 nested
#: ``FILTER NOT EXISTS {`` (about 10 kB of stack per level, 8 MB stack); 256 levels use at most
#: about 2.5 MB, which leaves room for an operator chain at the innermost level.
MAX_DEPTH = 256
#: Most chain operators (``&& || ! + - * / | ^``, comparisons, ``UNION``, ``MINUS``,
#: ``OPTIONAL``) accepted outside ``VALUES`` data. The cheapest crash measured is a chain of
#: 2,624 ``MINUS`` blocks (about 3.2 kB of stack each): 500 use at most about 1.6 MB. Both
#: limits together: a 255-deep ``FILTER NOT EXISTS`` with 500 ``MINUS`` blocks inside runs, and
#: so does the same at 2.5 times both limits (measured); the library queries use at most 6.
MAX_OPERATORS = 500
#: Longest query text checked (characters); longer text is refused.
MAX_QUERY_CHARS = 1_000_000
#: The SPARQL 1.1 Update operation keywords.
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY")




# --- one deterministic reading: update keywords, nesting depth, operators, query form ------

def _primary_pattern(comment_ends: str, iris: bool) -> re.Pattern:
    iri = r"|(?P<iri><(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)" if iris else ""
    return re.compile(
        r"(?P<ws>\s+)"
        rf"|(?P<comment>\#[^{comment_ends}]*)"
        rf"|(?P<string>{_LONG_STRINGS[chr(39)].pattern}|{_LONG_STRINGS[chr(34)].pattern}"
        rf"|{_SHORT_STRINGS[chr(39)].pattern}|{_SHORT_STRINGS[chr(34)].pattern})"
        r"|(?P<open><<|[{(\[])|(?P<close>>>|[})\]])"
        rf"{iri}"
        rf"|(?P<var>{_VAR.pattern})|(?P<pname>{_PNAME.pattern})|(?P<bnode>{_BNODE.pattern})"
        rf"|(?P<lang>{_LANGTAG.pattern})|(?P<number>{_NUMBER.pattern})|(?P<word>{_WORD.pattern})"
        r"|(?P<datatype>\^\^)|(?P<op>&&|\|\||!=|<=|>=|[-+*/|^!=<>])"
        r"|(?P<other>.)",
        re.S)


_PRIMARY = _primary_pattern("\r\n", True)
_OPERATOR_READINGS = [_PRIMARY, _primary_pattern("\n", True)]
_DEPTH_READINGS = _OPERATOR_READINGS + [_primary_pattern("\r\n", False), _primary_pattern("\n", False)]
_CHAIN_WORDS = {"UNION", "MINUS", "OPTIONAL"}


@dataclass
class _Shape:
    depth: int = 0
    operators: int = 0
    update: str | None = None
    update_line: int | None = None
    form: str | None = None


def _shape(text: str, pattern: re.Pattern) -> _Shape:
    shape = _Shape()
    depth = 0
    values_depth = None  # the depth at which a VALUES data block opened
    expect_values = False
    for match in pattern.finditer(text):
        kind = match.lastgroup
        if kind in ("ws", "comment"):
            continue
        if kind == "open":
            depth += 1
            shape.depth = max(shape.depth, depth)
            if expect_values and match.group() == "{" and values_depth is None:
                values_depth = depth
                expect_values = False
        elif kind == "close":
            if values_depth is not None and depth == values_depth:
                values_depth = None
            depth = max(0, depth - 1)
        elif kind == "word":
            word = match.group().upper()
            if word == "VALUES":
                expect_values = True
            elif word in _CHAIN_WORDS:
                shape.operators += 1
            elif word in UPDATE_KEYWORDS and shape.update is None:
                shape.update = word
                shape.update_line = text.count("\n", 0, match.start()) + 1
            elif word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE") and shape.form is None:
                shape.form = word.lower()
        elif kind == "op" and values_depth is None:
            shape.operators += 1
    return shape


def finds_update(text: str) -> str | None:
    """The first SPARQL Update keyword read as a keyword (not in a string, comment, IRI or name).

    >>> finds_update("INSERT DATA { <http://a> <http://b> <http://c> }")
    'INSERT'
    >>> finds_update('SELECT ?insert WHERE { ?insert kg:load "DROP" } # CLEAR')
    """
    return _shape(text, _PRIMARY).update


def query_form(text: str) -> str:
    """``select``, ``ask``, ``construct`` or ``describe``: the first query-form keyword.

    >>> query_form('# SELECT\\nCONSTRUCT { ?s ?p "ASK" } WHERE { ?s ?p ?o }')
    'construct'
    """
    return _shape(text, _PRIMARY).form or "select"


def nesting_depth(text: str) -> int:
    """The deepest nesting of ``{ ( [`` (and ``<<``) outside strings, comments and IRIs, the
    most any of several readings finds (escapes decoded or not, ``\\r`` ending comments or not,
    ``<`` starting IRIs or not).

    >>> nesting_depth("SELECT * WHERE { FILTER((?x)) }")
    3
    >>> nesting_depth('SELECT * WHERE { ?s ?p "{{{{" } # ((((')
    1
    """
    return max(_shape(layer.text, pattern).depth for layer in _layers(text)
               for pattern in _DEPTH_READINGS)


def operator_count(text: str) -> int:
    """How many chain operators (expression and path operators, ``UNION``, ``MINUS``,
    ``OPTIONAL``) the query holds outside ``VALUES`` data, the most any reading finds.

    >>> operator_count("SELECT ?s WHERE { {?s ?p ?o} UNION {?s ?p ?o} FILTER(?o > 1 && ?o < 9) }")
    4
    >>> operator_count("SELECT ?x WHERE { VALUES ?x { -1 -2 +3 } }")
    0
    """
    return max(_shape(layer.text, pattern).operators for layer in _layers(text)
               for pattern in _OPERATOR_READINGS)


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def check_query(text: str, *, source: str = "<query>") -> None:
    """Raise a :class:`~kg.errors.QueryError` subclass if ``text`` must not reach the engine.

    :class:`UpdateNotAllowed` for SPARQL Update, :class:`ServiceNotAllowed` for SERVICE,
    :class:`QueryTooComplex` for nesting deeper than :data:`MAX_DEPTH`, more than
    :data:`MAX_OPERATORS` chain operators, or text longer than :data:`MAX_QUERY_CHARS`.

    >>> check_query("DROP ALL", source="request")
    Traceback (most recent call last):
    ...
    kg.query.lexer.UpdateNotAllowed: request:1: SPARQL Update is not allowed: this tool is read-only (fix: use SELECT, ASK, CONSTRUCT or DESCRIBE; change the data in seeds/ and run `kg build`)
    >>> check_query("SELECT * WHERE " + "{" * 300 + "}" * 300)
    Traceback (most recent call last):
    ...
    kg.query.lexer.QueryTooComplex: <query>: the query nests brackets 300 deep; the limit is 256 (fix: flatten the query: deeper nesting can crash the query engine)
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryTooComplex(f"the query has {len(text):,} characters; the limit is "
                              f"{MAX_QUERY_CHARS:,}", file=source, hint="shorten the query")
    primary = _shape(text, _PRIMARY)
    if primary.update:
        raise UpdateNotAllowed("SPARQL Update is not allowed: this tool is read-only", file=source,
                               line=primary.update_line,
                               hint="use SELECT, ASK, CONSTRUCT or DESCRIBE; change the data in "
                                    "seeds/ and run `kg build`")
    position = _find_service(text)
    if position is not None:
        raise ServiceNotAllowed("SERVICE (federated query) is not allowed", file=source,
                                line=_line_of(text, position),
                                hint="load the remote data into the corpus instead")
    depth = nesting_depth(text)
    if depth > MAX_DEPTH:
        raise QueryTooComplex(f"the query nests brackets {depth} deep; the limit is {MAX_DEPTH}",
                              file=source, hint="flatten the query: deeper nesting can crash "
                                                "the query engine")
    operators = operator_count(text)
    if operators > MAX_OPERATORS:
        raise QueryTooComplex(f"the query chains {operators} operators; the limit is "
                              f"{MAX_OPERATORS}", file=source,
                              hint="use VALUES or IN (...) instead of long chains: longer chains "
                                   "can crash the query engine")
