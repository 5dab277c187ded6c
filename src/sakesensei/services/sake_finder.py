"""Finding sake by filters and free text in any script, typos forgiven: "dasai" finds 獺祭."""

from __future__ import annotations

from sakesensei.domain.errors import InvalidInput
from sakesensei.engines.text.fuzzy import words
from sakesensei.services.catalog_cache import CatalogCache
from sakesensei.services.catalog_filters import SakeCriteria, check_paging, sake_filter
from sakesensei.services.catalog_search import SearchPage

MAX_TEXT = 200
# Up to this many sake, a listing by filters reads the catalog already in memory: the
# sommelier pages through a few hundred candidates per answer, and decoding them from
# SQL rows each time cost more than the whole rest of the answer. A bigger catalog
# (kept in memory all the same, for search) is listed by the database and its indexes.
MEMORY_LISTING_MAX = 20_000


def searchable_text(text: str | None) -> str | None:
    """The query text, None when there is none; InvalidInput when it holds nothing to look for."""
    if text is None or not text.strip():
        return None
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"the search text is {len(text)} characters; keep it under {MAX_TEXT}")
    if not words(text):
        raise InvalidInput(
            f"{text!r} has no letters or digits to search for; type a name in kanji, kana, "
            "romaji or English"
        )
    return text


def find_sakes(
    catalog: CatalogCache, criteria: SakeCriteria, limit: int = 20, offset: int = 0
) -> SearchPage:
    """Sake passing every filter; with text, best match first, otherwise in reading order."""
    check_paging(limit, offset)
    text = searchable_text(criteria.text)
    filters = sake_filter(criteria)
    if filters is None:
        return SearchPage([], 0)
    snapshot = catalog.snapshot()
    if text is None and len(snapshot.sakes) <= MEMORY_LISTING_MAX:
        ordered = (snapshot.sakes[sake_id] for sake_id in snapshot.listing)
        listed = [item for item in ordered if filters.matches(item)]
        return SearchPage(listed[offset : offset + limit], len(listed))
    if text is None:
        with catalog.uow_factory() as uow:
            items, total = uow.sakes.find(filters, limit, offset)
        return SearchPage(items, total)
    found = [snapshot.sakes[hit.key] for hit in snapshot.sake_index.search(text)]
    if not filters.is_empty():
        found = [item for item in found if filters.matches(item)]
    return SearchPage(found[offset : offset + limit], len(found))
