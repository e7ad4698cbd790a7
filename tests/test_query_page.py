"""The query page of ``kg serve`` in a real browser: YASGUI from the package, a library query run
against a real endpoint (real worker processes), its rows shown as a table; nothing loaded from
anywhere but the endpoint itself."""

from __future__ import annotations

from .browser import Page
from .test_serve import running, url_of


def test_yasgui_runs_a_library_query_and_shows_its_rows(browser, seed_build):
    with running(seed_build.out_dir / "store", timeout=10.0, max_rows=500) as server:
        origin = url_of(server)
        page = Page(browser, f"{origin}/", allowed=(f"{origin}/",),
                    wait="() => window.kgQuery !== undefined && document.querySelector('.yasqe') !== null")
        try:
            assert page.js("() => window.kgQuery.library.length") >= 10
            prefixes = page.page.text_content("#prefix-names")
            assert "kg:" in prefixes and "kgr:" in prefixes and "skos:" in prefixes
            page.page.select_option("#library", "six-projects")        # opens in a new tab
            assert page.page.locator(".tabPanel.active").get_attribute("id")
            assert "six-projects" in page.page.text_content(".tabsList .tab.active")
            page.page.click(".tabPanel.active .yasqe_queryButton")
            rows = page.page.locator(".tabPanel.active .yasr table tbody tr")
            rows.first.wait_for(timeout=30_000)
            assert rows.count() == 6                                   # the six projects
            table = page.page.text_content(".tabPanel.active .yasr table")
            assert "人才倍增工程" in table and "Talent Doubling Project" in table
            page.screenshot("yasgui.png")
            # the endpoint's limits still hold behind the page: 500 rows at most
            page.js("""() => window.kgQuery.yasgui.getTab().getYasqe().setValue(
                'SELECT * WHERE { ?s ?p ?o }')""")
            page.page.click(".tabPanel.active .yasqe_queryButton")
            error = page.page.locator(".tabPanel.active .yasr .errorResult")
            error.wait_for(timeout=30_000)
            assert "500 rows" in error.text_content()
            assert page.requests == []
            assert [e for e in page.errors if "413" not in e] == []   # only the refused query
        finally:
            page.close()
