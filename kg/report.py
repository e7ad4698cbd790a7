"""``build/report.md``: what the build holds, per class and per document, and whether it validates."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from rdflib import Dataset
from rdflib.namespace import PROV, RDF, SKOS

from kg.namespaces import KG, KGR, OA, SCHEMA

__all__ = ["coverage", "render_report", "markdown_text"]

CORE_CLASSES = ("Official", "Department", "Organization", "Initiative", "Platform", "Region",
                "AdministrativeDivision", "Target", "Post", "Period")


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


def _label(dataset: Dataset, node) -> str:
    for label in dataset.objects(node, SKOS.prefLabel):
        if getattr(label, "language", None) == "zh-Hans":
            return markdown_text(str(label))
    return str(node).removeprefix(str(KGR))


def coverage(dataset: Dataset) -> dict:
    """Counts behind the report: per class, per document, and facts with two or more sources."""
    classes = {cls: sorted(set(dataset.subjects(RDF.type, KG[cls]))) for cls in CORE_CLASSES}
    class_of = defaultdict(set)
    for cls, members in classes.items():
        for member in members:
            class_of[member].add(cls)
    all_evidence = set(dataset.subjects(RDF.type, KG.Evidence))
    sources_of_fact = defaultdict(set)
    documents = sorted(set(dataset.subjects(RDF.type, KG.Document)))
    per_document = {}
    for doc in documents:
        evidences = set(dataset.subjects(PROV.wasDerivedFrom, doc)) & all_evidence
        entities_by_class = Counter()
        mentioned = set()
        for ev in evidences:
            fact = (dataset.value(ev, RDF.subject), dataset.value(ev, RDF.predicate),
                    dataset.value(ev, RDF.object))
            sources_of_fact[fact].add(doc)
            mentioned.update(n for n in (fact[0], fact[2]) if str(n).startswith(str(KGR)))
        for node in mentioned:
            entities_by_class.update(class_of.get(node, ()))
        passages = {dataset.value(ev, OA.hasTarget) and str(next(
            (dataset.value(sel, OA.start) for sel in dataset.objects(dataset.value(ev, OA.hasTarget), OA.hasSelector)
             if dataset.value(sel, OA.start) is not None), "")) for ev in evidences}
        per_document[doc] = {"facts": len({f for f, d in sources_of_fact.items() if doc in d}),
                             "passages": len(passages),
                             "evidence": len(evidences), "entities": entities_by_class,
                             "mentioned": mentioned}
    shared = set.intersection(*(v["mentioned"] for v in per_document.values())) if per_document else set()
    return {"classes": classes, "documents": per_document,
            "multi_source": sorted((f for f, d in sources_of_fact.items() if len(d) >= 2), key=str),
            "shared_entities": sorted(shared, key=lambda n: _label(dataset, n)),
            "triples": len(dataset)}


def render_report(dataset: Dataset, violations: list[str]) -> str:
    """The Markdown report written to ``build/report.md``."""
    info = coverage(dataset)
    lines = ["# Build report", "", f"Triples (all named graphs, with duplicates across graphs "
             f"counted once per graph): {info['triples']}", "", "## Entities per class", "",
             "| class | entities |", "|---|---|"]
    lines += [f"| {cls} | {len(nodes)} |" for cls, nodes in info["classes"].items()]
    lines += ["", "## Per document", "", "Quoted passages: distinct quotes the statements rest on; facts: "
              "distinct facts stated; then the entities of each class the document's facts involve.",
              "", "| document | date | quoted passages | facts | evidence records | "
              + " | ".join(CORE_CLASSES) + " |", "|---|---|---|---|---|" + "---|" * len(CORE_CLASSES)]
    for doc, stats in info["documents"].items():
        date = dataset.value(doc, SCHEMA.datePublished) or ""
        lines.append(f"| {str(doc).removeprefix(str(KGR))} | {date} | {stats['passages']} | {stats['facts']} | "
                     f"{stats['evidence']} | "
                     + " | ".join(str(stats["entities"].get(c, 0)) for c in CORE_CLASSES) + " |")
    lines += ["", f"## Entities that appear in every document ({len(info['shared_entities'])})", ""]
    lines += [f"- {_label(dataset, n)} (`kgr:{str(n).removeprefix(str(KGR))}`)"
              for n in info["shared_entities"]]
    lines += ["", f"## Facts stated by two or more documents ({len(info['multi_source'])})", ""]
    for s, p, o in info["multi_source"]:
        obj = _label(dataset, o) if str(o).startswith(str(KGR)) else markdown_text(str(o))
        lines.append(f"- {_label(dataset, s)} — `{dataset.namespace_manager.normalizeUri(p)}` → {obj}")
    lines += ["", "## Validation (SHACL, ontology/shapes.ttl)", ""]
    lines += ["Conforms: yes"] if not violations else [f"Conforms: no ({len(violations)} violations)",
                                                      ""] + [f"- {v}" for v in violations]
    return "\n".join(lines) + "\n"
