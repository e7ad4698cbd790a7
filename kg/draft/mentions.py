"""Mentions of known names in a document: a gazetteer (Aho-Corasick, pyahocorasick) over every label
and alias of the registry in both scripts, the scoped names of the document's jurisdiction, and the
GB/T 2260 divisions, matched on the normalised text, longest match first, never overlapping.

Names come from :class:`kg.curation.names.NameIndex` (the one index of names): a name that
designates several entities is not linked (the curator decides). The short form of a county-level
division (台山 for 台山市) counts only in a document of its own city: elsewhere two characters are
too often part of another name. A division is linked to the
registry entity that has its code or name, else proposed by its code.

>>> from kg.curation.ontology import load_ontology
>>> from kg.curation.registry import load_registry
>>> from kg.curation.names import NameIndex
>>> from kg.resources import project_root
>>> from kg.text.normalize import normalize_text
>>> ontology = load_ontology()
>>> registry = load_registry(project_root() / "tests" / "fixtures" / "mini", ontology)
>>> gazetteer = Gazetteer(NameIndex(registry, ontology), registry)
>>> text = normalize_text("示例市文化局局長王小明說,全市將實施“文旅融合”工程,廣東省台山市")
>>> [(m.text, m.entity or m.code) for m in gazetteer.find(text.text)]
[('示例市文化局局长', 'director-of-culture-bureau'), ('王小明', 'wang-xiaoming'), ('文旅融合', 'culture-tourism'), ('广东省', '440000'), ('台山市', '440781')]
"""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from kg.draft.regions import Divisions, load_divisions
from kg.text.normalize import normalize_fragment

__all__ = ["Mention", "Gazetteer"]


@dataclass(frozen=True)
class Mention:
    start: int           # in the normalised text, half-open
    end: int
    text: str            # as normalised
    entity: str | None   # registry id, when the name designates exactly one
    code: str | None     # GB/T 2260 code, for a division the registry may lack


class Gazetteer:
    """Known names, matched longest first (registry names win over division names)."""

    def __init__(self, index, registry, scope: str | None = None,
                 divisions: Divisions | None = None) -> None:
        self.registry = registry
        self.divisions = divisions or load_divisions()
        by_code = {str(f.obj.value if hasattr(f.obj, "value") else f.obj): e.id
                   for e in registry.entities.values() for f in e.facts if f.predicate == "divisionCode"}
        self.code_entity = by_code
        surfaces: dict[str, set] = {}
        for _, match in index.keys():  # noqa: SIM118 — NameIndex.keys() yields (key, match) pairs
            if match.kind not in ("label", "alias", "scoped") or (match.scope and match.scope != scope):
                continue
            surface = normalize_fragment(match.name)
            if len(surface) >= 2:
                surfaces.setdefault(surface, set()).add(("entity", match.entity))
        for name in self.divisions.names():
            surface = normalize_fragment(name)
            if surface in surfaces:
                continue
            codes = self.divisions.by_name[name]
            short = {c for c in codes if self.divisions.divisions[c].name != name}
            surfaces[surface] = {("code", c) for c in codes if c not in short} | {("short", c) for c in short}
        self.automaton = ahocorasick.Automaton()
        for surface, targets in surfaces.items():
            self.automaton.add_word(surface, (surface, tuple(sorted(targets))))
        self.automaton.make_automaton()

    def find(self, text: str, near: str | None = None) -> list[Mention]:
        """Longest non-overlapping matches, left to right; ``near`` (a division code) decides
        short division names shared by several divisions."""
        found = []
        for end, (surface, targets) in self.automaton.iter_long(text):
            start = end - len(surface) + 1
            entities = [t for kind, t in targets if kind == "entity"]
            codes = [t for kind, t in targets if kind == "code" or (kind == "short" and (
                t.endswith("00") or (near is not None and t[:4] == near[:4])))]
            if entities:
                if len(entities) == 1:
                    found.append(Mention(start, end + 1, surface, entities[0], None))
                continue
            if len(codes) > 1 and near:
                codes = [c for c in codes if c[:2] == near[:2]] or codes
            if len(codes) == 1:
                found.append(Mention(start, end + 1, surface, self.code_entity.get(codes[0]),
                                     codes[0]))
        return found
