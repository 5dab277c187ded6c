"""Which texts of a sake or brewery a search looks at, and how much each counts.

The name in any script counts most; the brewery next; grade, style, place, rice and aroma
words (so "sparkling", "Niigata" or "Tohoku" find something) less; prose least, and
prose never matches by near spelling, since common English words would match anything.
"""

from __future__ import annotations

from sakesensei.domain.catalog import Brewery, SakeWithBrewery
from sakesensei.domain.grades import GRADE_ROMAJI, STYLE_TAGS
from sakesensei.domain.prefectures import ROMAJI_BY_PREFECTURE
from sakesensei.domain.regions import REGION_NAMES_JA, region_of
from sakesensei.engines.text.fuzzy import TextField

NAME = 1.0
BREWERY = 0.85
ATTRIBUTE = 0.6
PROSE = 0.35


def _place(prefecture: str) -> list[str]:
    region = region_of(prefecture)
    names = [prefecture, ROMAJI_BY_PREFECTURE.get(prefecture, "")]
    if region:
        names += [region, REGION_NAMES_JA.get(region, "")]
    return [n for n in names if n]


def sake_fields(item: SakeWithBrewery) -> list[TextField]:
    sake, brewery = item.sake, item.brewery
    fields = [TextField(t, NAME) for t in (sake.name, sake.reading, sake.romaji) if t]
    fields += [TextField(t, BREWERY) for t in (brewery.name, brewery.romaji) if t]
    attributes = [sake.category, GRADE_ROMAJI.get(sake.category, "")]
    for tag in sake.tags:
        attributes += [tag, *STYLE_TAGS.get(tag, ())]
    attributes += [*_place(brewery.prefecture), sake.rice or "", *sake.flavor.aroma]
    fields += [TextField(t, ATTRIBUTE) for t in attributes if t]
    if sake.description:
        fields.append(TextField(sake.description, PROSE, fuzzy=False))
    return fields


def brewery_fields(brewery: Brewery) -> list[TextField]:
    fields = [TextField(t, NAME) for t in (brewery.name, brewery.romaji) if t]
    if brewery.representative_sake:
        fields.append(TextField(brewery.representative_sake, BREWERY))
    places = [brewery.city or "", *_place(brewery.prefecture)]
    fields += [TextField(t, ATTRIBUTE) for t in places if t]
    if brewery.description:
        fields.append(TextField(brewery.description, PROSE, fuzzy=False))
    return fields
