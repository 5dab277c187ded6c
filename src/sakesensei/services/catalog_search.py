"""Finding sake by any of the ways people write its name: 獺祭, だっさい, ダッサイ, dassai."""

from __future__ import annotations

from dataclasses import dataclass

from sakesensei.domain.catalog import SakeWithBrewery
from sakesensei.domain.errors import InvalidInput
from sakesensei.ports import UnitOfWorkFactory

MAX_LIMIT = 100


@dataclass(frozen=True, slots=True)
class SearchPage:
    items: list[SakeWithBrewery]
    total: int


def search_catalog(
    uow_factory: UnitOfWorkFactory, query: str, limit: int = 20, offset: int = 0
) -> SearchPage:
    """Sake whose name, reading, romaji or brewery holds every word of the query."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if offset < 0:
        raise InvalidInput(f"offset cannot be negative ({offset})")
    terms = query.split()
    if not terms:
        raise InvalidInput("type a name to search for, in kanji, kana or romaji")
    with uow_factory() as uow:
        items, total = uow.sakes.search(terms, limit, offset)
    return SearchPage(items, total)
