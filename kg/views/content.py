"""The page's one copy of its data: nodes, ties, facts with their citations, sources, communities.

Everything is numbered so that the JSON stays small at thousands of nodes: a fact names its
subject and object by node number when they are on the page (an IRI or a literal otherwise),
its predicate by number in ``preds``; a citation is ``[quote number, source number, start,
end]`` (the quote's code-point offsets in the source document, or ``-1``), the quotes and sources
a page cites are given once, by number, in ``quotes`` and ``sources`` (numbered once per build
by :class:`kg.views.data.FactIndex`, so the pages share their citation lists).

Search keys are computed here with :func:`kg.text.labels.name_key` (the normalisation
``kg path`` resolves names with) and with the part of it a browser can repeat
(:func:`browser_key`), and the page carries a table of the Traditional forms of its characters
(:func:`traditional_map`), so a typed name in either script meets its node.

>>> import networkx as nx
>>> from kg.views.data import PageTables
>>> from kg.views.layout import layout
>>> g = nx.DiGraph()
>>> g.add_node("https://w3id.org/localgov-kg/id/a", cls="Official", label="庄春维", label_en="Zhuang Chunwei",
...            label_pinyin="Zhuāng Chūnwéi", label_zh_hant="莊春維", names=("庄春维", "莊春維"))
>>> content = page_content(g, layout(g), PageTables("pagerank", {}, {}, []))
>>> content["nodes"][0]["keys"]
['a', 'kgr:a', 'zhuangchunwei', '庄春维', '莊春維']
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import networkx as nx

from kg.namespaces import PREFIXES, short_iri
from kg.text.labels import name_key

__all__ = ["page_content", "browser_key", "document_file", "traditional_map"]

#: The separators :func:`kg.text.labels.name_key` removes; the page's script removes the same.
_SEPARATORS = re.compile(r"[\s\-_·•.,'\"“”()（）]")
_KG = PREFIXES["kg"]


@lru_cache(maxsize=262144)
def browser_key(text: str) -> str:
    """What the page's script makes of a typed name: NFKC, tone marks dropped (NFKD), lower
    case, separators removed; but no Traditional → Simplified conversion, which a browser
    cannot do, so each node also carries this key of each of its names in its own script.

    >>> browser_key("Zhuāng Chūnwéi"), browser_key("莊春維")
    ('zhuangchunwei', '莊春維')
    """
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub("", bare.lower())


def document_file(source_iri: str) -> str:
    """The file name of a document's text page: the IRI's last segment.

    >>> document_file("https://w3id.org/localgov-kg/id/doc-000-4221d1719c757f4b")
    'doc-000-4221d1719c757f4b.html'
    """
    return source_iri.rsplit("/", 1)[-1] + ".html"


@lru_cache(maxsize=1)
def _to_traditional():
    import opencc

    return opencc.OpenCC("s2t").convert


@lru_cache(maxsize=65536)
def _traditional_of(character: str) -> str | None:
    from kg.text.normalize import to_simplified

    traditional = _to_traditional()(character)
    if len(traditional) == 1 and traditional != character and to_simplified(traditional) == character:
        return traditional
    return None


def traditional_map(keys) -> dict[str, str]:
    """Traditional character → Simplified, for the characters of ``keys`` that have a
    Traditional form: the page's script converts a typed name with it, character by character,
    before it makes the key (a browser has no OpenCC).

    >>> traditional_map(["江门", "li"])
    {'門': '门'}
    """
    found = {}
    for character in sorted(c for c in set("".join(keys)) if c >= "\u2e80"):
        traditional = _traditional_of(character)
        if traditional is not None:
            found[traditional] = character
    return found


def _search_keys(node: str, names: tuple[str, ...], known: dict) -> tuple[str, ...]:
    """A node's search keys; ``known`` holds the name keys made before (the tables' memo)."""
    keys = set()
    for name in names:
        if name:
            found = known.get(name)
            if found is None:
                found = known[name] = name_key(name)
            keys.add(found)
            keys.add(browser_key(name))
    keys.add(browser_key(short_iri(node)))
    keys.add(browser_key(node.rsplit("/", 1)[-1]))
    return tuple(sorted(k for k in keys if k))


@lru_cache(maxsize=1024)
def _predicate(iri: str) -> str:
    return iri[len(_KG):] if iri.startswith(_KG) else short_iri(iri)


def _listed(numbering: dict) -> list:
    return sorted(numbering, key=numbering.__getitem__)


def _page_facts(network: nx.DiGraph, index: dict, tables) -> list:
    """Positions (in ``tables.facts.keys``) of the facts a page shows, in order: those between
    two of its nodes, and those from one of its nodes to a value or to an entity that is not a
    node of the whole network (a period, a source); not those to entities drawn on other pages.
    """
    keys, by_node, network_nodes = tables.facts.keys, tables.facts.by_node, tables.scores
    if len(index) * 4 > len(by_node):  # most of the graph: one pass over every fact
        candidates = range(len(keys))
    else:
        found: set[int] = set()
        for node in index:
            found.update(by_node.get(node, ()))
        candidates = sorted(found)
    kept = []
    for position in candidates:
        s, _, o = keys[position]
        if s in index:
            if o in index or o not in network_nodes:
                kept.append(position)
        elif o in index and s not in network_nodes:
            kept.append(position)
    return kept


def page_content(network: nx.DiGraph, placed, tables, *, subject: str | None = None,
                 documents: str | None = "documents/") -> dict:
    """The JSON-ready content of a page showing ``network``, laid out by ``placed``
    (:class:`kg.views.layout.Layout`); ``subject`` is the node the page is about;
    ``documents`` is the relative URL of the folder of document text pages (``None``: none)."""
    scores = tables.scores
    nodes = list(network.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    top = max((scores.get(n, 0.0) for n in nodes), default=0.0) or 1.0
    ranked = sorted(nodes, key=lambda n: (-scores.get(n, 0.0), network.nodes[n].get("label", ""), n))
    rank = {node: r for r, node in enumerate(ranked)}
    preds: dict = {}
    used_quotes: set[int] = set()
    used_sources: set[int] = set()
    facts, by_node, by_edge = [], [[] for _ in nodes], {}
    index_of = tables.facts
    fact_keys, fact_cites = index_of.keys, index_of.cites
    for position in _page_facts(network, index, tables):
        s, p, o = fact_keys[position]
        number = len(facts)
        cites = fact_cites[position]  # shared with the other pages: numbered once per build
        for cite in cites:
            used_quotes.add(cite[0])
            used_sources.add(cite[1])
        si, oi = index.get(s), index.get(o)
        facts.append([s if si is None else si, preds.setdefault(_predicate(p), len(preds)),
                      o if oi is None else oi, cites])
        if si is not None:
            by_node[si].append(number)
        if oi is not None and oi != si:
            by_node[oi].append(number)
        if si is not None and oi is not None:
            by_edge.setdefault((s, o), []).append(number)
    content_nodes = []
    positions, communities = placed.positions, placed.communities
    for i, node in enumerate(nodes):
        data = network.nodes[node]
        zh, en = data.get("label", ""), data.get("label_en", "")
        pinyin, hant = data.get("label_pinyin", ""), data.get("label_zh_hant", "")
        names = data.get("names", ())
        labels = {zh, en, pinyin, hant}
        score = scores.get(node, 0.0)
        content_nodes.append({
            "id": node, "iri": short_iri(node), "cls": data["cls"], "zh": zh, "en": en,
            "pinyin": pinyin, "hant": hant, "names": [n for n in names if n not in labels],
            "keys": list(_search_keys(node, (zh, en, pinyin, hant, *names), tables.name_keys)),
            "f": by_node[i],
            "x": positions[node][0], "y": positions[node][1],
            "r": round(7 + 15 * (score / top) ** 0.5, 1), "s": round(score, 6), "rank": rank[node],
            "c": communities.get(node, 0)})
    edges = [[index[s], index[o], " / ".join(data["predicates"]), by_edge.get((s, o), [])]
             for s, o, data in network.edges(data=True)]
    source_rows = {}
    for number in sorted(used_sources):
        iri = index_of.sources[number]
        known = tables.sources.get(iri, {"title": short_iri(iri), "date": "", "document": False})
        href = f"{documents}{document_file(iri)}" if documents is not None and known["document"] else ""
        source_rows[str(number)] = [iri, known["title"], known["date"], bool(known["document"]), href]
    dates = sorted({row[2] for row in source_rows.values() if row[2]})
    quotes = {str(number): index_of.quotes[number] for number in sorted(used_quotes) if number >= 0}
    return {"nodes": content_nodes, "edges": edges, "facts": facts, "preds": _listed(preds),
            "quotes": quotes, "sources": source_rows,
            "communities": _communities(nodes, placed, rank),
            "subject": index.get(subject) if subject is not None else None,
            "dates": [dates[0], dates[-1]] if dates else [], "size": tables.size,
            "t2s": traditional_map(k for n in content_nodes for k in n["keys"])}


def _communities(nodes: list, placed, rank: dict) -> list[dict]:
    """Each community's size, its five most central members (node numbers), and the disc its
    members cover (centre and radius, canvas pixels), where the page draws it collapsed."""
    members: dict[int, list[int]] = {}
    for i, node in enumerate(nodes):
        members.setdefault(placed.communities.get(node, 0), []).append(i)
    found = []
    for _, group in sorted(members.items()):
        xs = [placed.positions[nodes[i]][0] for i in group]
        ys = [placed.positions[nodes[i]][1] for i in group]
        cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
        radius = max(((x - cx) ** 2 + (y - cy) ** 2) ** 0.5 for x, y in zip(xs, ys))
        found.append({"size": len(group), "top": sorted(group, key=lambda i: rank[nodes[i]])[:5],
                      "x": round(cx, 1), "y": round(cy, 1), "r": round(radius, 1)})
    return found
