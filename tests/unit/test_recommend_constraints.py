"""Property tests of the recommender: for any catalog, survey, journal and crowd, the hard
constraints hold, the parts stay in their ranges, and the top five mix breweries."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sakesensei.domain.catalog import AROMAS, Brewery, Flavor, Sake, SakeWithBrewery
from sakesensei.domain.grades import CATEGORIES
from sakesensei.domain.prefectures import PREFECTURES
from sakesensei.domain.users import Experience, Preferences
from sakesensei.engines.recommend.collaborative import Index, Item, RatingData
from sakesensei.engines.recommend.crowd import align, community_ratings, no_crowd
from sakesensei.engines.recommend.features import build_features
from sakesensei.engines.recommend.history import Rated
from sakesensei.engines.recommend.picks import Options, recommend

TODAY = date(2026, 6, 1)
STYLES = ("にごり", "古酒", "貴醸酒", "山廃", "生酒", "季節限定")
scale = st.none() | st.integers(1, 5)


class StubModel:
    """Any collaborative model: arbitrary scores (of either sign) over items it may not
    share with the catalog, and neighbour ratings for some of them."""

    def __init__(self, ids: list[int], seed: int) -> None:
        self._items = Index.of(ids)
        self._scores = np.random.default_rng(seed).normal(size=len(ids)).astype(np.float32)

    @property
    def items(self) -> Index:
        return self._items

    def scores(self, rated: Mapping[Item, float]) -> np.ndarray:  # type: ignore[type-arg]
        return self._scores * (1.0 if rated else 0.0)

    def neighbour_rating(self, rated: Mapping[Item, float], item: Item) -> tuple[float, int] | None:
        position = self._items.positions.get(item)
        return None if position is None or position % 2 else (3.5, 4)


@st.composite
def catalogs(draw: st.DrawFn) -> list[SakeWithBrewery]:
    breweries = [
        Brewery(f"蔵{i}", draw(st.sampled_from(PREFECTURES))[0], id=i + 1)
        for i in range(draw(st.integers(1, 8)))
    ]
    items = []
    for sake_id in range(1, draw(st.integers(0, 40)) + 1):
        brewery = draw(st.sampled_from(breweries))
        sake = Sake(
            name=f"酒{sake_id}",
            brewery_id=brewery.id or 0,
            category=draw(st.sampled_from(sorted(CATEGORIES))),
            tags=tuple(draw(st.lists(st.sampled_from(STYLES), max_size=2, unique=True))),
            price_yen=draw(st.none() | st.integers(100, 30_000)),
            volume_ml=draw(st.none() | st.sampled_from([180, 300, 720, 1800])),
            abv=draw(st.none() | st.floats(5, 22)),
            flavor=Flavor(
                draw(scale),
                draw(scale),
                draw(scale),
                tuple(draw(st.lists(st.sampled_from(sorted(AROMAS)), max_size=4, unique=True))),
            ),
            id=sake_id,
        )
        items.append(SakeWithBrewery(sake, brewery))
    return items


surveys = st.builds(
    Preferences,
    user_id=st.just("u"),
    sweetness=st.integers(1, 5),
    budget_yen=st.none() | st.integers(1, 20_000),
    experience=st.sampled_from(Experience),
    avoid_categories=st.lists(st.sampled_from(sorted(CATEGORIES)), max_size=4).map(tuple),
    liked_aromas=st.lists(st.sampled_from(sorted(AROMAS)), max_size=3).map(tuple),
)
# Journal entries may name sake the catalog no longer has (ids up to 60 of at most 40).
journals = st.lists(
    st.builds(
        Rated,
        sake_id=st.integers(1, 60),
        rating=st.integers(1, 5),
        tasted_on=st.integers(0, 2_000).map(lambda days: TODAY - timedelta(days=days)),
    ),
    max_size=15,
)
crowds = st.lists(st.tuples(st.integers(1, 12), st.integers(1, 60), st.integers(1, 5)), max_size=80)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    items=catalogs(),
    survey=surveys,
    journal=journals,
    others=crowds,
    limit=st.integers(1, 50),
    include_tasted=st.booleans(),
    same_brewery=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_the_hard_constraints_never_break(
    items: list[SakeWithBrewery],
    survey: Preferences,
    journal: list[Rated],
    others: list[tuple[int, int, int]],
    limit: int,
    include_tasted: bool,
    same_brewery: bool,
    seed: int,
) -> None:
    features = build_features(items)
    crowd = no_crowd(features)
    if others:
        data = RatingData(
            users=[f"other{u}" for u, _, _ in others],
            items=[i for _, i, _ in others],
            ratings=np.array([r for _, _, r in others], dtype=np.float32),
        )
        model = StubModel(sorted({i for _, i, _ in others}), seed)
        crowd = align(features, model, community_ratings(data))
    options = Options(
        limit=limit, include_tasted=include_tasted, same_brewery=same_brewery, seed=seed
    )
    ranking = recommend(features, survey, journal, crowd, options, TODAY)

    by_id = {i.sake.id: i for i in items}
    tasted = {r.sake_id for r in journal}
    ids = [p.sake_id for p in ranking.picks]
    assert len(ids) == len(set(ids)) <= limit
    assert len(ids) == min(limit, ranking.candidates)
    for pick in ranking.picks:
        item = by_id[pick.sake_id]  # in the catalog
        sake = item.sake
        if survey.budget_yen is not None:
            assert sake.price_yen is not None and sake.price_yen <= survey.budget_yen
        assert sake.category not in survey.avoid_categories
        if not include_tasted:
            assert pick.sake_id not in tasted
        assert 0 <= pick.score <= 100
        assert abs(pick.score - sum(p.points for p in pick.parts.values())) < 0.05
        for part in pick.parts.values():
            assert 0 <= part.points <= part.max
            assert all(r.ja and r.en for r in part.reasons)
    eligible = [
        i
        for i in items
        if (survey.budget_yen is None or (i.sake.price_yen or 10**9) <= survey.budget_yen)
        and i.sake.category not in survey.avoid_categories
        and (include_tasted or i.sake.id not in tasted)
    ]
    assert ranking.candidates == len(eligible)
    top = [by_id[i].brewery.id for i in ids[:5]]
    if not same_brewery and len({i.brewery.id for i in eligible}) >= len(top):
        assert len(set(top)) == len(top)  # no brewery twice in the top five


@settings(max_examples=40, deadline=None)
@given(items=catalogs(), survey=surveys, journal=journals, seed=st.integers(0, 1000))
def test_the_same_request_gets_the_same_list(
    items: list[SakeWithBrewery], survey: Preferences, journal: list[Rated], seed: int
) -> None:
    features = build_features(items)
    options = Options(limit=10, seed=seed)
    first = recommend(features, survey, journal, no_crowd(features), options, TODAY)
    again = recommend(features, survey, journal, no_crowd(features), options, TODAY)
    assert first == again
