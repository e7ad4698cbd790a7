"""Figures, periods, events and milestones.

A figure is a number (Arabic, or Chinese numerals of ten and more) with a scale (万, 亿), a unit
from the ontology's controlled list (``kg:units``; with 万/亿 and no unit word, 人 when the clause
counts people) and a comparator (以上, 不少于: at-least; 突破, 超过, 多: more-than; 约, 左右: about;
else exactly). Its kind: descriptive after 面积/总长; result after 已, 完成, 实现, 拥有, 增长, 遍布;
else a goal. Its period is the nearest period before it in the sentence (十四五 from the registry,
到2025年, 今年上半年: a period proposed with its dates reckoned from the document's date). It
belongs (``targetOf``) to the place its sentence opens with, else the platform its clause names,
else the initiative of the passage, else the jurisdiction.

Events: a body's plenary session or congress (市委十三届十六次全会, 第十三次党代会) with its term
and session numbers, who convened it and its date (昨日(11月2日) in a document of 3 November).
Milestones: a dated step without a number (赤坎华侨古镇, 2023年元旦试运营) with its due date.

>>> resolve_day("明年元旦", dt.date(2022, 3, 3)), resolve_day("昨日(11月2日)", dt.date(2021, 11, 3))
(datetime.date(2023, 1, 1), datetime.date(2021, 11, 2))
"""

from __future__ import annotations

import datetime as dt
import re

from kg.draft.context import Context, Drafted, slug
from kg.draft.programmes import Scope
from kg.text.numbers import parse_number

__all__ = ["draft_figures", "resolve_day", "period_dates"]

_NUMBER = r"(?P<before>突破|超过|逾|约|近|不少于|至少)?(?P<num>\d+(?:\.\d+)?|[一二三四五六七八九十百千]+)(?P<many>多)?(?P<scale>万亿|亿|万)?(?P<many2>多)?"
_PEOPLE = ("人才", "同胞", "侨胞", "人口", "人员", "游客", "群众", "华侨", "乡亲")
_RESULT = ("已", "完成", "实现了", "拥有", "增长", "遍布", "累计", "共有", "达到", "吸引了", "引进了", "今年上半年",
           "去年", "上半年")
_DESCRIPTIVE = ("面积", "总长", "全长", "占地", "长度")
_STARTS = ("引进", "培养", "实现", "完成", "达到", "新增", "建成", "吸引", "拥有", "突破", "增长", "培育")
_CN_DIGITS = "零〇一二两三四五六七八九"
_PERIOD = re.compile(r"(到|至|截至)(\d{4})年(底)?|(今年|明年|去年|\d{4}年)(上半年|下半年|一季度|前三季度)")
_EVENT = re.compile(r"([\u4e00-\u9fff]{1,10}?)([一二三四五六七八九十]+)届([一二三四五六七八九十]+)次(全会|全体会议)|"
                    r"([省市区县])第([一二三四五六七八九十]+)次党代会")
_DAY = re.compile(r"(昨日|昨天|今天|今日|前天)?\(?(?:(\d{1,2})月(\d{1,2})日)?\)?")
_MILESTONE = re.compile(r"(\d{4}年|明年|今年)(元旦|春节|年底|年内|底|\d{1,2}月(?:\d{1,2}日)?)?前?"
                        r"(试运营|开园|建成|投产|开业|通车|运营|竣工|开工|投用)")


def resolve_day(text: str, today: dt.date) -> dt.date | None:
    """The date a relative expression names in a document dated ``today``."""
    year = today.year
    match = re.search(r"(\d{4})年", text)
    if match:
        year = int(match.group(1))
    elif "明年" in text:
        year += 1
    elif "去年" in text:
        year -= 1
    if "元旦" in text:
        return dt.date(year, 1, 1)
    if "年底" in text or text.endswith("底"):
        return dt.date(year, 12, 31)
    day = re.search(r"(\d{1,2})月(\d{1,2})日", text)
    if day:
        month, number = int(day.group(1)), int(day.group(2))
        if month > today.month and not match:
            year -= 1
        try:
            return dt.date(year, month, number)
        except ValueError:
            return None
    offsets = {"昨日": -1, "昨天": -1, "前天": -2, "今天": 0, "今日": 0}
    for word, offset in offsets.items():
        if word in text:
            return today + dt.timedelta(days=offset)
    return None


