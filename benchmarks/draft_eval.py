"""How good is `kg draft`? Precision and recall of drafted facts against a curated corpus,
leave-one-document-out: document X is drafted with a registry holding only the entities the other
documents name (plus the entities no document names, and the GB/T 2260 gazetteer the draft
ships), then compared with X's curation.

    python benchmarks/draft_eval.py [--seeds seeds] [--json benchmarks/draft-eval.json]

Counted by kind (a drafted entity is matched to a curated one by name: its label against the
curated label or any alias, compared by kg.text.labels.name_key):

- officials: the names of officials that hold a post;
- holds: (official name, post label) pairs; postIn: (post label, body label) pairs;
- links: ids of the registry (the one X was drafted with) that the drafted statements name,
  against those X's curation names;
- initiatives, platforms: the entities of those classes the statements name;
- targets: (value, unit, comparator, figure kind) of each figure;
- kept: drafted facts (subject, property, object, with drafted ids mapped to curated ones by
  name) that the curation states too: what a curator keeps unchanged;
- typed: lines of the curated files (the document's YAML, and the registry blocks of the
  entities only X names) that difflib does not find in the draft, in order: what a curator
  types by hand, against all of those lines (today's work);
- items: the same work counted in what a curator writes rather than in lines, so that the
  files' layout and order do not count: each document field (title, English title, date,
  language, jurisdiction, each author, note, each residue line), each statement's quote and
  note, each fact, and for each entity only X names its id and class, label, English label, each
  alias, scoped name, description, note and outside fact; an item is drafted when the draft
  holds the same item (drafted ids renamed to the curated ones they match, names compared by
  name_key); the rest are typed by hand, counted by kind to show where the work goes;
- seconds to draft a 2,000-character document (the first 2,000 characters of the longest text,
  cut at a line end), best of three.

Nothing here is tuned to a corpus: it runs on whatever seeds folder it is given.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

from kg.curation.corpus import load_corpus
from kg.curation.documents import read_document_text
from kg.curation.ontology import load_ontology
from kg.curation.registry import Registry, load_registry
from kg.draft.draft import draft_text
from kg.text.labels import name_key
from kg.text.numbers import parse_number

KINDS = ("officials", "holds", "postIn", "links", "initiatives", "platforms", "targets")


def _object(value, ontology) -> str:
    """A fact's object as a comparable string (ids, concept notations, numbers, dates)."""
    kind = getattr(value, "kind", None)
    if kind == "entity":
        return value.value
    if kind == "iri":
        return next((n for (_, n), iri in ontology.concepts.items() if iri == value.value), value.value)
    text = value.value if kind == "literal" else value
    try:
        return format(parse_number(text).normalize(), "f")
    except ValueError:
        return str(text)


def _keep(registry: Registry, corpus, doc_id: str) -> Registry:
    """The registry without the entities only ``doc_id`` names."""
    used = {d.meta.id: set(d.used_ids) for d in corpus.documents}
    others = set().union(*[ids for i, ids in used.items() if i != doc_id]) if len(used) > 1 else set()
    named_somewhere = set().union(*used.values()) if used else set()
    keep = {i for i in registry.entities if i in others or i not in named_somewhere}
    changed = True
    while changed:  # what kept entities point at (containment, scopes) stays too
        changed = False
        for entity_id in list(keep):
            entity = registry.entities[entity_id]
            targets = [f.obj.value for f in entity.facts if getattr(f.obj, "kind", "") == "entity"]
            targets += [scope for _, scope in entity.scoped]
            for target in targets:
                if target in registry.entities and target not in keep:
                    keep.add(target)
                    changed = True
    return Registry(registry.sources, {i: e for i, e in registry.entities.items() if i in keep})


def _figures_by_entity(triples) -> dict[str, tuple]:
    """Entity → (value, unit, comparator, figure kind) of every figure among ``triples``."""
    found: dict[str, dict] = {}
    for s, p, o in triples:
        if p in ("value", "unit", "comparator", "figureKind"):
            found.setdefault(s, {})[p] = format(parse_number(o).normalize(), "f") if p == "value" else str(o)
    return {e: tuple(f.get(k) for k in ("value", "unit", "comparator", "figureKind")) for e, f in found.items()}


