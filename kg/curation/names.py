"""Which entity a name designates: every label and alias in both scripts, English, pinyin (with or
without tones), the id, and scoped names that hold only within one jurisdiction.

Generic names (市委, 市政府, 省委书记, 我们) are not global aliases: the registry gives them as
``scoped_aliases`` (a name and the region it is valid in), and they resolve only for a document
of that jurisdiction (the document block's ``jurisdiction:``). One index serves ``kg find``, the
draft's gazetteer and the pages' search.

>>> from kg.curation.ontology import load_ontology
>>> from kg.curation.registry import load_registry
>>> from kg.resources import project_root
>>> ontology = load_ontology()
>>> index = NameIndex(load_registry(project_root() / "tests" / "fixtures" / "mini", ontology), ontology)
>>> index.resolve("王小明"), index.resolve("wang xiaoming"), index.resolve("kgr:culture-bureau")
(['wang-xiaoming'], ['wang-xiaoming'], ['culture-bureau'])
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kg.curation.ontology import Ontology
from kg.text.labels import name_key, name_pinyin, person_pinyin
from kg.text.normalize import to_simplified

__all__ = ["NameIndex", "entity_pinyin", "Match"]


def entity_pinyin(entity, ontology: Ontology) -> str:
    """An entity's pinyin label: the curated one, else generated (persons as ``Surname Given``)."""
    if entity.pinyin:
        return str(entity.pinyin)
    if ontology.classes[entity.cls].is_a("Official"):
        return person_pinyin(entity.label)
    return name_pinyin(entity.label)


@dataclass(frozen=True)
class Match:
    entity: str        # id
    name: str          # the name that matched, as written in the registry
    kind: str          # label, alias, english, pinyin, id, scoped
    scope: str | None = None


class NameIndex:
    """Names of the registry's entities by their matching key (:func:`kg.text.labels.name_key`)."""

    def __init__(self, registry, ontology: Ontology, forms: dict[str, str] | None = None) -> None:
        self.registry = registry
        self.global_names: dict[str, list[Match]] = defaultdict(list)
        self.scoped_names: dict[str, list[Match]] = defaultdict(list)
        forms = forms or {}
        for entity in registry.entities.values():
            names = [(entity.label, "label"), (entity.en, "english"),
                     (entity_pinyin(entity, ontology), "pinyin"), (entity.id, "id"),
                     (f"kgr:{entity.id}", "id")]
            names += [(alias, "alias") for alias in entity.aliases]
            names += [(forms[n], "label") for n in (entity.label, *entity.aliases) if n in forms]
            for name, kind in names:
                self._add(self.global_names, name_key(name), Match(entity.id, name, kind))
            for name, scope in entity.scoped:
                self._add(self.scoped_names, name_key(name), Match(entity.id, name, "scoped", scope))
                if name in forms:
                    self._add(self.scoped_names, name_key(forms[name]),
                              Match(entity.id, forms[name], "scoped", scope))

    @staticmethod
    def _add(table, key: str, match: Match) -> None:
        if key and all(m.entity != match.entity or m.scope != match.scope for m in table[key]):
            table[key].append(match)

    def matches(self, name: str, scope: str | None = None) -> list[Match]:
        """Every entry a name matches: global names, and scoped names of ``scope`` (all scoped
        names when no scope is given, so that a search can list them with their scope)."""
        key = name_key(name.strip())
        found = list(self.global_names.get(key, ()))
        for match in self.scoped_names.get(key, ()):
            if scope is None or match.scope == scope:
                found.append(match)
        return found

    def resolve(self, name: str, scope: str | None = None) -> list[str]:
        """The ids a name designates (in a document of jurisdiction ``scope``), sorted. Without a
        scope, scoped names count only if nothing global matches."""
        key = name_key(name.strip())
        found = {m.entity for m in self.global_names.get(key, ())}
        scoped = {m.entity for m in self.scoped_names.get(key, ()) if m.scope == scope} if scope \
            else set()
        if not found and not scope:
            scoped = {m.entity for m in self.scoped_names.get(key, ())}
        return sorted(found | scoped)

    def keys(self):
        """Every (key, match) pair: for a gazetteer over the names."""
        for table in (self.global_names, self.scoped_names):
            for key, matches in table.items():
                for match in matches:
                    yield key, match

    def simplified(self, name: str) -> str:
        return to_simplified(name)
