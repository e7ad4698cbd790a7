"""A document's metadata read from its text: the script, the publication date, residue lines,
authors and publisher from bylines, a title, and the jurisdiction it speaks for.

- **script**: Traditional when more than 2% of its Chinese characters change under OpenCC's
  Traditional → Simplified conversion;
- **date**: a 发布时间/发布日期/日期/时间 line, else the day after a 昨日(M月D日) (the year from the
  latest year the text names), else left as a to-do;
- **residue lines**: breadcrumbs (首页, 当前位置, ``>>``), lines of page furniture (责任编辑, 来源, 字号,
  打印, 分享), and short lines that repeat part of a breadcrumb;
- **authors**: bylines (南方日报记者 潘晓晨 → reporter, publisher 南方日报; 通讯员 … → correspondent)
  and names in brackets closing a paragraph ((陈敏锐 林喜凤) → reporters);
- **jurisdiction**: the city or county the text names most often.

>>> meta = read_metadata("发布时间:2022年08月12日\\n□南方日报记者 潘晓晨\\n通讯员 黄仕成 苏程佳\\n正文。")
>>> meta.date, meta.language, meta.publisher, [(a.name, a.role) for a in meta.authors]
(datetime.date(2022, 8, 12), 'zh-Hans', '南方日报', [('潘晓晨', 'reporter'), ('黄仕成', 'correspondent'), ('苏程佳', 'correspondent')])
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from kg.curation.model import Author
from kg.draft.glossary import COMPOUND_SURNAMES, SURNAMES
from kg.text.normalize import clean_quote, to_simplified

__all__ = ["DraftMeta", "read_metadata", "jurisdiction_code"]

_DATE_LINE = re.compile(r"(?:发布时间|发布日期|发稿时间|日期|时间)\s*[:：]?\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_YESTERDAY = re.compile(r"(昨日|昨天)\s*[(（]\s*(\d{1,2})月(\d{1,2})日")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
_BREADCRUMB = re.compile(r"首页|当前位置|现在的位置|>>|>\s|»")
_FURNITURE = ("责任编辑", "编辑:", "编辑：", "来源:", "来源：", "字号", "打印", "分享到", "关闭窗口", "扫一扫",
              "【大 中 小】", "浏览次数", "点击数")
_BYLINE = re.compile(r"([\u4e00-\u9fff]{0,8}?)(记者|通讯员|特约记者|实习生)\s*((?:[\u4e00-\u9fff]{2,3}\s*)+)")
_CLOSING = re.compile(r"[(（]((?:[\u4e00-\u9fff]{2,3}\s*){1,4})[)）]\s*$")


@dataclass
class DraftMeta:
    language: str
    date: dt.date | None
    date_note: str
    residue: list[str] = field(default_factory=list)
    authors: list[Author] = field(default_factory=list)
    publisher: str | None = None
    title: str = ""


def _script(text: str) -> str:
    chinese = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not chinese:
        return "zh-Hans"
    changed = sum(a != b for a, b in zip(chinese, to_simplified("".join(chinese))))
    return "zh-Hant" if changed > 0.02 * len(chinese) else "zh-Hans"


def _is_name(word: str) -> bool:
    simple = to_simplified(word)
    return 2 <= len(word) <= 3 and (simple[0] in SURNAMES or simple[:2] in COMPOUND_SURNAMES)


def _date(lines: list[str]) -> tuple[dt.date | None, str]:
    for line in lines:
        match = _DATE_LINE.search(line)
        if match:
            try:
                return dt.date(*map(int, match.groups())), f"The date is the text's line '{line.strip()}'."
            except ValueError:
                continue
    text = "\n".join(lines)
    match = _YESTERDAY.search(text)
    years = [int(y) for y in _YEAR.findall(text)]
    if match and years:
        try:
            day = dt.date(max(years), int(match.group(2)), int(match.group(3))) + dt.timedelta(days=1)
        except ValueError:
            return None, ""
        return day, (f"The date is the day after '{match.group(0)})' (the event the text reports as "
                     f"yesterday), in {max(years)}, the latest year the text names: check it.")
    return None, ""


def _residue(lines: list[str]) -> list[str]:
    found = []
    crumbs = [line for line in lines if _BREADCRUMB.search(line) and len(line) < 80]
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        if line in crumbs or stripped.startswith(_FURNITURE) or (
                len(stripped) <= 12 and any(stripped in c and stripped != c.strip() for c in crumbs)):
            stripped = " ".join(unicodedata.normalize("NFKC", stripped).split())
            if stripped not in found:
                found.append(stripped)
    return found


def _authors(lines: list[str]) -> tuple[list[Author], str | None]:
    authors: list[Author] = []
    publisher = None
    for line in lines:
        simple = unicodedata.normalize("NFKC", line).strip()
        for match in _BYLINE.finditer(simple):
            role = "correspondent" if match.group(2) == "通讯员" else "reporter"
            outlet = match.group(1).strip("□■ ")
            if outlet.endswith(("报", "社", "台", "网")) and publisher is None:
                publisher = outlet
            for name in match.group(3).split():
                if _is_name(name) and all(a.name != name for a in authors):
                    authors.append(Author(name, role))
        closing = _CLOSING.search(simple)
        if closing and len(simple) > 20:
            for name in closing.group(1).split():
                if _is_name(name) and all(a.name != name for a in authors):
                    authors.append(Author(name, "reporter"))
    return authors, publisher


def read_metadata(raw: str) -> DraftMeta:
    """What a document's text says about itself (see the module's documentation)."""
    lines = raw.replace("\ufeff", "").splitlines()
    date, note = _date(lines)
    residue = _residue(lines)
    authors, publisher = _authors(lines)
    first = next((line.strip() for line in lines if line.strip() and " ".join(
        unicodedata.normalize("NFKC", line).split()) not in residue and not _DATE_LINE.search(line)), "")
    title = clean_quote(first) if len(first) <= 60 and not first.endswith((":", "：")) else ""
    return DraftMeta(_script(raw), date, note, residue, authors, publisher, title)


def jurisdiction_code(codes: list[str]) -> str | None:
    """The city or county named most often (provinces and special administrative regions aside).

    >>> jurisdiction_code(["440700", "440000", "440700", "440781"])
    '440700'
    """
    counted = Counter(c for c in codes if not c.endswith("0000"))
    if not counted:
        return None
    return sorted(counted.items(), key=lambda item: (-item[1], item[0]))[0][0]
