"""Registry extension: a block ``extends: <id>`` in any registry file adds names, labels and notes
to an entity defined in another file, so that a new batch of documents never edits shared files.

An extension may add ``aliases``, ``scoped_aliases``, a ``note`` (appended to the entity's note),
``description`` sentences, and ``label``, ``en`` or ``pinyin``. A label given twice must be the same
both times: two files that set one label differently are an error naming both places. Extending an
id the registry lacks is an error with the nearest ids.

>>> from kg.curation.model import Entity, Where
>>> base = Entity("harbour-park", "Platform", "港湾产业园", "Harbour Park", (), None, "src", (), None,
...               Where("entities/a.yaml", 3))
>>> places = {("harbour-park", "en"): Where("entities/a.yaml", 6)}
>>> block = {"extends": "harbour-park", "aliases": ["港湾园"], "note": "Also called 港湾园."}
>>> merged = apply_extension(base, block, lambda key: 9, Where("entities/b.yaml", 8), places)
>>> merged.aliases, merged.note, [str(w) for w in merged.extended_by]
(('港湾园',), 'Also called 港湾园.', ['entities/b.yaml:8'])
>>> apply_extension(base, {"extends": "harbour-park", "en": "Port Park"}, lambda key: 10,
...                 Where("entities/b.yaml", 9), places)
Traceback (most recent call last):
...
kg.errors.CurationError: entities/b.yaml:10: the English label of 'harbour-park' is set to 'Port Park' here but to 'Harbour Park' at entities/a.yaml:6 (fix: keep one value: remove one of the two, or make them equal)
"""

from __future__ import annotations

from dataclasses import replace

from kg.curation.model import Entity, Where
from kg.errors import CurationError
from kg.text.normalize import to_simplified

__all__ = ["EXTEND_KEYS", "apply_extension"]

#: The keys an ``extends:`` block may have.
EXTEND_KEYS = {"extends", "label", "en", "pinyin", "aliases", "scoped_aliases", "note",
               "description", "draft"}


def _same(entity: Entity, field: str, old, new, line_of, where: Where,
          places: dict[tuple[str, str], Where]) -> None:
    """A label set again must be set to the same value."""
    if old is None or old == new:
        return
    first = places.get((entity.id, field), entity.where)
    what = {"label": "zh-Hans label", "en": "English label"}.get(field, field)
    raise CurationError(f"the {what} of '{entity.id}' is set to {new!r} here but to "
                        f"{old!r} at {first}", file=where.file, line=line_of(field),
                        hint="keep one value: remove one of the two, or make them equal")


def apply_extension(entity: Entity, block: dict, line_of, where: Where,
                    places: dict[tuple[str, str], Where], *, aliases=(), scoped=(),
                    description=()) -> Entity:
    """``entity`` with an ``extends:`` block applied (``aliases``, ``scoped`` and ``description``
    as checked by the registry reader; taken from ``block`` when not given). ``places`` maps
    ``(id, field)`` to where a label was set, and is updated."""
    changes: dict = {}
    for field, attribute in (("label", "label"), ("en", "en"), ("pinyin", "pinyin")):
        if block.get(field) in (None, ""):
            continue
        value = str(block[field]).strip()
        value = to_simplified(value) if field == "label" else value
        _same(entity, field, getattr(entity, attribute), value, line_of, where, places)
        places.setdefault((entity.id, field), Where(where.file, line_of(field)))
        changes[attribute] = value
    known = dict(entity.description)
    for tag, text in description:
        _same(entity, f"description ({tag})", known.get(tag), text, line_of, where, places)
        places.setdefault((entity.id, f"description ({tag})"), Where(where.file, line_of("description")))
        known[tag] = text
    names = list(entity.aliases)
    for alias in aliases or [str(a).strip() for a in block.get("aliases") or []]:
        if alias not in names and alias != entity.label:
            names.append(alias)
    scopes = list(entity.scoped)
    scopes += [s for s in scoped if s not in scopes]
    note = block.get("note")
    if note:
        changes["note"] = f"{entity.note} {str(note).strip()}" if entity.note else str(note).strip()
    return replace(entity, aliases=tuple(names), scoped=tuple(scopes),
                   description=tuple(sorted(known.items())),
                   draft=entity.draft or block.get("draft") is True,
                   extended_by=(*entity.extended_by, where), **changes)
