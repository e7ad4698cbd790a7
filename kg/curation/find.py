"""``kg find NAME``: the entities a name designates, with what a curator needs to pick the right
id: class, id, labels, description and the documents whose statements name it.

Any label or alias matches, in either script, as does the English label, the pinyin with or
without tones, and the id (``li-xi`` or ``kgr:li-xi``); scoped names (市委) are listed with the
region they hold in. When nothing matches exactly, the names nearest to it (by similarity, or
containing it) are offered instead.

>>> from kg.curation.ontology import load_ontology
>>> from kg.resources import project_root
>>> mini = project_root() / "tests" / "fixtures" / "mini"
>>> [(f.entity.id, f.entity.cls, [d[0] for d in f.documents]) for f in find_entities(mini, "Wang Xiaoming", load_ontology()).exact]
[('wang-xiaoming', 'Official', ['001_mini'])]
>>> [f.entity.id for f in find_entities(mini, "文旅", load_ontology()).near]
['culture-tourism']
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.curation.cache import DocumentInfo, cached_registry, citing_documents
from kg.curation.model import Entity
from kg.curation.names import Match, NameIndex, entity_pinyin
from kg.curation.ontology import Ontology
from kg.text.labels import name_key

__all__ = ["Found", "FindResult", "find_entities", "render_found"]


@dataclass(frozen=True)
class Found:
    entity: Entity
    pinyin: str
    matched: tuple[Match, ...]
    documents: tuple[DocumentInfo, ...]


@dataclass(frozen=True)
class FindResult:
    exact: list[Found]
    near: list[Found]   # only when nothing matched exactly


def find_entities(seeds: Path, name: str, ontology: Ontology, *, limit: int = 10) -> FindResult:
    """The entities ``name`` designates (exact), or else those with the nearest names."""
    registry = cached_registry(seeds, ontology)
    index = NameIndex(registry, ontology)
    cited = citing_documents(seeds)

    def found(entity_id: str, matches: list[Match]) -> Found:
        entity = registry.entities[entity_id]
        return Found(entity, entity_pinyin(entity, ontology), tuple(matches),
                     tuple(sorted(cited.get(entity_id, ()))))

    exact: dict[str, list[Match]] = {}
    for match in index.matches(name):
        exact.setdefault(match.entity, []).append(match)
    if exact:
        return FindResult([found(i, exact[i]) for i in sorted(exact)], [])
    key = name_key(name.strip())
    near = [] if not key else [m.entity for k, m in sorted(index.keys(), key=lambda item: item[0])
                               if key in k]
    for entity_id in index.similar(name, n=limit):
        near.append(entity_id)
    ordered = list(dict.fromkeys(near))[:limit]
    return FindResult([], [found(i, []) for i in ordered])


def render_found(item: Found) -> list[str]:
    """The lines ``kg find`` prints for one entity."""
    entity = item.entity
    lines = [f"{entity.label}  {entity.id}  ({entity.cls})"]
    names = [f"en {entity.en}", f"pinyin {item.pinyin}"]
    if entity.aliases:
        names.append("aliases " + ", ".join(entity.aliases))
    for scoped, scope in entity.scoped:
        names.append(f"in {scope}: {scoped}")
    lines.append("  names: " + " · ".join(names))
    for tag, text in entity.description:
        lines.append(f"  description ({tag}): {text}")
    if item.matched:
        lines.append("  matched: " + ", ".join(sorted({f"{m.kind} {m.name!r}" + (
            f" in {m.scope}" if m.scope else "") for m in item.matched})))
    if item.documents:
        for doc_id, date, title in item.documents:
            lines.append(f"  cited by {doc_id} ({date}): {title}")
    else:
        lines.append("  cited by no document")
    lines.append(f"  defined at {entity.where}" + "".join(f", extended at {w}"
                                                          for w in entity.extended_by))
    return lines
