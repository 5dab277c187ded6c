"""Content-based similarity: taste, aroma, grade, price and style, with reasons."""

from __future__ import annotations

from sakesensei.domain.catalog import Flavor, Sake
from sakesensei.engines.recommend.similarity import compare, most_similar, price_per_bottle


def _sake(sake_id: int, category: str = "純米吟醸", **kw: object) -> Sake:
    return Sake(f"sake {sake_id}", 1, category, id=sake_id, **kw)  # type: ignore[arg-type]


TARGET = _sake(1, flavor=Flavor(3, 2, 2, ("fruity", "melon")), price_yen=1650, volume_ml=720)


def test_an_identical_profile_scores_100_with_reasons() -> None:
    twin = _sake(2, flavor=Flavor(3, 2, 2, ("fruity", "melon")), price_yen=1650, volume_ml=720)
    score, reasons = compare(TARGET, twin)
    assert score == 100.0
    assert reasons[0] == "the same taste profile (sweetness 3, acidity 2, body 2)"
    assert "also a 純米吟醸 (Junmai Ginjo)" in reasons
    assert "shares the fruity and melon aromas" in reasons


def test_closer_taste_ranks_higher_and_the_target_is_left_out() -> None:
    near = _sake(2, flavor=Flavor(3, 2, 3, ("fruity",)), price_yen=1800, volume_ml=720)
    far = _sake(3, "普通酒", flavor=Flavor(1, 4, 5, ("earthy",)), price_yen=900, volume_ml=1800)
    found = most_similar(TARGET, [TARGET, far, near], limit=5)
    assert [s.sake_id for s in found] == [2, 3]
    assert found[0].score > found[1].score
    assert found[0].why.startswith("The same sweetness and acidity")


def test_prices_compare_per_720ml_bottle() -> None:
    big = _sake(2, price_yen=3300, volume_ml=1800)
    assert price_per_bottle(big) == 1320
    _, reasons = compare(TARGET, big)
    assert "a similar price (¥1,320 a 720 ml bottle)" in reasons


def test_missing_values_are_left_out_not_counted_against() -> None:
    bare = _sake(2)
    score, _ = compare(_sake(1), bare)
    assert score == 100.0  # same grade, both plain: nothing known differs
    assert most_similar(_sake(1), [bare], 1)[0].why.startswith("Also a 純米吟醸")


def test_a_weak_match_still_says_something() -> None:
    other = _sake(2, "普通酒", flavor=Flavor(1, 5, 5, ("earthy",)), tags=("古酒",))
    found = most_similar(TARGET, [other], 1)
    assert found[0].why == "The closest in character the catalog has."
