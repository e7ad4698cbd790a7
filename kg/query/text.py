"""The text of a query: given on the command line, read from a file, or from the library.

>>> text, source = query_text("posts-by-department", None)
>>> source.endswith("posts-by-department.rq")
True
>>> query_text("SELECT * WHERE { ?s ?p ?o }", None)[1]
'<command line>'
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import QueryError
from kg.query.library import list_queries, load_query

__all__ = ["query_text"]


def query_text(query: str | None, file: Path | None) -> tuple[str, str]:
    """The SPARQL text and where it came from: ``-f FILE``, a library name, or the argument."""
    if file is not None and query is not None:
        raise QueryError("give either a query or -f FILE, not both")
    if file is not None:
        try:
            return Path(file).read_text(encoding="utf-8"), str(file)
        except (OSError, UnicodeDecodeError) as err:
            raise QueryError(f"cannot read the query file: {err}", file=file) from None
    if not query:
        raise QueryError("no query given", hint="pass SPARQL text, a library name "
                         "(`kg query --list`) or -f FILE")
    names = {q.name for q in list_queries()}
    if query in names:
        library_query = load_query(query)
        return library_query.text, str(library_query.path)
    if " " not in query.strip() and "{" not in query:
        load_query(query)  # raises with the close names
    return query, "<command line>"
