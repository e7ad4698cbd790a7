"""``kg draft DOCUMENT``: a draft curation of a new document, for a curator to review.

Steps, each in its own module: the metadata (:mod:`kg.draft.metadata`); the mentions of known
names and the jurisdiction (:mod:`kg.draft.mentions`, the GB/T 2260 gazetteer in
:mod:`kg.draft.regions`); officials, posts and bodies from title chains
(:mod:`kg.draft.officials`); initiatives and platforms with the verbs that relate them
(:mod:`kg.draft.programmes`); figures, periods, events and milestones (:mod:`kg.draft.figures`);
then the two YAML files (:mod:`kg.draft.writer`). Every quote is cut from the document's own
text, so the quote check passes as drafted; nothing is downloaded, nothing is translated.

>>> from kg.resources import project_root
>>> fixture = project_root() / "tests" / "fixtures" / "draft"
>>> draft = draft_document(fixture / "documents" / "001_harbour.txt", fixture)
>>> draft.doc_id, draft.jurisdiction, len(draft.context.statements) > 5
('001_harbour', 'first-city', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.curation.documents import read_document_text
from kg.curation.ontology import load_ontology
from kg.curation.registry import Registry
from kg.draft.context import Context
from kg.draft.figures import draft_figures
from kg.draft.metadata import DraftMeta, jurisdiction_code, read_metadata
from kg.draft.officials import draft_officials
from kg.draft.programmes import draft_programmes
from kg.draft.writer import document_yaml, entities_yaml
from kg.text.normalize import normalize_text

__all__ = ["Draft", "draft_document", "draft_text"]


@dataclass
class Draft:
    doc_id: str
    meta: DraftMeta
    jurisdiction: str | None
    context: Context
    document: str   # the document's YAML
    entities: str   # the YAML of the entities it proposes


def _english_source(registry: Registry) -> str:
    for source_id in sorted(registry.sources):
        if "curator" in source_id or "translation" in source_id:
            return source_id
    return sorted(registry.sources)[0] if registry.sources else "curator-translation"


def draft_text(raw: str, doc_id: str, registry: Registry, *, text_name: str = "",
               ontology=None) -> Draft:
    """Draft a document's curation from its text and the registry it will join."""
    ontology = ontology or load_ontology()
    meta = read_metadata(raw)
    doc = normalize_text(raw, frozenset(meta.residue))
    first = Context(doc, registry, None, ontology=ontology)
    codes = [m.code or first.code_of(m.entity) for m in first.mentions]
    code = jurisdiction_code([c for c in codes if c])
    jurisdiction = None
    if code:
        jurisdiction = first.gazetteer.code_entity.get(code) or first.region_id(code)
    ctx = Context(doc, registry, jurisdiction, first.index, ontology)
    if jurisdiction and jurisdiction not in registry.entities:
        ctx.region_id(code)
    sections = draft_officials(ctx)
    scope = draft_programmes(ctx, sections)
    if meta.date:
        draft_figures(ctx, scope, meta.date)
    return Draft(doc_id, meta, jurisdiction, ctx,
                 document_yaml(doc_id, text_name or f"{doc_id}.txt", meta, jurisdiction, ctx),
                 entities_yaml(doc_id, _english_source(registry), ctx))


def draft_document(path: Path, seeds: Path | None = None) -> Draft:
    """Draft the curation of the document at ``path`` (``.txt`` or a saved ``.html`` page)
    against the registry of ``seeds`` (none: an empty registry)."""
    from kg.curation.cache import cached_registry

    path = Path(path)
    ontology = load_ontology()
    registry = cached_registry(seeds, ontology) if seeds is not None else Registry({}, {})
    return draft_text(read_document_text(path), path.stem, registry, text_name=path.name,
                      ontology=ontology)
