"""Chinese numbers as they appear in curated figures: Arabic digits with scales, or numerals.

Values are exact decimals; scale words multiply (万 = 10^4, 亿 = 10^8).

>>> parse_number("318.93亿")
Decimal('31893000000')
>>> parse_number("1.5万")
Decimal('15000')
>>> parse_number("100万")
Decimal('1000000')
>>> parse_number("一千三百九十五")
Decimal('1395')
>>> parse_number("十四")
Decimal('14')
>>> parse_number(48.3)
Decimal('48.3')
>>> parse_number(float("nan"))
Traceback (most recent call last):
...
ValueError: not a finite number: nan
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = ["parse_number"]

_SCALES = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_ARABIC = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*([十百千万萬亿億]*)$")


def _numerals(text: str) -> int:
    """Chinese numerals: 亿 closes everything before it, 万 the part below 亿 (三亿五千万 is
    350,000,000, not (3亿 + 5000) × 1万).

    >>> _numerals("三亿五千万"), _numerals("一万二千"), _numerals("两千零五")
    (350000000, 12000, 2005)
    """
    hundred_millions = ten_thousands = section = digit = 0
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in ("亿", "億"):
            hundred_millions = (hundred_millions + ten_thousands + section + digit) * _SCALES[char]
            ten_thousands = section = digit = 0
        elif char in ("万", "萬"):
            ten_thousands = (ten_thousands + section + digit) * _SCALES[char]
            section = digit = 0
        elif char in _SCALES:
            section += (digit or 1) * _SCALES[char]
            digit = 0
        else:
            raise ValueError(char)
    return hundred_millions + ten_thousands + section + digit


def parse_number(value: object) -> Decimal:
    """Parse ``value`` (a YAML number or a string such as ``"530万"``) into an exact Decimal.

    Raises ``ValueError`` with the offending text when it is not a number.
    """
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
        if not number.is_finite():
            raise ValueError(f"not a finite number: {value!r}")
        return number
    text = str(value).strip().replace(",", "")
    if not text:
        raise ValueError(f"not a number: {value!r}")
    match = _ARABIC.match(text)
    try:
        if match:
            number = Decimal(match.group(1))
            for scale in match.group(2):
                number *= _SCALES[scale]
            return Decimal(int(number)) if number == number.to_integral() else number
        return Decimal(_numerals(text))
    except (ValueError, InvalidOperation):
        raise ValueError(f"not a number: {value!r}") from None
