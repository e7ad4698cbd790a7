"""Content negotiation for the endpoint: the ``Accept`` header, parsed strictly, and the format.

The header is parsed in the HTTP thread, so that a malformed one gets a 400 at once; the format
is chosen in the query worker, once the result shows whether the query was a SELECT, an ASK, or
a CONSTRUCT/DESCRIBE.
"""

from __future__ import annotations

import re

__all__ = ["ACCEPT_FORMATS", "parse_accept", "choose_format", "negotiate"]

#: Media types the endpoint can answer with, and the results format of each.
ACCEPT_FORMATS = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
    "text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "jsonld",
}
_GRAPH_FORMATS = ("turtle", "nt", "jsonld")
_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_MEDIA = re.compile(rf"{_TOKEN}/{_TOKEN}")
_PARAMETER = re.compile(rf"({_TOKEN})\s*=\s*({_TOKEN}|\"(?:[^\"\\]|\\.)*\")")
_QUALITY = re.compile(r"0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?")


def parse_accept(header: str | None) -> list[str]:
    """The media types of an ``Accept`` header, best first (ties keep their order); types with
    ``q=0`` are left out. Raise :class:`ValueError`, saying what is wrong, if it is malformed.

    >>> parse_accept("text/csv;q=0.5, application/sparql-results+json")
    ['application/sparql-results+json', 'text/csv']
    >>> parse_accept(None)
    []
    >>> parse_accept("text/csv;q=abc")
    Traceback (most recent call last):
    ...
    ValueError: 'q=abc' is not a quality value between 0 and 1
    """
    ranked = []
    for position, part in enumerate((header or "").split(",")):
        part = part.strip()
        if not part:
            continue
        media, *parameters = (field.strip() for field in part.split(";"))
        if not _MEDIA.fullmatch(media):
            raise ValueError(f"{media[:60]!r} is not a media type")
        quality = 1.0
        for parameter in parameters:
            match = _PARAMETER.fullmatch(parameter)
            if not match:
                raise ValueError(f"{parameter[:60]!r} is not a media type parameter")
            if match.group(1).lower() == "q":
                if not _QUALITY.fullmatch(match.group(2)):
                    raise ValueError(f"{parameter[:60]!r} is not a quality value between 0 and 1")
                quality = float(match.group(2))
        if quality > 0:
            ranked.append((-quality, position, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def choose_format(accepted: list[str], kind: str, explicit: str | None = None) -> str:
    """The results format for media types in order of preference and a query form.

    ``kind`` is ``select``, ``ask``, ``construct`` or ``describe``; ``explicit`` (the ``format``
    parameter) wins when it fits the form. Without a usable type: JSON, or Turtle for graphs.

    >>> choose_format(["text/csv"], "select"), choose_format(["text/csv"], "construct")
    ('csv', 'turtle')
    """
    graph = kind in ("construct", "describe")
    allowed = _GRAPH_FORMATS if graph else ("json", "xml") if kind == "ask" else ("json", "xml",
                                                                                  "csv", "tsv")
    if explicit in allowed:
        return explicit
    for media in accepted:
        fmt = ACCEPT_FORMATS.get(media)
        if fmt in allowed:
            return fmt
    return "turtle" if graph else "json"


def negotiate(accept: str | None, kind: str, explicit: str | None = None) -> str:
    """The results format for an ``Accept`` header and a query form.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+json", "select")
    'json'
    >>> negotiate(None, "construct")
    'turtle'
    >>> negotiate("*/*", "ask")
    'json'
    """
    return choose_format(parse_accept(accept), kind, explicit)
