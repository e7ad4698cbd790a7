"""The readings of a SPARQL query text that the guard (:mod:`kg.query.guard`) checks for the
keyword SERVICE: codepoint escapes applied (SPARQL 1.1 section 19.2) or not, comments ended by
any line terminator, ``<`` read as an IRI or an operator, prefixed names split where Oxigraph
splits them. A query is refused if any reading finds the keyword where the grammar allows it.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from kg.errors import QueryError


class ServiceNotAllowed(QueryError):
    """The query may ask the engine to contact another host (``SERVICE``)."""


class UpdateNotAllowed(QueryError):
    """The text is a SPARQL Update, sent where a query was expected."""


class QueryTooComplex(QueryError):
    """The query nests or chains deeper than the engine can take, or is too long to check."""


# --- codepoint escapes (SPARQL 1.1 section 19.2) -------------------------------------------

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_MAX_ESCAPE_LAYERS = 8


def decode_codepoints(text: str) -> str:
    r"""Replace every ``\uXXXX`` and ``\UXXXXXXXX`` escape by its character, in one pass.

    >>> decode_codepoints(r"\u0053ERVICE \U0000003C")
    'SERVICE <'
    >>> decode_codepoints(r"\u005Cu0053")  # one pass: what it produces is not decoded again
    '\\u0053'
    """
    return _Decoded(text).decoded


class _Decoded:
    """A text, its one-pass decoded form, and the maps between their positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        matches = [m for m in _ESCAPE.finditer(text) if int(m.group(1) or m.group(2), 16) <= 0x10FFFF]
        if not matches:
            self.decoded, self.to_decoded, self.to_text = text, None, None
            return
        parts: list[str] = []
        to_decoded = [-1] * (len(text) + 1)
        to_text: list[int] = []
        position = 0
        for match in matches:
            start = match.start()
            size = start - position
            to_decoded[position:start] = range(len(to_text), len(to_text) + size)
            to_text.extend(range(position, start))
            parts.append(text[position:start])
            to_decoded[start] = len(to_text)
            to_text.append(start)
            parts.append(chr(int(match.group(1) or match.group(2), 16)))
            position = match.end()
        size = len(text) - position
        to_decoded[position:len(text)] = range(len(to_text), len(to_text) + size)
        to_text.extend(range(position, len(text)))
        to_decoded[len(text)] = len(to_text)
        to_text.append(len(text))
        self.decoded = "".join(parts) + text[position:]
        self.to_decoded, self.to_text = to_decoded, to_text


# --- the pieces of the SPARQL grammar the readings need ------------------------------------

_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
         "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_CHARS_U = _BASE + "_"
