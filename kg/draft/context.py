"""What the drafting steps share: the document's normalised text cut into lines, sentences and
clauses; the quote for a span; the registry's names; the new entities proposed so far, with
readable ids that collide with nothing; and the statements drafted so far.

>>> ctx = Context.for_text("甲市文化局局长王一说,要建设港湾博物馆。", Registry({}, {}), None)
>>> [ctx.doc.text[s:e] for s, e in ctx.sentences]
['甲市文化局局长王一说,要建设港湾博物馆。']
>>> ctx.propose("Platform", "港湾博物馆").id, ctx.propose("Platform", "港湾博物馆").id
('gangwan-museum', 'gangwan-museum')
>>> ctx.quote(14, 19)
'港湾博物馆'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from kg.curation.names import NameIndex
from kg.curation.ontology import load_ontology
from kg.curation.registry import ID_PATTERN, Registry
from kg.draft.mentions import Gazetteer, Mention
from kg.draft.regions import division_slug
from kg.text.labels import name_pinyin, person_pinyin
from kg.text.normalize import NormalizedText, clean_quote, normalize_text

__all__ = ["Proposal", "Drafted", "Context", "slug"]

_SENTENCE_END = re.compile(r"[。!?;]")
_CLAUSE_END = re.compile(r"[。!?;,:]")
#: Endings of names translated in ids (a readable id; the English label stays a to-do).
_ENDINGS = {
    "实验室": "laboratory", "研究院": "institute", "研究所": "institute", "产业园": "industrial-park",
    "产业园区": "industrial-park", "合作区": "cooperation-zone", "示范区": "demonstration-zone",
    "试验区": "pilot-zone", "集聚区": "agglomeration-area", "高新区": "high-tech-zone", "新区": "new-area",
    "新城": "new-city", "基地": "base", "分中心": "branch-centre", "中心": "centre", "博物馆": "museum",
    "古镇": "ancient-town", "铁路": "railway", "通道": "link", "大桥": "bridge", "平台": "platform",
    "联盟": "alliance", "实验站": "experiment-station", "保税区": "bonded-zone", "园区": "park",
    "工程": "project", "计划": "plan", "行动": "campaign", "机制": "mechanism", "试点": "pilot",
    "体系": "system", "战略": "strategy", "模式": "model", "集团": "group", "大学": "university",
    "口岸": "port", "港": "port", "局": "bureau", "办": "office", "部": "department", "委": "committee",
}


def _ascii(text: str) -> str:
    bare = unicodedata.normalize("NFKD", text)
    return "".join(c for c in bare if c.isascii() and (c.isalnum() or c in " -")).lower()


def slug(label: str, person: bool = False, prefix: str = "") -> str:
    """A readable id for a Chinese name: pinyin in two-character words, a known ending in
    English (``江门双碳实验室`` → ``jiangmen-shuangtan-laboratory``); persons as surname-given.

    >>> slug("江门双碳实验室"), slug("陈岸明", person=True), slug("“十百千万”计划")
    ('jiangmen-shuangtan-laboratory', 'chen-anming', 'shibai-qianwan-plan')
    """
    if person:
        return "-".join(_ascii(person_pinyin(label)).split())
    text = re.sub(r"[^\u3400-\u9fffA-Za-z0-9]", "", label)
    ending = next((e for e in sorted(_ENDINGS, key=len, reverse=True)
                   if text.endswith(e) and len(text) > len(e)), None)
    stem = text[: len(text) - len(ending)] if ending else text
    words = []
    for i in range(0, min(len(stem), 12), 2):
        words.append("".join(_ascii(name_pinyin(stem[i:i + 2])).split()))
    words.append(_ENDINGS[ending] if ending else "")
    result = "-".join(w for w in [prefix, *words] if w)
    return re.sub(r"-+", "-", result).strip("-") or "entity"


@dataclass
class Proposal:
    """A new entity the draft proposes (``draft: true`` in the registry file it writes)."""

    id: str
    cls: str
    label: str
    aliases: list[str] = field(default_factory=list)
    scoped: list[tuple[str, str]] = field(default_factory=list)
    person: bool = False
    facts: list[tuple[str, str, str]] = field(default_factory=list)  # (property, value, source)
    note: str | None = None
    description: str | None = None  # zh-Hans; the English one is left to the curator

    @property
    def pinyin(self) -> str:
        return person_pinyin(self.label) if self.person else name_pinyin(self.label)


@dataclass
class Drafted:
    """A drafted statement: a quote and what it states, in the document's order."""

    position: int
    quote: str
    about: str | None = None
    props: list[tuple[str, object]] = field(default_factory=list)
    facts: list[tuple[str, str, object]] = field(default_factory=list)
    note: str | None = None
    kind: str = ""  # official, initiative, platform, target, event, region: for the evaluation
    responds_to: list[str] = field(default_factory=list)  # events the statement responds to

    def triples(self) -> list[tuple[str, str, object]]:
        return [(self.about, p, v) for p, v in self.props] + list(self.facts)


