"""The recommender on the shipped catalog: cold start, beginners, learning from ratings,
variety, wild cards, and a collaborative model that does not know every sake."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import numpy as np
import pytest

from sakesensei.domain.catalog import SakeWithBrewery
from sakesensei.domain.users import Experience, Preferences
from sakesensei.engines.recommend.collaborative import RatingData, fit_model
from sakesensei.engines.recommend.crowd import align, community_ratings, no_crowd
from sakesensei.engines.recommend.features import (
    ODD_STYLES,
    CatalogFeatures,
    build_features,
    price_band,
)
from sakesensei.engines.recommend.history import Rated
from sakesensei.engines.recommend.picks import Options, Ranking, recommend
from sakesensei.services.shipped_catalog import ensure_catalog
from tests.support.fakes import FakeStore, FakeUnitOfWork

TODAY = date(2026, 6, 1)


@pytest.fixture(scope="module")
def items() -> list[SakeWithBrewery]:
    store = FakeStore()
    ensure_catalog(lambda: FakeUnitOfWork(store))  # type: ignore[arg-type, return-value]
    with FakeUnitOfWork(store) as uow:
        return list(uow.sakes.iter_all())


@pytest.fixture(scope="module")
def features(items: list[SakeWithBrewery]) -> CatalogFeatures:
    return build_features(items)


def survey(**answers: object) -> Preferences:
    return Preferences(user_id="u", **answers)  # type: ignore[arg-type]


def picks(
    features: CatalogFeatures,
    preferences: Preferences,
    journal: list[Rated] | None = None,
    **options: object,
) -> Ranking:
    chosen = Options(**{"limit": 10, **options})  # type: ignore[arg-type]
    return recommend(features, preferences, journal or [], no_crowd(features), chosen, TODAY)


def sake(features: CatalogFeatures, sake_id: int) -> SakeWithBrewery:
    return features.items[features.position[sake_id]]


@pytest.mark.parametrize("sweetness", [1, 2, 3, 4, 5])
def test_a_survey_alone_gives_sake_near_the_sweetness_within_budget(
    features: CatalogFeatures, sweetness: int
) -> None:
    ranking = picks(features, survey(sweetness=sweetness, budget_yen=2500), explore_share=0)
    assert len(ranking.picks) == 10
    for pick in ranking.picks:
        item = sake(features, pick.sake_id).sake
        assert item.price_yen is not None and item.price_yen <= 2500
        assert abs((item.flavor.sweetness or 0) - sweetness) <= 2
    top = [sake(features, p.sake_id).sake.flavor.sweetness or 0 for p in ranking.picks[:5]]
    assert sum(abs(s - sweetness) <= 1 for s in top) >= 4
    reasons = [r.en for r in ranking.picks[0].parts["preference"].reasons]
    assert any(r.startswith("close to your sweetness (") for r in reasons)
    assert "within your 2,500 yen" in " ".join(reasons)


def test_beginners_get_approachable_affordable_sake_first(features: CatalogFeatures) -> None:
    ranking = picks(features, survey(sweetness=3), explore_share=0)
    for pick in ranking.picks:
        item = sake(features, pick.sake_id).sake
        assert not ODD_STYLES.intersection(item.tags)
        assert (item.flavor.acidity or 0) < 5 and (item.flavor.body or 0) < 5
        assert (item.abv or 0) < 18 and (item.price_yen or 0) <= 3000
    first = ranking.picks[0].parts["preference"].reasons
    assert any(r.en == "easy to enjoy for a first bottle" for r in first)
    assert any(r.ja == "初めてでも飲みやすい一本" for r in first)


def test_the_top_five_mix_categories_regions_price_bands_and_breweries(
    features: CatalogFeatures,
) -> None:
    ranking = picks(features, survey(sweetness=2, experience=Experience.INTERMEDIATE))
    top = [sake(features, p.sake_id) for p in ranking.picks[:5]]
    assert len({i.brewery.id for i in top}) == 5
    assert len({i.sake.category for i in top}) >= 3
    assert len({i.brewery.prefecture for i in top}) >= 3
    assert len({price_band(i.sake.price_yen) for i in top}) >= 2  # type: ignore[arg-type]


def test_a_small_share_of_wild_cards_placed_deterministically(features: CatalogFeatures) -> None:
    prefs = survey(sweetness=3, budget_yen=5000)
    ranking = picks(features, prefs, seed=7)
    assert [i for i, p in enumerate(ranking.picks) if p.explored] == [4, 9]
    assert ranking.picks[4].reasons[0].en.startswith("a wild card")
    assert picks(features, prefs, seed=7) == ranking
    assert not any(p.explored for p in picks(features, prefs, explore_share=0).picks)
    assert not any(p.explored for p in picks(features, prefs, limit=3).picks)


def _style(features: CatalogFeatures, anchor: int) -> tuple[list[int], list[int]]:
    """Five sake of the anchor's style to rate, and the ten unrated sake most like them."""
    row = features.position[anchor]
    order = np.argsort(-(features.vectors @ features.vectors[row]), kind="stable")
    ids = [int(features.ids[i]) for i in order]
    return ids[:5], ids[5:15]


