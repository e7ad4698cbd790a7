"""Which entity a name designates: every label and alias in both scripts, English, pinyin (with or
without tones), the id, and scoped names that hold only within one jurisdiction.

Generic names (市委, 市政府, 省委书记, 我们) are not global aliases: the registry gives them as
``scoped_aliases`` (a name and the region it is valid in), and they resolve only for a document
of that jurisdiction (the document block's ``jurisdiction:``). This is the one resolver: ``kg
find``, ``kg draft``'s gazetteer, ``kg path`` and the other network commands (through
:func:`kg.network.names.resolve`, which fills an index with the network's node names) all match
names by :func:`kg.text.labels.name_key` here, and the pages embed the same keys.

>>> from kg.curation.ontology import load_ontology
>>> from kg.curation.registry import load_registry
>>> from kg.resources import project_root
>>> ontology = load_ontology()
>>> index = NameIndex(load_registry(project_root() / "tests" / "fixtures" / "mini", ontology), ontology)
>>> index.resolve("王小明"), index.resolve("wang xiaoming"), index.resolve("kgr:culture-bureau")
(['wang-xiaoming'], ['wang-xiaoming'], ['culture-bureau'])
>>> index.resolve_one("Wáng Xiǎomíng")
'wang-xiaoming'
>>> index.resolve_one("王小名")
Traceback (most recent call last):
...
kg.errors.KgError: no entity named '王小名' (fix: did you mean 王小明 (wang-xiaoming)?)
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kg.curation.ontology import Ontology
from kg.errors import KgError
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
    kind: str          # label, alias, english, pinyin, id, scoped, name
    scope: str | None = None


class NameIndex:
    """Names of entities by their matching key (:func:`kg.text.labels.name_key`): a registry's
    (``NameIndex(registry, ontology)``), or any named things (:meth:`from_names`)."""

    def __init__(self, registry=None, ontology: Ontology | None = None,
                 forms: dict[str, str] | None = None) -> None:
        self.registry = registry
        self.global_names: dict[str, list[Match]] = defaultdict(list)
        self.scoped_names: dict[str, list[Match]] = defaultdict(list)
        self.labels: dict[str, str] = {}
        forms = forms or {}
        for entity in (registry.entities.values() if registry is not None else ()):
            self.labels[entity.id] = entity.label
            names = [(entity.label, "label"), (entity.en, "english"),
                     (entity_pinyin(entity, ontology), "pinyin"), (entity.id, "id"),
                     (f"kgr:{entity.id}", "id")]
            names += [(alias, "alias") for alias in entity.aliases]
            names += [(forms[n], "label") for n in (entity.label, *entity.aliases) if n in forms]
            for name, kind in names:
                self.add(entity.id, name, kind)
            for name, scope in entity.scoped:
                self.add(entity.id, name, "scoped", scope)
                if name in forms:
                    self.add(entity.id, forms[name], "scoped", scope)

    @classmethod
    def from_names(cls, entries: Iterable[tuple[str, str, Iterable[str]]]) -> NameIndex:
        """An index of ``(id, label, names)`` entries: names of any kind, all global.

        >>> index = NameIndex.from_names([("a", "李曦", ["Li Xi"]), ("b", "李希", ["Li Xi"])])
        >>> index.resolve("lǐ xī"), index.resolve("李曦")
        (['a', 'b'], ['a'])
        """
        index = cls()
        for entity, label, names in entries:
            index.labels[entity] = label
            for name in (label, *names):
                if name:
                    index.add(entity, name, "name")
        return index

    def add(self, entity: str, name: str, kind: str, scope: str | None = None) -> None:
        """One more name of ``entity`` (valid only in documents of ``scope`` when given)."""
        table = self.scoped_names if scope else self.global_names
        key = name_key(name)
        match = Match(entity, name, kind, scope)
        if key and all(m.entity != entity or m.scope != scope for m in table[key]):
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

    def similar(self, name: str, n: int = 5) -> list[str]:
        """Ids whose names are closest to ``name`` (for a did-you-mean), nearest first."""
        keys = list(self.global_names) + list(self.scoped_names)
        close = difflib.get_close_matches(name_key(name.strip()), keys, n=n, cutoff=0.6)
        found: list[str] = []
        for key in close:
            for match in (*self.global_names.get(key, ()), *self.scoped_names.get(key, ())):
                if match.entity not in found:
                    found.append(match.entity)
        return found[:n]

    def describe(self, entity: str) -> str:
        return f"{self.labels.get(entity, entity)} ({entity})"

    def resolve_one(self, name: str, scope: str | None = None,
                    describe: Callable[[str], str] | None = None,
                    hint: str = "use a Chinese name or the id") -> str:
        """The one id ``name`` designates; a :class:`~kg.errors.KgError` listing the candidates
        when it names several, or the nearest names when it names none."""
        describe = describe or self.describe
        found = self.resolve(name, scope)
        if len(found) == 1:
            return found[0]
        if found:
            listed = "; ".join(describe(m) for m in found[:10])
            raise KgError(f"'{name}' names {len(found)} entities: {listed}", hint=hint)
        near = self.similar(name)
        raise KgError(f"no entity named '{name}'",
                      hint=("did you mean " + "; ".join(describe(m) for m in near) + "?") if near
                      else "search with `kg find` (any label, alias, pinyin or id)")

    def keys(self):
        """Every (key, match) pair: for a gazetteer over the names."""
        for table in (self.global_names, self.scoped_names):
            for key, matches in table.items():
                for match in matches:
                    yield key, match

    def simplified(self, name: str) -> str:
        return to_simplified(name)
