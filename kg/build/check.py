"""``kg check DOCUMENT.yaml``: one document checked against the registry without a build.

The check is the build's own per-document stage (:func:`kg.build.documents.process_document`):
the YAML read strictly, every id known and of a class its property accepts, every quote found in
the text, the document's graph emitted and checked against the shapes that one graph decides.
Then the drafts: statements still marked ``draft: true``, and draft entities the document names,
are refused unless ``allow_drafts`` (:mod:`kg.build.drafts`). The registry comes from the parse
cache (:mod:`kg.curation.cache`), so a check on a large corpus reads one document, not all.

>>> from kg.resources import project_root
>>> mini = project_root() / "tests" / "fixtures" / "mini"
>>> report = check_document(mini / "documents" / "001_mini.yaml", mini)
>>> report.line()
'001_mini: 5 statements, 5 quotes found, 7 entities named, no drafts: ok'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.build.documents import WorkerSpec, process_document
from kg.build.drafts import check_drafts
from kg.curation.cache import cached_registry
from kg.curation.ontology import load_ontology
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

    def line(self) -> str:
        drafts = [w for w in self.warnings if "unreviewed" in w]
        return (f"{self.doc_id}: {self.statements} statements, {self.quotes} quotes found, "
                f"{self.entities} entities named, "
                f"{'drafts allowed' if drafts else 'no drafts'}: ok")


class _Used:
    """The registry entities a document names (for the draft check)."""

    def __init__(self, registry, used) -> None:
        self.entities = {i: registry.entities[i] for i in sorted(used) if i in registry.entities}


def check_document(yaml_path: Path, seeds: Path, *, allow_drafts: bool = False) -> CheckReport:
    """Check one curation file against the registry of ``seeds``; raise the first problem."""
    yaml_path = Path(yaml_path)
    if yaml_path.suffix != ".yaml" or not yaml_path.is_file():
        raise UsageError(f"{yaml_path} is not a document's curation file", file=yaml_path,
                         hint="give the .yaml beside the document's .txt or .html")
    check_seeds_folder(seeds)
    ontology = load_ontology()
    registry = cached_registry(seeds, ontology)
    artifact = process_document(str(yaml_path), WorkerSpec.of(registry.classes))
    warnings = list(artifact.warnings)
    warnings += check_drafts(_Used(registry, artifact.used), [artifact], allow_drafts)
    return CheckReport(artifact.doc_id, artifact.meta["statements"], artifact.meta["statements"],
                       len(artifact.used), warnings)
