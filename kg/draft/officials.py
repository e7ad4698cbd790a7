"""Officials and their posts from the title chains of Chinese official news.

A chain is one or more groups ``[body] title(、title)*`` joined by commas, then a name:
市人才工作局局长李曦, 市发展改革局党组书记、局长胡其波, 市委书记,市人大常委会党组书记、主任陈岸明. Each
title is a post of its group's body; the official holds every post; each post is in its body. A
body named with a level word (市, 省, 区, 县) is the jurisdiction's: 市人才工作局 in a document of
江门市 is 江门市人才工作局, and a party body (市委…) is 中共江门市委…, a part of the committee. Leaders'
titles also follow the name (习近平总书记).

Bodies, posts and officials the registry knows are linked; others are proposed, with ids from the
titles' and bodies' standard English words (:mod:`kg.draft.glossary`):
``director-of-<body id>``, ``<region id>-talent-work-bureau``.

>>> from kg.curation.registry import Registry
>>> from kg.draft.context import Context
>>> ctx = Context.for_text("市发展改革局党组书记、局长胡其波表示,将加快建设。", Registry({}, {}), None)
>>> sections = draft_officials(ctx)
>>> [(s.about, s.props) for s in ctx.statements][0]
('hu-qibo', [('holds', ['party-group-secretary-of-development-reform-bureau', 'director-of-development-reform-bureau'])])
>>> ctx.proposals["development-reform-bureau"].label
'市发展改革局'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.draft.context import Context, Drafted, slug
from kg.draft.glossary import (BODIES, BODY_SUFFIXES, COMPOUND_SURNAMES, LEADER_TITLES, LEVEL_PREFIXES,
                               NAME_BOUNDARIES, SURNAMES, TITLE_PATTERN, title_slug)

__all__ = ["Chain", "draft_officials", "Section"]

_CJK = re.compile(r"[\u3400-\u9fff]")
_LEVELS = {"市": "city", "省": "province", "区": "district", "县": "district"}


@dataclass(frozen=True)
class Section:
    """From ``start`` on, the text speaks for ``body`` (the body of a heading's official)."""

    start: int
    body: str
    official: str


@dataclass(frozen=True)
class Chain:
    start: int
    end: int
    name: str
    groups: tuple[tuple[str, tuple[str, ...]], ...]  # (body as written, titles)


def _name_after(text: str, pos: int) -> str | None:
    """The personal name at ``pos``: a surname, then one or two characters, then a boundary."""
    length = 2 if text[pos:pos + 2] in COMPOUND_SURNAMES else 1
    if text[pos:pos + length] not in SURNAMES and length == 1:
        return None

    def boundary(at: int) -> bool:
        return at >= len(text) or not _CJK.match(text[at]) or text.startswith(NAME_BOUNDARIES, at)

    for given in (1, 2):
        end = pos + length + given
        if end <= len(text) and all(_CJK.match(c) for c in text[pos:end]) and boundary(end):
            if given == 2 and text.startswith(NAME_BOUNDARIES, pos + length + 1):
                continue
            return text[pos:end]
    return None


def _split_title(part: str) -> tuple[str, str] | None:
    """``(rest, title)`` when ``part`` ends with a title (the longest)."""
    for start in range(len(part)):
        if TITLE_PATTERN.fullmatch(part, start):
            return part[:start], part[start:]
    return None


def _body(rest: str, places: frozenset[str] = frozenset()) -> str | None:
    """The body at the end of ``rest``: from its leftmost level word (with the place named just
    before it: 示例市文化局, 佛山市科技局), ending like a body."""
    if not rest:
        return ""
    for i in range(len(rest) - 1):
        if rest.startswith(LEVEL_PREFIXES, i) and rest.endswith(BODY_SUFFIXES):
            start = next((i - len(p) for p in sorted(places, key=len, reverse=True)
                          if len(p) <= i and rest[i - len(p):i] == p), i)
            return rest[start:]
    return None


def _group(segment: str, places: frozenset[str] = frozenset()) -> tuple[int, str, tuple[str, ...]] | None:
    """``(offset of the body, body, titles)`` of ``[body] title(、title)*``, or ``None``."""
    parts = segment.split("、")
    first = _split_title(parts[0])
    body = _body(first[0], places) if first else None
    if first is None or body is None:
        return None
    titles = [first[1]]
    for part in parts[1:]:
        split = _split_title(part)
        if split is None or split[0]:
            return None
        titles.append(split[1])
    return len(first[0]) - len(body), body, tuple(titles)


def _chain(text: str, title_end: int, name: str, floor: int, places: frozenset[str] = frozenset()) -> Chain | None:
    """The chain whose last title ends at ``title_end``, read back to ``floor``."""
    groups: list[tuple[str, tuple[str, ...]]] = []
    segment_end, chain_start = title_end, None
    while segment_end > floor:
        cut = max(text.rfind(",", floor, segment_end), floor - 1)
        parsed = _group(text[cut + 1:segment_end], places)
        if parsed is None:
            break
        offset, body, titles = parsed
        groups.insert(0, (body, titles))
        chain_start = cut + 1 + offset
        if cut < floor or offset:
            break
        segment_end = cut
    if not groups:
        return None
    return Chain(chain_start, title_end + len(name), name, tuple(groups))


def _find_chains(ctx: Context) -> list[Chain]:
    text, chains = ctx.doc.text, []
    for sentence_start, sentence_end in ctx.sentences:
        for match in TITLE_PATTERN.finditer(text, sentence_start, sentence_end):
            name = _name_after(text, match.end())
            if name and not TITLE_PATTERN.match(text, match.end()):
                found = _chain(text, match.end(), name, sentence_start, _places(ctx, sentence_start, sentence_end))
                if found:
                    chains.append(found)
            elif match.group(0) in LEADER_TITLES:
                chains.extend(_leader(ctx, match))
    return sorted(set(chains), key=lambda c: c.start)


def _places(ctx: Context, start: int, end: int) -> frozenset[str]:
    """The names of places mentioned in a span (that may begin a body's name)."""
    return frozenset(m.text[:-1] if m.text.endswith("市") else m.text for m in ctx.mentions_in(start, end)
                     if m.code or (m.entity and ctx.is_a(m.entity, "Region"))) | frozenset(
        m.text for m in ctx.mentions_in(start, end) if m.code or (m.entity and ctx.is_a(m.entity, "Region")))


def _leader(ctx: Context, match) -> list[Chain]:
    """A name right before a leader's title: 习近平总书记."""
    text = ctx.doc.text
    for length in (3, 2):
        start = match.start() - length
        if start >= 0 and text[start] in SURNAMES and all(_CJK.match(c) for c in text[start:match.start()]):
            return [Chain(start, match.end(), text[start:match.start()], (("", (match.group(0),)),))]
    return []


def _region_for(ctx: Context, level: str) -> tuple[str, str] | None:
    """``(id, label)`` of the jurisdiction's region at a level word (市, 省, 区, 县)."""
    code = ctx.jurisdiction_code
    if not code:
        return None
    divisions = ctx.gazetteer.divisions
    if code not in divisions.divisions:  # a place the gazetteer lacks: only its own level is known
        entity = ctx.registry.entities.get(ctx.jurisdiction or "")
        return (ctx.jurisdiction, entity.label) if entity and level != "province" else None
    if level == "province":
        code = code[:2] + "0000"
    elif level == "city" and not code.endswith("00") and divisions.parent(code) and \
            not divisions.divisions[code].name.endswith("市"):
        code = divisions.parent(code)
    if code not in divisions.divisions:
        return None
    region = ctx.region_id(code)
    entity = ctx.registry.entities.get(region)
    return region, entity.label if entity else divisions.divisions[code].name


def _resolve_body(ctx: Context, written: str) -> tuple[str | None, str | None]:
    """``(id, parent id)`` of the body written ``written`` (known, or proposed with its full
    label); the parent is the party committee of a party body (市委统战部 → 市委)."""
    if not written:
        return None, None
    for cls in ("Department", "Organization"):
        known = ctx.known(written, cls)
        if known:
            parent = _resolve_body(ctx, written[0] + "委")[0] if written[1:2] == "委" and \
                len(written) > 2 and written[0] in _LEVELS else None
            return known, parent if parent != known else None
    place = next((m for m in ctx.gazetteer.find(written, ctx.jurisdiction_code) if m.start == 0
                  and m.end < len(written) and (m.code or ctx.is_a(m.entity, "Region"))), None)
    if place is not None:  # 佛山市科技局: a body of the place it names
        region_id = place.entity or ctx.region_id(place.code)
        rest = written[place.end:]
        rest = rest[1:] if rest[:1] in _LEVELS and not place.text.endswith(tuple(_LEVELS)) else rest
        words = BODIES.get(rest) or slug(rest)
        return ctx.propose("Department", written, base=f"{region_id}-{words}").id, None
    level = _LEVELS.get(written[0])
    region = _region_for(ctx, level) if level else None
    rest = written[1:] if level else written
    party = bool(level) and rest.startswith("委")
    words = BODIES.get(written if rest == "委" else rest[1:] if party else rest) or slug(rest)
    if region is None:
        return ctx.propose("Department", written, base=words).id, None
    region_id, region_label = region
    label = f"中共{region_label}{rest}" if party else f"{region_label}{rest}"
    body = ctx.propose("Department", label, base=f"{region_id}-{words}",
                       scoped=[(written, ctx.jurisdiction)] if ctx.jurisdiction else [])
    parent = _resolve_body(ctx, written[0] + "委")[0] if party and rest != "委" else None
    return body.id, parent if parent != body.id else None


def _post(ctx: Context, body_written: str, body: str | None, title: str) -> str:
    written = body_written + title
    known = ctx.known(written, "Post")
    if known:
        return known
    body_label = (ctx.registry.entities[body].label if body in ctx.registry.entities
                  else ctx.proposals[body].label) if body else ""
    known = ctx.known(body_label + title, "Post") if body_label else None
    if known:
        return known
    base = f"{title_slug(title)}-of-{body}" if body else slug(title)
    scoped = [(written, ctx.jurisdiction)] if ctx.jurisdiction and body_written[:1] in _LEVELS else []
    return ctx.propose("Post", body_label + title, base=base, scoped=scoped).id


def _body_of_post(ctx: Context, post: str) -> str | None:
    """A known post's body: the longest body whose label begins the post's label."""
    label = ctx.registry.entities[post].label if post in ctx.registry.entities else ""
    best = None
    for entity in ctx.registry.entities.values():
        if ctx.is_a(entity.id, "Organization") and label.startswith(entity.label) and len(entity.label) < len(label):
            best = entity if best is None or len(entity.label) > len(best.label) else best
    return best.id if best else None


def _official(ctx: Context, name: str, region: str | None) -> str:
    known = ctx.known(name, "Official")
    if known:
        return known
    base = slug(name, person=True)
    if base in ctx.registry.entities and region:
        base = f"{base}-{region}"
    return ctx.propose("Official", name, base=base, person=True).id


def draft_officials(ctx: Context) -> list[Section]:
    """Draft the officials, posts and bodies of every title chain; return the sections that a
    heading's official speaks for."""
    sections, seen = [], set()
    line_starts = {start for start, _ in ctx.lines}
    first_line_end = ctx.lines[min(len(ctx.lines), 6) - 1][1] if ctx.lines else 0
    chains = _find_chains(ctx)
    opening = next((c for c in chains if c.start < first_line_end and c.groups[0][0]), None)
    for chain in chains:
        posts, bodies, parents = [], [], []
        for written, titles in chain.groups:
            body, parent = _resolve_body(ctx, written)
            if parent:
                parents.append((body, parent))
            for title in titles:
                post = _post(ctx, written, body, title)
                posts.append(post)
                bodies.append(body or _body_of_post(ctx, post))
        region = next((b.split("-")[0] for b in bodies if b), None)
        official = _official(ctx, chain.name, region)
        if official in ctx.proposals:
            labels = [ctx.registry.entities[p].label if p in ctx.registry.entities else ctx.proposals[p].label
                      for p in posts]
            known = ctx.proposals[official].description
            ctx.proposals[official].description = "、".join(dict.fromkeys(
                (known.split("、") if known else []) + labels))
        quote = ctx.quote(chain.start, chain.end)
        key = (official, tuple(posts))
        heading = (chain.start in line_starts and bool(chain.groups[0][0])) or chain is opening
        if heading and bodies and bodies[0]:
            sections.append(Section(chain.start, bodies[0], official))
        if key in seen:
            continue
        seen.add(key)
        ctx.add(Drafted(chain.start, quote, official, [("holds", posts if len(posts) > 1 else posts[0])],
                        kind="official"))
        pairs = [(p, b) for p, b in zip(posts, bodies) if b]
        if len(pairs) == 1:
            ctx.add(Drafted(chain.start, quote, pairs[0][0], [("postIn", pairs[0][1])], kind="official"))
        elif pairs:
            ctx.add(Drafted(chain.start, quote, facts=[(p, "postIn", b) for p, b in pairs], kind="official"))
        for child, parent in parents:
            ctx.add(Drafted(chain.start, quote, child, [("subOrganizationOf", parent)], kind="official"))
    return sections
