"""What a researcher sees on the graph pages, measured in a real browser (Debian's chromium,
headless, 1400×900, every outside request blocked): legible labels at first sight, search that
shows a neighbourhood, communities that open, the date filter and tenures, a quote opened in its
text, the downloads. Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from kg.text.labels import name_key
from kg.views.data import PageTables
from kg.views.html import CLUSTER_ABOVE, render_page
from kg.views.layout import SPACING, layout

from .browser import Page

KGR = "https://w3id.org/localgov-kg/id/"
LEGIBLE = "() => window.kgPage.legible()"


@pytest.fixture()
def graph_page(browser, seed_build):
    page = Page(browser, seed_build.out_dir / "graph.html")
    yield page
    assert page.requests == [] and page.errors == []
    page.close()


@pytest.fixture()
def project_page(browser, seed_build):
    page = Page(browser, seed_build.out_dir / "projects" / "talent-doubling.html")
    yield page
    assert page.requests == [] and page.errors == []
    page.close()


def _font_by_rank(page, ids):
    return page.js(f"""() => {{ var ids = {json.dumps(ids)};
        return ids.map(id => [window.kgPage.byId[id].rank,
                              window.kgPage.network.body.nodes[id].options.font.size]); }}""")


def _in_view(page, ids) -> list[str]:
    """Those of ``ids`` whose centre is inside the drawing area."""
    return page.js(f"""() => {{ var net = window.kgPage.network, box = document.getElementById("graph");
        var ids = {json.dumps(ids)}, at = net.getPositions(ids);
        return ids.filter(id => {{ var p = net.canvasToDOM(at[id]);
            return p.x >= 0 && p.y >= 0 && p.x <= box.clientWidth && p.y <= box.clientHeight; }}); }}""")


# --- legible at first sight ----------------------------------------------------------------------

def test_whole_graph_opens_with_15_to_40_legible_labels_sized_by_centrality(graph_page):
    legible = graph_page.js(LEGIBLE)
    assert 15 <= len(legible) <= 40, len(legible)
    every = graph_page.js("() => window.kgPage.data.nodes.map(n => n.id)")
    assert sorted(_in_view(graph_page, every)) == sorted(every)  # the view fits the graph
    sizes = sorted(_font_by_rank(graph_page, legible))           # by centrality rank
    half = len(sizes) // 2                                         # larger for the more central
    assert sum(s for _, s in sizes[:half]) / half > sum(s for _, s in sizes[half:]) / (len(sizes) - half)
    assert sizes[0][1] == max(size for _, size in sizes)
    most_central = graph_page.js("() => window.kgPage.data.nodes.filter(n => n.rank < 3).map(n => n.id)")
    assert set(most_central) <= set(legible)
    graph_page.screenshot("graph.png")


def test_more_labels_appear_as_one_zooms_in(graph_page):
    drawn = """() => { var net = window.kgPage.network, scale = net.getScale();
        return net.body.nodeIndices.filter(id => net.body.nodes[id].options.font.size * scale >= 9).length; }"""
    before = graph_page.js(drawn)
    graph_page.js("() => window.kgPage.network.moveTo({scale: window.kgPage.network.getScale() * 2.5})")
    assert graph_page.js(drawn) > before * 1.5


def test_project_page_marks_its_subject_and_labels_it(project_page):
    subject = KGR + "talent-doubling"
    legible = project_page.js(LEGIBLE)
    assert 15 <= len(legible) <= 40 and subject in legible
    options = project_page.js(f"() => window.kgPage.network.body.nodes['{subject}'].options")
    assert options["borderWidth"] >= 4 and options["font"]["background"]
    assert "人才倍增工程" in project_page.page.text_content("#subject")
    targets = project_page.js(f"""() => window.kgPage.network.getConnectedNodes('{subject}')
        .filter(id => window.kgPage.byId[id].cls === 'Target')""")
    assert len(set(targets) & set(legible)) >= 2   # its own targets are named at first sight
    project_page.screenshot("project-talent-doubling.png")


# --- search: the entity with its neighbourhood -----------------------------------------------------

def test_search_fits_the_entity_with_its_neighbours_labelled(graph_page):
    centre = KGR + "talent-doubling"
    scale_before = graph_page.js("() => window.kgPage.network.getScale()")
    graph_page.search("人才倍增")                       # an alias
    assert graph_page.js("() => window.kgPage.network.getSelectedNodes()") == [centre]
    neighbours = graph_page.js(f"() => window.kgPage.network.getConnectedNodes('{centre}')")
    assert len(neighbours) >= 10
    assert sorted(_in_view(graph_page, [centre, *neighbours])) == sorted([centre, *neighbours])
    legible = set(graph_page.js(LEGIBLE))
    assert centre in legible and len(legible & set(neighbours)) >= 0.6 * len(neighbours)
    assert len(legible) <= 40
    assert graph_page.js("() => window.kgPage.network.getScale()") > scale_before  # closer, not the same
    graph_page.screenshot("search-talent-doubling.png")


@pytest.mark.parametrize("typed, slug", [
    ("人才倍增工程", "talent-doubling"),             # label
    ("Talent Doubling Project", "talent-doubling"),  # English
    ("rén cái bèi zēng gōng chéng", "talent-doubling"),  # pinyin with tones
    ("rencai beizeng gongcheng", "talent-doubling"),     # without tones or spaces between words
    ("江門市人才工作局", "jiangmen-talent-work-bureau"),   # Traditional, no Traditional label
    ("中科院(江門)中微子實驗站", "cas-jiangmen-neutrino-experiment-station"),  # Traditional label
    ("kgr:talent-doubling", "talent-doubling"),      # id
])
def test_search_matches_every_kind_of_name(graph_page, typed, slug):
    graph_page.search(typed)
    assert graph_page.js("() => window.kgPage.network.getSelectedNodes()") == [KGR + slug]


def test_the_pages_key_is_the_python_key(graph_page):
    """What the script makes of a typed name is what kg.text.labels.name_key makes of it, for
    Traditional characters too (those of the page's names)."""
    samples = ["Zhuāng Chūnwéi", "ＬＩ　Ｘｉ", "人才“倍增”（工程）", "Li-Xi_2021", "Ǘ ǘ", "江門市人才工作局",
               "中科院(江門)中微子實驗站"]
    typed = graph_page.js(f"() => {json.dumps(samples)}.map(window.kgPage.key)")
    assert typed == [name_key(s) for s in samples]


# --- large graphs: communities, collapsed ------------------------------------------------------------

def _large_network(n: int = 1800, groups: int = 30) -> tuple[nx.DiGraph, PageTables]:
    sizes = [n // groups] * groups
    undirected = nx.random_partition_graph(sizes, 0.12, 0.0008, seed=7)
    graph = nx.DiGraph()
    classes = ["Official", "Department", "Initiative", "Platform", "Region", "Post"]
    for i in sorted(undirected):
        graph.add_node(f"{KGR}n{i:04d}", cls=classes[i % len(classes)], label=f"实体{i}",
                       label_en=f"Entity {i}", label_pinyin=f"shí tǐ {i}", label_zh_hant="",
                       names=(f"实体{i}",))
    for a, b in sorted(undirected.edges):
        graph.add_edge(f"{KGR}n{a:04d}", f"{KGR}n{b:04d}", predicates=("relatedTo",))
    scores = {node: 1.0 / (1 + i % 97) for i, node in enumerate(graph)}
    rows = [(s, "https://w3id.org/localgov-kg/ontology#relatedTo", o, f"{s[-4:]}与{o[-4:]}",
             f"{KGR}doc-{i % 5}", f"202{i % 5}-01-0{1 + i % 9}", None, None)
            for i, (s, o) in enumerate(graph.edges)]
    sources = {f"{KGR}doc-{d}": {"title": f"文件{d}", "date": f"202{d}-01-01", "document": True}
               for d in range(5)}
    return graph, PageTables("pagerank", scores, sources, rows)


@pytest.fixture(scope="module")
def large_page(tmp_path_factory):
    graph, tables = _large_network()
    assert graph.number_of_nodes() > CLUSTER_ABOVE
    path = tmp_path_factory.mktemp("large") / "large.html"
    path.write_text(render_page(graph, tables, title="Large", documents=None), encoding="utf-8")
    return path


def test_a_large_graph_opens_collapsed_and_a_community_expands(browser, large_page):
    page = Page(browser, large_page)
    try:
        shown = page.js("() => window.kgPage.network.body.nodeIndices.length")
        assert shown < 100                                       # 30 communities, not 1,800 dots
        legible = page.js(LEGIBLE)
        assert 15 <= len(legible) <= 40 and all(i.startswith("community-") for i in legible)
        label = page.js(f"() => window.kgPage.network.body.nodes['{legible[0]}'].options.label")
        assert "members" in label and "实体" in label              # counted, top members named
        page.screenshot("large-collapsed.png")
        cluster = legible[0]
        members = page.js(f"() => window.kgPage.network.getNodesInCluster('{cluster}')")
        at = page.js(f"""() => window.kgPage.network.canvasToDOM(
                         window.kgPage.network.getPositions(['{cluster}'])['{cluster}'])""")
        box = page.page.locator("#graph").bounding_box()
        page.page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])   # a real click
        assert page.js("() => window.kgPage.network.body.nodeIndices.length") == shown - 1 + len(members)
        assert cluster not in page.js("() => window.kgPage.network.body.nodeIndices")
        assert set(members) & set(page.js(LEGIBLE))               # some members now named
        page.screenshot("large-expanded.png")
        page.search("Entity 1234")                                # inside a collapsed community
        assert page.js("() => window.kgPage.network.getSelectedNodes()") == [f"{KGR}n1234"]
        assert _in_view(page, [f"{KGR}n1234"]) == [f"{KGR}n1234"]
        assert page.requests == [] and page.errors == []
    finally:
        page.close()


