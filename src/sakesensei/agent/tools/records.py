"""The catalog and account records as tools return them: typed, flat enough to read at a glance."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from sakesensei.domain.catalog import MAX_ID, SakeWithBrewery
from sakesensei.domain.catalog_queries import BreweryListing
from sakesensei.domain.grades import GRADE_ROMAJI
from sakesensei.domain.prefectures import ROMAJI_BY_PREFECTURE
from sakesensei.domain.regions import region_of
from sakesensei.domain.users import Experience, Preferences

SakeId = Annotated[int, Field(ge=1, le=MAX_ID, description="a sake's id, from a search result")]
BreweryId = Annotated[
    int, Field(ge=1, le=MAX_ID, description="a brewery's id, from a search result")
]


def stored_id(value: int | None) -> int:
    if value is None:
        raise ValueError("a stored record has no id")
    return value


class BreweryRef(BaseModel):
    id: int
    name: str
    romaji: str | None
    prefecture: str


class Taste(BaseModel):
    sweetness: int | None = Field(description="1 = dry (辛口) ... 5 = sweet (甘口); null: unknown")
    acidity: int | None = Field(description="1 = soft ... 5 = sharp")
    body: int | None = Field(description="1 = light ... 5 = rich")
    aroma: list[str]


class SakeSummary(BaseModel):
    id: int
    name: str = Field(description="the name on the label, in Japanese")
    reading: str | None = Field(description="the name in kana")
    romaji: str | None
    category: str = Field(description="the grade (特定名称) or 'other'")
    category_en: str
    tags: list[str] = Field(description="styles such as 生酒, にごり, 山廃")
    brewery: BreweryRef
    price_yen: int | None
    volume_ml: int | None
    taste: Taste


class PairingNote(BaseModel):
    dish: str
    why: str


class SakeDetails(SakeSummary):
    abv: float | None = Field(description="alcohol by volume, %")
    polishing_ratio: int | None = Field(description="精米歩合, % of the grain left")
    rice: str | None
    smv: float | None = Field(description="日本酒度 (sake meter value): + drier, - sweeter")
    acidity: float | None = Field(description="酸度, the measured acidity")
    pairings: list[PairingNote]
    temperatures: list[str] = Field(description="serving temperatures, e.g. 冷酒, ぬる燗")
    where_to_buy: str | None
    description: str | None


class BreweryInfo(BaseModel):
    id: int
    name: str
    romaji: str | None
    prefecture: str
    prefecture_romaji: str | None
    region: str | None
    city: str | None
    founded: int | None
    description: str | None
    representative_sake: str | None
    sake_count: int = Field(description="how many of its sake the catalog holds")


class PreferencesView(BaseModel):
    sweetness: int = Field(description="1 = dry ... 5 = sweet")
    budget_yen: int | None = Field(description="most to spend on a bottle; null for no limit")
    experience: Experience
    avoid_categories: list[str]
    liked_aromas: list[str]
    updated_at: datetime | None = Field(description="null while these are the survey defaults")


def sake_summary(item: SakeWithBrewery) -> SakeSummary:
    s, b = item.sake, item.brewery
    return SakeSummary(
        id=stored_id(s.id),
        name=s.name,
        reading=s.reading,
        romaji=s.romaji,
        category=s.category,
        category_en=GRADE_ROMAJI.get(s.category, s.category),
        tags=list(s.tags),
        brewery=BreweryRef(
            id=stored_id(b.id), name=b.name, romaji=b.romaji, prefecture=b.prefecture
        ),
        price_yen=s.price_yen,
        volume_ml=s.volume_ml,
        taste=Taste(
            sweetness=s.flavor.sweetness,
            acidity=s.flavor.acidity,
            body=s.flavor.body,
            aroma=list(s.flavor.aroma),
        ),
    )


def sake_details(item: SakeWithBrewery) -> SakeDetails:
    s = item.sake
    return SakeDetails(
        **sake_summary(item).model_dump(),
        abv=s.abv,
        polishing_ratio=s.polishing_ratio,
        rice=s.rice,
        smv=s.smv,
        acidity=s.acidity,
        pairings=[PairingNote(dish=p.dish, why=p.why) for p in s.pairings],
        temperatures=list(s.temperatures),
        where_to_buy=s.where_to_buy,
        description=s.description,
    )


def brewery_info(listing: BreweryListing) -> BreweryInfo:
    b = listing.brewery
    return BreweryInfo(
        id=stored_id(b.id),
        name=b.name,
        romaji=b.romaji,
        prefecture=b.prefecture,
        prefecture_romaji=ROMAJI_BY_PREFECTURE.get(b.prefecture),
        region=region_of(b.prefecture),
        city=b.city,
        founded=b.founded,
        description=b.description,
        representative_sake=b.representative_sake,
        sake_count=listing.sake_count,
    )


def preferences_view(p: Preferences) -> PreferencesView:
    return PreferencesView(
        sweetness=p.sweetness,
        budget_yen=p.budget_yen,
        experience=p.experience,
        avoid_categories=list(p.avoid_categories),
        liked_aromas=list(p.liked_aromas),
        updated_at=p.updated_at,
    )
