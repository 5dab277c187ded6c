"""What the sommelier remembers about a user's taste, folded into the preferences their
picks are made for, wherever the survey is silent.

Facts are keyed by kind ("sweetness", "budget", "experience", "likes.<aroma>",
"dislikes.<grade>"; see agent/conversation.py LearnedFact) and worded for people
("prefers dry", "budget 3000 yen", "dislikes futsushu"), so they are read by their
words. The survey wins where it has an answer: a remembered sweetness or experience
counts only until the survey is filled in, a remembered budget only while the survey
sets none. Remembered likes and dislikes add to the survey's lists. A fact that cannot
be read as a preference (a dislike of a style the survey has no field for) is kept for
the conversation and ignored here. Deleting a fact removes its effect on the next
picks, since nothing is copied.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace

from sakesensei.domain.catalog import AROMAS
from sakesensei.domain.grades import CATEGORIES, GRADE_ROMAJI
from sakesensei.domain.memory import MemoryFact
from sakesensei.domain.users import (
    BUDGET_RANGE,
    SWEETNESS_RANGE,
    Experience,
    Preferences,
)

# Longest first: 大辛口 must not be read as 辛口, "very dry" not as "dry".
_SWEETNESS_WORDS: tuple[tuple[str, int], ...] = (
    ("大辛口", 1),
    ("超辛口", 1),
    ("very dry", 1),
    ("やや辛口", 2),
    ("やや甘口", 4),
    ("大甘口", 5),
    ("very sweet", 5),
    ("off-dry", 2),
    ("semi-sweet", 4),
    ("辛口", 2),
    ("甘口", 4),
    ("中口", 3),
    ("dry", 2),
    ("sweet", 4),
    ("medium", 3),
)
_GRADE_BY_NAME = {
    **{grade: grade for grade in CATEGORIES},
    **{romaji.lower(): grade for grade, romaji in GRADE_ROMAJI.items()},
    **{romaji.lower().replace(" ", ""): grade for grade, romaji in GRADE_ROMAJI.items()},
}


def _text(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip().lower()


def _number(value: str) -> int | None:
    """The first whole number in the text, thousands separators allowed ("3,000円")."""
    match = re.search(r"\d[\d,]*", _text(value))
    if match is None:
        return None
    return int(match.group().replace(",", ""))


def sweetness_of(value: str) -> int | None:
    number = _number(value)
    low, high = SWEETNESS_RANGE
    if number is not None and low <= number <= high:
        return number
    text = _text(value)
    return next((level for word, level in _SWEETNESS_WORDS if word in text), None)


def budget_of(value: str) -> int | None:
    number = _number(value)
    low, high = BUDGET_RANGE
    return number if number is not None and low <= number <= high else None


def experience_of(value: str) -> Experience | None:
    text = _text(value)
    return next((level for level in Experience if level.value in text), None)


def grade_of(name: str) -> str | None:
    text = _text(name).replace("_", " ")
    return _GRADE_BY_NAME.get(text) or _GRADE_BY_NAME.get(text.replace(" ", ""))


def aroma_of(name: str) -> str | None:
    text = _text(name).replace(" ", "-").replace("_", "-")
    return text if text in AROMAS else None


def with_memory(
    stored: Preferences | None, facts: Sequence[MemoryFact], user_id: str
) -> Preferences:
    """The preferences to pick for: the survey's answers, completed by what is remembered."""
    answered = stored is not None
    preferences = stored or Preferences(user_id=user_id)
    sweetness, budget, experience = None, None, None
    avoid: list[str] = []
    liked: list[str] = []
    for fact in facts:
        kind, _, detail = fact.key.partition(".")
        if kind == "sweetness":
            sweetness = sweetness_of(fact.value)
        elif kind == "budget":
            budget = budget_of(fact.value)
        elif kind == "experience":
            experience = experience_of(fact.value)
        elif kind == "likes" and (aroma := aroma_of(detail)):
            liked.append(aroma)
        elif kind == "dislikes" and (grade := grade_of(detail)):
            avoid.append(grade)
    if not answered:
        preferences = replace(
            preferences,
            sweetness=sweetness or preferences.sweetness,
            experience=experience or preferences.experience,
        )
    if preferences.budget_yen is None and budget is not None:
        preferences = replace(preferences, budget_yen=budget)
    return replace(
        preferences,
        avoid_categories=tuple(dict.fromkeys((*preferences.avoid_categories, *avoid))),
        liked_aromas=tuple(dict.fromkeys((*preferences.liked_aromas, *liked))),
    )
