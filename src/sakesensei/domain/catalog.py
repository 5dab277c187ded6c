"""The sake catalog: breweries, sake products and their flavour profile."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# Serving temperatures by their traditional names, with the degrees each means.
TEMPERATURES: dict[str, int] = {
    "雪冷え": 5,
    "花冷え": 10,
    "涼冷え": 15,
    "冷や": 20,
    "日向燗": 30,
    "人肌燗": 35,
    "ぬる燗": 40,
    "上燗": 45,
    "熱燗": 50,
    "飛び切り燗": 55,
}

AROMAS: frozenset[str] = frozenset(
    {
        "fruity",
        "floral",
        "apple",
        "pear",
        "melon",
        "banana",
        "peach",
        "citrus",
        "grape",
        "tropical",
        "rice",
        "cereal",
        "nutty",
        "lactic",
        "yogurt",
        "umami",
        "earthy",
        "mushroom",
        "herbal",
        "mineral",
        "woody",
        "spice",
        "caramel",
        "honey",
        "dried-fruit",
    }
)

# How each aroma is said in Japanese, in reasons and in the sommelier's answers.
AROMA_JA: dict[str, str] = {
    "fruity": "フルーティー",
    "floral": "花",
    "apple": "りんご",
    "pear": "洋梨",
    "melon": "メロン",
    "banana": "バナナ",
    "peach": "桃",
    "citrus": "柑橘",
    "grape": "ぶどう",
    "tropical": "トロピカルフルーツ",
    "rice": "お米",
    "cereal": "穀物",
    "nutty": "ナッツ",
    "lactic": "乳酸",
    "yogurt": "ヨーグルト",
    "umami": "旨味",
    "earthy": "土",
    "mushroom": "きのこ",
    "herbal": "ハーブ",
    "mineral": "ミネラル",
    "woody": "木",
    "spice": "スパイス",
    "caramel": "カラメル",
    "honey": "はちみつ",
    "dried-fruit": "ドライフルーツ",
}

# Ids are 32-bit in the database: PostgreSQL refuses to compare with a larger number and
# SQLite cannot bind one, so callers answer such an id as "not found" without asking.
MAX_ID = 2**31 - 1

# Ranges a stored record must keep to; import and `catalog check` use the same ones.
ABV_RANGE = (0.0, 25.0)
PRICE_RANGE = (1, 10_000_000)
VOLUME_RANGE = (1, 20_000)
POLISHING_RANGE = (1, 100)
SMV_RANGE = (-120.0, 40.0)
ACIDITY_RANGE = (0.1, 10.0)
SCALE_RANGE = (1, 5)


@dataclass(frozen=True, slots=True)
class Pairing:
    """A dish a person can cook at home, and why it suits the sake."""

    dish: str
    why: str


@dataclass(frozen=True, slots=True)
class Flavor:
    """Taste on 1-5 scales (sweetness 1 = dry) and aroma tags."""

    sweetness: int | None = None
    acidity: int | None = None
    body: int | None = None
    aroma: tuple[str, ...] = ()


@dataclass(slots=True)
class Brewery:
    name: str
    prefecture: str
    romaji: str | None = None
    city: str | None = None
    founded: int | None = None
    description: str | None = None
    representative_sake: str | None = None
    id: int | None = None

    @property
    def key(self) -> tuple[str, str]:
        """Natural key: two breweries may share a name in different prefectures."""
        return (self.name, self.prefecture)


@dataclass(slots=True)
class Sake:
    name: str
    brewery_id: int
    category: str
    reading: str | None = None
    romaji: str | None = None
    category_original: str | None = None
    tags: tuple[str, ...] = ()
    price_yen: int | None = None
    volume_ml: int | None = None
    abv: float | None = None
    polishing_ratio: int | None = None
    rice: str | None = None
    smv: float | None = None
    acidity: float | None = None
    flavor: Flavor = field(default_factory=Flavor)
    pairings: tuple[Pairing, ...] = ()
    temperatures: tuple[str, ...] = ()
    where_to_buy: str | None = None
    description: str | None = None
    source: str | None = None
    id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class SakeWithBrewery:
    """A sake together with the brewery it comes from, as readers want it."""

    sake: Sake
    brewery: Brewery


@dataclass(frozen=True, slots=True)
class CatalogStats:
    sake: int
    breweries: int
    prefectures: int
    by_category: dict[str, int]
    by_prefecture: dict[str, int]


@dataclass(frozen=True, slots=True)
class CatalogProblem:
    """One thing `catalog check` found wrong in what is stored."""

    kind: str  # orphan | duplicate | out_of_range | missing
    record: str
    field: str | None
    message: str


def sake_columns(sake: Sake) -> dict[str, Any]:
    """Every stored field of a sake as plain JSON values, flavour flattened as it is stored."""
    return {
        "brewery_id": sake.brewery_id,
        "name": sake.name,
        "reading": sake.reading,
        "romaji": sake.romaji,
        "category": sake.category,
        "category_original": sake.category_original,
        "tags": list(sake.tags),
        "price_yen": sake.price_yen,
        "volume_ml": sake.volume_ml,
        "abv": sake.abv,
        "polishing_ratio": sake.polishing_ratio,
        "rice": sake.rice,
        "smv": sake.smv,
        "acidity": sake.acidity,
        "sweetness": sake.flavor.sweetness,
        "acidity_level": sake.flavor.acidity,
        "body": sake.flavor.body,
        "aroma": list(sake.flavor.aroma),
        "pairings": [{"dish": p.dish, "why": p.why} for p in sake.pairings],
        "temperatures": list(sake.temperatures),
        "where_to_buy": sake.where_to_buy,
        "description": sake.description,
        "source": sake.source,
    }
