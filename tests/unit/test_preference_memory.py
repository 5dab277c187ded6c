"""Remembered facts fill in the survey where it is silent, and only there."""

from __future__ import annotations

from datetime import UTC, datetime

from sakesensei.domain.memory import MemoryFact
from sakesensei.domain.users import Experience, Preferences
from sakesensei.services.preference_memory import budget_of, sweetness_of, with_memory

NOW = datetime(2026, 11, 30, tzinfo=UTC)
USER = "u-1"


def _facts(**pairs: str) -> list[MemoryFact]:
    return [MemoryFact(USER, k.replace("__", "."), v, NOW, NOW) for k, v in pairs.items()]


def test_values_are_read_as_people_say_them() -> None:
    assert [sweetness_of(v) for v in ("2", "辛口", "大辛口", "very sweet", "sweet", "?")] == [
        2,
        2,
        1,
        5,
        4,
        None,
    ]
    assert [budget_of(v) for v in ("3000", "3,000円", "under ¥2500", "cheap", "0")] == [
        3000,
        3000,
        2500,
        None,
        None,
    ]


def test_the_built_in_sommeliers_own_wording_is_understood() -> None:
    facts = _facts(sweetness="prefers dry", budget="budget 3000 yen", experience="beginner")
    facts += _facts(
        likes__fruity="likes fruity", dislikes__junmai_daiginjo="dislikes junmai daiginjo"
    )
    facts += _facts(dislikes__strong_aroma="dislikes strong aroma", likes__sparkling="likes it")
    chosen = with_memory(None, facts, USER)
    assert (chosen.sweetness, chosen.budget_yen, chosen.experience) == (
        2,
        3000,
        Experience.BEGINNER,
    )
    assert (chosen.liked_aromas, chosen.avoid_categories) == (("fruity",), ("純米大吟醸",))


def test_without_a_survey_memory_decides() -> None:
    facts = _facts(sweetness="1", budget="2000", experience="advanced", likes__fruity="yes")
    facts += _facts(dislikes__普通酒="yes", dislikes__sparkling="yes", dislikes__Honjozo="yes")
    chosen = with_memory(None, facts, USER)
    assert (chosen.sweetness, chosen.budget_yen, chosen.experience) == (
        1,
        2000,
        Experience.ADVANCED,
    )
    assert chosen.liked_aromas == ("fruity",)
    # Styles the survey has no field for are not avoided here; grades are.
    assert chosen.avoid_categories == ("普通酒", "本醸造")


def test_the_survey_wins_where_it_answered() -> None:
    survey = Preferences(USER, sweetness=4, budget_yen=5000, avoid_categories=("普通酒",))
    chosen = with_memory(survey, _facts(sweetness="1", budget="2000", dislikes__吟醸="x"), USER)
    assert (chosen.sweetness, chosen.budget_yen) == (4, 5000)
    assert chosen.avoid_categories == ("普通酒", "吟醸")


def test_a_survey_without_a_budget_takes_the_remembered_one() -> None:
    survey = Preferences(USER, sweetness=4)
    assert with_memory(survey, _facts(budget="3000円"), USER).budget_yen == 3000
    assert with_memory(survey, [], USER) == survey
