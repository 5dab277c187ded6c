"""The survey answers service against the in-memory fakes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sakesensei.domain.errors import InvalidInput
from sakesensei.domain.users import Experience, Preferences, preference_problems
from sakesensei.ports import UnitOfWork
from sakesensei.services.preferences import (
    current_preferences,
    preference_history,
    replace_preferences,
)
from tests.support.fakes import FakeStore, FakeUnitOfWork


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


def factory(store: FakeStore) -> Callable[[], UnitOfWork]:
    return lambda: FakeUnitOfWork(store)  # type: ignore[return-value]


def test_an_unanswered_survey_reads_as_the_defaults(store: FakeStore) -> None:
    prefs = current_preferences(factory(store), "u1")
    assert prefs == Preferences(user_id="u1") and prefs.updated_at is None


def test_replacing_keeps_every_change_and_skips_repeats(store: FakeStore) -> None:
    uow = factory(store)
    first = Preferences("u1", sweetness=2, budget_yen=3000, liked_aromas=("fruity", "fruity"))
    saved = replace_preferences(uow, first)
    assert saved.liked_aromas == ("fruity",) and saved.updated_at is not None
    replace_preferences(
        uow, Preferences("u1", sweetness=2, budget_yen=3000, liked_aromas=("fruity",))
    )
    replace_preferences(uow, Preferences("u1", sweetness=5, experience=Experience.ADVANCED))
    assert current_preferences(uow, "u1").sweetness == 5
    page = preference_history(uow, "u1", limit=10)
    assert page.total == 2
    assert [c.preferences.sweetness for c in page.items] == [5, 2]  # newest first
    assert [c.preferences.sweetness for c in preference_history(uow, "u1", 1, 1).items] == [2]
    assert preference_history(uow, "someone-else").total == 0


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (Preferences("u1", sweetness=0), r"sweetness must be between 1 \(dry\) and 5"),
        (Preferences("u1", sweetness=6), "not 6"),
        (Preferences("u1", budget_yen=0), "budget_yen must be between 1 and 1,000,000"),
        (Preferences("u1", budget_yen=5_000_000), "not 5,000,000"),
        (Preferences("u1", avoid_categories=("純米", "ワイン", "beer")), "'ワイン', 'beer'"),
        (Preferences("u1", liked_aromas=("fruity", "smoky")), "unknown aromas 'smoky'"),
    ],
)
def test_bad_answers_are_refused_naming_what_to_fix(
    store: FakeStore, answers: Preferences, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        replace_preferences(factory(store), answers)
    assert store.preferences == {} and store.history == []


def test_every_problem_is_reported_at_once() -> None:
    problems = preference_problems(
        Preferences("u1", sweetness=9, liked_aromas=("x",), budget_yen=-1)
    )
    assert len(problems) == 3


def test_history_paging_is_checked(store: FakeStore) -> None:
    with pytest.raises(InvalidInput, match="limit"):
        preference_history(factory(store), "u1", limit=0)
    with pytest.raises(InvalidInput, match="offset"):
        preference_history(factory(store), "u1", offset=-1)
