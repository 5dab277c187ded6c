"""The public catalog over HTTP, on SQLite and PostgreSQL: sake, breweries, pairings."""

from __future__ import annotations

import time
from typing import Any

import pytest

from sakesensei.services.catalog_cache import RECHECK_SECONDS
from tests.api.conftest import Api

SAKE_KEYS = {
    "id",
    "name",
    "reading",
    "romaji",
    "brewery",
    "category",
    "tags",
    "price_yen",
    "volume_ml",
    "abv",
    "polishing_ratio",
    "smv",
    "acidity",
    "flavor",
    "pairings",
    "temperatures",
    "where_to_buy",
    "description",
}
BREWERY_KEYS = {
    "id",
    "name",
    "romaji",
    "prefecture",
    "city",
    "founded",
    "description",
    "representative_sake",
    "sake_count",
}


def _get(api: Api, path: str, **params: Any) -> dict[str, Any]:
    response = api.http.get(path, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _problem(api: Api, path: str, status: int, **params: Any) -> str:
    response = api.http.get(path, params=params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == status and problem["detail"]
    return str(problem["detail"])


def _sake_id(api: Api, q: str) -> int:
    return int(_get(api, "/api/v1/sakes", q=q)["items"][0]["id"])


# --- GET /api/v1/sakes ------------------------------------------------------------------


def test_sakes_list_everything_in_pages_without_a_query(api: Api) -> None:
    first = _get(api, "/api/v1/sakes")
    second = _get(api, "/api/v1/sakes", offset=20, limit=5)
    assert first["total"] >= 250 and len(first["items"]) == 20 and second["total"] == first["total"]
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    item = first["items"][0]
    assert set(item) >= SAKE_KEYS and set(item["brewery"]) == {"id", "name", "prefecture"}
    assert set(item["flavor"]) == {"sweetness", "acidity", "body", "aroma"}


@pytest.mark.parametrize(
    ("q", "name"),
    [
        ("獺祭", "獺祭"),
        ("だっさい", "獺祭"),
        ("dassai", "獺祭"),
        ("dasai", "獺祭"),
        ("kubota", "久保田"),
        ("久保田", "久保田"),
        ("hakaisan", "八海山"),
        ("八海山", "八海山"),
        ("ハッカイサン", "八海山"),
    ],
)
def test_sakes_found_by_any_script_and_typos(api: Api, q: str, name: str) -> None:
    page = _get(api, "/api/v1/sakes", q=q)
    assert page["total"] >= 1 and page["items"][0]["name"].startswith(name)


@pytest.mark.parametrize(
    ("params", "check"),
    [
        (
            {"category": ["純米大吟醸", "Daiginjo"]},
            lambda s: s["category"] in {"純米大吟醸", "大吟醸"},
        ),
        ({"prefecture": "Niigata"}, lambda s: s["brewery"]["prefecture"] == "新潟県"),
        ({"prefecture": "新潟"}, lambda s: s["brewery"]["prefecture"] == "新潟県"),
        (
            {"region": "東北"},
            lambda s: (
                s["brewery"]["prefecture"]
                in {"青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県"}
            ),
        ),
        (
            {"region": "Kyushu"},
            lambda s: (
                s["brewery"]["prefecture"]
                in {"福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県"}
            ),
        ),
        ({"price_min": 3000, "price_max": 5000}, lambda s: 3000 <= s["price_yen"] <= 5000),
        ({"sweetness_min": 4}, lambda s: s["flavor"]["sweetness"] >= 4),
        ({"sweetness_max": 1}, lambda s: s["flavor"]["sweetness"] == 1),
        ({"aroma": ["melon", "banana"]}, lambda s: {"melon", "banana"} & set(s["flavor"]["aroma"])),
        (
            {"q": "junmai", "region": "tohoku", "price_max": 3000},
            lambda s: (
                s["price_yen"] <= 3000
                and s["brewery"]["prefecture"]
                in {"青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県"}
            ),
        ),
    ],
)
def test_sakes_filtered(api: Api, params: dict[str, Any], check: Any) -> None:
    page = _get(api, "/api/v1/sakes", limit=100, **params)
    assert page["total"] > 0 and len(page["items"]) == min(100, page["total"])
    assert all(check(s) for s in page["items"])


def test_filters_narrow_a_text_search(api: Api) -> None:
    everywhere = _get(api, "/api/v1/sakes", q="junmai daiginjo", limit=100)["total"]
    north = _get(api, "/api/v1/sakes", q="junmai daiginjo", region="東北", limit=100)
    assert 0 < north["total"] < everywhere
    assert all(s["category"] == "純米大吟醸" for s in north["items"][:5])


def test_contradictory_places_answer_an_honest_empty_list(api: Api) -> None:
    assert _get(api, "/api/v1/sakes", prefecture="新潟", region="九州") == {"items": [], "total": 0}


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"prefecture": "Atlantis"}, "no prefecture called 'Atlantis'"),
        ({"region": "Narnia"}, "no region called 'Narnia'"),
        ({"category": "wine"}, "not a grade of sake"),
        ({"aroma": "smoky"}, "not an aroma we tag"),
        ({"price_min": 5000, "price_max": 1000}, "price_min (5000) is above price_max (1000)"),
        ({"sweetness_min": 0}, "sweetness_min"),
        ({"sweetness_max": 6}, "sweetness_max"),
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"offset": -1}, "offset"),
        ({"price_max": "cheap"}, "price_max"),
        ({"q": "!!!"}, "no letters or digits"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_sake_queries_are_422_problems_that_say_what_to_fix(
    api: Api, params: dict[str, Any], fragment: str
) -> None:
    assert fragment in _problem(api, "/api/v1/sakes", 422, **params)


def test_search_sees_a_change_made_elsewhere_once_the_version_is_read_again(api: Api) -> None:
    """As another replica's change, or an import by the CLI, would be seen."""
    sake_id = _sake_id(api, "久保田 萬寿")
    assert _get(api, "/api/v1/sakes", q="Zuiunkaku")["total"] == 0
    with api.container.uow() as uow:
        item = uow.sakes.get(sake_id)
        assert item is not None
        original = item.sake.romaji
        item.sake.romaji = f"{original} Zuiunkaku"
        uow.sakes.update(item.sake)
        uow.commit()
    time.sleep(RECHECK_SECONDS + 0.05)
    try:
        found = _get(api, "/api/v1/sakes", q="zuiunkaku")
        assert [i["id"] for i in found["items"]] == [sake_id]
    finally:
        with api.container.uow() as uow:
            item.sake.romaji = original
            uow.sakes.update(item.sake)
            uow.commit()
    time.sleep(RECHECK_SECONDS + 0.05)
    assert _get(api, "/api/v1/sakes", q="Zuiunkaku")["total"] == 0


# --- GET /api/v1/sakes/{id} and /similar ------------------------------------------------


def test_sake_detail_has_the_documented_shape(api: Api) -> None:
    sake_id = _sake_id(api, "獺祭 45")
    sake = _get(api, f"/api/v1/sakes/{sake_id}")
    assert set(sake) >= SAKE_KEYS and sake["id"] == sake_id
    assert sake["brewery"]["name"] == "旭酒造" and sake["brewery"]["prefecture"] == "山口県"
    assert sake["pairings"] and {"dish", "why"} == set(sake["pairings"][0]) and sake["temperatures"]


def test_similar_sake_exclude_the_sake_and_say_why(api: Api) -> None:
    sake_id = _sake_id(api, "獺祭 45")
    similar = _get(api, f"/api/v1/sakes/{sake_id}/similar", limit=5)
    assert similar["total"] == len(similar["items"]) == 5
    assert sake_id not in {i["sake"]["id"] for i in similar["items"]}
    scores = [i["score"] for i in similar["items"]]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 100 for s in scores)
    assert all(i["why"].endswith(".") and set(i["sake"]) >= SAKE_KEYS for i in similar["items"])


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/sakes/99999999",
        "/api/v1/sakes/0",
        "/api/v1/sakes/99999999999999999999",
        "/api/v1/sakes/99999999/similar",
    ],
)
def test_unknown_sake_is_a_404_problem(api: Api, path: str) -> None:
    assert "there is no sake with id" in _problem(api, path, 404)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/sakes/abc", {}),
        ("/api/v1/sakes/1/similar", {"limit": 0}),
        ("/api/v1/sakes/1/similar", {"limit": 51}),
    ],
)
def test_bad_sake_paths_are_422_problems(api: Api, path: str, params: dict[str, Any]) -> None:
    _problem(api, path, 422, **params)


