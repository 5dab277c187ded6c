"""The catalog as arrays for the recommender: taste, price band, origin, style, and a content
vector per sake whose dot products are the content similarity the history part uses.

Built once per catalog version; every request then scores the whole catalog with a few
vector operations instead of comparing records one by one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sakesensei.domain.catalog import AROMAS, SakeWithBrewery
from sakesensei.domain.grades import GRADES, OTHER, TASTE_STYLES
from sakesensei.domain.prefectures import REGION_BY_PREFECTURE

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

STANDARD_ML = 720  # price bands compare per 720 ml bottle, the usual shop size
UNKNOWN = -1


@dataclass(frozen=True, slots=True)
class PriceBand:
    low: int  # yen per 720 ml, inclusive
    high: int | None  # exclusive; None for no upper end

    @property
    def en(self) -> str:
        return f"¥{self.low:,}+" if self.high is None else f"¥{self.low:,}-{self.high:,}"

    @property
    def ja(self) -> str:
        return f"{self.low:,}円以上" if self.high is None else f"{self.low:,}〜{self.high:,}円"


# Where shop shelves change character: everyday, mid, premium ginjo, gift, rare.
PRICE_BANDS: tuple[PriceBand, ...] = (
    PriceBand(0, 1_500),
    PriceBand(1_500, 2_500),
    PriceBand(2_500, 4_000),
    PriceBand(4_000, 8_000),
    PriceBand(8_000, None),
)
# Styles a beginner should meet later: aged and dessert-like sake surprise a first palate.
ODD_STYLES = frozenset({"古酒", "貴醸酒"})
HIGH_ABV = 18.0
CATEGORIES: tuple[str, ...] = (*GRADES, OTHER)
AROMA_NAMES: tuple[str, ...] = tuple(sorted(AROMAS))
_FAMILY = {
    "純米大吟醸": 0,
    "大吟醸": 0,
    "純米吟醸": 0,
    "吟醸": 0,
    "特別純米": 1,
    "純米": 1,
    "特別本醸造": 2,
    "本醸造": 2,
    "普通酒": 2,
    OTHER: 3,
}
# The weight of each kind of likeness, as engines/recommend/similarity.py weighs them.
_BLOCK_WEIGHTS = {"flavor": 40.0, "aroma": 20.0, "grade": 15.0, "price": 15.0, "style": 10.0}
_PRICE_CENTRES = np.arange(9.0, 15.01, 0.5)  # log2 yen: ¥512 .. ¥32,768 per 720 ml


@dataclass(frozen=True, slots=True)
class CatalogFeatures:
    """Parallel arrays over the catalog; position i is items[i]."""

    items: tuple[SakeWithBrewery, ...]
    ids: IntArray
    position: dict[int, int]
    sweetness: FloatArray  # NaN where unknown
    acidity: FloatArray
    body: FloatArray
    price: FloatArray  # yen for the bottle as sold; NaN where unknown
    band: IntArray  # index into PRICE_BANDS, or UNKNOWN
    category: IntArray  # index into CATEGORIES
    region: IntArray  # index into regions
    regions: tuple[str, ...]
    prefecture: IntArray  # index into prefectures
    prefectures: tuple[str, ...]
    brewery: IntArray  # brewery id
    aroma: FloatArray  # n x len(AROMA_NAMES), 1 where the sake has the aroma
    oddity: BoolArray  # an odd style for a first bottle
    extremes: FloatArray  # how many of high acidity, full body, high alcohol
    vectors: FloatArray  # n x d content vectors; a dot product is a similarity 0-1

    def __len__(self) -> int:
        return len(self.items)


def price_band(price_per_720: float | None) -> int:
    if price_per_720 is None or math.isnan(price_per_720):
        return UNKNOWN
    for index, band in enumerate(PRICE_BANDS):
        if band.high is None or price_per_720 < band.high:
            return index
    return UNKNOWN  # unreachable: the last band has no upper end


def _codes(values: Sequence[str]) -> tuple[IntArray, tuple[str, ...]]:
    names = tuple(dict.fromkeys(values))
    lookup = {name: i for i, name in enumerate(names)}
    return np.fromiter((lookup[v] for v in values), dtype=np.int64, count=len(values)), names


def _scale(values: Sequence[int | None]) -> FloatArray:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float32)


def _triangle(values: FloatArray, centres: npt.NDArray[np.float64], width: float) -> FloatArray:
    """Soft one-hot: each value spreads over nearby centres, so close values overlap.

    Rows are unit length (zero where the value is unknown), which makes the dot product
    of two rows a closeness: 1 for equal values, falling to 0 `2 x width` apart.
    """
    known = ~np.isnan(values)
    filled = np.where(known, values, 0.0)
    spread = np.clip(1.0 - np.abs(filled[:, None] - centres[None, :]) / width, 0.0, None)
    spread[~known] = 0.0
    return _unit_rows(spread.astype(np.float32))


def _unit_rows(matrix: FloatArray) -> FloatArray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    result: FloatArray = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    return result


def _one_hot(codes: IntArray, size: int) -> FloatArray:
    matrix = np.zeros((codes.size, size), dtype=np.float32)
    known = codes >= 0
    matrix[np.flatnonzero(known), codes[known]] = 1.0
    return matrix


def _vectors(
    taste: tuple[FloatArray, FloatArray, FloatArray],
    aroma: FloatArray,
    category: IntArray,
    price_720: FloatArray,
    styles: FloatArray,
) -> FloatArray:
    scale_centres = np.arange(1.0, 5.01)
    # Each taste axis is a unit block; dividing by sqrt(3) keeps the flavour block unit too.
    flavor = np.hstack([_triangle(axis, scale_centres, 2.0) for axis in taste]) / np.sqrt(3.0)
    grade = np.hstack(
        [
            _one_hot(category, len(CATEGORIES)),
            _one_hot(np.array([_FAMILY[CATEGORIES[c]] for c in category], dtype=np.int64), 4),
        ]
    ) / np.sqrt(2.0)
    log_price = np.log2(np.where(price_720 > 0, price_720, np.nan))
    blocks = {
        "flavor": flavor,
        "aroma": _unit_rows(aroma),
        "grade": grade,
        "price": _triangle(log_price.astype(np.float32), _PRICE_CENTRES, 1.0),
        "style": _unit_rows(styles),
    }
    total = sum(_BLOCK_WEIGHTS.values())
    weighted = [m * np.float32(math.sqrt(_BLOCK_WEIGHTS[k] / total)) for k, m in blocks.items()]
    return np.ascontiguousarray(np.hstack(weighted), dtype=np.float32)


def build_features(items: Sequence[SakeWithBrewery]) -> CatalogFeatures:
    """Arrays for every sake that has an id, in id order."""
    kept = tuple(sorted((i for i in items if i.sake.id is not None), key=lambda i: i.sake.id or 0))
    sakes = [i.sake for i in kept]
    n = len(kept)
    per_720 = np.array(
        [
            np.nan if not s.price_yen else s.price_yen * STANDARD_ML / (s.volume_ml or STANDARD_ML)
            for s in sakes
        ],
        dtype=np.float32,
    )
    aroma_column = {name: i for i, name in enumerate(AROMA_NAMES)}
    aroma = np.zeros((n, len(AROMA_NAMES)), dtype=np.float32)
    styles = np.zeros((n, len(TASTE_STYLES) + 1), dtype=np.float32)
    style_column = {name: i for i, name in enumerate(TASTE_STYLES)}
    for row, sake in enumerate(sakes):
        for name in sake.flavor.aroma:
            if name in aroma_column:
                aroma[row, aroma_column[name]] = 1.0
        found = [style_column[t] for t in sake.tags if t in style_column]
        styles[row, found or [len(TASTE_STYLES)]] = 1.0  # the last column: a plain sake
    sweetness = _scale([s.flavor.sweetness for s in sakes])
    acidity = _scale([s.flavor.acidity for s in sakes])
    body = _scale([s.flavor.body for s in sakes])
    abv = np.array([np.nan if s.abv is None else s.abv for s in sakes], dtype=np.float32)
    prefecture, prefectures = _codes([i.brewery.prefecture for i in kept])
    region, regions = _codes([REGION_BY_PREFECTURE.get(i.brewery.prefecture, "") for i in kept])
    category_index = {name: i for i, name in enumerate(CATEGORIES)}
    category = np.array(
        [category_index.get(s.category, category_index[OTHER]) for s in sakes], dtype=np.int64
    )
    with np.errstate(invalid="ignore"):
        extremes = (
            (acidity >= 5).astype(np.float32)
            + (body >= 5).astype(np.float32)
            + (abv >= HIGH_ABV).astype(np.float32)
        )
    return CatalogFeatures(
        items=kept,
        ids=np.array([s.id for s in sakes], dtype=np.int64),
        position={s.id: i for i, s in enumerate(sakes) if s.id is not None},
        sweetness=sweetness,
        acidity=acidity,
        body=body,
        price=np.array([np.nan if not s.price_yen else s.price_yen for s in sakes], np.float32),
        band=np.array([price_band(float(p)) for p in per_720], dtype=np.int64),
        category=category,
        region=region,
        regions=regions,
        prefecture=prefecture,
        prefectures=prefectures,
        brewery=np.array([s.brewery_id for s in sakes], dtype=np.int64),
        aroma=aroma,
        oddity=np.array([bool(ODD_STYLES.intersection(s.tags)) for s in sakes], dtype=np.bool_),
        extremes=extremes,
        vectors=_vectors((sweetness, acidity, body), aroma, category, per_720, styles),
    )