def period_dates(text: str, today: dt.date) -> tuple[str, dt.date | None, dt.date | None]:
    """``(label, start, end)`` of a period expression (到2025年, 今年上半年)."""
    match = re.search(r"(\d{4})年", text)
    year = int(match.group(1)) if match else today.year + ("明年" in text) - ("去年" in text)
    if text.startswith(("到", "至", "截至")):
        return text, None, dt.date(year, 12, 31)
    halves = {"上半年": ((1, 1), (6, 30)), "下半年": ((7, 1), (12, 31)), "一季度": ((1, 1), (3, 31)),
              "前三季度": ((1, 1), (9, 30))}
    for word, ((m1, d1), (m2, d2)) in halves.items():
        if word in text:
            return f"{year}年{word}", dt.date(year, m1, d1), dt.date(year, m2, d2)
    return text, None, None


_PART_WORDS = {"上半年": "first-half", "下半年": "second-half", "一季度": "first-quarter",
               "前三季度": "first-three-quarters"}


def _period_id(label: str) -> str:
    """``by-2025`` for 到2025年, ``first-half-of-2022`` for 2022年上半年."""
    year = re.search(r"\d{4}", label)
    for word, words in _PART_WORDS.items():
        if word in label and year:
            return f"{words}-of-{year.group(0)}"
    return f"by-{year.group(0)}" if year else f"period-{slug(label)}"


def _units(ctx: Context) -> list[str]:
    return sorted(ctx.ontology.concept_notations("unit"), key=len, reverse=True)


def _periods(ctx: Context, today: dt.date) -> list[tuple[int, int, str]]:
    """Every period the text names: registry periods, and those proposed from expressions."""
    found = [(m.start, m.end, m.entity) for m in ctx.mentions if m.entity and ctx.is_a(m.entity, "Period")]
    for match in _PERIOD.finditer(ctx.doc.text):
        label, start, end = period_dates(match.group(0), today)
        if start is None and end is None:
            continue
        period = ctx.propose("Period", label, base=_period_id(label))
        quote = ctx.quote(match.start(), match.end())
        props = [("startDate", start)] if start else []
        props += [("endDate", end)] if end else []
        if not any(s.about == period.id for s in ctx.statements):
            ctx.add(Drafted(match.start(), quote, period.id, props, kind="period",
                            note="Dates reckoned from the expression and the document's date."))
        found.append((match.start(), match.end(), period.id))
    return sorted(found)


def _value(number: str, scale: str | None) -> object | None:
    if number[0] in _CN_DIGITS or number[0] in "十百千":
        if any(c in number for c in "十百千") is False:
            return None
        value = parse_number(number)
        if value < 10:
            return None
    text = number + (scale or "")
    if scale:
        return text
    value = parse_number(number)
    return int(value) if value == value.to_integral() else float(value)


def _owner(ctx: Context, scope: Scope, sentence: tuple[int, int], clause: tuple[int, int],
           position: int) -> tuple[str | None, str]:
    if ctx.doc.text.startswith("我市", sentence[0]) and ctx.jurisdiction:
        return ctx.jurisdiction, "the place its sentence opens with (我市)"
    opening = [m for m in ctx.mentions_in(sentence[0], sentence[0] + 8) if ":" not in ctx.doc.text[m.end:m.end + 1]]
    for mention in opening[:1]:
        region = mention.entity or (ctx.region_id(mention.code) if mention.code else None)
        if region and ctx.is_a(region, "Region"):
            return region, "the place its sentence opens with"
    for span, what in ((clause, "clause"), (sentence, "sentence")):
        platforms = [m.entity for m in ctx.mentions_in(*span) if m.entity and ctx.is_a(m.entity, "Platform")]
        platforms += [s.about for s in ctx.statements if s.kind == "platform" and s.about and
                      span[0] <= s.position < span[1] and ctx.is_a(s.about, "Platform")]
        if platforms:
            return platforms[0], f"the platform its {what} names"
    passage = scope.initiative_at(position)
    if passage:
        return passage[0], f"the initiative of its passage, which opens with “{passage[1]}”"
    return ctx.jurisdiction, "the document's jurisdiction"


