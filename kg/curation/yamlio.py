"""Read YAML and text files strictly, keeping line numbers for error messages.

Mappings come back as :class:`LineDict` and sequences as :class:`LineList`: ordinary ``dict`` and
``list`` that also know the line they start on, and the line of each key or item.

>>> data = load_yaml_text("a: 1\\nitems:\\n  - x\\n  - y\\n", "demo.yaml")
>>> data.line, data.key_lines["items"], data["items"].item_lines
(1, 2, [3, 4])
>>> load_yaml_text("a: [1, 2", "bad.yaml")
Traceback (most recent call last):
...
kg.errors.CurationError: bad.yaml:1: malformed YAML: expected ',' or ']', but got '<stream end>' (fix: check the indentation and brackets near this line)
"""

from __future__ import annotations

from pathlib import Path

import yaml

from kg.errors import CurationError

__all__ = ["LineDict", "LineList", "load_yaml", "load_yaml_text", "read_utf8"]


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


class _LineLoader(yaml.SafeLoader):
    pass


def _mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def read_utf8(path: Path) -> str:
    """Read a file that must be UTF-8, failing with the line and byte of the first bad byte."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise CurationError(f"not valid UTF-8 (byte {err.start}: {data[err.start:err.start + 1]!r})",
                            file=path, line=line,
                            hint="re-save the file as UTF-8, e.g. iconv -f GB18030 -t UTF-8") from err
    return text.removeprefix("\ufeff")


def load_yaml_text(text: str, source: str | Path):
    """Parse YAML text; errors become a :class:`CurationError` naming ``source`` and the line."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        problem = err.problem or err.context or "syntax error"
        raise CurationError(f"malformed YAML: {problem}", file=source, line=line,
                            hint="check the indentation and brackets near this line") from err
    except yaml.YAMLError as err:
        raise CurationError(f"malformed YAML: {err}", file=source) from err


def load_yaml(path: Path):
    """Read and parse a UTF-8 YAML file."""
    return load_yaml_text(read_utf8(path), path)
