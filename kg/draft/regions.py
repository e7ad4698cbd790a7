"""A gazetteer of GB/T 2260 administrative divisions, with their codes and containment, from the
data file ``kg/draft/data/gbt2260.tsv`` (its header names the source and licence).

Each division is known by its full name (江门市) and, where the rest is still a name of two or
more characters, by its short form without the level word (江门; 广东 for 广东省; 香港 for
香港特别行政区). Short forms shared by several divisions are resolved by the document's
jurisdiction (a division within the same province wins), else left out.

>>> gazetteer = load_divisions()
>>> gazetteer.divisions["440703"]
Division(code='440703', name='蓬江区', short='蓬江')
>>> gazetteer.parent("440703"), gazetteer.parent("440700"), gazetteer.parent("440000")
('440700', '440000', None)
>>> [d.code for d in gazetteer.named("江门")]
['440700']
>>> division_slug("蓬江区"), division_slug("香港特别行政区")
('pengjiang', 'xianggang')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.text.labels import name_pinyin

__all__ = ["Division", "Divisions", "load_divisions", "division_slug", "DATA_FILE"]

DATA_FILE = Path(__file__).resolve().parent / "data" / "gbt2260.tsv"
_LEVEL_WORDS = re.compile(r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|地区|盟|省|市|区|县|旗)$")
#: Short forms that are ordinary words more often than places.
_COMMON_WORDS = {"城区", "新区", "郊区", "矿区", "市中", "河东", "河西", "城中", "城关", "新城", "开发", "高新",
                 "长安", "和平", "向阳", "新华", "铁西", "铁东", "东区", "西区", "南区", "北区", "中区",
                 "江海", "海城", "白云", "东城", "西城", "南山", "北山", "中山", "平安", "永安", "长城"}


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    short: str | None  # the name without its level word, when that is still a name


class Divisions:
    """Divisions by code and by name (full and short)."""

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        self.divisions: dict[str, Division] = {}
        self.by_name: dict[str, list[str]] = {}
        for code, name in rows:
            short = _LEVEL_WORDS.sub("", name)
            short = short if len(short) >= 2 and short != name and short not in _COMMON_WORDS else None
            self.divisions[code] = Division(code, name, short)
            for form in filter(None, (name, short)):
                self.by_name.setdefault(form, []).append(code)

    def parent(self, code: str) -> str | None:
        """The division a division lies within, by its code."""
        for candidate in (code[:4] + "00", code[:2] + "0000"):
            if candidate != code and candidate in self.divisions:
                return candidate
        return None

    def province(self, code: str) -> str:
        return code[:2] + "0000"

    def named(self, name: str, near: str | None = None) -> list[Division]:
        """The divisions a name may designate; with ``near`` (a code), those of the same province
        when the name is shared."""
        codes = self.by_name.get(name, [])
        if len(codes) > 1 and near:
            same = [c for c in codes if self.province(c) == self.province(near)]
            codes = same or codes
        return [self.divisions[c] for c in codes]

    def names(self) -> list[str]:
        return sorted(self.by_name)


@lru_cache(maxsize=1)
def load_divisions(path: Path = DATA_FILE) -> Divisions:
    """The gazetteer of the data file (cached)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")
            rows.append((code, name))
    return Divisions(rows)


def division_slug(name: str) -> str:
    """A readable id for a division: the pinyin of its short form, without tones or spaces."""
    import unicodedata

    short = _LEVEL_WORDS.sub("", name) or name
    short = short if len(short) >= 2 else name
    bare = unicodedata.normalize("NFKD", name_pinyin(short))
    return "".join(c for c in bare if c.isascii() and c.isalnum()).lower()
