"""Turning one raw catalog record into a brewery and a sake, or into reasons it cannot be."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from sakesensei.domain import catalog as c
from sakesensei.domain.catalog import Brewery, Flavor, Pairing, Sake
from sakesensei.domain.grades import normalize_tag, parse_category
from sakesensei.domain.prefectures import normalize_prefecture
from sakesensei.domain.spelling import fold

REQUIRED = ("name", "brewery", "prefecture", "category")
OPTIONAL = (
    "reading",
    "romaji",
    "tags",
    "price_yen",
    "volume_ml",
    "abv",
    "polishing_ratio",
    "rice",
    "smv",
    "acidity",
    "sweetness",
    "acidity_level",
    "body",
    "aroma",
    "pairings",
    "temperature",
    "where_to_buy",
    "description",
    "source",
    "brewery_romaji",
    "brewery_city",
    "brewery_founded",
    "brewery_description",
    "brewery_representative_sake",
)
KNOWN = frozenset((*REQUIRED, *OPTIONAL))

# Column names other files use for ours.
ALIASES = {
    "sake": "name",
    "sake_name": "name",
    "product": "name",
    "brand": "name",
    "brewery_name": "brewery",
    "maker": "brewery",
    "kura": "brewery",
    "pref": "prefecture",
    "region": "prefecture",
    "grade": "category",
    "type": "category",
    "price": "price_yen",
    "yen": "price_yen",
    "volume": "volume_ml",
    "size_ml": "volume_ml",
    "alcohol": "abv",
    "alcohol_percent": "abv",
    "seimaibuai": "polishing_ratio",
    "polish": "polishing_ratio",
    "polishing": "polishing_ratio",
    "rice_variety": "rice",
    "nihonshudo": "smv",
    "sake_meter_value": "smv",
    "sando": "acidity",
    "temperatures": "temperature",
    "serving_temperature": "temperature",
    "aromas": "aroma",
    "pairing": "pairings",
    "brewery_representative": "brewery_representative_sake",
    "kana": "reading",
    "yomi": "reading",
    "english": "romaji",
    "name_en": "romaji",
}

_LIST_SPLIT = re.compile(r"\s*[|;、,／/]\s*")
_PAIRING_SPLIT = re.compile(r"\s*[|;]\s*")
_DISH_WHY = re.compile(r"\s*(?:\s[-–—]\s|[:：]|\s*—\s*)\s*")
_NUMBER = re.compile(r"[-+±]?\d+(?:\.\d+)?")


@dataclass(frozen=True, slots=True)
class FieldError:
    line: int
    field: str
    reason: str
    name: str = ""


@dataclass(slots=True)
class CatalogEntry:
    """A valid record: its brewery (by natural key) and its sake (brewery id set on load)."""

    line: int
    brewery: Brewery
    sake: Sake


@dataclass(slots=True)
class _Reader:
    """Validates the fields of one record, collecting every problem rather than the first."""

    line: int
    raw: dict[str, Any]
    errors: list[FieldError] = field(default_factory=list)

    def fail(self, name: str, reason: str) -> None:
        self.errors.append(FieldError(self.line, name, reason, _text(self.raw.get("name")) or ""))

    def text(self, name: str, max_len: int = 2000) -> str | None:
        value = _text(self.raw.get(name))
        if value is not None and len(value) > max_len:
            self.fail(name, f"is {len(value)} characters long; at most {max_len} are allowed")
            return None
        return value

    def number(
        self, name: str, bounds: tuple[float, float], unit: str = "", integer: bool = False
    ) -> float | None:
        raw = self.raw.get(name)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        value = _parse_number(raw, name)
        if value is None:
            self.fail(name, f"{raw!r} is not a number")
            return None
        low, high = bounds
        if not low <= value <= high:
            shown = int(value) if value == int(value) else value
            self.fail(name, f"{shown}{unit} is out of range ({_fmt(low)}-{_fmt(high)}{unit})")
            return None
        if integer and value != int(value):
            self.fail(name, f"{value} must be a whole number")
            return None
        return value

    def integer(self, name: str, bounds: tuple[float, float], unit: str = "") -> int | None:
        value = self.number(name, bounds, unit, integer=True)
        return None if value is None else int(value)

    def strings(self, name: str, normalize: Callable[[str], str] = str.strip) -> tuple[str, ...]:
        raw = self.raw.get(name)
        if raw is None or raw == "":
            return ()
        if isinstance(raw, str):
            raw = (
                _json_list(raw) if raw.lstrip().startswith("[") else _LIST_SPLIT.split(raw.strip())
            )
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            self.fail(name, "must be a list of words, or words separated by |")
            return ()
        values = (normalize(v) for v in raw if v.strip())
        return tuple(dict.fromkeys(v for v in values if v))

    def pairings(self) -> tuple[Pairing, ...]:
        raw = self.raw.get("pairings")
        if raw is None or raw == "":
            return ()
        if isinstance(raw, str):
            raw = (
                _json_list(raw)
                if raw.lstrip().startswith("[")
                else _PAIRING_SPLIT.split(raw.strip())
            )
        if not isinstance(raw, list):
            self.fail(
                "pairings", "must be a list of {dish, why} objects or 'dish: why | dish: why'"
            )
            return ()
        pairings = []
        for item in raw:
            if isinstance(item, dict) and _text(item.get("dish")):
                pairings.append(Pairing(_text(item["dish"]) or "", _text(item.get("why")) or ""))
            elif isinstance(item, str) and item.strip():
                parts = _DISH_WHY.split(item.strip(), maxsplit=1)
                dish, why = parts[0], parts[1] if len(parts) > 1 else ""
                pairings.append(Pairing(dish, why))
            else:
                self.fail("pairings", f"{item!r} is not a dish")
                return ()
        if len(pairings) > 10:
            self.fail("pairings", f"has {len(pairings)} dishes; at most 10 are kept per sake")
            return ()
        return tuple(pairings)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    value = unicodedata.normalize("NFKC", value).strip()
    return re.sub(r"\s+", " ", value) or None


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) and abs(value) >= 10000 else f"{value:g}"


def _parse_number(raw: Any, name: str) -> float | None:
    """A finite number read from JSON or text, or None when it is not one."""
    value = _read_number(raw, name)
    # JSON allows 1e999 and huge integers; NaN and infinity are no measurement of sake.
    if value is None or not math.isfinite(value) or abs(value) > 1e12:
        return None
    return value


def _read_number(raw: Any, name: str) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return float(raw) if abs(raw) < 10**15 else None
    if isinstance(raw, float):
        return raw
    if not isinstance(raw, str):
        return None
    text = unicodedata.normalize("NFKC", raw).replace(",", "").replace("¥", "").strip()
    text = text.replace("±", "+")
    numbers = _NUMBER.findall(text)
    if not numbers or len(numbers) > 2:
        return None
    rest = _NUMBER.sub("", text).strip().lower()
    # A range such as "15-16" or "15度以上16度未満" is read as its middle.
    if len(numbers) == 2:
        if not re.fullmatch(
            r"[度%％\s]*(以上)?\s*[~〜～\-–]?\s*[度%％\s]*(未満|以下)?[度%％\s]*", rest
        ):
            return None
        low, high = float(numbers[0]), float(numbers[1].lstrip("+-"))
        return (low + high) / 2
    value = float(numbers[0])
    if name == "volume_ml" and rest in ("l", "ℓ", "リットル", "升"):
        return value * (1800 if rest == "升" else 1000)
    if name == "volume_ml" and rest == "合":
        return value * 180
    if not re.fullmatch(r"(円|yen|jpy|ml|度|%|％|ｍｌ)?", rest):
        return None
    return value


def _json_list(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None


@lru_cache(maxsize=512)
def column_name(header: str) -> str:
    """Our name for a column header: case, spaces and hyphens folded, aliases applied."""
    name = re.sub(r"[\s\-]+", "_", fold(header))
    return ALIASES.get(name, name)


def canonical_columns(raw: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Map header names to ours (case, spaces, aliases); return the record and unknown columns."""
    mapped: dict[str, Any] = {}
    unknown: list[str] = []
    for key, value in raw.items():
        name = column_name(str(key))
        if name == "flavor" and isinstance(value, dict):
            for sub, target in (
                ("sweetness", "sweetness"),
                ("acidity", "acidity_level"),
                ("body", "body"),
                ("aroma", "aroma"),
            ):
                mapped.setdefault(target, value.get(sub))
        elif name == "brewery" and isinstance(value, dict):
            mapped["brewery"] = value.get("name")
            mapped.setdefault("prefecture", value.get("prefecture"))
            for sub in ("romaji", "city", "founded", "description", "representative_sake"):
                mapped.setdefault(f"brewery_{sub}", value.get(sub))
        elif name in KNOWN:
            mapped[name] = value
        elif name not in ("id", "created_at", "updated_at", "category_original"):
            unknown.append(str(key))
    return mapped, unknown


