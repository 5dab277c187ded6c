"""A label scan as it is kept: what was read, what we claimed, what the user chose."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# Answers at or above this confidence name the sake; below it the user picks.
CONFIDENT = 0.7


@dataclass(frozen=True, slots=True)
class LabelScan:
    id: str
    user_id: str | None
    blob_key: str | None
    read_text: str
    label_key: str
    matched_sake_id: int | None
    confidence: float
    created_at: datetime
    chosen_sake_id: int | None = None
    chosen_at: datetime | None = None
