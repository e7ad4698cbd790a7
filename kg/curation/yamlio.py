"""Read YAML and text files strictly, keeping line numbers for error messages.

Mappings come back as :class:`LineDict` and sequences as :class:`LineList`: ordinary ``dict`` and
``list`` that also know the line they start on, and the line of each key or item.

Curation files are data written by people, so the reader is stricter than YAML itself:

- aliases (``*name``) are refused: an anchor used many times, nested, expands exponentially
  (the "billion laughs"), and curation never needs one;
- dates are checked as dates (``2022-02-30`` is an error, not a traceback), strings must be
  valid Unicode (an escaped lone surrogate is refused), and numbers too large to hold are refused;
- every problem is a :class:`~kg.errors.CurationError` naming the file and line.

libyaml (PyYAML's C parser) is used when PyYAML was built with it, the pure-Python parser
otherwise; both give the same values and lines.

>>> data = load_yaml_text("a: 1\\nitems:\\n  - x\\n  - y\\n", "demo.yaml")
>>> data.line, data.key_lines["items"], data["items"].item_lines
(1, 2, [3, 4])
>>> load_yaml_text("a: [1, 2", "bad.yaml")
Traceback (most recent call last):
...
kg.errors.CurationError: bad.yaml:...: malformed YAML: ... (fix: check the indentation and brackets near this line)
>>> load_yaml_text("a: &x [1]\\nb: *x\\n", "alias.yaml")
Traceback (most recent call last):
...
kg.errors.CurationError: alias.yaml:2: YAML aliases are not allowed in curation files (fix: write the value out where it is used instead of '*name')
>>> load_yaml_text("date: 2022-02-30\\n", "date.yaml")
Traceback (most recent call last):
...
kg.errors.CurationError: date.yaml:1: impossible date '2022-02-30': day is out of range for month (fix: write a real calendar date as YYYY-MM-DD)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from kg.errors import CurationError

__all__ = ["LineDict", "LineList", "load_yaml", "load_yaml_text", "read_utf8", "read_bytes",
           "MAX_DEPTH"]

#: Deepest nesting of mappings and sequences a curation file may have.
MAX_DEPTH = 64

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


class LineDict(dict):
    """A mapping that remembers where it and each of its keys start (1-based lines)."""

    line: int = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_lines: dict = {}

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence that remembers where it and each of its items start (1-based lines)."""

    line: int = 0

    def __init__(self, *args):
        super().__init__(*args)
        self.item_lines: list[int] = []


class _Problem(Exception):
    """A problem found while turning YAML nodes into values: message, line, fix."""

    def __init__(self, message: str, line: int | None, hint: str) -> None:
        super().__init__(message)
        self.line, self.hint = line, hint


