"""Initiatives and platforms, and who carries them out.

Initiatives: names in quotation marks before a programme word (“人才倍增”工程, “十百千万”计划,
“揭榜挂帅”“赛马”机制), a quoted name that is one (“链长制”), and a programme that enumerates its
parts (“科技引领、工业振兴…”六大工程; 区域平衡发展、生态文明建设…三大保障体系: each part
``partOfInitiative`` the programme). Platforms: names ending like a platform (实验室, 研究院,
产业园, 合作区, 示范区, 基地, 中心, 博物馆, 古镇, 铁路, 通道 …) after a verb or in a list.

The verb before a name decides the property (:data:`kg.draft.glossary.VERBS`: 牵头 leads, 实施
implements, 推进/加快建设/推动/打造/谋划建设 promotes; a platform is only ever promoted), and the
subject is the body that speaks: a body or place named before the verb in the same clause, else
the body of the section's official (for 我们, 我市: the jurisdiction when that body is the city's
party committee, government or congress), else the jurisdiction. A platform named in the passage
of an initiative (after “我们深入实施‘X’工程”) ``serves`` it. A name beginning with a place, or
with the place in brackets (中德(江门)人工智能研究院), is ``locatedIn`` it.
"""

from __future__ import annotations

import re

from kg.draft.context import Context, Drafted, slug
from kg.draft.glossary import first_verb, verb_ends, verb_property
from kg.draft.officials import Section

__all__ = ["draft_programmes", "Scope"]

_PROGRAMME_WORDS = ("行动计划", "专项行动", "工程", "计划", "行动", "机制", "制", "战略", "试点", "体系",
                    "模式", "项目")
_ENUM_WORDS = ("保障体系", "工程", "计划", "行动", "体系", "战略", "任务", "举措", "机制", "攻坚")
_QUOTED = re.compile(r"((?:“[^“”]{1,40}”)+)([\u4e00-\u9fff]{0,4}?)(" + "|".join(_PROGRAMME_WORDS) + ")?")
_ENUMERATION = re.compile(r"“([^“”]{2,120}、[^“”]{2,120})”([一二三四五六七八九十两]+大)(" + "|".join(_ENUM_WORDS) + ")")
_PLAIN_ENUMERATION = re.compile(r"([\u4e00-\u9fff]{2,20}(?:、[\u4e00-\u9fff]{2,20}){1,9})([一二三四五六七八九十两]+大)("
                                + "|".join(_ENUM_WORDS) + ")")
_PLATFORM_ENDINGS = ("实验室", "研究院", "产业园区", "产业园", "合作区", "示范区", "试验区", "集聚区", "高新区",
                     "新区", "新城", "基地", "分中心", "中心", "博物馆", "古镇", "铁路", "通道", "大桥", "实验站",
                     "保税区", "联盟", "口岸", "集团", "平台")
_ORGANISATION_ENDINGS = ("集团", "公司", "大学", "研究所")
_NAME = re.compile(r"[\u3400-\u9fffA-Za-z0-9()—·+]{2,40}?(?:" + "|".join(_PLATFORM_ENDINGS) + r")(?![\u3400-\u9fff])")
_GENERIC = ("一批", "一个", "各类", "各级", "高水平", "重大", "重要", "特色", "相关", "全国", "省级", "市级",
            "国家级", "国际一流", "新一轮", "更多", "全球", "将", "把", "在", "以", "为", "对", "从", "由", "向")
#: Words that make a phrase a description or a count of things, not one name.
_NOT_A_NAME = ("等", "两个", "三个", "几个", "一批", "各类", "服务")
_SPEAKERS = ("我们", "我市", "全市")
#: Programmes whose carrying out opens a passage (the platforms and figures after it serve it).
_PASSAGE_WORDS = ("工程", "计划", "行动", "战略")
_TRAILERS = ("项目建设", "规划建设", "建设", "等项目", "等重大载体", "等", "项目")


class Scope:
    """The initiative whose passage a position is in (the last one carried out before it, in
    the same section)."""

    def __init__(self, sections: list[Section], headings: list[int] = ()) -> None:
        self.sections = sections
        self.headings = list(headings)  # positions of heading lines: a passage ends there
        self.marks: list[tuple[int, str, str]] = []  # (position, initiative, quote)
        self.programmes: set[str] = set()  # programmes of parts: their parts open the passages

    def section_at(self, position: int) -> Section | None:
        current = None
        for section in self.sections:
            if section.start <= position:
                current = section
        return current

    def initiative_at(self, position: int) -> tuple[str, str] | None:
        section = self.section_at(position)
        floor = max([section.start if section else -1] + [h for h in self.headings if h <= position])
        found = [(i, q) for p, i, q in self.marks if floor <= p <= position]
        return found[-1] if found else None