def _targets(ctx: Context, scope: Scope, today: dt.date, periods) -> None:
    text = ctx.doc.text
    pattern = re.compile(_NUMBER + "(?P<unit>" + "|".join(map(re.escape, _units(ctx))) + ")?(?P<after>以上|以下|左右|多)?")
    for match in pattern.finditer(text):
        start, end = match.start(), match.end()
        if text[start - 1:start] in "第+.-/" or text[end:end + 1] in "+年月日届次号时期大" or \
                text[max(0, match.start("num") - 1):match.start("num")].isdigit():
            continue
        unit = match.group("unit")
        clause = ctx.span_of(ctx.clauses, start)
        if not unit and match.group("scale") and any(w in text[clause[0]:start] for w in _PEOPLE):
            unit = "人"
        value = _value(match.group("num"), match.group("scale"))
        if not unit or value is None:
            continue
        sentence = ctx.span_of(ctx.sentences, start)
        before = text[sentence[0]:start]
        words = (match.group("before") or "") + (match.group("after") or "") + (match.group("many") or "") + \
            (match.group("many2") or "")
        comparator = ("at-least" if any(w in words for w in ("以上", "不少于", "至少")) else
                      "more-than" if any(w in words for w in ("突破", "超过", "逾", "多")) else
                      "about" if any(w in words for w in ("约", "左右", "近")) else "exactly")
        kind = ("descriptive" if any(w in text[clause[0]:start] for w in _DESCRIPTIVE) else
                "result" if any(w in before for w in _RESULT) else "goal")
        item_start = max(text.rfind("、", clause[0], start) + 1, clause[0])
        if "等" in text[item_start:start] or any(w in text[clause[0]:start] for w in _DESCRIPTIVE):
            item_start = clause[0]  # 产业、教育、医疗等10支: the list is the figure's noun
        item_end = min([i for i in (text.find("、", end, clause[1]), clause[1]) if i >= 0])
        head = text[item_start:start]
        starts = [head.rfind(w) for w in _STARTS + _DESCRIPTIVE if w in head]
        item_start = item_start + max(starts) if starts else item_start
        quote = ctx.quote(item_start, item_end)
        following = pattern.search(text, end, item_end)  # another figure in the item ends this one's label
        label_end = following.start() if following and following.group("unit") else item_end
        label = ctx.quote(item_start, label_end).rstrip("的之")
        noun = re.sub(r"[^\u4e00-\u9fff]", "", text[end:item_end])[-4:] or \
            re.sub(r"[^\u4e00-\u9fff]", "", head)[-4:]
        prefix = "target" if kind == "goal" else "result"
        target = ctx.propose("Target", label.replace(" ", ""), base=f"{prefix}-{slug(noun) or 'figure'}-{value}"
                             .replace(".", "-").replace("万", "wan").replace("亿", "yi"))
        props = [("value", value), ("unit", unit), ("comparator", comparator), ("figureKind", kind)]
        ctx.add(Drafted(start, quote, target.id, props, kind="target"))
        period = [p for p in periods if sentence[0] <= p[0] < start]
        owner, why = _owner(ctx, scope, sentence, clause, start)
        if period:
            p_start, _, p_id = period[-1]
            facts = [(target.id, "period", p_id)] + ([(target.id, "targetOf", owner)] if owner else [])
            ctx.add(Drafted(start, ctx.quote(p_start, item_end), facts=facts, kind="target",
                            note=f"targetOf: {why}." if owner else None))
        elif owner:
            ctx.add(Drafted(start, quote, target.id, [("targetOf", owner)], kind="target", note=f"targetOf: {why}."))