class Context:
    """One document being drafted."""

    def __init__(self, doc: NormalizedText, registry: Registry, jurisdiction: str | None,
                 index: NameIndex | None = None, ontology=None) -> None:
        self.doc, self.registry, self.jurisdiction = doc, registry, jurisdiction
        self.ontology = ontology or load_ontology()
        self.index = index or NameIndex(registry, self.ontology)
        self.gazetteer = Gazetteer(self.index, registry, jurisdiction)
        self.proposals: dict[str, Proposal] = {}
        self.by_label: dict[tuple[str, str], str] = {}
        self.statements: list[Drafted] = []
        self.extensions: dict[str, list[tuple[str, str]]] = {}  # known id → scoped names to add
        self.lines = self._lines()
        self.sentences = self._cut(_SENTENCE_END)
        self.clauses = self._cut(_CLAUSE_END)
        self.jurisdiction_code = self.code_of(jurisdiction) if jurisdiction else None
        self.mentions: list[Mention] = self.gazetteer.find(doc.text, self.jurisdiction_code)
        self.marked = self._mark_quotes()

    def _mark_quotes(self) -> str:
        """The normalised text with each ``"`` turned back into an opening “ or a closing ”, as
        the raw text has it (straight quotes in the raw alternate): the same length and offsets."""
        chars, opened = list(self.doc.text), False
        for i, char in enumerate(chars):
            if char != '"':
                continue
            raw = self.doc.raw[self.doc.offsets[i]]
            opening = raw in "“「『„" or (raw not in "”」』" and not opened)
            chars[i] = "“" if opening else "”"
            opened = opening
        return "".join(chars)

    @classmethod
    def for_text(cls, text: str, registry: Registry, jurisdiction: str | None,
                 residue: frozenset[str] = frozenset()) -> Context:
        return cls(normalize_text(text, residue), registry, jurisdiction)

    # --- the text -----------------------------------------------------------------------------
    def _lines(self) -> list[tuple[int, int]]:
        """Spans of the normalised text that come from one raw line each."""
        raw, offsets, spans, start = self.doc.raw, self.doc.offsets, [], 0
        line_of = [0] * (len(raw) + 1)
        number = 0
        for i, char in enumerate(raw):
            line_of[i] = number
            number += char == "\n"
        for i in range(1, len(offsets) + 1):
            if i == len(offsets) or line_of[offsets[i]] != line_of[offsets[i - 1]]:
                if self.doc.text[start:i].strip():
                    spans.append((start, i))
                start = i
        return spans

    def _cut(self, pattern: re.Pattern) -> list[tuple[int, int]]:
        spans = []
        for line_start, line_end in self.lines:
            start = line_start
            for match in pattern.finditer(self.doc.text, line_start, line_end):
                if self.doc.text[start:match.end()].strip():
                    spans.append((start, match.end()))
                start = match.end()
            if self.doc.text[start:line_end].strip():
                spans.append((start, line_end))
        return spans

    def span_of(self, spans: list[tuple[int, int]], position: int) -> tuple[int, int]:
        for start, end in spans:
            if start <= position < end:
                return start, end
        return position, position + 1

    def quote(self, start: int, end: int) -> str:
        """The verbatim quote (raw script, converter residue removed) of a normalised span."""
        text = self.doc.text
        while start < end and text[start] in " ,;:、":
            start += 1
        while end > start and text[end - 1] in " ,;:、。":
            end -= 1
        if text.count('"', start, end) % 2:  # keep a quoted name whole
            if start > 0 and text[start - 1] == '"' and text.find('"', start, end) >= 0:
                start -= 1
            elif end < len(text) and text[end] == '"':
                end += 1
        raw_start, raw_end = self.doc.raw_span(start, end)
        return " ".join(clean_quote(self.doc.raw[raw_start:raw_end]).split())

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end]

    # --- entities -----------------------------------------------------------------------------
    def class_of(self, entity_id: str) -> str | None:
        if entity_id in self.registry.entities:
            return self.registry.entities[entity_id].cls
        proposal = self.proposals.get(entity_id)
        return proposal.cls if proposal else None

    def is_a(self, entity_id: str | None, cls: str) -> bool:
        found = self.class_of(entity_id) if entity_id else None
        return bool(found) and self.ontology.classes[found].is_a(cls)

    def code_of(self, entity_id: str | None) -> str | None:
        entity = self.registry.entities.get(entity_id or "")
        for fact in entity.facts if entity else ():
            if fact.predicate == "divisionCode":
                return str(getattr(fact.obj, "value", fact.obj))
        proposal = self.proposals.get(entity_id or "")
        return next((v for p, v, _ in proposal.facts if p == "divisionCode"), None) if proposal else None

    def known(self, name: str, cls: str) -> str | None:
        """The registry entity of class ``cls`` that ``name`` designates, if exactly one."""
        found = [i for i in self.index.resolve(name, self.jurisdiction) if self.is_a(i, cls)]
        return found[0] if len(found) == 1 else None

    def fresh_id(self, base: str) -> str:
        base = base if ID_PATTERN.match(base) else "entity"
        candidate, number = base, 2
        while candidate in self.registry.entities or candidate in self.proposals:
            candidate, number = f"{base}-{number}", number + 1
        return candidate

    def propose(self, cls: str, label: str, *, base: str | None = None, person: bool = False,
                aliases=(), scoped=(), facts=(), note: str | None = None) -> Proposal:
        """The entity of class ``cls`` labelled ``label``: the registry's, one proposed already, or
        a new proposal with a fresh id."""
        known = self.known(label, cls)
        if known:
            entity = self.registry.entities.get(known)
            for item in scoped:
                if entity and item not in entity.scoped and not self.known(item[0], cls):
                    names = self.extensions.setdefault(known, [])
                    if item not in names:
                        names.append(item)
            return Proposal(known, self.class_of(known), label)
        key = (cls, label)
        if key in self.by_label:
            proposal = self.proposals[self.by_label[key]]
        else:
            proposal = Proposal(self.fresh_id(base or slug(label, person=person)), cls, label,
                                person=person, note=note)
            self.proposals[proposal.id] = proposal
            self.by_label[key] = proposal.id
        for alias in aliases:
            if alias != label and alias not in proposal.aliases:
                proposal.aliases.append(alias)
        for item in scoped:
            if item not in proposal.scoped:
                proposal.scoped.append(item)
        for fact in facts:
            if fact not in proposal.facts:
                proposal.facts.append(fact)
        return proposal

    def region_id(self, code: str) -> str:
        """The registry entity of a division (by code), else a proposal with its code and the
        division it lies within (from the gazetteer)."""
        existing = self.gazetteer.code_entity.get(code)
        if existing:
            return existing
        divisions = self.gazetteer.divisions
        division = divisions.divisions[code]
        source = self.division_source()
        parent = divisions.parent(code)
        facts = [("divisionCode", code, source)]
        if parent:
            facts.append(("withinRegion", self.region_id(parent), source))
        aliases = [division.short] if division.short else []
        return self.propose("AdministrativeDivision", division.name, base=division_slug(division.name),
                            aliases=aliases, facts=facts).id

    def division_source(self) -> str:
        """The id of the registry's source for GB/T 2260 codes (``gbt2260`` if none names it)."""
        for source in self.registry.sources.values():
            if "2260" in source.title:
                return source.id
        return "gbt2260"

    def add(self, statement: Drafted) -> None:
        self.statements.append(statement)
