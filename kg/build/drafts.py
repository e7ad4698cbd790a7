"""Unreviewed drafts: statements and entities that ``kg draft`` wrote and no curator has
reviewed yet (they still say ``draft: true``; an English label still reads ``TODO``).

``kg build`` and ``kg check`` refuse them with one line naming the file and line of the first one
and how to fix it (exit code 8), unless ``--allow-drafts`` asks to build them anyway; then they
are counted in one warning.

>>> from kg.curation.model import Entity, Where
>>> entity = Entity("harbour-park", "Platform", "港湾产业园", "TODO", (), None, "src", (), None,
...                 Where("seeds/entities/new.yaml", 4), draft=True)
>>> class Registry: entities = {"harbour-park": entity}
>>> check_drafts(Registry(), [], allow_drafts=True)
['1 unreviewed draft (first: seeds/entities/new.yaml:4, entity harbour-park) built because of --allow-drafts']
>>> check_drafts(Registry(), [], allow_drafts=False)
Traceback (most recent call last):
...
kg.errors.DraftError: seeds/entities/new.yaml:4: entity 'harbour-park' is an unreviewed draft (fix: review it: write its English label (and description), then delete its 'draft: true' line; or build anyway with --allow-drafts)
"""

from __future__ import annotations

from kg.errors import DraftError

__all__ = ["check_drafts", "unreviewed"]


def unreviewed(registry, artifacts) -> list[tuple[str, int, str]]:
    """Every unreviewed draft as ``(file, line, what)``, registry first, in file order."""
    found = []
    for entity in registry.entities.values():
        todo = [entity.en] + [text for tag, text in entity.description if tag == "en"]
        if entity.draft or any(text.strip().upper().startswith("TODO") for text in todo):
            found.append((entity.where.file, entity.where.line, f"entity '{entity.id}'"))
    for artifact in artifacts:
        for line, what in artifact.meta.get("drafts", ()):
            found.append((artifact.meta.get("yaml", artifact.doc_id), line, what))
    return sorted(found, key=lambda item: (item[0], item[1]))


def check_drafts(registry, artifacts, allow_drafts: bool) -> list[str]:
    """Raise on the first unreviewed draft; with ``allow_drafts``, the warning to print."""
    found = unreviewed(registry, artifacts)
    if not found:
        return []
    file, line, what = found[0]
    if not allow_drafts:
        step = "write its English label (and description)" if what.startswith("entity") else \
            "check it against the text"
        raise DraftError(f"{what} is an unreviewed draft", file=file, line=line,
                         hint=f"review it: {step}, then delete its 'draft: true' line; or build "
                         "anyway with --allow-drafts")
    plural = "draft" if len(found) == 1 else "drafts"
    short = what.replace("'", "")
    return [f"{len(found)} unreviewed {plural} (first: {file}:{line}, {short}) built because of "
            "--allow-drafts"]
