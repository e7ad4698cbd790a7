"""Labels in pinyin, generated with pypinyin.

Person names follow the usual orthography (surname, then the given name as one word), with a
table of surnames whose reading differs from the common reading of the character.

>>> person_pinyin("李曦")
'Lǐ Xī'
>>> person_pinyin("陈岸明")
'Chén Ànmíng'
>>> person_pinyin("单雄")
'Shàn Xióng'
>>> name_pinyin("江门国家高新区")
'jiāng mén guó jiā gāo xīn qū'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["person_pinyin", "name_pinyin", "name_key"]

#: Surnames read differently from the character's common reading, and two-character surnames.
SURNAME_READINGS = {
    "单": "Shàn", "曾": "Zēng", "区": "Ōu", "解": "Xiè", "仇": "Qiú", "朴": "Piáo", "查": "Zhā",
    "盖": "Gě", "乐": "Yuè", "覃": "Qín", "翟": "Zhái", "缪": "Miào", "种": "Chóng", "秘": "Bì",
    "任": "Rén", "沈": "Shěn", "纪": "Jǐ", "华": "Huà", "葛": "Gě", "薄": "Bó", "尉": "Wèi",
    "褚": "Chǔ", "莘": "Shēn", "员": "Yùn", "阚": "Kàn", "宓": "Fú", "折": "Shé", "祭": "Zhài",
    "欧阳": "Ōuyáng", "司马": "Sīmǎ", "诸葛": "Zhūgě", "上官": "Shàngguān", "司徒": "Sītú",
    "尉迟": "Yùchí", "长孙": "Zhǎngsūn", "万俟": "Mòqí", "皇甫": "Huángfǔ", "令狐": "Linghú",
}


def _syllables(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin  # half a second of dictionaries: only when needed

    return lazy_pinyin(text, style=Style.TONE, errors="default")


def name_pinyin(text: str) -> str:
    """Pinyin with tone marks, one syllable per character, for names of things."""
    return " ".join(s.strip() for s in _syllables(text) if s.strip())


def _capitalise(word: str) -> str:
    return word[:1].upper() + word[1:]


def person_pinyin(name: str) -> str:
    """Pinyin of a Chinese personal name: ``Surname Givenname``, tone marks kept."""
    for length in (2, 1):
        surname = name[:length]
        if surname in SURNAME_READINGS and len(name) > length:
            given = "".join(_syllables(name[length:]))
            return f"{SURNAME_READINGS[surname]} {_capitalise(given)}"
    syllables = _syllables(name)
    if len(syllables) < 2:
        return _capitalise("".join(syllables))
    return f"{_capitalise(syllables[0])} {_capitalise(''.join(syllables[1:]))}"


_SEPARATORS = re.compile(r"[\s\-_·•.,'\"“”()（）]")


def name_key(text: str) -> str:
    """The key names are matched by: NFKC, Simplified, case-folded, tone marks and separators
    removed, so that 莊春維, 庄春维, Zhuang Chunwei and Zhuāng Chūnwéi meet.

    >>> name_key("Zhuāng Chūnwéi") == name_key("zhuang-chunwei"), name_key("莊春維") == name_key("庄春维")
    (True, True)
    """
    from kg.text.normalize import to_simplified

    simplified = to_simplified(unicodedata.normalize("NFKC", text))
    bare = "".join(c for c in unicodedata.normalize("NFKD", simplified) if not unicodedata.combining(c))
    return _SEPARATORS.sub("", bare.casefold())
