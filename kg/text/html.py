"""The text of a saved web page: the raw HTML is kept byte for byte; its main text is extracted
with trafilatura (the ``draft`` extra) and is what quotes are matched in.

Offsets of a document saved as ``.html`` count code points of this *extracted* text, not of the
HTML: the extraction is a pure function of the file's bytes and the trafilatura version, so the
same file always gives the same text (the build's cache key includes that version).

The bytes are decoded with the charset the page declares (``<meta charset>`` or a
``Content-Type`` meta tag; GB2312 and GBK are read as their superset GB18030), else UTF-8; bytes
that are not valid in that encoding are an error naming the byte offset, never guessed around.

>>> page = '<html><head><meta charset="utf-8"></head><body><article><p>市委提出加快建设港湾产业园。</p></article></body></html>'
>>> extract_html_text(page.encode("utf-8"))
'市委提出加快建设港湾产业园。'
>>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
'gb18030'
>>> extract_html_text('<meta charset="utf-8"><p>标题</p>'.encode("gb18030"))
Traceback (most recent call last):
...
ValueError: not valid utf-8 (as the page declares) at byte 25
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

__all__ = ["extract_html_text", "declared_charset", "extractor_version", "HTML_SUFFIXES"]

#: File suffixes read as saved web pages.
HTML_SUFFIXES = (".html", ".htm")

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}


def declared_charset(data: bytes) -> str:
    """The encoding a page declares in its first 4 kB (normalised), else ``utf-8``."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8"
    match = _CHARSET.search(data[:4096])
    if not match:
        return "utf-8"
    name = match.group(1).decode("ascii", "replace").lower()
    try:
        name = codecs.lookup(name).name
    except LookupError:
        raise ValueError(f"the page declares an unknown charset {name!r}") from None
    return _SUPERSETS.get(name, _SUPERSETS.get(match.group(1).decode("ascii").lower(), name))


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """The trafilatura version (part of a document's cache key), or ``none``."""
    try:
        from importlib.metadata import version

        return version("trafilatura")
    except Exception:  # noqa: BLE001 — not installed: the build says so when a page needs it
        return "none"


def extract_html_text(data: bytes) -> str:
    """The main text of a saved page, one paragraph per line (raises ``ValueError`` when the
    bytes do not decode or no text is found, ``ImportError`` without trafilatura)."""
    encoding = declared_charset(data)
    try:
        html = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise ValueError(f"not valid {encoding} (as the page declares) at byte {err.start}") from None
    html = html.removeprefix("\ufeff")
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=True,
                               include_links=False, include_images=False, deduplicate=False,
                               with_metadata=False, output_format="txt")
    if not text or not text.strip():
        raise ValueError("no main text found in the page")
    return text