def _names(entity) -> set[str]:
    return {name_key(n) for n in (entity.label, *entity.aliases, *(n for n, _ in entity.scoped))}


def _pr(drafted: Counter, curated: Counter) -> dict:
    hit = sum((drafted & curated).values())
    return {"drafted": sum(drafted.values()), "curated": sum(curated.values()), "matched": hit,
            "precision": round(hit / sum(drafted.values()), 3) if drafted else None,
            "recall": round(hit / sum(curated.values()), 3) if curated else None}


def _curated_lines(document, registry: Registry, own: set[str]) -> list[str]:
    lines = Path(document.meta.yaml_path).read_text(encoding="utf-8").splitlines()
    for entity_id in sorted(own, key=lambda i: (registry.entities[i].where.file, registry.entities[i].where.line)):
        where = registry.entities[entity_id].where
        block = Path(where.file).read_text(encoding="utf-8").splitlines()[where.line - 1:]
        lines.append(block[0])
        for line in block[1:]:
            if line.startswith("  - ") or (line and not line.startswith(" ")):
                break
            lines.append(line)
    return _significant(lines)


def _rename(lines: list[str], mapping: dict[str, str]) -> list[str]:
    """The drafted lines with drafted ids replaced by the curated ids they were matched to."""
    if not mapping:
        return lines
    pattern = re.compile(r"(?<![a-z0-9-])(" + "|".join(map(re.escape, sorted(mapping, key=len, reverse=True)))
                         + r")(?![a-z0-9-])")
    return [pattern.sub(lambda m: mapping[m.group(1)], line) for line in lines]


def _significant(lines) -> list[str]:
    return [line.rstrip() for line in lines if line.strip() and not line.strip().startswith("#")
            and line.strip() != "draft: true"]


def _curated_items(document, registry: Registry, own: set[str], ontology) -> list[tuple]:
    """What the curation of ``document`` writes, as (kind, item) pairs (see the module text)."""
    meta = document.meta
    items = [("document", ("title", meta.title)), ("document", ("date", meta.date.isoformat())),
             ("document", ("language", meta.language))]
    items += [("document", (field, value)) for field, value in
              (("title_en", meta.title_en), ("jurisdiction", meta.jurisdiction), ("note", meta.note),
               ("publisher", meta.publisher), ("url", meta.url)) if value]
    items += [("document", ("author", name_key(a.name), a.role)) for a in meta.authors]
    items += [("document", ("residue", line)) for line in meta.residue_lines]
    for statement in document.statements:
        items.append(("quote", name_key(statement.quote)))
        if statement.note:
            items.append(("note", statement.note))
        items += [("fact", (f.subject, f.predicate, _object(f.obj, ontology))) for f in statement.facts]
    for entity_id in sorted(own):
        entity = registry.entities[entity_id]
        items.append(("entity", (entity_id, entity.cls)))
        items.append(("label", (entity_id, name_key(entity.label))))
        items.append(("English label", (entity_id, entity.en)))
        items += [("alias", (entity_id, name_key(a))) for a in entity.aliases]
        items += [("alias", (entity_id, name_key(n), scope)) for n, scope in entity.scoped]
        items += [("description", (entity_id, lang, text)) for lang, text in entity.description]
        if entity.note:
            items.append(("note", (entity_id, entity.note)))
        items += [("outside fact", (entity_id, f.predicate, _object(f.obj, ontology))) for f in entity.facts]
    return items


