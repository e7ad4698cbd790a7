"""The graph page in a real browser (Debian's chromium, headless, network blocked)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import main
from kg.network.projection import project
from kg.store import open_store
from kg.views import html as html_module

from .browser import ARTIFACTS, Page
from .conftest import SEEDS

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture()
def graph_page(browser, seed_build):
    page = Page(browser, seed_build.out_dir / "graph.html")
    yield page
    page.close()


def test_page_loads_offline_without_errors_and_draws_every_node(graph_page, seed_build):
    assert graph_page.requests == [] and graph_page.errors == []
    expected = project(open_store(seed_build.out_dir / "store")).number_of_nodes()
    assert graph_page.js("window.kgPage.network.body.nodeIndices.length") == expected
    ARTIFACTS.mkdir(exist_ok=True)
    graph_page.js("window.kgPage.network.fit()")
    graph_page.page.screenshot(path=str(ARTIFACTS / "graph.png"))


@pytest.mark.parametrize("name", ["李曦", "kgr:li-xi", "Lǐ Xī"])
def test_search_focuses_the_right_node(graph_page, name):
    graph_page.search(name)
    if name == "Lǐ Xī":  # pinyin is shared with 李希: choose among the candidates
        assert "2 matches" in graph_page.page.text_content("#matches")
        graph_page.page.click("#matches button >> text=李曦")
    assert graph_page.js("window.kgPage.network.getSelectedNodes()") == [
        "https://w3id.org/localgov-kg/id/li-xi"]


def test_li_xi_by_english_name_then_the_quote_and_source(graph_page):
    graph_page.search("Li Xi")
    matches = graph_page.page.text_content("#matches")
    assert "李曦" in matches and "李希" in matches
    graph_page.page.click("#matches button >> text=李曦")
    panel = graph_page.page.text_content("#panel")
    assert "市人才工作局局長李曦" in panel                       # the verbatim quote
    assert "市委十三屆十六次全會召開" in panel and "2021-11-03" in panel  # document title and date
    assert "江门市人才工作局 —implements→ 人才倍增工程" in panel        # to a department and a project
    ARTIFACTS.mkdir(exist_ok=True)
    graph_page.page.screenshot(path=str(ARTIFACTS / "li-xi.png"))


def test_clicking_a_node_on_the_canvas_opens_its_panel(graph_page):
    node = "https://w3id.org/localgov-kg/id/li-xi"
    graph_page.js(f"window.kgPage.network.focus('{node}', {{scale: 1.5, animation: false}})")
    position = graph_page.js(f"window.kgPage.network.canvasToDOM(window.kgPage.network.getPositions(['{node}'])['{node}'])")
    box = graph_page.page.locator("#graph").bounding_box()
    graph_page.page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])
    assert graph_page.page.text_content("#panel h2") == "李曦"


def test_language_switch(graph_page):
    node = "https://w3id.org/localgov-kg/id/li-xi"
    for lang, label in (("en", "Li Xi"), ("pinyin", "Lǐ Xī"), ("zh", "李曦")):
        graph_page.page.select_option("#lang", lang)
        assert graph_page.js(f"window.kgPage.nodes.get('{node}').label") == label


def test_filters_by_class_and_by_document(graph_page):
    def hidden(slug):
        return graph_page.js(f"!!window.kgPage.nodes.get('https://w3id.org/localgov-kg/id/{slug}').hidden")

    graph_page.page.uncheck("#classes input[value=Official]")
    assert hidden("li-xi") and not hidden("talent-doubling")
    graph_page.page.check("#classes input[value=Official]")
    graph_page.page.click("#documents-box summary")
    graph_page.page.uncheck("#documents input[value$='doc-000-4221d1719c757f4b']")
    assert hidden("li-xi") and not hidden("chen-anming") and not hidden("talent-doubling")


def test_project_pages_load(browser, seed_build):
    pages = sorted((seed_build.out_dir / "projects").glob("*.html"))
    assert len(pages) >= 6
    page = Page(browser, seed_build.out_dir / "projects" / "talent-doubling.html")
    try:
        assert page.errors == [] and page.requests == []
        ids = page.js("window.kgPage.data.nodes.map(n => n.iri)")
        assert "kgr:talent-doubling" in ids and "kgr:target-phd-talents" in ids
    finally:
        page.close()


def test_curated_markup_stays_inert(browser, mini_seeds, tmp_path):
    registry = mini_seeds / "entities" / "all.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "en: Example Museum", f"en: \"{XSS}\""), encoding="utf-8")
    out = build(mini_seeds, tmp_path / "build").out_dir
    source = (out / "graph.html").read_text(encoding="utf-8")
    assert XSS not in source  # escaped inside the JSON
    page = Page(browser, out / "graph.html")
    try:
        page.search(XSS)
        assert page.js("window.kgPage.network.getSelectedNodes()") == [
            "https://w3id.org/localgov-kg/id/example-museum"]
        assert XSS in page.page.text_content("#panel")
        page.page.select_option("#lang", "en")
        assert page.dialogs == [] and page.errors == []
        assert page.js("document.querySelectorAll('img').length") == 0
    finally:
        page.close()


def test_viz_command_focus_class_and_large_graph_warning(seed_build, tmp_path, monkeypatch):
    runner = CliRunner()
    base = ["--seeds", str(SEEDS), "--build", str(seed_build.out_dir)]
    focus = runner.invoke(main, ["viz", "--focus", "李曦", "--depth", "1", "-o", str(tmp_path / "f.html"), *base])
    assert focus.exit_code == 0, focus.output
    text = (tmp_path / "f.html").read_text(encoding="utf-8")
    assert "kgr:li-xi" in text and "kgr:talent-doubling" not in text
    monkeypatch.setattr(html_module, "LARGE_GRAPH", 5)
    from kg.views import page
    monkeypatch.setattr(page, "LARGE_GRAPH", 5)
    whole = runner.invoke(main, ["viz", "--class", "Official", "-o", str(tmp_path / "o.html"), *base])
    assert whole.exit_code == 0 and "warning:" in whole.stderr and "--focus" in whole.stderr


def test_viz_focus_page_marks_its_entity_and_opens_quotes_in_the_builds_documents(
        browser, seed_build, tmp_path):
    """`kg viz --focus` written outside the build: the focus entity is the page's subject,
    labelled at first sight, and a quote opens the build's document page by a relative link."""
    out = tmp_path / "elsewhere" / "focus.html"
    out.parent.mkdir()
    result = CliRunner().invoke(main, ["viz", "--focus", "kgr:li-xi",
                                       "--depth", "2", "-o", str(out), "--seeds", str(SEEDS),
                                       "--build", str(seed_build.out_dir)])
    assert result.exit_code == 0, result.output
    page = Page(browser, out)
    try:
        subject = "https://w3id.org/localgov-kg/id/li-xi"
        assert page.js("() => window.kgPage.data.subject") is not None
        assert subject in page.js("() => window.kgPage.legible()")
        page.search("李曦")
        page.page.locator("#panel .cite button").first.click()
        mark = page.page.frame_locator("#reader-frame").locator("mark#quote")
        mark.wait_for()
        assert mark.text_content() == "市人才工作局局長李曦"
        assert page.errors == [] and page.requests == []
    finally:
        page.close()
