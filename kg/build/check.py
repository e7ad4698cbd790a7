"""``kg check DOCUMENT.yaml``: one document checked against the registry without a build.

The check is the build's own per-document check: the YAML read strictly and every id known and
of a class its property accepts (:func:`kg.curation.documents.load_checked_document`, with
:mod:`kg.curation.checks`), every quote found in the text (:func:`kg.curation.quotes.resolve_quotes`),
then the drafts: statements still marked ``draft: true``, and draft entities the document names,
are refused unless ``allow_drafts`` (:mod:`kg.build.drafts`). With ``full``, the whole per-document
stage of the build runs (:func:`kg.build.documents.process_document`): the document's graph is
emitted and checked against the shapes that one graph decides too. The registry and the
ontology come from the parse cache (:mod:`kg.curation.cache`), so a check on a large corpus reads
one document, not all of them.

>>> from kg.resources import project_root
>>> mini = project_root() / "tests" / "fixtures" / "mini"
>>> check_document(mini / "documents" / "001_mini.yaml", mini).line()
'001_mini: 5 statements, 5 quotes found, 7 entities named, no drafts: ok'
>>> check_document(mini / "documents" / "001_mini.yaml", mini, full=True).line()
'001_mini: 5 statements, 5 quotes found, 7 entities named, no drafts, shapes conform: ok'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.build.drafts import check_drafts
from kg.curation.cache import cached_ontology, cached_registry
from kg.curation.documents import draft_lines, load_checked_document
from kg.curation.quotes import residue_warnings, resolve_quotes
from kg.curation.registry import check_seeds_folder
from kg.errors import UsageError

__all__ = ["CheckReport", "check_document"]


@dataclass
class CheckReport:
    doc_id: str
    statements: int
    quotes: int
    entities: int
    warnings: list[str] = field(default_factory=list)
    shapes: bool = False

    def line(self) -> str:
        drafts = [w for w in self.warnings if "unreviewed" in w]
        return (f"{self.doc_id}: {self.statements} statements, {self.quotes} quotes found, "
                f"{self.entities} entities named, "
                f"{'drafts allowed' if drafts else 'no drafts'}{', shapes conform' if self.shapes else ''}: ok")


class _Used:
    """The registry entities a document names (for the draft check)."""

    def __init__(self, registry, used) -> None:
        self.entities = {i: registry.entities[i] for i in sorted(used) if i in registry.entities}


@dataclass
class _Drafts:
    """A checked document as the draft check reads a build's artifact."""

    doc_id: str
    meta: dict


def check_document(yaml_path: Path, seeds: Path, *, allow_drafts: bool = False,
                   full: bool = False) -> CheckReport:
    """Check one curation file against the registry of ``seeds``; raise the first problem."""
    yaml_path = Path(yaml_path)
    if yaml_path.suffix != ".yaml" or not yaml_path.is_file():
        raise UsageError(f"{yaml_path} is not a document's curation file", file=yaml_path,
                         hint="give the .yaml beside the document's .txt or .html")
    check_seeds_folder(seeds)
    ontology = cached_ontology(seeds)
    registry = cached_registry(seeds, ontology)
    if full:
        from kg.build.documents import WorkerSpec, process_document

        artifact = process_document(str(yaml_path), WorkerSpec.of(registry.classes))
        drafts = check_drafts(_Used(registry, artifact.used), [artifact], allow_drafts)
        statements = artifact.meta["statements"]
        return CheckReport(artifact.doc_id, statements, statements, len(artifact.used),
                           list(artifact.warnings) + drafts, shapes=True)
    document = load_checked_document(yaml_path, registry.classes, ontology)
    text, quotes = resolve_quotes(document)
    drafts = check_drafts(_Used(registry, document.used_ids),
                          [_Drafts(document.meta.id, {"yaml": str(yaml_path), "drafts": draft_lines(document)})],
                          allow_drafts)
    return CheckReport(document.meta.id, len(document.statements), len(quotes), len(document.used_ids),
                       residue_warnings(document, text) + drafts)
