"""The tasting journal: what a user drank and how they rated it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


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