# --- GET /api/v1/breweries -------------------------------------------------------------


def test_breweries_listed_with_their_sake_count(api: Api) -> None:
    page = _get(api, "/api/v1/breweries", limit=100)
    assert page["total"] >= 100 and len(page["items"]) == 100
    assert set(page["items"][0]) >= BREWERY_KEYS
    assert page["items"][0]["prefecture"] == "北海道"  # north to south
    assert all(b["sake_count"] >= 0 for b in page["items"])


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"prefecture": "Niigata"}, lambda b: b["prefecture"] == "新潟県"),
        ({"region": "関西"}, lambda b: b["region"] == "Kinki"),
        ({"q": "asahi shuzo"}, lambda b: "Asahi" in (b["romaji"] or "")),
        ({"q": "八海醸造"}, lambda b: b["name"] == "八海醸造"),
        ({"q": "hakai jozo"}, lambda b: b["name"] == "八海醸造"),
    ],
)
def test_breweries_filtered_and_searched(api: Api, params: dict[str, Any], check: Any) -> None:
    page = _get(api, "/api/v1/breweries", **params)
    assert page["total"] > 0 and check(page["items"][0])
    if "q" not in params:
        assert all(check(b) for b in page["items"])


def test_brewery_detail_lists_its_sake(api: Api) -> None:
    brewery = _get(api, "/api/v1/breweries", q="八海醸造")["items"][0]
    detail = _get(api, f"/api/v1/breweries/{brewery['id']}")
    assert set(detail) >= BREWERY_KEYS and detail["name"] == "八海醸造"
    assert len(detail["sakes"]) == detail["sake_count"] >= 2
    assert all(s["brewery"]["id"] == brewery["id"] and set(s) >= SAKE_KEYS for s in detail["sakes"])


