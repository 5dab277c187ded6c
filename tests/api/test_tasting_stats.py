"""GET /me/tastings/stats over HTTP, on both databases."""

from __future__ import annotations

import pytest

from sakesensei.domain.catalog import SakeWithBrewery
from tests.api.conftest import Api
from tests.api.test_tastings import catalog, log

STATS = "/api/v1/me/tastings/stats"


def _two_prefectures(api: Api) -> tuple[SakeWithBrewery, SakeWithBrewery]:
    """A sake with sweetness, body and aromas, and one of another category and prefecture."""
    items = [
        i
        for i in catalog(api)
        if i.sake.flavor.sweetness and i.sake.flavor.body and i.sake.flavor.aroma
    ]
    first = items[0]
    second = next(
        i
        for i in items
        if i.brewery.prefecture != first.brewery.prefecture
        and i.sake.category != first.sake.category
    )
    return first, second


def test_an_empty_journal(api: Api) -> None:
    response = api.http.get(STATS, headers=api.user())
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 0 and body["average_rating"] is None
    assert body["ratings"] == {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0}
    assert body["by_category"] == [] and body["by_prefecture"] == []
    assert body["rated_high"] == {
        "count": 0,
        "sweetness": None,
        "acidity": None,
        "body": None,
        "top_aromas": [],
    }


def test_counts_groups_and_the_flavour_of_liked_and_disliked(api: Api) -> None:
    hana, ren = api.user("hana@example.com"), api.user("ren@example.com")
    liked, disliked = _two_prefectures(api)
    log(api, hana, liked.sake.id or 0, 5)
    log(api, hana, liked.sake.id or 0, 4)
    log(api, hana, disliked.sake.id or 0, 1)
    log(api, ren, disliked.sake.id or 0, 5)  # not hana's: must not count
    body = api.http.get(STATS, headers=hana).json()
    assert body["count"] == 3 and body["average_rating"] == pytest.approx(3.33)
    assert body["ratings"] == {"1": 1, "2": 0, "3": 0, "4": 1, "5": 1}
    assert body["by_category"] == [
        {"category": liked.sake.category, "count": 2, "average_rating": 4.5},
        {"category": disliked.sake.category, "count": 1, "average_rating": 1.0},
    ]
    assert body["by_prefecture"][0] == {
        "prefecture": liked.brewery.prefecture,
        "count": 2,
        "average_rating": 4.5,
    }
    high, low = body["rated_high"], body["rated_low"]
    assert high["count"] == 2 and high["sweetness"] == liked.sake.flavor.sweetness
    assert high["body"] == liked.sake.flavor.body
    assert {a["aroma"] for a in high["top_aromas"]} <= set(liked.sake.flavor.aroma)
    assert all(a["count"] == 2 for a in high["top_aromas"])
    assert low["count"] == 1 and low["sweetness"] == disliked.sake.flavor.sweetness
    assert api.http.get(STATS, headers=ren).json()["count"] == 1


def test_stats_take_the_list_filters(api: Api) -> None:
    hana = api.user()
    liked, _ = _two_prefectures(api)
    log(api, hana, liked.sake.id or 0, 5, tasted_on="2026-01-10")
    log(api, hana, liked.sake.id or 0, 2, tasted_on="2026-06-10")
    body = api.http.get(STATS, headers=hana, params={"date_from": "2026-06-01"}).json()
    assert body["count"] == 1 and body["average_rating"] == 2.0


@pytest.mark.parametrize(
    "params",
    [{"rating_min": 0}, {"category": "beer"}, {"date_from": "2026-02-01", "date_to": "2026-01-01"}],
)
def test_bad_filters_are_a_422(api: Api, params: dict) -> None:  # type: ignore[type-arg]
    response = api.http.get(STATS, headers=api.user(), params=params)
    assert (
        response.status_code == 422
        and response.headers["content-type"] == "application/problem+json"
    )
