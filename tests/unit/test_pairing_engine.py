"""Reading dishes and matching sake to them: stored pairings first, dish families after."""

from __future__ import annotations

import pytest

from sakesensei.domain.catalog import Flavor, Pairing, Sake
from sakesensei.domain.dishes import DISH_FAMILIES
from sakesensei.engines.recommend.pairing import MIN_FIT, family_fit, suggest
from sakesensei.engines.text.dishes import DishIndex, detect_families, spelling_variants

FAMILY = {f.key: f for f in DISH_FAMILIES}


@pytest.mark.parametrize(
    ("dish", "families"),
    [
        ("刺身", ["raw_fish"]),
        ("sushi", ["raw_fish"]),
        ("karaage", ["fried"]),
        ("唐揚げ定食", ["fried"]),
        ("pizza", ["cheese", "tomato"]),
        ("カレー", ["spicy"]),
        ("spicy chicken currey", ["spicy"]),
        ("cheese", ["cheese"]),
        ("cheesecake", ["cheese", "sweets"]),
        ("fish and chips", ["fried"]),
        ("おでん", ["dashi"]),
        ("Steak", ["rich_meat"]),
        ("ice cream", ["sweets"]),  # not cream: the longer word wins
        ("麻婆豆腐", ["spicy"]),
        ("asdfgh", []),
        ("辛口", []),
    ],
)
def test_dish_families_in_both_languages(dish: str, families: list[str]) -> None:
    assert [f.key for f in detect_families(dish)] == families


def test_spelling_variants_cross_scripts() -> None:
    assert set(spelling_variants("karaage")) >= {"karaage", "唐揚げ", "から揚げ", "からあげ"}
    assert "karaage" in spelling_variants("唐揚げ")
    assert spelling_variants("!!!") == []


DISHES = DishIndex(
    [
        (1, Pairing("鶏の唐揚げ (fried chicken)", "acidity cuts the oil")),
        (2, Pairing("鯛の刺身 (sea bream sashimi)", "clean and light")),
        (3, Pairing("白身魚のアクアパッツァ (acqua pazza)", "bright with tomato")),
        (3, Pairing("から揚げ (Japanese fried chicken)", "dry finish")),
    ]
)


@pytest.mark.parametrize(
    ("query", "sakes"),
    [
        ("karaage", [1, 3]),
        ("唐揚げ", [1, 3]),
        ("刺身", [2]),
        ("sashimi", [2]),
        ("鶏の唐揚げ定食", [1, 3]),
    ],
)
def test_stored_dishes_are_found_in_either_language(query: str, sakes: list[int]) -> None:
    assert sorted(m.sake_id for m in DISHES.search(query)) == sakes


def test_near_dish_names_must_be_close() -> None:
    assert DISHES.search("pizza") == []  # "pazza" is one letter away, and another dish
    assert [m.sake_id for m in DISHES.search("sashmi")] == [2]


def _sake(sake_id: int, **kw: object) -> Sake:
    flavor = kw.pop("flavor", Flavor())
    return Sake(
        f"sake {sake_id}", 1, str(kw.pop("category", "純米")), id=sake_id, flavor=flavor, **kw
    )  # type: ignore[arg-type]


def test_family_fit_rewards_the_profile_and_names_the_traits() -> None:
    crisp = _sake(1, flavor=Flavor(2, 4, 3), tags=("山廃",))
    sweet = _sake(2, flavor=Flavor(5, 1, 2))
    fried = FAMILY["fried"]
    good, bad = family_fit(crisp, fried), family_fit(sweet, fried)
    assert good.score == 1.0 and bad.score < MIN_FIT
    assert "lively acidity (4/5)" in good.traits and "山廃" in good.traits


def test_styles_that_work_against_the_dish_halve_the_fit() -> None:
    raw = FAMILY["raw_fish"]
    plain = _sake(1, category="純米吟醸", flavor=Flavor(2, 2, 2, ("citrus",)))
    aged = _sake(2, category="純米吟醸", flavor=Flavor(2, 2, 2, ("citrus",)), tags=("古酒",))
    assert family_fit(aged, raw).score == pytest.approx(family_fit(plain, raw).score / 2)


def test_spicy_food_wants_low_alcohol() -> None:
    spicy = FAMILY["spicy"]
    light = _sake(1, flavor=Flavor(4, 2, 2, ("fruity",)), abv=13.0)
    strong = _sake(2, flavor=Flavor(4, 2, 2, ("fruity",)), abv=19.0)
    assert family_fit(light, spicy).score > family_fit(strong, spicy).score
    assert "13% alcohol" in family_fit(light, spicy).traits


def test_listed_pairings_come_first_then_profiles_without_repeats() -> None:
    sakes = [
        _sake(1, flavor=Flavor(2, 4, 3)),
        _sake(2, flavor=Flavor(2, 4, 3)),
        _sake(3, flavor=Flavor(5, 1, 1)),
    ]
    found = suggest(DISHES.search("唐揚げ"), sakes, [FAMILY["fried"]])
    assert [s.source for s in found] == ["listed", "listed", "profile"]
    assert {s.sake_id for s in found[:2]} == {1, 3} and found[2].sake_id == 2
    assert "Listed with 鶏の唐揚げ (fried chicken): acidity cuts the oil" in [s.why for s in found]
    assert found[2].why.startswith(FAMILY["fried"].reason)


def test_no_listing_and_no_family_suggests_nothing() -> None:
    assert suggest([], [_sake(1, flavor=Flavor(2, 4, 3))], []) == []