def _events(ctx: Context, today: dt.date) -> None:
    from kg.draft.officials import _resolve_body

    text = ctx.doc.text
    for match in _EVENT.finditer(text):
        sentence = ctx.span_of(ctx.sentences, match.start())
        written = match.group(1) or match.group(5) + "委"
        term = parse_number(match.group(2)) if match.group(2) else None
        session = parse_number(match.group(3) or match.group(6))
        body = _resolve_body(ctx, written[-2:] if written.endswith("委") else written)[0]
        label = text[match.start():match.end()]
        if any(s.kind == "event" and ctx.proposals.get(s.about or "") and ctx.proposals[s.about].label == label
               for s in ctx.statements):
            continue
        event = ctx.propose("Event", label, base=f"{body or slug(written)}-{'plenum' if match.group(4) else 'congress'}-"
                            f"{int(term) if term else ''}-{int(session)}".replace("--", "-"))
        props = [("sessionNumber", int(session))] + ([("termNumber", int(term))] if term else [])
        if body and ctx.is_a(body, "Organization"):
            props.append(("convenedBy", body))
        day_text = text[sentence[0]:match.start()]
        day = resolve_day(day_text, today) if _DAY.search(day_text) and day_text.strip(" ,") else None
        if day:
            props.append(("eventDate", day))
        elif "召开" not in text[match.end():sentence[1]] or "将" in text[sentence[0]:match.start()]:
            pass
        else:
            props.append(("notAfter", today))
        ctx.add(Drafted(match.start(), ctx.quote(sentence[0] if day else match.start(), match.end()), event.id, props,
                        kind="event"))


def _milestones(ctx: Context, today: dt.date) -> None:
    text = ctx.doc.text
    for match in _MILESTONE.finditer(text):
        due = resolve_day(match.group(1) + (match.group(2) or ""), today)
        sentence = ctx.span_of(ctx.sentences, match.start())
        owners = [m for m in ctx.mentions_in(sentence[0], match.start()) if m.entity and ctx.is_a(m.entity, "Platform")]
        owners += [s for s in ctx.statements if s.kind == "platform" and sentence[0] <= s.position < match.start()]
        owner = owners[-1].entity if owners and hasattr(owners[-1], "entity") else \
            (owners[-1].about if owners else None)
        if not due or not owner:
            continue
        start = owners[-1].start if hasattr(owners[-1], "start") else owners[-1].position
        quote = ctx.quote(start, match.end())
        milestone = ctx.propose("Milestone", quote.replace(" ", ""), base=f"{owner}-{slug(match.group(3))}")
        ctx.add(Drafted(match.start(), quote, milestone.id, [("dueDate", due), ("milestoneOf", owner)],
                        kind="milestone"))


_MEETING_WORDS = ("全会", "会议", "党代会", "大会")


def _responses(ctx: Context) -> None:
    """What a body does after a meeting responds to it (``responds_to``): statements in the
    meeting's own paragraph, and those whose sentence names the meeting (贯彻全会精神, 全会提出)."""
    events = sorted((s.position, s.about) for s in ctx.statements if s.kind == "event" and s.about)
    for statement in ctx.statements:
        if statement.kind not in ("initiative", "platform") or not statement.about:
            continue
        before = [(p, e) for p, e in events if p <= statement.position]
        if not before:
            continue
        position, event = before[-1]
        sentence = ctx.span_of(ctx.sentences, statement.position)
        same_line = ctx.span_of(ctx.lines, position) == ctx.span_of(ctx.lines, statement.position)
        if same_line or any(w in ctx.doc.text[sentence[0]:sentence[1]] for w in _MEETING_WORDS):
            statement.responds_to = [event]


def draft_figures(ctx: Context, scope: Scope, today: dt.date) -> None:
    """Draft periods, targets, events and milestones, and what responds to the events."""
    periods = _periods(ctx, today)
    _targets(ctx, scope, today, periods)
    _events(ctx, today)
    _milestones(ctx, today)
    _responses(ctx)