# --- time: the date filter and tenures --------------------------------------------------------------

def test_date_filter_changes_what_is_shown_and_the_tenures(graph_page):
    li_xi = KGR + "li-xi"
    total = graph_page.js("() => window.kgPage.data.nodes.length")
    graph_page.search("李曦")
    tenure = graph_page.page.locator("#panel .tenure").first
    assert "江门市人才工作局局长" in tenure.text_content() and "2021-11-03" in tenure.text_content()
    assert tenure.get_attribute("data-shown") == "yes"
    graph_page.page.select_option("#year", "2022")                # only the 2022 document
    hidden = graph_page.js("() => window.kgPage.data.nodes.filter(n => window.kgPage.nodes.get(n.id).hidden).length")
    assert 0 < hidden < total
    assert graph_page.js(f"() => window.kgPage.nodes.get('{li_xi}').hidden")   # said in 2021 only
    assert graph_page.page.locator("#panel .tenure").first.get_attribute("data-shown") == "no"
    assert graph_page.page.locator("#panel .tenure .outside").count() >= 1
    graph_page.screenshot("date-2022.png")
    graph_page.page.fill("#date-from", "2021-01-01")
    graph_page.page.fill("#date-to", "2021-12-31")
    graph_page.page.dispatch_event("#date-to", "change")
    assert not graph_page.js(f"() => window.kgPage.nodes.get('{li_xi}').hidden")
    assert graph_page.page.locator("#panel .tenure").first.get_attribute("data-shown") == "yes"
    shown_2021 = graph_page.js("() => window.kgPage.data.nodes.filter(n => !window.kgPage.nodes.get(n.id).hidden).length")
    assert shown_2021 < total