def _drafted_items(draft, drafted_facts: Counter, mapping: dict[str, str]) -> set[tuple]:
    """The items of the draft, in the form of :func:`_curated_items`, ids renamed by ``mapping``."""
    meta, ctx = draft.meta, draft.context
    items = {("document", ("title", meta.title)), ("document", ("language", meta.language))}
    if meta.date:
        items.add(("document", ("date", meta.date.isoformat())))
    if draft.jurisdiction:
        items.add(("document", ("jurisdiction", draft.jurisdiction)))
    if meta.publisher:
        items.add(("document", ("publisher", meta.publisher)))
    items |= {("document", ("author", name_key(a.name), a.role)) for a in meta.authors}
    items |= {("document", ("residue", line)) for line in meta.residue}
    items |= {("quote", name_key(st.quote)) for st in ctx.statements}
    items |= {("fact", fact) for fact in drafted_facts}
    for proposal in ctx.proposals.values():
        entity_id = mapping.get(proposal.id, proposal.id)
        items.add(("entity", (entity_id, proposal.cls)))
        items.add(("label", (entity_id, name_key(proposal.label))))
        items |= {("alias", (entity_id, name_key(a))) for a in proposal.aliases}
        items |= {("alias", (entity_id, name_key(n), scope)) for n, scope in proposal.scoped}
        if proposal.description:
            items.add(("description", (entity_id, "zh-Hans", proposal.description)))
        items |= {("outside fact", (entity_id, p, mapping.get(v, v))) for p, v, _ in proposal.facts}
    return items