def _speaker(ctx: Context, scope: Scope, clause: tuple[int, int], verb_at: int) -> tuple[str | None, int]:
    """The subject of a verb at ``verb_at`` and where its words start (for the quote)."""
    start, _ = clause
    for mention in reversed(ctx.mentions_in(start, verb_at)):
        entity = mention.entity or (ctx.region_id(mention.code) if mention.code else None)
        if entity and any(ctx.is_a(entity, c) for c in ("Organization", "Region", "Official")):
            return entity, mention.start
    text = ctx.doc.text[start:verb_at]
    section = scope.section_at(verb_at)
    we = next((start + text.find(w) for w in _SPEAKERS if w in text), None)
    body = section.body if section else None
    if body is None or _top_body(ctx, body):
        return ctx.jurisdiction, we if we is not None else verb_at
    return body, we if we is not None else verb_at


def _top_body(ctx: Context, body: str) -> bool:
    """The jurisdiction's party committee, government or congress: they speak for the place."""
    label = ctx.registry.entities[body].label if body in ctx.registry.entities else \
        ctx.proposals[body].label if body in ctx.proposals else ""
    return label.endswith(("委", "人民政府", "政府", "人大常委会")) and not label.endswith(("部委",))


def _verb_before(ctx: Context, clause: tuple[int, int], at: int) -> tuple[str, str, int] | None:
    text = ctx.doc.text[clause[0]:at]
    found = verb_property(text)
    if not found:
        return None
    verb, prop = found
    return verb, prop, clause[0] + text.rfind(verb)


def _carry_out(ctx: Context, scope: Scope, entity: str, start: int, end: int) -> None:
    """``<speaker> leads/implements/promotes <entity>`` when a verb precedes it in its clause."""
    clause = ctx.span_of(ctx.clauses, start)
    found = _verb_before(ctx, clause, start)
    after = ctx.doc.text[end:clause[1]]
    if "主责" in after or "牵头" in after:
        subject, begin = _speaker(ctx, scope, clause, start)
        prop, end = "leads", end + after.find("主责" if "主责" in after else "牵头") + 2
    elif found:
        _, prop, verb_at = found
        subject, begin = _speaker(ctx, scope, clause, verb_at)
        begin = min(begin, verb_at)
    else:
        return
    initiative = ctx.is_a(entity, "Initiative")
    prop = ("leads" if prop == "leads" else "implements") if initiative else "promotes"
    if not subject or subject == entity:
        return
    if prop == "implements" and ctx.is_a(subject, "Official"):
        prop = "promotes"
    quote = ctx.quote(begin, end)
    ctx.add(Drafted(start, quote, subject, [(prop, entity)], kind="initiative" if initiative else "platform"))
    label = ctx.registry.entities[entity].label if entity in ctx.registry.entities else ctx.proposals[entity].label
    if initiative and label.endswith(_PASSAGE_WORDS) and entity not in scope.programmes:
        scope.marks.append((start, entity, quote))


def _initiatives(ctx: Context, scope: Scope) -> list[tuple[int, int, str]]:
    text, found = ctx.marked, []
    taken: set[int] = set()
    for pattern in (_ENUMERATION, _PLAIN_ENUMERATION):
        for match in pattern.finditer(text):
            if match.start() in taken:
                continue
            items = match.group(1).split("、")
            if pattern is _PLAIN_ENUMERATION:
                lead = first_verb(items[0])
                items[0] = items[0][lead[0]:] if lead else items[0]
                if len(items[0]) < 2:
                    continue
            noun = match.group(3)
            whole = ctx.propose("Initiative", match.group(2) + noun)
            start = match.start() + (len(match.group(1)) - len("、".join(items)))
            quote = ctx.quote(start, match.end())
            parts = [ctx.propose("Initiative", item + noun if pattern is _ENUMERATION else item,
                                 aliases=[item] if pattern is _ENUMERATION else []).id for item in items]
            ctx.add(Drafted(start, quote, facts=[(p, "partOfInitiative", whole.id) for p in parts],
                            kind="initiative"))
            found.append((start, match.end(), whole.id))
            taken.update(range(match.start(), match.end()))
    for match in _QUOTED.finditer(text):
        if match.start() in taken:
            continue
        names = re.findall(r"“([^“”]+)”", match.group(1))
        word = match.group(3)
        between = match.group(2) or ""
        for index, name in enumerate(names):
            offset = match.start() + match.group(1).find(f"“{name}”")
            if word:
                label = name + between + word if index == len(names) - 1 or not between else name + word
                entity = ctx.propose("Initiative", label, aliases=[name]).id
                found.append((offset, match.end(), entity))
            elif name.endswith(_PROGRAMME_WORDS) and len(name) >= 3:
                found.append((offset, offset + len(name) + 2, ctx.propose("Initiative", name).id))
    return found


class _Item:
    def __init__(self, text: str, start: int) -> None:
        self.text, self.begin = text, start

    def start(self) -> int:
        return self.begin

    def group(self, _: int = 0) -> str:
        return self.text


