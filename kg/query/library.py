"""The query library: named, commented ``.rq`` files in ``queries/``.

Each file starts with a comment line giving its one-line description; further comment lines
explain the question and how to read the answer.

>>> names = [q.name for q in list_queries()]
>>> "posts-by-department" in names
True
>>> load_query("posts-by-department").description[:20]
'Who holds which post'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import QueryError
from kg.resources import queries_dir

__all__ = ["LibraryQuery", "list_queries", "load_query"]


@dataclass(frozen=True)
class LibraryQuery:
    name: str
    description: str
    text: str
    path: Path


def _read(path: Path) -> LibraryQuery:
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0] if text else ""
    description = first.lstrip("#").strip() if first.startswith("#") else ""
    return LibraryQuery(path.stem, description, text, path)


def list_queries(folder: Path | None = None) -> list[LibraryQuery]:
    """Every library query, sorted by name."""
    return [_read(p) for p in sorted((folder or queries_dir()).glob("*.rq"))]


def load_query(name: str, folder: Path | None = None) -> LibraryQuery:
    """One library query by name; unknown names list the close ones."""
    path = (folder or queries_dir()) / f"{name}.rq"
    if not path.is_file():
        import difflib

        names = [q.name for q in list_queries(folder)]
        close = difflib.get_close_matches(name, names, n=3)
        raise QueryError(f"no library query named '{name}'",
                         hint=(f"did you mean {', '.join(close)}? " if close else "")
                         + "`kg query --list` shows them all")
    return _read(path)