_CHARS = _CHARS_U + "\\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = rf"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_PN_LOCAL = rf"(?:[{_CHARS_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_PNAME = re.compile(rf"(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?")
# Oxigraph's local names take one dotted tail only: ex:a.b.c is read as ex:a.b, then .c
_OXIGRAPH_LOCAL = re.compile(rf"(?:[{_CHARS_U}:0-9]|{_PLX})(?:[{_CHARS}:]|{_PLX})*"
                             rf"(?:\.+(?:[{_CHARS}:]|{_PLX})+)?")
_NAME_RUN = re.compile(rf"[{_CHARS}.]+")
_VAR = re.compile(rf"[?$][{_CHARS_U}0-9][{_CHARS_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*")
_BNODE = re.compile(rf"_:[{_CHARS_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?")
_LANGTAG = re.compile(r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?")
_WORD = re.compile(r"[^\W\d]\w*")
_DIGITS = re.compile(r"[0-9]*")
_IRI_STRICT = re.compile(r'<(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>')
_IRI_LENIENT = re.compile(r"<[^<>\x00-\x20]*>")
_LONG_STRINGS = {"'": re.compile(r"'''(?:(?:''|')?(?:[^'\\]|\\.))*'''", re.S),
                 '"': re.compile(r'"""(?:(?:""|")?(?:[^"\\]|\\.))*"""', re.S)}
_SHORT_STRINGS = {"'": re.compile(r"'(?:[^'\\\r\n]|\\[^\r\n])*'"),
                  '"': re.compile(r'"(?:[^"\\\r\n]|\\[^\r\n])*"')}
_LOOSE_STRINGS = {"'": re.compile(r"'(?:[^'\\]|\\.)*'", re.S),
                  '"': re.compile(r'"(?:[^"\\]|\\.)*"', re.S)}
_WHITE = re.compile(r"\s+")
#: Characters that end a comment in some reading: SPARQL and Oxigraph use \n and \r; the rest
#: are the other line separators of Unicode (what Python's str.splitlines uses).
_LINE_END_CLASSES = ("\n", "\r", "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
#: After these tokens the keyword cannot start a graph pattern (they need an operand).
_OPERATOR_CHARS = set("([,/|^!=<+-*&@?%")
#: Non-ASCII letters whose simple case mapping is an ASCII letter (checked in the tests
#: against every code point): Java-based parsers compare keywords with these mappings.
_FOLDS = {"s": "sS\u017f", "i": "iI\u0131", "k": "kK\u212a"}
# An IRI that ends in its authority: appending letters to it gives an invalid IRI.
_AUTHORITY_ONLY = re.compile(r"^\s*(?:[A-Za-z][A-Za-z0-9+.\-]*:)?//[^/?#\s]*\s*$")
_ANGLES = re.compile(r"<([^<>]*)>")

_SKIP, _TERM, _WORD_TOKEN, _OPERATOR = range(4)


def _letter_class(letter: str) -> str:
    chars = _FOLDS.get(letter.lower(), letter.lower() + letter.upper())
    return "[" + re.escape(chars) + "]"


def _keyword_pattern(word: str) -> re.Pattern:
    return re.compile("".join(_letter_class(c) for c in word))


_SERVICE = _keyword_pattern("service")
_SILENT = _keyword_pattern("silent")


class _Scanner:
    """Token alternatives at a position of one string (a text or its decoded form)."""

    def __init__(self, text: str, split_pnames: bool) -> None:
        self.text = text
        self.split_pnames = split_pnames
        self.line_ends = [[m.start() for m in re.finditer("[" + re.escape(chars) + "]", text)]
                          for chars in _LINE_END_CLASSES]
        runs = [(m.start(), m.end()) for m in _NAME_RUN.finditer(text)]
        self.run_starts = [start for start, _ in runs]
        self.run_ends = [end for _, end in runs]

    def _pname_ends(self, i: int) -> list[int]:
        """Where a prefixed name starting at ``i`` may end (none if there is none)."""
        text = self.text
        if text[i] != ":":
            # a prefix needs a colon where its run of name characters ends: look that up
            # instead of scanning the run again from every position inside it
            k = bisect_left(self.run_starts, i + 1) - 1
            if k < 0 or self.run_ends[k] <= i or text[self.run_ends[k]:self.run_ends[k] + 1] != ":":
                return []
        match = _PNAME.match(text, i)
        if not match:
            return []
        colon = text.index(":", i)
        ends = {match.end()}
        local = _OXIGRAPH_LOCAL.match(text, colon + 1)
        if local:
            ends.add(local.end())
        if self.split_pnames and match.end() > colon + 1:
            ends.add(colon + 1)
        return sorted(ends)

    def skips(self, i: int) -> list[int]:
        """Where white space or a comment starting at ``i`` may end."""
        text = self.text
        char = text[i]
        if char == "#":
            ends = set()
            for positions in self.line_ends:
                k = bisect_left(positions, i)
                ends.add(positions[k] if k < len(positions) else len(text))
            return sorted(ends)
        if char.isspace():
            return [_WHITE.match(text, i).end()]
        return []

    def tokens(self, i: int) -> list[tuple[int, int]]:
        """``(end, kind)`` for every way a token other than white space may start at ``i``."""
        text = self.text
        char = text[i]
        found: list[tuple[int, int]] = []
        if char in "\"'":
            for table in (_LONG_STRINGS, _SHORT_STRINGS, _LOOSE_STRINGS):
                match = table[char].match(text, i)
                if match:
                    found.append((match.end(), _TERM))
            if not found:
                found.append((i + 1, _TERM))
            return found
        if char == "<":
            for pattern in (_IRI_STRICT, _IRI_LENIENT):
                match = pattern.match(text, i)
                if match:
                    found.append((match.end(), _TERM))
            found.append((i + 1, _OPERATOR))
            return found
        if char in "?$":
            match = _VAR.match(text, i)
            return [(match.end(), _TERM)] if match else [(i + 1, _OPERATOR)]
        if char == "@":
            match = _LANGTAG.match(text, i)
            return [(match.end(), _TERM)] if match else [(i + 1, _OPERATOR)]
        if char == "_" and text.startswith("_:", i):
            match = _BNODE.match(text, i)
            if match:
                return [(match.end(), _TERM)]
        if char.isdigit() or (char == "." and text[i + 1:i + 2].isdigit()):
            match = _NUMBER.match(text, i)
            found.append((match.end(), _TERM))
            digits = _DIGITS.match(text, i).end()
            if digits > i:
                found.append((digits, _TERM))
            if char == ".":
                found.append((i + 1, _TERM))
            return found
        ends = self._pname_ends(i)
        if ends:
            return [(end, _TERM) for end in ends]
        match = _WORD.match(text, i)
        if match:
            return [(match.end(), _WORD_TOKEN)]
        return [(i + 1, _OPERATOR if char in _OPERATOR_CHARS else _TERM)]

    def var_or_iri(self, i: int) -> list[int]:
        """Where a variable or an IRI (the name of a SERVICE) starting at ``i`` may end."""
        text = self.text
        if text[i] in "?$":
            match = _VAR.match(text, i)
            return [match.end()] if match else []
        if text[i] == "<":
            return [m.end() for m in (p.match(text, i) for p in (_IRI_STRICT, _IRI_LENIENT)) if m]
        return self._pname_ends(i)


class _Budget:
    def __init__(self, size: int) -> None:
        self.left = 64 * size + 200_000

    def spend(self, amount: int) -> None:
        self.left -= amount
        if self.left < 0:
            raise QueryTooComplex("the query is too long or too ambiguous to check for SERVICE",
                                  hint="shorten the query")


class _Readings:
    """Every plausible reading of one text, each token read raw or with escapes decoded."""

    def __init__(self, layer: _Decoded, split_pnames: bool, budget: _Budget) -> None:
        self.text = layer.text
        self.raw = _Scanner(layer.text, split_pnames)
        self.decoded = _Scanner(layer.decoded, split_pnames) if layer.to_text else None
        self.to_decoded, self.to_text = layer.to_decoded, layer.to_text
        self.budget = budget

    def _views(self, i: int):
        """``(scanner, position in its string, map back to text positions)`` for position ``i``."""
        yield self.raw, i, None
        if self.decoded is not None and self.to_decoded[i] >= 0:
            yield self.decoded, self.to_decoded[i], self.to_text

    def _keyword_ends(self, i: int, pattern: re.Pattern) -> list[int]:
        ends = []
        for scanner, j, back in self._views(i):
            match = pattern.match(scanner.text, j)
            if match:
                ends.append(back[match.end()] if back else match.end())
        return ends

    def _skip_closure(self, i: int) -> set[int]:
        reached, todo = {i}, [i]
        while todo:
            k = todo.pop()
            if k >= len(self.text):
                continue
            for scanner, j, back in self._views(k):
                if j >= len(scanner.text):
                    continue
                for end in scanner.skips(j):
                    self.budget.spend(1)  # a bisect for comments, a regex run for white space
                    end = back[end] if back else end
                    if end not in reached:
                        reached.add(end)
                        todo.append(end)
        return reached

    def _grammar_follows(self, i: int) -> bool:
        """Whether ``'SILENT'? VarOrIri '{'`` may follow position ``i`` (after the keyword)."""
        starts = self._skip_closure(i)
        for k in list(starts):
            for end in self._keyword_ends(k, _SILENT):
                starts |= self._skip_closure(end)
        for k in starts:
            if k >= len(self.text):
                continue
            for scanner, j, back in self._views(k):
                for end in scanner.var_or_iri(j):
                    self.budget.spend(end - j + 1)
                    for m in self._skip_closure(back[end] if back else end):
                        if any(s.text[p:p + 1] == "{" for s, p, _ in self._views(m)
                               if p < len(s.text)):
                            return True
        return False

    def _service_at(self, i: int) -> bool:
        return any(self._grammar_follows(end) for end in self._keyword_ends(i, _SERVICE))

    def find_service(self) -> int | None:
        """The position of a SERVICE keyword some reading accepts, or ``None``."""
        size = len(self.text)
        best = [0] * (size + 1)  # 0 unseen, 1 seen after an operator, 2 seen after anything else
        todo = [(0, 2)]
        while todo:
            i, state = todo.pop()
            if i >= size or best[i] >= state:
                continue
            best[i] = state
            self.budget.spend(1)
            if state == 2 and self._service_at(i):
                return i
            for scanner, j, back in self._views(i):
                if j >= len(scanner.text):
                    continue
                skips = scanner.skips(j)
                for end in skips:
                    self.budget.spend(1)
                    todo.append((back[end] if back else end, state))
                if skips:
                    continue
                for end, kind in scanner.tokens(j):
                    self.budget.spend(end - j)
                    if kind == _WORD_TOKEN:  # no word boundary: trueSERVICE is true SERVICE
                        for inner in _SERVICE.finditer(scanner.text, j + 1, end):
                            position = back[inner.start()] if back else inner.start()
                            if self._service_at(position):
                                return position
                    todo.append((back[end] if back else end, 1 if kind == _OPERATOR else 2))
        return None


def _layers(text: str) -> list[_Decoded]:
    """The text and its successive one-pass decodings, while escapes remain."""
    layers = [_Decoded(text)]
    while layers[-1].to_text is not None:
        if len(layers) > _MAX_ESCAPE_LAYERS:
            raise QueryTooComplex("the query nests codepoint escapes too deeply to check",
                                  hint="write the characters instead of \\u escapes")
        layers.append(_Decoded(layers[-1].decoded))
    return layers


def _splits_pnames(layers: list[_Decoded]) -> bool:
    for layer in layers:
        for match in _ANGLES.finditer(layer.text):
            if _AUTHORITY_ONLY.match(decode_codepoints(match.group(1))):
                return True
    return False


def _find_service(text: str) -> int | None:
    """Position (in ``text``) of a SERVICE keyword that some reading accepts, or ``None``."""
    layers = _layers(text)
    if not any(_SERVICE.search(layer.text) for layer in layers):
        return None  # the keyword cannot be spelled in any reading: the common case
    split = _splits_pnames(layers)
    budget = _Budget(len(text))
    for depth, layer in enumerate(layers):
        position = _Readings(layer, split, budget).find_service()
        if position is not None:
            for outer in reversed(layers[:depth]):
                position = outer.to_text[position]
            return position
    return None


def finds_service(text: str) -> bool:
    r"""Whether some plausible reading of ``text`` asks for a remote ``SERVICE``.

    >>> finds_service("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    True
    >>> finds_service(r'SELECT * { BIND("\u0022" AS ?x) SERVICE <http://h/> { ?s ?p ?o } BIND("\u0022" AS ?y) }')
    True
    >>> finds_service("SELECT * WHERE { # c\r SERVICE <http://h/> { ?s ?p ?o } }")
    True
    >>> finds_service('SELECT * WHERE { ?service ex:service "SERVICE" } # SERVICE <x> { }')
    False
    """
    return _find_service(text) is not None


