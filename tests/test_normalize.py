"""Text normalisation: residue removal, script conversion, and offsets back into the raw text."""

from __future__ import annotations

import random
import re

import pytest

from kg.text.normalize import PINYIN_RESIDUE, clean_quote, normalize_fragment, normalize_text

from .conftest import SEEDS

TRADITIONAL = SEEDS / "documents" / "000_4221d1719c757f4b.txt"
SIMPLIFIED = SEEDS / "documents" / "001_a1366d450c5a1b76.txt"
# The stop-hook's definition: lowercase Latin letters (tone marks allowed) bracketed after a hanzi.
ANY_RESIDUE = re.compile(r"[\u4e00-\u9fff]\([a-z\u00c0-\u024f]+\)")


def test_every_residue_pattern_in_the_seed_is_recognised():
    raw = TRADITIONAL.read_text(encoding="utf-8")
    seen = {m.group(0) for m in ANY_RESIDUE.finditer(raw)}
    assert len({s[0] for s in seen}) == 40  # the seed README: 40 distinct characters carry residue
    assert all(PINYIN_RESIDUE.search(s) for s in seen)
    assert any(re.search("[āáǎàēéěèīíǐìōóǒòūúǔù]", s) for s in seen)  # tone marks occur


def test_no_residue_survives_normalisation():
    doc = normalize_text(TRADITIONAL.read_text(encoding="utf-8"))
    assert not ANY_RESIDUE.search(doc.text)
    assert "区" in doc.text and "區" not in doc.text


def test_bracketed_words_that_are_not_residue_are_kept():
    doc = normalize_text(TRADITIONAL.read_text(encoding="utf-8"))
    for kept in ("(QFLP)", "(B型)", "(江门)", "(珠西)", "(11月2日)"):
        assert kept in doc.text


def test_web_page_residue_lines_are_dropped_but_text_is_kept():
    raw = SIMPLIFIED.read_text(encoding="utf-8")
    doc = normalize_text(raw, {"您现在的位置是首页 >> 政声传递", "政声传递"})
    assert "您现在的位置" not in doc.text
    assert not doc.text.rstrip().endswith("政声传递")
    assert "“政声传递”" not in raw  # the words occur only as residue lines in this document
    assert doc.text.startswith("陈岸明接受南方日报专访")


@pytest.mark.parametrize("path", [TRADITIONAL, SIMPLIFIED])
def test_offsets_map_every_span_back_to_the_raw_text(path):
    raw = path.read_text(encoding="utf-8")
    doc = normalize_text(raw)
    assert len(doc.offsets) == len(doc.text)
    assert list(doc.offsets) == sorted(doc.offsets)  # order is kept
    rng = random.Random(7)
    for _ in range(300):
        start = rng.randrange(0, len(doc.text) - 1)
        end = rng.randrange(start + 1, min(len(doc.text), start + 40) + 1)
        raw_start, raw_end = doc.raw_span(start, end)
        assert normalize_fragment(raw[raw_start:raw_end]) == doc.text[start:end].strip()


def test_offsets_count_code_points_not_bytes():
    doc = normalize_text("江門市(shì)人才")
    start = doc.text.index("人才")
    assert doc.raw_span(start, start + 2) == (8, 10)  # 3 characters + 5 of residue '(shì)' before it


def test_clean_quote_keeps_script_and_drops_residue():
    assert clean_quote("合作區(qū)建設(shè)") == "合作區建設"


def test_punctuation_and_space_are_normalised():
    assert normalize_fragment("“六大工程”，全力以赴：") == '"六大工程",全力以赴:'
    assert normalize_fragment("凝聚僑心  匯集僑智") == "凝聚侨心 汇集侨智"