@pytest.mark.parametrize(
    ("path", "status", "params", "fragment"),
    [
        ("/api/v1/breweries/99999999", 404, {}, "there is no brewery with id 99999999"),
        ("/api/v1/breweries/-3", 404, {}, "there is no brewery"),
        ("/api/v1/breweries/x", 422, {}, "brewery_id"),
        ("/api/v1/breweries", 422, {"prefecture": "Gondor"}, "no prefecture called 'Gondor'"),
        ("/api/v1/breweries", 422, {"region": "Westeros"}, "no region called 'Westeros'"),
        ("/api/v1/breweries", 422, {"limit": 500}, "limit"),
        ("/api/v1/breweries", 422, {"q": "???"}, "no letters or digits"),
    ],
)
def test_bad_brewery_requests_are_problems(
    api: Api, path: str, status: int, params: dict[str, Any], fragment: str
) -> None:
    assert fragment in _problem(api, path, status, **params)


# --- GET /api/v1/pairings --------------------------------------------------------------


@pytest.mark.parametrize(
    ("dish", "family"),
    [
        ("刺身", "raw_fish"),
        ("karaage", "fried"),
        ("唐揚げ", "fried"),
        ("pizza", "cheese"),
        ("カレー", "spicy"),
        ("cheese", "cheese"),
    ],
)
def test_pairings_for_dishes_in_both_languages(api: Api, dish: str, family: str) -> None:
    page = _get(api, "/api/v1/pairings", dish=dish, limit=5)
    assert page["dish"] == dish and family in [f["key"] for f in page["families"]]
    assert len(page["items"]) == 5 and page["total"] >= 5
    for item in page["items"]:
        assert (
            set(item["sake"]) >= SAKE_KEYS
            and item["why"]
            and item["source"] in {"listed", "profile"}
        )


def test_listed_pairings_come_first_and_quote_the_record(api: Api) -> None:
    items = _get(api, "/api/v1/pairings", dish="karaage", limit=3)["items"]
    assert all(i["source"] == "listed" and i["why"].startswith("Listed with ") for i in items)
    dish = items[0]["why"].removeprefix("Listed with ").split(":")[0]
    assert dish in [p["dish"] for p in items[0]["sake"]["pairings"]]


def test_a_dish_no_record_names_is_paired_by_its_family(api: Api) -> None:
    page = _get(api, "/api/v1/pairings", dish="カレー", limit=3)
    assert "spicy food" in page["message"]
    assert all(i["source"] == "profile" for i in page["items"])
    assert all((i["sake"]["flavor"]["sweetness"] or 3) >= 3 for i in page["items"])


def test_an_absurd_dish_answers_an_honest_empty_list(api: Api) -> None:
    page = _get(api, "/api/v1/pairings", dish="qwzxvbn")
    assert (
        page["items"] == [] and page["total"] == 0 and "We do not know 'qwzxvbn'" in page["message"]
    )


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({}, "dish"),
        ({"dish": ""}, "name a dish"),
        ({"dish": "   "}, "name a dish"),
        ({"dish": "!!!"}, "no letters"),
        ({"dish": "x" * 101}, "dish"),
        ({"dish": "sushi", "limit": 0}, "limit"),
    ],
)
def test_bad_pairing_requests_are_422_problems(
    api: Api, params: dict[str, Any], fragment: str
) -> None:
    assert fragment in _problem(api, "/api/v1/pairings", 422, **params)
