"""Chinese numbers in curated figures: scales, numerals, exact decimals."""

from decimal import Decimal

import pytest

from kg.text.numbers import parse_number


@pytest.mark.parametrize("text, expected", [
    ("318.93亿", Decimal("31893000000")),
    ("530万", Decimal("5300000")),
    ("100万", Decimal("1000000")),
    ("1395", Decimal("1395")),
    ("48.3", Decimal("48.3")),
    ("0.125万", Decimal("1250")),
    ("八", Decimal("8")),
    ("十", Decimal("10")),
    ("一百零七", Decimal("107")),
    ("两万", Decimal("20000")),
    (1000, Decimal("1000")),
])
def test_parse_number(text, expected):
    assert parse_number(text) == expected


def test_decimals_stay_exact():
    assert str(parse_number("318.93亿")) == "31893000000"
    assert str(parse_number("1.05")) == "1.05"


@pytest.mark.parametrize("bad", ["abc", "十四五规划", "", True, "1.2.3"])
def test_not_a_number(bad):
    with pytest.raises(ValueError):
        parse_number(bad)