class _Scalars(yaml.constructor.SafeConstructor):
    """PyYAML's safe constructor for scalars, with dates and strings checked."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as err:
            raise _Problem(f"impossible date '{node.value}': {err}", node.start_mark.line + 1,
                           "write a real calendar date as YYYY-MM-DD") from err

    def construct_yaml_str(self, node):
        value = super().construct_yaml_str(node)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as err:
            raise _Problem("a string holds a lone surrogate (an invalid \\u escape)",
                           node.start_mark.line + 1,
                           "write the character itself, or a valid \\U escape") from err
        return value


_Scalars.add_constructor("tag:yaml.org,2002:timestamp", _Scalars.construct_yaml_timestamp)
_Scalars.add_constructor("tag:yaml.org,2002:str", _Scalars.construct_yaml_str)


def _check_tree(root) -> None:
    """Refuse aliases (a node reached twice) and nesting deeper than :data:`MAX_DEPTH`.

    Nodes are visited in document order, so an anchored node is met first where it is defined;
    the place of the alias is the line of the key (or the item before it) that uses it.
    """
    seen: set[int] = set()
    stack = [(root, 1, root.start_mark.line + 1)]
    while stack:
        node, depth, line = stack.pop()
        if id(node) in seen:
            raise _Problem("YAML aliases are not allowed in curation files", line,
                           "write the value out where it is used instead of '*name'")
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            continue
        if depth > MAX_DEPTH:
            raise _Problem(f"nested more than {MAX_DEPTH} levels deep", node.start_mark.line + 1,
                           "flatten the structure; curation files need a few levels only")
        children = []
        if isinstance(node, yaml.SequenceNode):
            where = node.start_mark.line + 1
            for child in node.value:
                children.append((child, depth + 1, where))
                where = child.end_mark.line + 1
        else:
            for key, value in node.value:
                children.append((key, depth + 1, key.start_mark.line + 1))
                children.append((value, depth + 1, key.start_mark.line + 1))
        stack.extend(reversed(children))


def _construct(node, scalars: _Scalars):
    if isinstance(node, yaml.MappingNode) and node.tag == _MAP_TAG:
        scalars.flatten_mapping(node)
        result = LineDict()
        result.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            key = _construct(key_node, scalars)
            try:
                hash(key)
            except TypeError:
                raise _Problem("a mapping key must be a plain value", key_node.start_mark.line + 1,
                               "write the key as text") from None
            if key in result:
                raise _Problem(f"duplicate key {key!r}", key_node.start_mark.line + 1,
                               "keep one of the two entries")
            result[key] = _construct(value_node, scalars)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ_TAG:
        result = LineList(_construct(child, scalars) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result
    if not isinstance(node, yaml.ScalarNode):
        raise _Problem(f"unsupported YAML tag {node.tag}", node.start_mark.line + 1,
                       "use plain mappings, lists and values")
    try:
        return scalars.construct_object(node)
    except _Problem:
        raise
    except yaml.constructor.ConstructorError as err:
        line = err.problem_mark.line + 1 if err.problem_mark else node.start_mark.line + 1
        raise _Problem(err.problem or "cannot read this value", line,
                       "use plain text, numbers and dates") from err
    except (ValueError, OverflowError) as err:
        raise _Problem(f"cannot read the value {node.value[:40]!r}: {err}", node.start_mark.line + 1,
                       "write a smaller number, or quote the value to keep it as text") from err


def read_bytes(path: Path) -> bytes:
    """The bytes of a file, or a :class:`CurationError` naming it (missing, a folder, a symlink
    loop, unreadable)."""
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise CurationError(f"cannot read the file: {err.strerror or err}", file=path,
                            hint="check that it is a readable file (not a folder, a broken "
                            "link or a link loop)") from err


def read_utf8(path: Path) -> str:
    """Read a file that must be UTF-8, failing with the line and byte of the first bad byte.

    A byte-order mark, if any, is kept: the text is returned exactly as stored, so offsets into
    it are offsets into the file (see :mod:`kg.text.normalize`, which ignores the mark).
    """
    data = read_bytes(path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise CurationError(f"not valid UTF-8 (byte {err.start}: {data[err.start:err.start + 1]!r})",
                            file=path, line=line,
                            hint="re-save the file as UTF-8, e.g. iconv -f GB18030 -t UTF-8") from err


def load_yaml_text(text: str, source: str | Path):
    """Parse YAML text; errors become a :class:`CurationError` naming ``source`` and the line."""
    text = text.removeprefix("\ufeff")
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        problem = err.problem or err.context or "syntax error"
        raise CurationError(f"malformed YAML: {problem}", file=source, line=line,
                            hint="check the indentation and brackets near this line") from err
    except yaml.YAMLError as err:
        raise CurationError(f"malformed YAML: {' '.join(str(err).split())}", file=source,
                            hint="check the file for control characters or a broken structure"
                            ) from err
    except (RecursionError, MemoryError) as err:
        raise CurationError("malformed YAML: nested too deeply to read", file=source,
                            hint="flatten the structure") from err
    if root is None:
        return None
    try:
        _check_tree(root)
        return _construct(root, _Scalars())
    except _Problem as err:
        raise CurationError(str(err), file=source, line=err.line, hint=err.hint) from err
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        problem = " ".join(str(err.problem or err.context or "cannot read this value").split())
        raise CurationError(f"malformed YAML: {problem}", file=source,
                            line=mark.line + 1 if mark else None,
                            hint="use plain mappings, lists and values") from err


def load_yaml(path: Path):
    """Read and parse a UTF-8 YAML file."""
    return load_yaml_text(read_utf8(path), path)


def is_date(value) -> bool:
    """Whether a YAML value is a calendar date (not a date and time).

    >>> is_date(dt.date(2022, 8, 12)), is_date(dt.datetime(2022, 8, 12, 9, 0)), is_date("2022")
    (True, False, False)
    """
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
