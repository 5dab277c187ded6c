"""Statistics of a user's journal: how much and how well they rated, where, and what the sake
they liked tastes like next to the sake they did not."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sakesensei.domain.tastings import (
    HIGH_RATING,
    LOW_RATING,
    RATING_RANGE,
    JournalEntry,
    TastingFilter,
)
from sakesensei.ports import UnitOfWorkFactory
from sakesensei.services.tastings import check_filter

TOP_AROMAS = 5


@dataclass(frozen=True, slots=True)
class GroupStats:
    """Tastings that share a category or a prefecture."""

    key: str
    count: int
    average_rating: float


@dataclass(frozen=True, slots=True)
class FlavorProfile:
    """The mean taste of a set of tastings. A mean leaves out sake without that score, and is
    None when none has it; each tasting counts, so a sake logged twice weighs twice."""

    count: int
    sweetness: float | None
    acidity: float | None
    body: float | None
    top_aromas: list[tuple[str, int]]


@dataclass(frozen=True, slots=True)
class TastingStats:
    count: int
    average_rating: float | None
    ratings: dict[int, int]
    by_category: list[GroupStats]
    by_prefecture: list[GroupStats]
    rated_high: FlavorProfile
    rated_low: FlavorProfile


def _mean(values: Iterable[int | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present), 2) if present else None


def _groups(
    entries: Sequence[JournalEntry], key: Callable[[JournalEntry], str]
) -> list[GroupStats]:
    ratings: dict[str, list[int]] = defaultdict(list)
    for entry in entries:
        ratings[key(entry)].append(entry.record.rating)
    groups = [
        GroupStats(name, len(values), round(sum(values) / len(values), 2))
        for name, values in ratings.items()
    ]
    # Most tasted first; equal counts in a stable, readable order.
    return sorted(groups, key=lambda g: (-g.count, -g.average_rating, g.key))


def _profile(entries: Sequence[JournalEntry]) -> FlavorProfile:
    aromas = Counter(aroma for e in entries for aroma in dict.fromkeys(e.sake.aroma))
    top = sorted(aromas.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_AROMAS]
    return FlavorProfile(
        count=len(entries),
        sweetness=_mean(e.sake.sweetness for e in entries),
        acidity=_mean(e.sake.acidity for e in entries),
        body=_mean(e.sake.body for e in entries),
        top_aromas=top,
    )


def summarise(entries: Sequence[JournalEntry]) -> TastingStats:
    """The statistics of these journal entries (pure: no storage involved)."""
    ratings = Counter(e.record.rating for e in entries)
    return TastingStats(
        count=len(entries),
        average_rating=_mean(e.record.rating for e in entries),
        ratings={r: ratings.get(r, 0) for r in range(RATING_RANGE[0], RATING_RANGE[1] + 1)},
        by_category=_groups(entries, lambda e: e.sake.category),
        by_prefecture=_groups(entries, lambda e: e.sake.prefecture),
        rated_high=_profile([e for e in entries if e.record.rating >= HIGH_RATING]),
        rated_low=_profile([e for e in entries if e.record.rating <= LOW_RATING]),
    )


def tasting_stats(
    uow_factory: UnitOfWorkFactory, user_id: str, where: TastingFilter | None = None
) -> TastingStats:
    """Statistics of the user's journal, or of the part of it the filter selects."""
    where = where or TastingFilter()
    check_filter(where)
    with uow_factory() as uow:
        entries, _ = uow.tastings.find(user_id, where)
    return summarise(entries)
