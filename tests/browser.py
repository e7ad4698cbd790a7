"""Pages in a real browser: Debian's chromium, headless (the ``browser`` fixture of conftest.py),
every request but the page's own blocked and recorded, console errors collected. Shared by the
page tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"
VIEWPORT = {"width": 1400, "height": 900}


def _local(url: str, allowed: tuple[str, ...]) -> bool:
    return url.startswith(("file:", "blob:", "data:", *allowed))


class Page:
    """A page opened at 1400×900 with every other request blocked and recorded (``requests``),
    console errors and failed requests collected (``errors``), dialogs dismissed (``dialogs``).
    ``allowed`` adds URL prefixes that may load (a local server under test)."""

    def __init__(self, browser, path_or_url, *, allowed: tuple[str, ...] = (), wait: str | None =
                 "() => window.kgPage !== undefined && window.kgPage.firstFrame !== null"):
        self.allowed = allowed
        self.context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        self.requests, self.errors, self.dialogs = [], [], []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}")
                     if not _local(r.url, allowed) else None)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        url = path_or_url.as_uri() if isinstance(path_or_url, Path) else path_or_url
        self.page.goto(url)
        if wait:
            self.page.wait_for_function(wait, timeout=60_000)

    def _route(self, route):
        url = route.request.url
        if _local(url, self.allowed):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def js(self, expression):
        return self.page.evaluate(expression)

    def until(self, predicate: str, timeout: float = 30_000):
        """Wait until the JavaScript function ``predicate`` (``() => …``) returns true (a
        function, not an expression: the pages' Content-Security-Policy forbids eval)."""
        self.page.wait_for_function(predicate, timeout=timeout)

    def search(self, text):
        self.page.fill("#search", text)
        self.page.press("#search", "Enter")

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path))
        return path

    def close(self):
        self.context.close()