def evaluate_document(document, corpus, registry: Registry, ontology) -> dict:
    """The comparison for one document (see the module's documentation)."""
    kept_registry = _keep(registry, corpus, document.meta.id)
    raw = read_document_text(Path(document.meta.text_path))
    start = time.perf_counter()
    draft = draft_text(raw, document.meta.id, kept_registry, ontology=ontology)
    seconds = time.perf_counter() - start
    ctx = draft.context
    own = set(document.used_ids) - set(kept_registry.entities)

    def label(entity_id: str) -> str:
        if entity_id in ctx.proposals:
            return name_key(ctx.proposals[entity_id].label)
        return name_key(registry.entities[entity_id].label) if entity_id in registry.entities else entity_id

    # map drafted ids to the curated ids of X by name
    curated_ids = set(document.used_ids)
    by_name: dict[str, str] = {}
    for entity_id in sorted(curated_ids):
        for key in _names(registry.entities[entity_id]):
            by_name.setdefault(key, entity_id)
    mapping = {p.id: by_name.get(name_key(p.label), p.id) for p in ctx.proposals.values()}
    # a drafted figure is the curated figure with the same value and unit (their labels differ)
    curated_figures = _figures_by_entity([(f.subject, f.predicate, _object(f.obj, ontology))
                                          for st in document.statements for f in st.facts])
    drafted_figures = _figures_by_entity([(s, p, o) for st in ctx.statements for s, p, o in st.triples()])
    for entity_id, figure in drafted_figures.items():
        same = [c for c, f in curated_figures.items() if f[:2] == figure[:2]]
        if len(same) == 1:
            mapping[entity_id] = same[0]

    def mapped(value):
        return mapping.get(value, value) if isinstance(value, str) else value

    curated_facts = Counter()
    for statement in document.statements:
        for fact in statement.facts:
            curated_facts[(fact.subject, fact.predicate, _object(fact.obj, ontology))] += 1
    drafted_facts = Counter()
    for statement in ctx.statements:
        for s, p, o in statement.triples():
            for value in o if isinstance(o, list) else [o]:
                text = value.isoformat() if hasattr(value, "isoformat") else value
                try:
                    text = format(parse_number(text).normalize(), "f") if p == "value" else text
                except ValueError:
                    pass
                drafted_facts[(mapped(s), p, mapped(text) if isinstance(text, str) else str(text))] += 1

    def of_class(ids, cls):
        return [i for i in ids if (ctx.class_of(i) or (registry.entities[i].cls if i in registry.entities else ""))
                and ontology.classes[ctx.class_of(i) or registry.entities[i].cls].is_a(cls)]

    drafted_triples = [(s, p, o) for st in ctx.statements for s, p, o in st.triples()
                       for o in (o if isinstance(o, list) else [o])]
    curated_triples = [(f.subject, f.predicate, _object(f.obj, ontology)) for st in document.statements
                       for f in st.facts]
    kinds = {}
    kinds["officials"] = _pr(Counter({label(s) for s, p, _ in drafted_triples if p == "holds"}),
                             Counter({label(s) for s, p, _ in curated_triples if p == "holds"}))
    kinds["holds"] = _pr(Counter({(label(s), label(o)) for s, p, o in drafted_triples if p == "holds"}),
                         Counter({(label(s), label(o)) for s, p, o in curated_triples if p == "holds"}))
    kinds["postIn"] = _pr(Counter({(label(s), label(o)) for s, p, o in drafted_triples if p == "postIn"}),
                          Counter({(label(s), label(o)) for s, p, o in curated_triples if p == "postIn"}))
    known = set(kept_registry.entities)
    drafted_links = {x for s, _, o in drafted_triples for x in (s, o) if isinstance(x, str) and x in known}
    curated_links = {x for x in curated_ids if x in known}
    kinds["links"] = _pr(Counter(drafted_links), Counter(curated_links))
    drafted_entities = {x for s, _, o in drafted_triples for x in (s, o) if isinstance(x, str) and
                        (x in ctx.proposals or x in known)}
    for kind, cls in (("initiatives", "Initiative"), ("platforms", "Platform")):
        drafted = {mapped(i) for i in of_class(drafted_entities, cls)}
        curated = set(of_class(curated_ids, cls))
        kinds[kind] = _pr(Counter(drafted), Counter(curated))

    def figures(triples):
        return Counter(_figures_by_entity(triples).values())

    kinds["targets"] = _pr(figures(drafted_triples), figures(curated_triples))
    kept = sum((drafted_facts & curated_facts).values())
    curated_lines = _curated_lines(document, registry, own)
    drafted_lines = _significant(draft.document.splitlines() + draft.entities.splitlines())
    matcher = difflib.SequenceMatcher(None, drafted_lines, curated_lines, autojunk=False)
    typed = sum(j2 - j1 for tag, _, _, j1, j2 in matcher.get_opcodes() if tag in ("replace", "insert"))
    renamed = _rename(drafted_lines, {k: v for k, v in mapping.items() if k != v})
    matcher = difflib.SequenceMatcher(None, renamed, curated_lines, autojunk=False)
    typed_renamed = sum(j2 - j1 for tag, _, _, j1, j2 in matcher.get_opcodes() if tag in ("replace", "insert"))
    promotes = sum(n for (_, p, _), n in drafted_facts.items() if p == "promotes")
    curated_items = _curated_items(document, registry, own, ontology)
    drafted_items = _drafted_items(draft, drafted_facts, mapping)
    typed_items = Counter(kind for kind, item in curated_items if (kind, item) not in drafted_items)
    return {"document": document.meta.id, "characters": len(raw), "draft_seconds": round(seconds, 3),
            "kinds": kinds,
            "kept": {"drafted_facts": sum(drafted_facts.values()), "kept_unchanged": kept,
                     "share": round(kept / sum(drafted_facts.values()), 3) if drafted_facts else None,
                     "promotes": promotes},
            "lines": {"curated": len(curated_lines), "typed": typed, "typed_after_renaming_ids": typed_renamed,
                      "share": round(typed / len(curated_lines), 3) if curated_lines else None},
            "items": {"curated": len(curated_items), "typed": sum(typed_items.values()),
                      "by_kind": {kind: {"curated": n, "typed": typed_items.get(kind, 0)}
                                  for kind, n in sorted(Counter(k for k, _ in curated_items).items())}},
            "registry_entities": len(kept_registry.entities), "proposed_entities": len(ctx.proposals)}


def speed(seeds: Path, registry: Registry, ontology, size: int = 2000) -> dict:
    """Seconds to draft the first ``size`` characters (cut at a line end) of the longest text."""
    texts = [read_document_text(p) for p in sorted((seeds / "documents").glob("*.txt"))]
    if not texts:
        return {}
    longest = max(texts, key=len)
    cut = longest[:size]
    cut = cut[: cut.rfind("\n") + 1] or cut
    times = []
    for _ in range(3):
        start = time.perf_counter()
        draft_text(cut, "speed", registry, ontology=ontology)
        times.append(time.perf_counter() - start)
    return {"characters": len(cut), "seconds_best": round(min(times), 3), "seconds_all": [round(t, 3) for t in times]}


