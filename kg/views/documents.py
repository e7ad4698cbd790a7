"""The text of each source document as a page of its own, so that a quote opens in its context.

The graph page's evidence panel opens ``documents/<name>.html#START-END`` (the quote's code-point
offsets, as recorded by the build) and the page marks that passage and scrolls to it; a quote
without offsets is found by its words (``#q=QUOTE``). The text goes in escaped; the page loads
nothing.

>>> page = render_document(title="A <b>", date="2021-11-03", text="x<y", iri="kgr:doc-1")
>>> "x&lt;y" in page and "A &lt;b&gt;" in page and "<b>" not in page
True
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

__all__ = ["render_document"]


@lru_cache(maxsize=1)
def _template():
    environment = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                              autoescape=select_autoescape(["html"]))
    return environment.get_template("document.html")


def render_document(*, title: str, date: str, text: str, iri: str, language: str = "zh") -> str:
    """The page of one document's text (the caller writes it as UTF-8). Carriage returns are
    written as character references, which HTML parsing keeps, so offsets still count them."""
    kept = Markup(str(escape(text)).replace("\r", "&#13;"))  # noqa: S704 - escaped just now
    return _template().render(title=title, date=date, text=kept, iri=iri, language=language)
