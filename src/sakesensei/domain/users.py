"""Accounts and the survey answers (preferences) with their history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sakesensei.domain.catalog import AROMAS
from sakesensei.domain.grades import CATEGORIES, GRADES, OTHER

SWEETNESS_RANGE = (1, 5)
# A budget is per bottle; the dearest sake sold retail stays well under a million yen,
# so anything above is a slip of the keyboard rather than a wish.
BUDGET_RANGE = (1, 1_000_000)
# The categories a person may avoid, in the order a survey shows them.
AVOIDABLE_CATEGORIES: tuple[str, ...] = (*GRADES, OTHER)


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


def preference_problems(preferences: Preferences) -> list[str]:
    """Everything wrong with the survey answers, each naming the values to fix."""
    problems = []
    low, high = SWEETNESS_RANGE
    if not low <= preferences.sweetness <= high:
        problems.append(
            f"sweetness must be between {low} (dry) and {high} (sweet), not {preferences.sweetness}"
        )
    if preferences.budget_yen is not None:
        low, high = BUDGET_RANGE
        if not low <= preferences.budget_yen <= high:
            problems.append(
                f"budget_yen must be between {low:,} and {high:,} yen per bottle "
                f"(or null for no limit), not {preferences.budget_yen:,}"
            )
    unknown = [c for c in preferences.avoid_categories if c not in CATEGORIES]
    if unknown:
        problems.append(
            f"avoid_categories has unknown categories {', '.join(map(repr, unknown))}; "
            f"choose from {', '.join(AVOIDABLE_CATEGORIES)}"
        )
    unknown = [a for a in preferences.liked_aromas if a not in AROMAS]
    if unknown:
        problems.append(
            f"liked_aromas has unknown aromas {', '.join(map(repr, unknown))}; "
            f"choose from {', '.join(sorted(AROMAS))}"
        )
    return problems