def _total(results: list[dict]) -> dict:
    total = {}
    for kind in KINDS:
        drafted = sum(r["kinds"][kind]["drafted"] for r in results)
        curated = sum(r["kinds"][kind]["curated"] for r in results)
        matched = sum(r["kinds"][kind]["matched"] for r in results)
        total[kind] = {"drafted": drafted, "curated": curated, "matched": matched,
                       "precision": round(matched / drafted, 3) if drafted else None,
                       "recall": round(matched / curated, 3) if curated else None}
    facts = sum(r["kept"]["drafted_facts"] for r in results)
    kept = sum(r["kept"]["kept_unchanged"] for r in results)
    promotes = sum(r["kept"]["promotes"] for r in results)
    lines = sum(r["lines"]["curated"] for r in results)
    typed = sum(r["lines"]["typed"] for r in results)
    renamed = sum(r["lines"]["typed_after_renaming_ids"] for r in results)
    total["kept"] = {"drafted_facts": facts, "kept_unchanged": kept, "share": round(kept / facts, 3) if facts else None,
                     "promotes": promotes,
                     "share_without_promotes": round(kept / (facts - promotes), 3) if facts > promotes else None}
    total["lines"] = {"curated": lines, "typed": typed, "share": round(typed / lines, 3) if lines else None,
                      "typed_after_renaming_ids": renamed,
                      "share_after_renaming_ids": round(renamed / lines, 3) if lines else None}
    items, by_kind = {"curated": 0, "typed": 0}, {}
    for result in results:
        for key in items:
            items[key] += result["items"][key]
        for kind, counts in result["items"]["by_kind"].items():
            row = by_kind.setdefault(kind, {"curated": 0, "typed": 0})
            for key in row:
                row[key] += counts[key]
    items["share"] = round(items["typed"] / items["curated"], 3) if items["curated"] else None
    items["by_kind"] = dict(sorted(by_kind.items()))
    total["items"] = items
    return total


def evaluate(seeds: Path) -> dict:
    ontology = load_ontology()
    registry = load_registry(seeds, ontology)
    corpus = load_corpus(seeds, ontology)
    results = [evaluate_document(d, corpus, registry, ontology) for d in corpus.documents]
    return {"seeds": str(seeds), "documents": results, "total": _total(results),
            "speed_2000_characters": speed(Path(seeds), registry, ontology)}


def format_table(report: dict) -> str:
    total = report["total"]
    rows = ["| kind | drafted | curated | matched | precision | recall |", "|---|---|---|---|---|---|"]
    for kind in KINDS:
        t = total[kind]
        rows.append(f"| {kind} | {t['drafted']} | {t['curated']} | {t['matched']} | {t['precision']} | {t['recall']} |")
    kept, lines = total["kept"], total["lines"]
    rows.append("")
    rows.append(f"kept unchanged: {kept['kept_unchanged']} of {kept['drafted_facts']} drafted facts ({kept['share']}); "
                f"{kept['share_without_promotes']} of those that are not promotes ({kept['promotes']} promotes)")
    rows.append(f"lines typed by hand: {lines['typed']} of {lines['curated']} curated lines ({lines['share']}); "
                f"{lines['typed_after_renaming_ids']} ({lines['share_after_renaming_ids']}) once drafted ids are renamed")
    items = total["items"]
    rows.append(f"items typed by hand: {items['typed']} of {items['curated']} curated items ({items['share']}): "
                + ", ".join(f"{kind} {c['typed']}/{c['curated']}" for kind, c in items["by_kind"].items()))
    speed_row = report.get("speed_2000_characters") or {}
    if speed_row:
        rows.append(f"draft of a {speed_row['characters']}-character document: {speed_row['seconds_best']} s (best of 3)")
    for result in report["documents"]:
        rows.append(f"{result['document']}: {result['characters']} characters drafted in {result['draft_seconds']} s, "
                    f"{result['proposed_entities']} entities proposed, registry of {result['registry_entities']}")
    return "\n".join(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    parser.add_argument("--json", type=Path, default=None, help="Write the figures as JSON here.")
    args = parser.parse_args(argv)
    report = evaluate(args.seeds)
    print(format_table(report))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
