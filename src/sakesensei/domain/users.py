"""Accounts and the survey answers (preferences) with their history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    USER = "user"
    ADMIN = "admin"


class Experience(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


@dataclass(slots=True)
class User:
    id: str
    email: str
    password_hash: str
    verified: bool = False
    role: Role = Role.USER
    failed_logins: int = 0
    locked_until: datetime | None = None
    created_at: datetime | None = None


@dataclass(slots=True)
class Preferences:
    """The survey: sweetness 1-5 (1 = dry), budget in yen per bottle, what to avoid."""

    user_id: str
    sweetness: int = 3
    budget_yen: int | None = None
    experience: Experience = Experience.BEGINNER
    avoid_categories: tuple[str, ...] = ()
    liked_aromas: tuple[str, ...] = ()
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class PreferenceChange:
    """One entry of the history: the preferences as they stood after a change."""

    user_id: str
    changed_at: datetime
    preferences: Preferences
    source: str = "survey"  # survey | chat | import
    id: int | None = None
    extra: dict[str, str] = field(default_factory=dict)
