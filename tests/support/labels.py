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
