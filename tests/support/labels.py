"""A clean label photo of a catalog sake, rendered with the test-set generator, as bytes."""

from __future__ import annotations

import io
from functools import cache

from sakesensei.domain.catalog import SakeWithBrewery
from sakesensei.engines.vision.label_art import LabelSpec, Style, render_label
from sakesensei.engines.vision.label_fonts import FontSet, find_label_fonts


@cache
def _fonts() -> FontSet:
    return find_label_fonts()


def spec_of(item: SakeWithBrewery) -> LabelSpec:
    s, b = item.sake, item.brewery
    return LabelSpec(
        sake_id=s.id or 0,
        name=s.name,
        brewery=b.name,
        prefecture=b.prefecture,
        category=s.category,
        abv=s.abv,
        polishing_ratio=s.polishing_ratio,
        volume_ml=s.volume_ml,
        romaji=s.romaji,
        brewery_romaji=b.romaji,
        city=b.city,
        reading=s.reading,
    )


def label_photo(
    item: SakeWithBrewery, style: Style = "horizontal", kind: str = "JPEG", key: str = "t"
) -> bytes:
    image, _ = render_label(spec_of(item), style, "clean", _fonts(), key)
    out = io.BytesIO()
    image.save(out, kind, **({"quality": 90} if kind != "PNG" else {}))
    return out.getvalue()


def label_of_spec(spec: LabelSpec, style: Style = "horizontal") -> bytes:
    """A clean JPEG label of a sake described by hand (no database needed)."""
    image, _ = render_label(spec, style, "clean", _fonts(), "spec")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


DASSAI_23 = LabelSpec(
    sake_id=0,
    name="獺祭 純米大吟醸 磨き二割三分",
    brewery="旭酒造",
    prefecture="山口県",
    category="純米大吟醸",
    abv=16.0,
    polishing_ratio=23,
    volume_ml=720,
)
