"""Find each statement's quote in its document and record where it is.

A quote is matched after both it and the document are normalised the same way (script, punctuation,
converter residue), so a curator may paste it in either script. Offsets count Unicode code points.

>>> from kg.text.normalize import normalize_text
>>> doc = normalize_text("市人才工作局局長李曦說,要引進人才。")
>>> span = locate_quote(doc, "人才工作局局长李曦")
>>> (span.start, span.end, span.raw_start, span.raw_end, span.exact)
(1, 10, 1, 10, '人才工作局局長李曦')
>>> nearest_match(doc, "人才工作局局長李西")
'人才工作局局长李曦'
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from kg.curation.model import DocumentCuration, Statement
from kg.errors import QuoteNotFoundError
from kg.text.normalize import NormalizedText, clean_quote, normalize_fragment, normalize_text

__all__ = ["QuoteSpan", "locate_quote", "nearest_match", "resolve_quotes", "residue_warnings"]


@dataclass(frozen=True)
class QuoteSpan:
    """Where a quote sits: in the normalised text and in the raw file (half-open, code points)."""

    start: int
    end: int
    raw_start: int
    raw_end: int
    exact: str  # the raw span without converter residue: the words a researcher cites
    normalized: str


def locate_quote(doc: NormalizedText, quote: str) -> QuoteSpan | None:
    """The first occurrence of ``quote`` in ``doc``, or ``None``."""
    needle = normalize_fragment(quote)
    if not needle:
        return None
    start = doc.text.find(needle)
    if start < 0:
        return None
    end = start + len(needle)
    raw_start, raw_end = doc.raw_span(start, end)
    return QuoteSpan(start, end, raw_start, raw_end, clean_quote(doc.raw[raw_start:raw_end]),
                     needle)


def nearest_match(doc: NormalizedText, quote: str) -> str:
    """The stretch of ``doc`` most like ``quote`` (for the error message when it is not found)."""
    needle = normalize_fragment(quote)
    matcher = difflib.SequenceMatcher(None, doc.text, needle, autojunk=False)
    block = matcher.find_longest_match(0, len(doc.text), 0, len(needle))
    start = max(0, block.a - block.b)
    best = doc.text[start:start + len(needle)]
    best_ratio = difflib.SequenceMatcher(None, best, needle, autojunk=False).ratio()
    for offset in range(max(0, start - len(needle)), min(len(doc.text), start + len(needle)) + 1):
        window = doc.text[offset:offset + len(needle)]
        ratio = difflib.SequenceMatcher(None, window, needle, autojunk=False).ratio()
        if ratio > best_ratio:
            best, best_ratio = window, ratio
    return best


def resolve_quotes(document: DocumentCuration) -> tuple[NormalizedText, list[tuple[Statement, QuoteSpan]]]:
    """Normalise a document and locate every statement's quote; a miss raises with the nearest match."""
    normalized = normalize_text(document.raw_text, set(document.meta.residue_lines))
    resolved = []
    for statement in document.statements:
        span = locate_quote(normalized, statement.quote)
        if span is None:
            near = nearest_match(normalized, statement.quote)
            raise QuoteNotFoundError(
                f"quote not found in {document.meta.text_path}: '{statement.quote}'; "
                f"nearest match: '{near}'", file=statement.where.file, line=statement.where.line,
                hint="copy the quote verbatim from the document (either script is fine)")
        resolved.append((statement, span))
    return normalized, resolved


def residue_warnings(document: DocumentCuration, normalized: NormalizedText) -> list[str]:
    """One line per ``residue_lines`` entry that matches no line of the text (a typo, most often:
    the line it was meant to drop is still matched against quotes)."""
    where = document.meta.residue_where
    prefix = f"{where.file}:{where.line}: " if where else ""
    return [f"{prefix}residue line {line!r} matches no line of {document.meta.text_path} "
            "(fix: copy the whole line from the text, or remove it from residue_lines)"
            for line in normalized.unused_residue]
