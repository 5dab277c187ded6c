"""The tasting journal: what a user drank and how they rated it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

RATING_RANGE = (1, 5)
MAX_NOTES = 2000
# No sake journal reaches back further; an earlier date is a typing slip.
EARLIEST_TASTING = date(1900, 1, 1)
# Today somewhere on Earth can be up to 14 hours ahead of UTC (Kiribati), so a date that
# is "today" for the person writing it is never refused as being in the future.
LATEST_UTC_OFFSET = timedelta(hours=14)
HIGH_RATING = 4
LOW_RATING = 2


@dataclass(slots=True)
class TastingRecord:
    id: str
    user_id: str
    sake_id: int
    rating: int  # 1-5
    tasted_on: date
    notes: str | None = None
    photo_key: str | None = None
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Rating:
    """One verdict of anyone's journal, as the collaborative model sees it."""

    user_id: str
    sake_id: int
    rating: int
    tasted_on: date


@dataclass(frozen=True, slots=True)
class RatingsVersion:
    """A cheap fingerprint of every user's tastings: it changes when one is added, removed,
    re-rated or moved to another sake, so a model is refitted only when there is news."""

    count: int
    latest: datetime | None
    checksum: int


@dataclass(frozen=True, slots=True)
class TastedSake:
    """What the journal shows and counts of a logged sake: its name, origin and taste."""

    id: int
    name: str
    category: str
    brewery_id: int
    brewery: str
    prefecture: str
    reading: str | None = None
    romaji: str | None = None
    sweetness: int | None = None
    acidity: int | None = None
    body: int | None = None
    aroma: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """A tasting record together with the sake it is about."""

    record: TastingRecord
    sake: TastedSake


@dataclass(frozen=True, slots=True)
class TastingFilter:
    """Conditions on a user's journal; an empty field means "any". Bounds are inclusive."""

    date_from: date | None = None
    date_to: date | None = None
    rating_min: int | None = None
    rating_max: int | None = None
    category: str | None = None

    def matches(self, entry: JournalEntry) -> bool:
        """The same test the SQL repository runs, for entries already in memory."""
        record = entry.record
        return (
            (self.date_from is None or record.tasted_on >= self.date_from)
            and (self.date_to is None or record.tasted_on <= self.date_to)
            and (self.rating_min is None or record.rating >= self.rating_min)
            and (self.rating_max is None or record.rating <= self.rating_max)
            and (self.category is None or entry.sake.category == self.category)
        )


def latest_tasting_date(now: datetime) -> date:
    """The last date a tasting may carry: today in the time zone furthest ahead."""
    return (now + LATEST_UTC_OFFSET).date()


def tasting_problems(rating: int, tasted_on: date, notes: str | None, now: datetime) -> list[str]:
    """Everything wrong with a tasting's own fields, each as a sentence a person can act on."""
    problems = []
    low, high = RATING_RANGE
    if not low <= rating <= high:
        problems.append(f"rating must be between {low} and {high}, not {rating}")
    if tasted_on > latest_tasting_date(now):
        problems.append(f"tasted_on {tasted_on.isoformat()} is in the future")
    if tasted_on < EARLIEST_TASTING:
        problems.append(f"tasted_on must be {EARLIEST_TASTING.isoformat()} or later")
    if notes is not None:
        if len(notes) > MAX_NOTES:
            problems.append(f"notes may be at most {MAX_NOTES} characters, not {len(notes)}")
        if "\x00" in notes:
            problems.append("notes cannot contain NUL characters")
    return problems
