"""The catalog that ships with the product: big enough, complete, and valid."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest

from sakesensei.domain.catalog import AROMAS, TEMPERATURES
from sakesensei.domain.grades import GRADES, STYLE_TAGS
from sakesensei.domain.prefectures import PREFECTURE_NAMES
from sakesensei.services.catalog_files import parse_catalog_text
from sakesensei.services.catalog_import import validate
from sakesensei.services.shipped_catalog import shipped_files


def _documents() -> list[dict[str, Any]]:
    return [json.loads(f.read_text(encoding="utf-8")) for f in shipped_files()]


SAKES = [s for d in _documents() for s in d["sakes"]]
BREWERIES = [b for d in _documents() for b in d["breweries"]]
HIRAGANA = re.compile(r"^[\u3041-\u3096ー\s]+$")


def test_size_targets() -> None:
    prefectures = {b["prefecture"] for b in BREWERIES}
    assert len(SAKES) >= 250
    assert len({(b["name"], b["prefecture"]) for b in BREWERIES}) >= 100
    assert len(prefectures) >= 40
    assert prefectures <= PREFECTURE_NAMES


def test_every_shipped_file_validates_without_a_rejection() -> None:
    for source in shipped_files():
        entries, errors, unknown = validate(
            parse_catalog_text(source.read_text(encoding="utf-8"), "utf-8", ".json")
        )
        assert errors == [], f"{source.name}: {errors[:5]}"
        assert unknown == [], f"{source.name}: {unknown}"
        assert entries


def test_natural_keys_are_unique() -> None:
    brewery_keys = Counter((b["name"], b["prefecture"]) for b in BREWERIES)
    assert [k for k, n in brewery_keys.items() if n > 1] == []
    for document in _documents():
        # within one file sake refer to breweries by name, so a name appears once per file
        names = Counter(b["name"] for b in document["breweries"])
        assert [k for k, n in names.items() if n > 1] == []
    sake_keys = Counter((s["name"], s["brewery"]) for s in SAKES)
    assert [k for k, n in sake_keys.items() if n > 1] == []


def test_every_brewery_is_complete_and_has_sake() -> None:
    used = {s["brewery"] for s in SAKES}
    for b in BREWERIES:
        assert b["name"] in used, b["name"]
        assert b["romaji"].isascii() and b["description"] and len(b["description"]) > 60, b["name"]
        assert b["city"], b["name"]
        assert b["founded"] is None or 600 <= b["founded"] <= 2026, b["name"]


@pytest.mark.parametrize("sake", SAKES, ids=lambda s: s["name"])
def test_every_sake_record_is_complete(sake: dict[str, Any]) -> None:
    assert sake["category"] in GRADES
    assert set(sake["tags"]) <= set(STYLE_TAGS)
    assert HIRAGANA.match(sake["reading"]), sake["reading"]
    assert sake["romaji"].isascii() and sake["romaji"].strip()
    assert sake["price_yen"] > 0 and sake["volume_ml"] > 0
    assert 0 < sake["abv"] <= 25 and 1 <= sake["polishing_ratio"] <= 100
    assert sake["rice"]
    flavor = sake["flavor"]
    assert all(1 <= flavor[k] <= 5 for k in ("sweetness", "acidity", "body"))
    assert 1 <= len(flavor["aroma"]) <= 4 and set(flavor["aroma"]) <= AROMAS
    assert 3 <= len(sake["pairings"]) <= 5
    assert all(p["dish"].strip() and len(p["why"]) > 15 for p in sake["pairings"])
    assert sake["temperatures"] and set(sake["temperatures"]) <= set(TEMPERATURES)
    assert len(sake["where_to_buy"]) > 20 and len(sake["description"]) > 60
    assert "estimate" in sake["source"].lower()


def test_the_mix_is_varied() -> None:
    categories = Counter(s["category"] for s in SAKES)
    assert len(categories) >= 8
    prices = sorted(s["price_yen"] for s in SAKES)
    assert prices[0] < 1500 and prices[-1] > 5000
    tags = Counter(t for s in SAKES for t in s["tags"])
    for style in ("スパークリング", "にごり", "生酛", "山廃"):
        assert tags[style] >= 2, style