# --- from a quote to its text ------------------------------------------------------------------------

def test_a_quote_opens_in_its_document_marked_and_in_view(graph_page):
    graph_page.search("李曦")
    cite = graph_page.page.locator("#panel .cite").first
    quote = cite.locator("q").text_content()
    assert quote == "市人才工作局局長李曦"
    cite.locator("button").click()
    frame = graph_page.page.frame_locator("#reader-frame")
    mark = frame.locator("mark#quote")
    mark.wait_for()
    assert mark.text_content() == quote
    inside = mark.evaluate("""m => { var r = m.getBoundingClientRect();
                                     return r.top >= 0 && r.bottom <= window.innerHeight; }""")
    assert inside
    graph_page.screenshot("quote-in-text.png")


# --- take it away -------------------------------------------------------------------------------------

def test_png_and_csv_downloads(graph_page):
    with graph_page.page.expect_download() as png:
        graph_page.page.click("#save-png")
    data = Path(png.value.path()).read_bytes()
    assert png.value.suggested_filename == "graph-view.png" and data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 10_000
    graph_page.page.uncheck("#classes input[value=Official]")
    with graph_page.page.expect_download() as nodes:
        graph_page.page.click("#save-nodes")
    rows = list(csv.DictReader(io.StringIO(Path(nodes.value.path()).read_text(encoding="utf-8-sig"))))
    shown = graph_page.js("() => window.kgPage.data.nodes.filter(n => !window.kgPage.nodes.get(n.id).hidden).length")
    assert len(rows) == shown and all(r["class"] != "Official" for r in rows)
    with graph_page.page.expect_download() as ties:
        graph_page.page.click("#save-ties")
    rows = list(csv.DictReader(io.StringIO(Path(ties.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows and all(r["quote"] or r["source"] for r in rows)
    assert any(r["to_label"] == "人才倍增工程" and r["predicate"] == "implements" and r["date"]
               for r in rows)


# --- the layout ---------------------------------------------------------------------------------------

def test_layout_has_few_overlapping_nodes_and_keeps_communities_together(seed_build):
    from kg.network.projection import project
    from kg.store import open_store

    network = project(open_store(seed_build.out_dir / "store"))
    placed = layout(network)
    points = [placed.positions[n] for n in network]
    close = sum(1 for i, a in enumerate(points) for b in points[i + 1:]
                if (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 < (SPACING * 0.5) ** 2)
    assert close <= 0.01 * len(points)
    # a community's members sit nearer each other than the graph's nodes do on average
    import statistics

    def spread(nodes):
        xs, ys = [placed.positions[n][0] for n in nodes], [placed.positions[n][1] for n in nodes]
        return statistics.pstdev(xs) + statistics.pstdev(ys)

    groups: dict[int, list] = {}
    for node, community in placed.communities.items():
        groups.setdefault(community, []).append(node)
    big = [g for g in groups.values() if len(g) >= 10]
    assert big and statistics.mean(spread(g) for g in big) < 0.6 * spread(list(network))


def test_layout_is_the_same_whatever_the_hash_seed(tmp_path):
    script = ("import networkx as nx, json; from kg.views.layout import layout; "
              "g = nx.relabel_nodes(nx.les_miserables_graph(), str); "
              "print(json.dumps(sorted(layout(g).positions.items())))")
    outputs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "977")}
    assert len(outputs) == 1


def test_page_data_is_written_once(seed_build):
    text = (seed_build.out_dir / "graph.html").read_text(encoding="utf-8")
    assert text.count("市人才工作局局長李曦") == 1          # one copy of the data
    assert text.count("vis-network") < 50 and text.count("function Network(") <= 1


def test_document_pages_escape_their_text(seed_build):
    folder = seed_build.out_dir / "documents"
    pages = sorted(folder.glob("*.html"))
    assert len(pages) == 2 and all("<script src" not in p.read_text(encoding="utf-8") for p in pages)


def test_a_rebuild_reuses_the_pages_while_nothing_they_show_changed(mini_seeds, tmp_path, monkeypatch):
    """The pages come from the build cache when nothing they show changed (a document's text edited
    after its quotes), and are drawn again, with the change, when a quote changes."""
    from kg.build import build
    from kg.views import html

    out = tmp_path / "build"
    first = (build(mini_seeds, out).out_dir / "graph.html").read_bytes()
    drawn = []
    real = html.render_page
    monkeypatch.setattr(html, "render_page", lambda *a, **k: drawn.append(1) or real(*a, **k))
    text = mini_seeds / "documents" / "001_mini.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\n补记。\n", encoding="utf-8")
    again = build(mini_seeds, out).out_dir
    assert drawn == [] and (again / "graph.html").read_bytes() == first
    assert "补记" in (again / "documents" / "doc-001-mini.html").read_text(encoding="utf-8")
    curation = mini_seeds / "documents" / "001_mini.yaml"
    curation.write_text(curation.read_text(encoding="utf-8").replace(
        "quote: 全市將實施“文旅融合”工程", "quote: 將實施“文旅融合”工程"), encoding="utf-8")
    changed = build(mini_seeds, out).out_dir
    assert drawn and (changed / "graph.html").read_bytes() != first
    assert "將實施“文旅融合”工程" in (changed / "graph.html").read_text(encoding="utf-8")
