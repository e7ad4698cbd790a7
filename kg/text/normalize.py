"""Normalise a source text for matching, keeping a map from every character back to the raw text.

The raw bytes are never changed. Normalisation, in order:

1. drop web-page residue lines named in the document's metadata (breadcrumbs, section tags)
   and the byte-order mark (U+FEFF) wherever it occurs;
2. drop pinyin-in-brackets residue left by a republishing site's converter (``區(qū)`` → ``區``);
3. Unicode NFKC (full-width punctuation and digits become ASCII);
4. Traditional → Simplified with OpenCC (``t2s``);
5. curly quotes and brackets to ASCII, whitespace runs to one space.

Each normalised character keeps the code-point offset of the raw character it came from, so a quote
found in the normalised text has exact positions in the raw file.

>>> doc = normalize_text("他說:“僑都賦(fù)能”工程。")
>>> doc.text
'他说:"侨都赋能"工程。'
>>> start = doc.text.index("侨都赋能")
>>> doc.raw_span(start, start + 4)
(4, 12)
>>> doc.raw[4:12]
'僑都賦(fù)能'
>>> clean_quote(doc.raw[4:12])
'僑都賦能'

Offsets count the code points of the raw file as stored, a byte-order mark and carriage
returns included:

>>> doc = normalize_text("\\ufeff第一行\\r\\n第二行")
>>> doc.text
'第一行 第二行'
>>> doc.raw_span(4, 7), doc.raw[6:9]
((6, 9), '第二行')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["NormalizedText", "normalize_text", "normalize_fragment", "clean_quote",
           "PINYIN_RESIDUE", "to_simplified", "SCRIPTS"]

#: The scripts a document may be written in (BCP 47 tags), the ones normalisation knows.
SCRIPTS = ("zh-Hans", "zh-Hant")

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_PINYIN_LETTERS = "a-zāáǎàēéěèêīíǐìōóǒòūúǔùǖǘǚǜü"
#: A bracketed run of lowercase pinyin (tone marks allowed) right after a Chinese character.
PINYIN_RESIDUE = re.compile(rf"(?<=[{_CJK}])\([{_PINYIN_LETTERS}]+\)")
_BOM = re.compile("\ufeff")

_PUNCTUATION = str.maketrans({
    "“": '"', "”": '"', "„": '"', "‟": '"', "「": '"', "」": '"', "『": '"', "』": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'",
    "【": "[", "】": "]", "〔": "(", "〕": ")",
})
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert Traditional characters to Simplified with OpenCC (phrase-aware).

    >>> to_simplified("江門國家高新區")
    '江门国家高新区'
    """
    return _converter().convert(text)


@dataclass(frozen=True)
class NormalizedText:
    """A raw text, its normalised form, and the offset of each normalised character in the raw."""

    raw: str
    text: str
    offsets: tuple[int, ...]
    unused_residue: tuple[str, ...] = ()  # residue lines named but not found in the text

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of :attr:`text` to the half-open span of :attr:`raw` it came from."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside 0:{len(self.text)}")
        return self.offsets[start], self.offsets[end - 1] + 1


def _line_key(line: str) -> str:
    """A line compared width- and whitespace-insensitively (web pages use no-break spaces)."""
    return " ".join(unicodedata.normalize("NFKC", line).split())


def _drop_lines(raw: str, residue_lines: frozenset[str]) -> tuple[str, list[int], tuple[str, ...]]:
    chars: list[str] = []
    index: list[int] = []
    pos = 0
    residue = {_line_key(line): line for line in residue_lines}
    used = set()
    for line in raw.splitlines(keepends=True):
        key = _line_key(line.replace("\ufeff", ""))
        if key in residue:
            used.add(key)
        else:
            chars.extend(line)
            index.extend(range(pos, pos + len(line)))
        pos += len(line)
    unused = tuple(sorted(residue[k] for k in residue if k not in used))
    return "".join(chars), index, unused


def _drop_pattern(text: str, index: list[int], pattern: re.Pattern) -> tuple[str, list[int]]:
    keep = [True] * len(text)
    for match in pattern.finditer(text):
        for i in range(match.start(), match.end()):
            keep[i] = False
    return ("".join(c for c, k in zip(text, keep) if k),
            [i for i, k in zip(index, keep) if k])


def _per_char(text: str, index: list[int], convert) -> tuple[str, list[int]]:
    chars: list[str] = []
    new_index: list[int] = []
    for char, origin in zip(text, index):
        out = convert(char)
        chars.append(out)
        new_index.extend([origin] * len(out))
    return "".join(chars), new_index


def _simplify(text: str, index: list[int]) -> tuple[str, list[int]]:
    whole = to_simplified(text)
    if len(whole) == len(text):
        return whole, index
    return _per_char(text, index, to_simplified)  # phrase conversion changed lengths: go char by char


def _collapse_space(text: str, index: list[int]) -> tuple[str, list[int]]:
    chars: list[str] = []
    new_index: list[int] = []
    pos = 0
    for match in _SPACE.finditer(text):
        chars.append(text[pos:match.start()])
        new_index.extend(index[pos:match.start()])
        chars.append(" ")
        new_index.append(index[match.start()])
        pos = match.end()
    chars.append(text[pos:])
    new_index.extend(index[pos:])
    return "".join(chars), new_index


def _normalise(text: str, index: list[int]) -> tuple[str, list[int]]:
    text, index = _drop_pattern(text, index, _BOM)
    text, index = _drop_pattern(text, index, PINYIN_RESIDUE)
    text, index = _per_char(text, index, lambda c: unicodedata.normalize("NFKC", c))
    text, index = _simplify(text, index)
    text, index = _per_char(text, index, lambda c: c.translate(_PUNCTUATION))
    return _collapse_space(text, index)


def normalize_text(raw: str, residue_lines: frozenset[str] | set[str] = frozenset()) -> NormalizedText:
    """Normalise a whole document; ``residue_lines`` are whole lines to drop (web-page residue)."""
    text, index, unused = _drop_lines(raw, frozenset(residue_lines))
    text, index = _normalise(text, index)
    return NormalizedText(raw=raw, text=text, offsets=tuple(index), unused_residue=unused)


def normalize_fragment(fragment: str) -> str:
    """Normalise a quote or label exactly as documents are normalised, trimmed.

    >>> normalize_fragment(" 市人才工作局局長李曦 ")
    '市人才工作局局长李曦'
    """
    text, _ = _normalise(fragment, list(range(len(fragment))))
    return text.strip()


def clean_quote(raw_span: str) -> str:
    """The verbatim quote as a researcher cites it: the raw span with converter residue removed."""
    return PINYIN_RESIDUE.sub("", raw_span)
