"""The survey answers: read them (defaults until first set), replace them, page their history."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sakesensei.domain.errors import InvalidInput
from sakesensei.domain.users import PreferenceChange, Preferences, preference_problems
from sakesensei.ports import UnitOfWorkFactory
from sakesensei.services.paging import check_page


@dataclass(frozen=True, slots=True)
class HistoryPage:
    """Changes newest first, and how many there are in all."""

    items: list[PreferenceChange]
    total: int


def current_preferences(uow_factory: UnitOfWorkFactory, user_id: str) -> Preferences:
    """The stored answers, or the defaults (updated_at None) for someone who never answered."""
    with uow_factory() as uow:
        stored = uow.preferences.get(user_id)
    return stored or Preferences(user_id=user_id)


def tidy_answers(answers: Preferences) -> Preferences:
    # Repeats in a list carry no meaning; the first mention keeps its place.
    return replace(
        answers,
        avoid_categories=tuple(dict.fromkeys(answers.avoid_categories)),
        liked_aromas=tuple(dict.fromkeys(answers.liked_aromas)),
        updated_at=None,
    )


def _same(a: Preferences, b: Preferences) -> bool:
    return replace(a, updated_at=None) == replace(b, updated_at=None)


def replace_preferences(
    uow_factory: UnitOfWorkFactory, answers: Preferences, source: str = "survey"
) -> Preferences:
    """Store the answers whole. Saving the same answers again adds nothing to the history,
    so the history holds changes only."""
    answers = tidy_answers(answers)
    problems = preference_problems(answers)
    if problems:
        raise InvalidInput("; ".join(problems))
    with uow_factory() as uow:
        stored = uow.preferences.get(answers.user_id)
        if stored is not None and _same(stored, answers):
            return stored
        change = uow.preferences.save(answers, source)
        uow.commit()
    return replace(change.preferences)


def preference_history(
    uow_factory: UnitOfWorkFactory, user_id: str, limit: int = 20, offset: int = 0
) -> HistoryPage:
    check_page(limit, offset)
    with uow_factory() as uow:
        items, total = uow.preferences.history_page(user_id, limit, offset)
    return HistoryPage(items, total)
