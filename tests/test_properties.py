"""Property tests (hypothesis): offsets map back to the raw text for any input; the YAML reader
raises nothing but the project's own errors on any bytes."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.curation.yamlio import load_yaml
from kg.errors import CurationError
from kg.text.normalize import normalize_fragment, normalize_text

# Characters whose normalisation does not depend on their neighbours (OpenCC converts some
# characters by phrase, so a substring alone may convert differently from the same substring in
# context): Traditional and Simplified hanzi with one-to-one forms, ASCII, full-width forms,
# curly quotes, every kind of line end and space, the byte-order mark.
_HANZI = "區国國門门發发說说僑侨賦赋能工程市局長长李曦人才倍增江"
_OTHER = "ab XYZ019,.:;!?()[]\"'“”‘’「」【】（），。：１２Ａ\u3000\u00a0\t\r\n\ufeff"
_ALPHABET = st.sampled_from(list(_HANZI + _OTHER))
_RESIDUE = st.sampled_from(["(qū)", "(fā)", "(shuō)", "(wù)", "(QFLP)", "(B型)"])
_PIECE = st.one_of(_ALPHABET, _RESIDUE, st.just("\r\n"), st.just("首页 > 新闻\n"))
RAW = st.lists(_PIECE, max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(raw=RAW, residue=st.sets(st.sampled_from(["首页 > 新闻", "区发", "新闻"]), max_size=2))
def test_offsets_point_into_the_raw_text(raw, residue):
    doc = normalize_text(raw, residue)
    assert len(doc.offsets) == len(doc.text)
    assert list(doc.offsets) == sorted(doc.offsets)
    assert all(0 <= o < len(raw) for o in doc.offsets)
    for i, char in enumerate(doc.text):
        source = raw[doc.offsets[i]]
        assert source != "\ufeff"                      # the mark never reaches the text
        assert (char == " ") == source.isspace() or (char == " " and source in "\r\n")


@settings(max_examples=300, deadline=None)
@given(raw=RAW, data=st.data())
def test_every_span_of_the_text_maps_to_raw_text_that_normalises_to_it(raw, data):
    doc = normalize_text(raw)
    if not doc.text.strip():
        return
    start = data.draw(st.integers(0, len(doc.text) - 1))
    end = data.draw(st.integers(start + 1, len(doc.text)))
    raw_start, raw_end = doc.raw_span(start, end)
    assert normalize_fragment(raw[raw_start:raw_end]) == doc.text[start:end].strip()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(
    st.binary(max_size=300),
    st.lists(st.sampled_from(["a:", " b", "\n", "- ", "  ", "[", "]", "{", "}", ",", "&x ", "*x",
                              "!!python/object ", "\"\\ud800\"", "2022-02-30", ".nan", "'", "\"",
                              "? ", "<<: ", "|", ">", "#", "\t", "\x00", "\ufeff", "9" * 50,
                              "%YAML 1.1\n", "---\n", "..."]), max_size=40).map(
        lambda parts: "".join(parts).encode("utf-8", "surrogatepass"))))
def test_the_yaml_reader_raises_only_curation_errors(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.yaml"
        path.write_bytes(data)
        try:
            load_yaml(path)
        except CurationError as err:
            assert str(err).startswith(str(path))
            assert "\n" not in str(err)