def _items(clause: str) -> list[_Item]:
    """The items of a list in a clause: cut at 、, and at 和/及/与 where what precedes ends like a
    platform's name (研究和人才培养国家平台 stays whole)."""
    items, start = [], 0
    for match in re.finditer(r"、|[和及与]", clause + "、"):
        left = clause[start:match.start()]
        if match.group(0) != "、" and not left.rstrip('"”').endswith(_PLATFORM_ENDINGS):
            continue
        items.append(_Item(left, start))
        start = match.end()
    return items


def _platform_names(ctx: Context) -> list[tuple[int, int, str]]:
    """``(start, end, name)`` of the platform names after verbs and in lists."""
    text, found = ctx.doc.text, []
    for clause_start, clause_end in ctx.clauses:
        for item in _items(text[clause_start:clause_end]):
            segment_start = clause_start + item.start()
            segment = item.group(0).rstrip(' ,。;:!?"')
            for trailer in _TRAILERS:
                if segment.endswith(trailer):
                    segment = segment[: -len(trailer)]
                    break
            for begin in verb_ends(segment) or [0]:  # the first verb that leaves a name after it
                if "的" in segment[begin:]:
                    begin = segment.rfind("的") + 1
                name = segment[begin:].strip('" ')
                if _NAME.fullmatch(name) and len(name) >= 4 and not name.startswith(_GENERIC) and not any(
                        w in name for w in _NOT_A_NAME):
                    offset = segment_start + segment.find(name, begin)
                    found.append((offset, offset + len(name), name))
                    break
    return found


def _place_of(ctx: Context, start: int, end: int) -> str | None:
    """The place a name is in: a branch's (…江门分中心), the one in brackets (中德(江门)…), else the
    one it begins with."""
    found = []
    for mention in ctx.mentions_in(start, end):
        inside = ctx.doc.text[mention.start - 1:mention.end + 1] == f"({mention.text})"
        branch = ctx.doc.text.startswith("分", mention.end)
        if mention.start == start or inside or branch:
            region = mention.entity or (ctx.region_id(mention.code) if mention.code else None)
            if region and ctx.is_a(region, "Region"):
                found.append((0 if branch else 1 if inside else 2, region))
    return sorted(found)[0][1] if found else None


def draft_programmes(ctx: Context, sections: list[Section]) -> Scope:
    """Draft initiatives and platforms; return the passages' scope (for the figures)."""
    headings = [start for start, end in ctx.lines if end - start <= 30 and not re.search(r"[。!?;,]", ctx.doc.text[start:end])]
    scope = Scope(sections, headings)
    named: list[tuple[int, int, str]] = _initiatives(ctx, scope)
    programmes = {o for s in ctx.statements for _, p, o in s.triples() if p == "partOfInitiative"}
    candidates = [(start, end, name) for start, end, name in _platform_names(ctx)
                  if not any(s <= start < e for s, e, _ in named) and not any(
                      m.entity and (m.start, m.end) != (start, end) and (
                          ctx.is_a(m.entity, "Platform") or (ctx.is_a(m.entity, "Department") and m.start > start))
                      for m in ctx.mentions_in(start, end))]
    spans = {(s, e) for s, e, _ in named} | {(s, e) for s, e, _ in candidates}
    for mention in ctx.mentions:
        if mention.entity and any(ctx.is_a(mention.entity, c) for c in ("Initiative", "Platform")) and not any(
                s <= mention.start < e for s, e in spans):
            named.append((mention.start, mention.end, mention.entity))
            spans.add((mention.start, mention.end))
    for start, end, name in candidates:
        known = next((m.entity for m in ctx.mentions_in(start, end) if m.start == start and m.end == end
                      and m.entity), None)
        cls = "Organization" if name.endswith(_ORGANISATION_ENDINGS) else "Platform"
        place = _place_of(ctx, start, end)
        lead = next((m for m in ctx.mentions_in(start, end) if m.start == start), None)
        base = f"{place}-{slug(name[lead.end - start:])}" if place and lead and lead.end < end else None
        entity = known or ctx.propose(cls, name, base=base).id
        named.append((start, end, entity))
        if place and place != entity and not known:
            ctx.add(Drafted(start, ctx.quote(start, end), entity, [("locatedIn", place)], kind="platform",
                            note="From the name."))
    scope.programmes = programmes
    served = set()
    for start, end, entity in sorted(named):
        _carry_out(ctx, scope, entity, start, end)
        if ctx.is_a(entity, "Platform"):
            passage = scope.initiative_at(start)
            if passage and (entity, passage[0]) not in served:
                served.add((entity, passage[0]))
                clause = ctx.span_of(ctx.clauses, start)
                ctx.add(Drafted(start, ctx.quote(clause[0], end), entity, [("serves", passage[0])],
                                kind="platform", note=f"Named in the passage that opens with “{passage[1]}”."))
    return scope