def _mean_rank(ranking: Ranking, wanted: list[int]) -> float:
    order = [p.sake_id for p in ranking.picks]
    return float(np.mean([order.index(i) for i in wanted]))


def test_rating_a_style_high_moves_it_up(features: CatalogFeatures) -> None:
    prefs = survey(sweetness=3)
    everything = len(features)
    before = picks(features, prefs, limit=everything, explore_share=0)
    # Premium junmai daiginjo: pricey for a beginner, so it starts low.
    anchor = next(
        i.sake.id or 0
        for i in features.items
        if i.sake.category == "純米大吟醸" and (i.sake.price_yen or 0) >= 5000
    )
    rated, alike = _style(features, anchor)
    journal = [Rated(i, 5, TODAY) for i in rated]
    after = picks(features, prefs, journal, limit=everything, explore_share=0)
    assert not {p.sake_id for p in after.picks} & set(rated)  # tasted: never again by default
    assert _mean_rank(after, alike) < _mean_rank(before, alike) - 50
    lead = next(p for p in after.picks if p.sake_id in alike)
    names = {sake(features, i).sake.name for i in rated}
    like = lead.parts["history"].reasons[0]
    assert like.en.startswith("like ") and any(n in like.en for n in names)
    assert like.en.endswith("which you rated 5") and "5をつけた" in like.ja


def test_rating_a_style_low_moves_it_down(features: CatalogFeatures) -> None:
    prefs = survey(sweetness=3)
    everything = len(features)
    before = picks(features, prefs, limit=everything, explore_share=0)
    rated, alike = _style(features, before.picks[0].sake_id)  # the style it liked best
    journal = [Rated(i, 1, TODAY) for i in rated]
    after = picks(features, prefs, journal, limit=everything, explore_share=0)
    assert _mean_rank(after, alike) > _mean_rank(before, alike) + 50
    pushed = next(p for p in after.picks if p.sake_id in alike)
    assert any("which you rated 1" in r.en for r in pushed.parts["history"].reasons)


def test_recent_ratings_weigh_more_than_old_ones(features: CatalogFeatures) -> None:
    prefs = survey(sweetness=3)
    liked = features.items[0].sake.id or 0
    points = []
    for when in (TODAY, TODAY - timedelta(days=900)):
        ranking = picks(features, prefs, [Rated(liked, 5, when)], limit=len(features))
        points.append(sum(p.parts["history"].points for p in ranking.picks))
    assert points[0] > points[1]


def test_tasted_sake_appear_only_when_asked(features: CatalogFeatures) -> None:
    everything = picks(features, survey(sweetness=3), explore_share=0)
    journal = [Rated(p.sake_id, 4, TODAY) for p in everything.picks[:3]]
    shown = {p.sake_id for p in picks(features, survey(sweetness=3), journal).picks}
    assert not shown & {r.sake_id for r in journal}
    again = picks(features, survey(sweetness=3), journal, include_tasted=True, limit=50)
    assert {r.sake_id for r in journal} <= {p.sake_id for p in again.picks}


def test_the_diversity_part_names_what_is_new(features: CatalogFeatures) -> None:
    first = features.items[0]
    journal = [Rated(first.sake.id or 0, 4, TODAY)]
    ranking = picks(features, survey(sweetness=3), journal, limit=20)
    new_regions = [
        r for p in ranking.picks for r in p.parts["diversity"].reasons if "new region" in r.en
    ]
    assert new_regions and all(r.ja.startswith("初めての地域: ") for r in new_regions)


def test_a_model_that_misses_sake_and_knows_strangers_changes_nothing_essential(
    features: CatalogFeatures, items: list[SakeWithBrewery]
) -> None:
    # Other people rated half the catalog, plus sake since removed from it (ids 10**6+).
    rng = np.random.default_rng(3)
    known = [i.sake.id or 0 for i in items[::2]] + [10**6 + k for k in range(20)]
    users, rated, ratings = [], [], []
    for user in range(60):
        for sake_id in rng.choice(known, size=12, replace=False):
            users.append(f"u{user}")
            rated.append(int(sake_id))
            ratings.append(float(rng.integers(1, 6)))
    data = RatingData(users, rated, np.array(ratings, dtype=np.float32))
    crowd = align(features, fit_model(data), community_ratings(data))
    journal = [Rated(items[0].sake.id or 0, 5, TODAY), Rated(items[1].sake.id or 0, 1, TODAY)]
    ranking = recommend(features, survey(sweetness=3), journal, crowd, Options(limit=20), TODAY)
    assert len(ranking.picks) == 20
    counted = Counter(
        r.en.split(" ")[0] for p in ranking.picks for r in p.parts["collaborative"].reasons
    )
    assert counted  # the crowd speaks: "rated 3.4 on average by 7 people", "people who rate ..."
    unknown = [p for p in ranking.picks if p.sake_id not in set(known)]
    assert all(0 <= p.parts["collaborative"].points <= 20 for p in unknown)
