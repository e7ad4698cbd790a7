"""Regenerate the golden rows of the query library from a fresh build of seeds/, and the golden
draft of the fictional document tests/fixtures/draft/documents/001_harbour.txt.

Run after a deliberate curation change, then review the diff before committing:

    .venv/bin/python -m tests.golden.regenerate && git diff tests/golden
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from kg.build import build
from kg.query.engine import run_query
from kg.query.formats import serialize_result
from kg.query.library import list_queries
from kg.store import open_store

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "queries"


def rows_csv(store, text: str) -> str:
    """The query's rows as CSV, header first, rows sorted (ORDER BY ties are unspecified)."""
    lines = serialize_result(run_query(store, text), "csv").decode("utf-8").splitlines()
    return "\n".join([lines[0], *sorted(lines[1:])]) + "\n"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        result = build(ROOT / "seeds", Path(folder) / "build")
        store = open_store(result.out_dir / "store")
        for query in list_queries():
            (GOLDEN / f"{query.name}.csv").write_text(rows_csv(store, query.text), encoding="utf-8")
    regenerate_draft()


def regenerate_draft() -> None:
    from kg.draft.draft import draft_document

    fixture = ROOT / "tests" / "fixtures" / "draft"
    draft = draft_document(fixture / "documents" / "001_harbour.txt", fixture)
    folder = GOLDEN.parent / "draft"
    folder.mkdir(exist_ok=True)
    (folder / "001_harbour.yaml").write_text(draft.document, encoding="utf-8")
    (folder / "001_harbour.entities.yaml").write_text(draft.entities, encoding="utf-8")


if __name__ == "__main__":
    main()
