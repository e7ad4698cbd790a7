"""``build/report.md``: what the build holds, per class and per document, what documents share,
and whether it validates. Made from the registry and the fact rows the build records.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from kg.export.tables import term_value
from kg.namespaces import KGR, short_iri

__all__ = ["render_report", "markdown_text", "CORE_CLASSES"]

CORE_CLASSES = ("Official", "Department", "Organization", "Initiative", "Platform", "Region",
                "AdministrativeDivision", "Target", "Milestone", "Event", "Post", "Period")


def markdown_text(text: str) -> str:
    r"""Curated text made inert in Markdown: HTML is escaped (a label such as
    ``<img src=x onerror=…>`` shows as text in any renderer) and Markdown punctuation is
    backslash-escaped, so a label cannot add links, emphasis or table cells.

    >>> print(markdown_text('<img src=x onerror=alert(1)> | *a* [b](c)'))
    &lt;img src=x onerror=alert\(1\)&gt; \| \*a\* \[b\]\(c\)
    """
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(_MARKDOWN.sub(r"\\\1", escaped).split())


_MARKDOWN = re.compile(r"([\\`*_\[\]()#|!])")


def render_report(registry, documents: list, rows, statement_count: int,
                  violations: list[str]) -> str:
    """The Markdown report: ``documents`` are the artifacts (id, meta), ``rows`` every evidence
    record, ``statement_count`` the statements of all named graphs (each graph counted apart)."""
    labels = {f"{KGR}{e.id}": markdown_text(e.label) for e in registry.entities.values()}
    classes = {f"{KGR}{e.id}": e.cls for e in registry.entities.values()}
    per_class = Counter(classes.values())
    lines = ["# Build report", "", f"Statements (all named graphs, a statement made in several "
             f"graphs counted once per graph): {statement_count}", "",
             f"Documents: {len(documents)}", "", "## Entities per class", "",
             "| class | entities |", "|---|---|"]
    lines += [f"| {cls} | {per_class.get(cls, 0)} |" for cls in CORE_CLASSES]
    lines += ["", "## Per document", "", "Quoted passages: distinct quotes the statements rest on; "
              "facts: distinct facts stated; then the entities of each class the document's facts "
              "involve.", "", "| document | date | quoted passages | facts | evidence records | "
              + " | ".join(CORE_CLASSES) + " |", "|---|---|---|---|---|" + "---|" * len(CORE_CLASSES)]
    by_document = defaultdict(list)
    for row in rows:
        if row.date:
            by_document[row.source].append(row)
    fact_documents: dict[tuple, set] = defaultdict(set)
    entity_documents: dict[str, set] = defaultdict(set)
    from kg.rdf.emit import document_iri

    for artifact in documents:
        doc = document_iri(artifact.doc_id)
        mine = by_document.get(doc, [])
        mentioned = set()
        for row in mine:
            fact_documents[(row.subject, row.predicate, row.object)].add(doc)
            for end in (row.subject, row.object[1:-1] if row.object.startswith("<") else None):
                if end in classes:
                    mentioned.add(end)
                    entity_documents[end].add(doc)
        involved = Counter(classes[e] for e in mentioned)
        facts = len({(r.subject, r.predicate, r.object) for r in mine})
        lines.append(f"| {markdown_text(short_iri(doc).removeprefix('kgr:'))} | "
                     f"{artifact.meta.get('date', '')} | {artifact.meta.get('passages', 0)} | "
                     f"{facts} | {len(mine)} | "
                     + " | ".join(str(involved.get(c, 0)) for c in CORE_CLASSES) + " |")
    shared = sorted(((len(d), labels.get(e, e), e) for e, d in entity_documents.items()
                     if len(d) >= 2), key=lambda item: (-item[0], item[1], item[2]))
    lines += ["", f"## Entities named by two or more documents ({len(shared)})", "",
              "| entity | documents |", "|---|---|"]
    lines += [f"| {label} (`{short_iri(e)}`) | {count} |" for count, label, e in shared]
    repeated = sorted(((len(d), key) for key, d in fact_documents.items() if len(d) >= 2),
                      key=lambda item: (-item[0], labels.get(item[1][0], ""), item[1]))
    lines += ["", f"## Facts stated by two or more documents ({len(repeated)})", "",
              "| fact | documents |", "|---|---|"]
    for count, (s, p, o) in repeated:
        obj = labels.get(o[1:-1], markdown_text(short_iri(o[1:-1]))) if o.startswith("<") else \
            markdown_text(term_value(o))
        lines.append(f"| {labels.get(s, s)} — `{short_iri(p)}` → {obj} | {count} |")
    lines += ["", "## Validation (SHACL, ontology/shapes.ttl)", ""]
    lines += ["Conforms: yes"] if not violations else [f"Conforms: no ({len(violations)} violations)",
                                                      ""] + [f"- {v}" for v in violations]
    return "\n".join(lines) + "\n"
