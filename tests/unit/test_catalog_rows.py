"""Validation and normalisation of one catalog record."""

from __future__ import annotations

from typing import Any

import pytest

from sakesensei.services.catalog_rows import canonical_columns, read_entry

BASE = {
    "name": "獺祭 純米大吟醸 45",
    "brewery": "旭酒造",
    "prefecture": "山口",
    "category": "純米大吟醸",
}


def entry(**fields: Any):  # type: ignore[no-untyped-def]
    record, problems = read_entry(7, {**BASE, **fields})
    assert problems == [], problems
    assert record is not None
    return record


def problems(**fields: Any) -> dict[str, str]:
    record, found = read_entry(7, {**BASE, **fields})
    assert record is None
    assert all(p.line == 7 for p in found)
    return {p.field: p.reason for p in found}


def test_the_four_required_fields_are_enough() -> None:
    record = entry()
    assert record.brewery.prefecture == "山口県"
    assert record.sake.price_yen is None and record.sake.abv is None
    assert record.sake.pairings == () and record.sake.flavor.sweetness is None


@pytest.mark.parametrize("missing", ["name", "brewery", "prefecture", "category"])
def test_each_required_field_is_named_when_missing(missing: str) -> None:
    assert problems(**{missing: "  "}) == {missing: "is required and missing"}


@pytest.mark.parametrize(
    ("field", "raw", "expected"),
    [
        ("price_yen", "1,980円", 1980),
        ("price_yen", "¥3,300", 3300),
        ("price_yen", 2200, 2200),
        ("volume_ml", "720ml", 720),
        ("volume_ml", "1.8L", 1800),
        ("volume_ml", "1升", 1800),
        ("volume_ml", "4合", 720),
        ("abv", "16%", 16.0),
        ("abv", "15度以上16度未満", 15.5),
        ("abv", "15-16", 15.5),
        ("smv", "+3", 3.0),
        ("smv", "-2.5", -2.5),
        ("smv", "±0", 0.0),
        ("polishing_ratio", "45%", 45),
    ],
)
def test_numbers_are_read_as_real_files_write_them(field: str, raw: Any, expected: float) -> None:
    sake = entry(**{field: raw}).sake
    assert getattr(sake, field) == expected


@pytest.mark.parametrize(
    ("field", "raw", "fragment"),
    [
        ("abv", "80", "out of range (0-25%)"),
        ("price_yen", "-1", "out of range"),
        ("polishing_ratio", "120", "out of range"),
        ("sweetness", "7", "out of range (1-5)"),
        ("abv", "strong", "is not a number"),
        ("volume_ml", "720.5", "whole number"),
        ("brewery_founded", "3000", "out of range"),
        ("abv", float("inf"), "is not a number"),
        ("abv", float("nan"), "is not a number"),
        ("price_yen", 10**400, "is not a number"),
        ("smv", "1e999", "is not a number"),
    ],
)
def test_bad_values_name_the_field_and_the_reason(field: str, raw: str, fragment: str) -> None:
    found = problems(**{field: raw})
    assert fragment in found[field]


def test_every_problem_in_a_record_is_reported_at_once() -> None:
    found = problems(abv="80", price_yen="-1", prefecture="Atlantis")
    assert set(found) == {"abv", "price_yen", "prefecture"}
    assert "'Atlantis' is not a Japanese prefecture" in found["prefecture"]


def test_lists_and_pairings_from_csv_cells() -> None:
    sake = entry(
        tags="生酒|nigori",
        aroma="Fruity, Melon",
        temperature="花冷え|ぬる燗",
        pairings="鯛の刺身: clean and light | 天ぷら - crisp batter; 冷奴",
    ).sake
    assert sake.tags == ("生酒", "にごり")
    assert sake.flavor.aroma == ("fruity", "melon")
    assert sake.temperatures == ("花冷え", "ぬる燗")
    assert [(p.dish, p.why) for p in sake.pairings] == [
        ("鯛の刺身", "clean and light"),
        ("天ぷら", "crisp batter"),
        ("冷奴", ""),
    ]


def test_pairings_as_json_in_a_cell() -> None:
    sake = entry(pairings='[{"dish": "唐揚げ", "why": "fat meets acidity"}]').sake
    assert sake.pairings[0].why == "fat meets acidity"


def test_style_words_in_the_category_join_the_tags() -> None:
    sake = entry(category="山廃純米酒", tags=["生酒"]).sake
    assert sake.category == "純米"
    assert sake.tags == ("生酒", "山廃")
    assert sake.category_original == "山廃純米酒"


def test_nested_flavor_and_brewery_objects_are_read() -> None:
    raw = {
        "name": "X",
        "category": "純米",
        "flavor": {"sweetness": 2, "acidity": 3, "body": 4, "aroma": ["rice"]},
        "brewery": {"name": "某酒造", "prefecture": "Niigata", "city": "新潟市", "founded": 1850},
    }
    fields, unknown = canonical_columns(raw)
    record, found = read_entry(1, fields)
    assert found == [] and unknown == []
    assert record is not None
    assert (record.sake.flavor.sweetness, record.sake.flavor.acidity, record.sake.flavor.body) == (
        2,
        3,
        4,
    )
    assert (record.brewery.prefecture, record.brewery.city, record.brewery.founded) == (
        "新潟県",
        "新潟市",
        1850,
    )


def test_header_aliases_and_unknown_columns() -> None:
    fields, unknown = canonical_columns(
        {"Sake Name": "X", "Brewery Name": "Y", "Price": "1000", "colour": "gold"}
    )
    assert fields == {"name": "X", "brewery": "Y", "price_yen": "1000"}
    assert unknown == ["colour"]
