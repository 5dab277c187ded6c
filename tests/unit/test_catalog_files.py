"""Reading catalog files: encodings, formats and the lines records start on."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from sakesensei.domain.errors import UnreadableFile
from sakesensei.services.catalog_files import decode, parse_catalog_text, read_catalog_file

CSV = "name,brewery,prefecture,category\n獺祭,旭酒造,山口,純米大吟醸\n"


def test_utf8_with_and_without_bom() -> None:
    assert decode(CSV.encode()) == (CSV, "utf-8")
    assert decode(codecs.BOM_UTF8 + CSV.encode()) == (CSV, "utf-8-sig")


def test_shift_jis_is_detected_and_read() -> None:
    text, encoding = decode(CSV.encode("cp932"))
    assert encoding == "shift_jis"
    assert "獺祭" in text


def test_utf16_with_bom() -> None:
    assert decode(CSV.encode("utf-16"))[0] == CSV


def test_undecodable_bytes_are_refused_with_the_line() -> None:
    data = CSV.encode() + b"\xff\xfe\xfd broken\n"
    with pytest.raises(UnreadableFile, match=r"neither UTF-8 nor Shift_JIS.*line 3"):
        decode(data)


def test_binary_is_refused() -> None:
    with pytest.raises(UnreadableFile, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00")


def test_csv_records_know_their_first_line_even_after_multiline_cells() -> None:
    text = 'name,brewery,prefecture,category,description\nA,B,山口,純米,"one\ntwo"\n\nC,D,山口,純米,x\n'
    raw = parse_catalog_text(text, "utf-8", ".csv")
    assert [(r.line, r.fields["name"]) for r in raw.records] == [(2, "A"), (5, "C")]


def test_json_records_know_their_lines() -> None:
    text = '[\n  {"name": "A"},\n\n  {\n    "name": "B"\n  }\n]\n'
    raw = parse_catalog_text(text, "utf-8", ".json")
    assert [(r.line, r.fields["name"]) for r in raw.records] == [(2, "A"), (4, "B")]


def test_json_with_breweries_and_sakes() -> None:
    text = '{\n "breweries": [\n  {"name": "B", "prefecture": "山口県"}\n ],\n "sakes": [\n  {"name": "A"}\n ]\n}'
    raw = parse_catalog_text(text, "utf-8", ".json")
    assert raw.records[0].line == 6
    assert raw.breweries[0].line == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"name": "A"},', "not valid JSON"),
        ('{"name": "A"}', 'an object with a "sakes" list'),
        ('"just a string"', "a list of objects"),
        ("[1, 2]", r"item 1 \(line 1\) is not an object"),
        ("", "empty"),
    ],
)
def test_malformed_json_is_refused_whole(text: str, message: str) -> None:
    with pytest.raises(UnreadableFile, match=message):
        parse_catalog_text(text, "utf-8", ".json")


def test_csv_with_a_broken_quote_is_refused_whole() -> None:
    with pytest.raises(UnreadableFile, match="breaks at line"):
        parse_catalog_text('name,brewery\n"A,B\n', "utf-8", ".csv")


def test_tab_separated_files_are_recognised(tmp_path: Path) -> None:
    path = tmp_path / "c.tsv"
    path.write_text("name\tbrewery\tprefecture\tcategory\nA\tB\t山口\t純米\n", encoding="utf-8")
    assert read_catalog_file(path).records[0].fields["brewery"] == "B"


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="no such file"):
        read_catalog_file(tmp_path / "nope.csv")
