"""GET/PUT /me/preferences and GET /me/preferences/history over HTTP, on both databases."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api

PREFS = "/api/v1/me/preferences"
ANSWERS = {
    "sweetness": 2,
    "budget_yen": 3000,
    "experience": "intermediate",
    "avoid_categories": ["普通酒"],
    "liked_aromas": ["fruity", "floral"],
}


def test_defaults_until_answered_then_the_answers(api: Api) -> None:
    hana = api.user("hana@example.com")
    before = api.http.get(PREFS, headers=hana)
    assert before.status_code == 200
    assert before.json() == {
        "sweetness": 3,
        "budget_yen": None,
        "experience": "beginner",
        "avoid_categories": [],
        "liked_aromas": [],
        "updated_at": None,
    }
    put = api.http.put(PREFS, headers=hana, json=ANSWERS)
    assert put.status_code == 200, put.text
    assert {k: put.json()[k] for k in ANSWERS} == ANSWERS and put.json()["updated_at"]
    assert api.http.get(PREFS, headers=hana).json() == put.json()


def test_put_replaces_the_whole_survey(api: Api) -> None:
    hana = api.user("hana@example.com")
    api.http.put(PREFS, headers=hana, json=ANSWERS)
    again = api.http.put(PREFS, headers=hana, json={"sweetness": 5, "experience": "advanced"})
    assert again.status_code == 200
    body = again.json()
    assert (body["budget_yen"], body["avoid_categories"], body["liked_aromas"]) == (None, [], [])


def test_history_keeps_every_change_newest_first_with_paging(api: Api) -> None:
    hana = api.user("hana@example.com")
    for sweetness in (1, 2, 2, 3):  # the repeated answer is not a change
        answers = {**ANSWERS, "sweetness": sweetness}
        assert api.http.put(PREFS, headers=hana, json=answers).status_code == 200
    history = api.http.get(f"{PREFS}/history", headers=hana).json()
    assert history["total"] == 3
    assert [c["preferences"]["sweetness"] for c in history["items"]] == [3, 2, 1]
    assert history["items"][0]["source"] == "survey" and history["items"][0]["changed_at"]
    page = api.http.get(f"{PREFS}/history", headers=hana, params={"limit": 1, "offset": 1}).json()
    assert page["total"] == 3 and [c["preferences"]["sweetness"] for c in page["items"]] == [2]


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"sweetness": 0}, "sweetness"),
        ({"sweetness": 6}, "sweetness"),
        ({"sweetness": "sweet"}, "sweetness"),
        ({"sweetness": 2.5}, "sweetness"),
        ({"budget_yen": 0}, "budget_yen"),
        ({"budget_yen": 50_000_000}, "budget_yen"),
        ({"experience": "sommelier"}, "experience"),
        ({"avoid_categories": ["純米", "ワイン", "beer"]}, "'ワイン', 'beer'"),
        ({"liked_aromas": ["fruity", "smoky"]}, "unknown aromas 'smoky'"),
        ({"liked_aromas": "fruity"}, "liked_aromas"),
        ({"favourite": "dassai"}, "favourite"),
    ],
)
def test_bad_answers_are_a_422_naming_the_field(api: Api, change: dict, needle: str) -> None:  # type: ignore[type-arg]
    hana = api.user("hana@example.com")
    response = api.http.put(PREFS, headers=hana, json={**ANSWERS, **change})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert needle in response.json()["detail"]
    assert api.http.get(PREFS, headers=hana).json()["updated_at"] is None  # nothing stored


def test_a_missing_required_answer_is_named(api: Api) -> None:
    response = api.http.put(PREFS, headers=api.user(), json={"sweetness": 2})
    assert response.status_code == 422 and "experience" in response.json()["detail"]


def test_bad_history_paging_is_a_422(api: Api) -> None:
    hana = api.user()
    for params in ({"limit": 0}, {"limit": 101}, {"offset": -1}, {"limit": "many"}):
        response = api.http.get(f"{PREFS}/history", headers=hana, params=params)
        assert response.status_code == 422, params


def test_unverified_accounts_read_but_cannot_answer(api: Api) -> None:
    newcomer = api.user("new@example.com", verified=False)
    assert api.http.get(PREFS, headers=newcomer).status_code == 200
    refused = api.http.put(PREFS, headers=newcomer, json=ANSWERS)
    assert refused.status_code == 403 and "verify your email" in refused.json()["detail"]


def test_each_user_sees_only_their_own_answers(api: Api) -> None:
    hana, ren = api.user("hana@example.com"), api.user("ren@example.com")
    api.http.put(PREFS, headers=hana, json=ANSWERS)
    assert api.http.get(PREFS, headers=ren).json()["updated_at"] is None
    assert api.http.get(f"{PREFS}/history", headers=ren).json() == {"items": [], "total": 0}


@pytest.mark.parametrize(
    ("method", "path"), [("GET", PREFS), ("PUT", PREFS), ("GET", f"{PREFS}/history")]
)
@pytest.mark.parametrize("token", [None, "Bearer not-a-token"])
def test_without_a_valid_token_it_is_401(
    api: Api, method: str, path: str, token: str | None
) -> None:
    headers = {"Authorization": token} if token else {}
    response = api.http.request(method, path, headers=headers, json=ANSWERS)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 401