def _brewery_of(r: _Reader) -> Brewery:
    """The brewery fields of a record (brewery, prefecture, brewery_*), problems noted on r."""
    prefecture_raw = _text(r.raw.get("prefecture")) or ""
    prefecture = normalize_prefecture(prefecture_raw)
    if prefecture is None:
        r.fail("prefecture", f"{prefecture_raw!r} is not a Japanese prefecture")
    return Brewery(
        name=r.text("brewery", 200) or "",
        prefecture=prefecture or "",
        romaji=r.text("brewery_romaji", 200),
        city=r.text("brewery_city", 100),
        founded=r.integer("brewery_founded", (600, date.today().year)),
        description=r.text("brewery_description", 5000),
        representative_sake=r.text("brewery_representative_sake", 200),
    )


def read_brewery(line: int, raw: dict[str, Any]) -> tuple[Brewery | None, list[FieldError]]:
    """Validate a brewery on its own, by the same rules as the brewery part of a record."""
    r = _Reader(line, raw)
    for column in ("brewery", "prefecture"):
        if _text(raw.get(column)) is None:
            r.fail(column, "is required and missing")
    if r.errors:
        return None, r.errors
    brewery = _brewery_of(r)
    return (None, r.errors) if r.errors else (brewery, [])


def read_entry(line: int, raw: dict[str, Any]) -> tuple[CatalogEntry | None, list[FieldError]]:
    """Validate and normalise one record; every problem found is returned, not just the first."""
    r = _Reader(line, raw)
    for column in REQUIRED:
        if _text(raw.get(column)) is None:
            r.fail(column, "is required and missing")
    if r.errors:
        return None, r.errors
    name = r.text("name", 300)
    brewery = _brewery_of(r)
    parsed = parse_category(_text(raw["category"]) or "")
    flavor = Flavor(
        sweetness=r.integer("sweetness", c.SCALE_RANGE),
        acidity=r.integer("acidity_level", c.SCALE_RANGE),
        body=r.integer("body", c.SCALE_RANGE),
        aroma=r.strings("aroma", lambda v: fold(v).replace(" ", "-")),
    )
    sake = Sake(
        name=name or "",
        brewery_id=0,
        category=parsed.category,
        category_original=parsed.original,
        reading=r.text("reading", 300),
        romaji=r.text("romaji", 300),
        tags=tuple(dict.fromkeys((*r.strings("tags", normalize_tag), *parsed.tags))),
        price_yen=r.integer("price_yen", c.PRICE_RANGE, " yen"),
        volume_ml=r.integer("volume_ml", c.VOLUME_RANGE, " ml"),
        abv=r.number("abv", c.ABV_RANGE, "%"),
        polishing_ratio=r.integer("polishing_ratio", c.POLISHING_RANGE, "%"),
        rice=r.text("rice", 200),
        smv=r.number("smv", c.SMV_RANGE),
        acidity=r.number("acidity", c.ACIDITY_RANGE),
        flavor=flavor,
        pairings=r.pairings(),
        temperatures=r.strings("temperature"),
        where_to_buy=r.text("where_to_buy"),
        description=r.text("description", 5000),
        source=r.text("source"),
    )
    if r.errors:
        return None, r.errors
    return CatalogEntry(line, brewery, sake), []
