"""The draft as YAML in the curation format (``seeds/README.md``): the document's file, and a
registry file with the entities it proposes. Every statement, the document block and every
proposed entity say ``draft: true``; English labels read ``TODO``. Output is deterministic:
statements in the order of the text, entities in the order they were first proposed.

>>> scalar("市委书记,市人大常委会党组书记"), scalar("%"), scalar("a: b"), scalar(10), scalar("100万")
('市委书记,市人大常委会党组书记', '"%"', '"a: b"', '10', '100万')
"""

from __future__ import annotations

import datetime as dt
import json
import re

from kg.draft.context import Context, Drafted, Proposal
from kg.draft.metadata import DraftMeta

__all__ = ["scalar", "document_yaml", "entities_yaml", "TODO_EN"]

TODO_EN = "TODO: English label of {label}"
_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n#]*$")
_KIND_ORDER = {"official": 0, "event": 1, "initiative": 2, "platform": 3, "period": 4, "target": 5,
               "milestone": 6}


def scalar(value) -> str:
    """A YAML scalar: plain when that reads back as the same string, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if (_PLAIN.match(text) and ": " not in text and not text.endswith(":") and not re.fullmatch(
            r"[-+.\d:eE_]+|true|false|yes|no|on|off|null|~|\d{4}-\d\d-\d\d.*", text, re.IGNORECASE)):
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(pairs: list[tuple[str, object]]) -> str:
    return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in pairs) + "}"


def _statement(statement: Drafted) -> list[str]:
    lines = []
    if statement.about:
        lines.append(f"  - about: {statement.about}")
        lines.append(f"    quote: {scalar(statement.quote)}")
    else:
        lines.append(f"  - quote: {scalar(statement.quote)}")
    for prop, value in statement.props:
        if isinstance(value, list):
            lines.append(f"    {prop}:")
            lines += [f"      - {scalar(v)}" for v in value]
        else:
            lines.append(f"    {prop}: {scalar(value)}")
    if statement.note:
        lines.append(f"    note: {scalar(statement.note)}")
    if statement.responds_to:
        lines.append(f"    responds_to: {', '.join(statement.responds_to)}" if len(statement.responds_to) == 1
                     else f"    responds_to: [{', '.join(statement.responds_to)}]")
    if statement.facts:
        lines.append("    facts:")
        lines += [f"      - [{s}, {p}, {scalar(o)}]" for s, p, o in statement.facts]
    lines.append("    draft: true")
    return lines


def document_yaml(doc_id: str, text_name: str, meta: DraftMeta, jurisdiction: str | None,
                  ctx: Context) -> str:
    """The document's curation file, as drafted."""
    lines = [f"# Draft curation of {text_name}, written by `kg draft`: review every statement against",
             "# the text, correct or delete it, then delete its `draft: true` line. `kg check` shows what",
             "# is left; `kg build` refuses drafts (exit code 8). See seeds/README.md.",
             "document:",
             f"  title: {scalar(meta.title or 'TODO: title')}",
             f"  date: {scalar(meta.date) if meta.date else 'TODO'}",
             f"  language: {meta.language}"]
    if jurisdiction:
        lines.append(f"  jurisdiction: {jurisdiction}")
    if meta.publisher:
        lines.append(f"  publisher: {scalar(meta.publisher)}")
    if meta.authors:
        lines.append("  authors:")
        lines += [f"    - {_flow([('name', a.name), ('role', a.role)])}" for a in meta.authors]
    if meta.residue:
        lines.append("  residue_lines: [" + ", ".join(json.dumps(r, ensure_ascii=False) for r in meta.residue) + "]")
    note = meta.date_note or "TODO: say how the date is known."
    lines.append(f"  note: {scalar(note)}")
    lines.append("  draft: true")
    lines.append("")
    lines.append("statements:")
    ordered = sorted(ctx.statements, key=lambda s: (s.position, _KIND_ORDER.get(s.kind, 9)))
    seen = set()
    for statement in ordered:
        key = (statement.quote, statement.about, repr(statement.props), repr(statement.facts))
        if key in seen:
            continue
        seen.add(key)
        lines += _statement(statement)
    if not ordered:
        lines.append("  []  # nothing was found to draft: write the statements by hand")
    return "\n".join(lines) + "\n"


def _entity(proposal: Proposal) -> list[str]:
    lines = [f"  - id: {proposal.id}", f"    class: {proposal.cls}", f"    label: {scalar(proposal.label)}",
             f"    en: {scalar(TODO_EN.format(label=proposal.label))}", f"    pinyin: {scalar(proposal.pinyin)}"]
    if proposal.description:
        lines += ["    description:", f"      en: {scalar('TODO: English description of ' + proposal.label)}",
                  f"      zh: {scalar(proposal.description)}"]
    if proposal.aliases:
        lines.append("    aliases: [" + ", ".join(scalar(a) for a in proposal.aliases) + "]")
    if proposal.scoped:
        lines.append("    scoped_aliases:")
        lines += [f"      - {_flow([('name', n), ('scope', s)])}" for n, s in proposal.scoped]
    if proposal.facts:
        lines.append("    facts:")
        lines += [f"      - {_flow([(p, v), ('source', src)])}" for p, v, src in proposal.facts]
    if proposal.note:
        lines.append(f"    note: {scalar(proposal.note)}")
    lines.append("    draft: true")
    return lines


def entities_yaml(doc_id: str, english_source: str, ctx: Context) -> str:
    """The registry file of the entities the draft proposes (and names it adds to known ones)."""
    lines = [f"# Entities proposed by `kg draft` for documents/{doc_id}.yaml. For each: check the class and",
             "# the label, write the English label (en:) and say where it comes from, keep the id or",
             "# choose a better one (and replace it in the document's file), then delete `draft: true`.",
             "# Before adding an entity, `kg find NAME` tells whether the registry has it already.",
             f"english_label_source: {english_source}",
             "entities:"]
    for proposal in ctx.proposals.values():
        lines += _entity(proposal)
    for entity_id, names in sorted(ctx.extensions.items()):
        lines.append(f"  - extends: {entity_id}")
        lines.append("    scoped_aliases:")
        lines += [f"      - {_flow([('name', n), ('scope', s)])}" for n, s in names]
        lines.append("    draft: true")
    if not ctx.proposals and not ctx.extensions:
        lines[-1] = "entities: []"
    return "\n".join(lines) + "\n"
