"""The tasting journal: log what a user drank, read it back, correct it, remove it, page it.

Every read and write is scoped to the user: another user's record is reported as missing,
never as forbidden, so record ids reveal nothing about other accounts.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Final

from sakesensei.domain.errors import InvalidInput, NotFound
from sakesensei.domain.grades import CATEGORIES, GRADES, OTHER
from sakesensei.domain.tastings import (
    RATING_RANGE,
    JournalEntry,
    TastingFilter,
    TastingRecord,
    tasting_problems,
)
from sakesensei.ports import UnitOfWork, UnitOfWorkFactory
from sakesensei.services.paging import check_page


class _Keep(Enum):
    KEEP = "keep"


KEEP: Final = _Keep.KEEP
"""A field of TastingChanges left as it is (None would mean "clear the notes")."""


@dataclass(frozen=True, slots=True)
class TastingChanges:
    """A partial update: only the fields given change."""

    sake_id: int | None = None
    rating: int | None = None
    tasted_on: date | None = None
    notes: str | _Keep | None = KEEP


@dataclass(frozen=True, slots=True)
class JournalPage:
    items: list[JournalEntry]
    total: int


def _tidy_notes(notes: str | None) -> str | None:
    text = (notes or "").strip()
    return text or None


def check_filter(where: TastingFilter) -> None:
    """Refuse filters that can only be a mistake, with what to change."""
    problems = []
    if where.date_from and where.date_to and where.date_from > where.date_to:
        problems.append(
            f"date_from {where.date_from.isoformat()} is after date_to {where.date_to.isoformat()}"
        )
    low, high = RATING_RANGE
    for name, value in (("rating_min", where.rating_min), ("rating_max", where.rating_max)):
        if value is not None and not low <= value <= high:
            problems.append(f"{name} must be between {low} and {high}, not {value}")
    if (
        where.rating_min is not None
        and where.rating_max is not None
        and where.rating_min > where.rating_max
    ):
        problems.append(
            f"rating_min {where.rating_min} is greater than rating_max {where.rating_max}"
        )
    if where.category is not None and where.category not in CATEGORIES:
        problems.append(
            f"category {where.category!r} is not a category; "
            f"choose from {', '.join((*GRADES, OTHER))}"
        )
    if problems:
        raise InvalidInput("; ".join(problems))


class TastingJournal:
    def __init__(self, uow_factory: UnitOfWorkFactory, now: Callable[[], datetime]) -> None:
        self._uow = uow_factory
        self._now = now

    def _check(self, record: TastingRecord, uow: UnitOfWork) -> None:
        problems = tasting_problems(record.rating, record.tasted_on, record.notes, self._now())
        if problems:
            raise InvalidInput("; ".join(problems))
        # Checked here rather than left to the foreign key, so the answer names the id.
        if uow.sakes.get(record.sake_id) is None:
            raise InvalidInput(
                f"there is no sake with id {record.sake_id} in the catalog; "
                "search the catalog for the sake's id"
            )

    def _entry(self, uow: UnitOfWork, user_id: str, record_id: str) -> JournalEntry:
        entry = uow.tastings.entry(user_id, record_id)
        if entry is None:
            raise NotFound(f"there is no tasting with id {record_id} in your journal")
        return entry

    def log(
        self,
        user_id: str,
        sake_id: int,
        rating: int,
        tasted_on: date | None = None,
        notes: str | None = None,
    ) -> JournalEntry:
        """Add a tasting; the date defaults to today (UTC)."""
        record = TastingRecord(
            id=str(uuid.uuid4()),
            user_id=user_id,
            sake_id=sake_id,
            rating=rating,
            tasted_on=tasted_on or self._now().date(),
            notes=_tidy_notes(notes),
            created_at=self._now(),
        )
        with self._uow() as uow:
            self._check(record, uow)
            uow.tastings.add(record)
            uow.commit()
            return self._entry(uow, user_id, record.id)

    def get(self, user_id: str, record_id: str) -> JournalEntry:
        with self._uow() as uow:
            return self._entry(uow, user_id, record_id)

    def change(self, user_id: str, record_id: str, changes: TastingChanges) -> JournalEntry:
        with self._uow() as uow:
            record = self._entry(uow, user_id, record_id).record
            if changes.sake_id is not None:
                record.sake_id = changes.sake_id
            if changes.rating is not None:
                record.rating = changes.rating
            if changes.tasted_on is not None:
                record.tasted_on = changes.tasted_on
            if changes.notes is not KEEP:
                record.notes = _tidy_notes(changes.notes)
            self._check(record, uow)
            uow.tastings.update(record)
            uow.commit()
            return self._entry(uow, user_id, record_id)

    def remove(self, user_id: str, record_id: str) -> None:
        with self._uow() as uow:
            self._entry(uow, user_id, record_id)
            uow.tastings.delete(record_id)
            uow.commit()

    def page(
        self, user_id: str, where: TastingFilter, limit: int = 20, offset: int = 0
    ) -> JournalPage:
        """Newest tasting first."""
        check_page(limit, offset)
        check_filter(where)
        with self._uow() as uow:
            items, total = uow.tastings.find(user_id, where, limit, offset)
        return JournalPage(items, total)
