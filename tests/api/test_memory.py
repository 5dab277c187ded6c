"""GET/DELETE /api/v1/memory on both databases: a user sees and deletes only their own
memory, and what is remembered fills in their picks until it is deleted."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sakesensei.domain.memory import MemoryEvent, MemoryFact, SessionSummary
from tests.api.conftest import Api

MEMORY = "/api/v1/memory"
RECOS = "/api/v1/recommendations"
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _user_id(api: Api, headers: dict[str, str]) -> str:
    return str(api.http.get("/api/v1/me", headers=headers).json()["id"])


def _remember(api: Api, user_id: str, key: str, value: str, source: str) -> int:
    with api.container.uow() as uow:
        fact = uow.memory.put_fact(
            MemoryFact(user_id, key, value, NOW, NOW, source=source, session_id="s-1")
        )
        uow.commit()
    assert fact.id is not None
    return fact.id


def _memory(api: Api, headers: dict[str, str]) -> dict[str, Any]:
    response = api.http.get(MEMORY, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_a_user_sees_their_facts_with_their_sources_and_summaries(api: Api) -> None:
    hana = api.user("hana@example.com")
    ren = api.user("ren@example.com")
    hana_id, ren_id = _user_id(api, hana), _user_id(api, ren)
    _remember(api, hana_id, "sweetness", "prefers dry", "I like dry sake")
    _remember(api, ren_id, "budget", "budget 5000 yen", "ren's own words")
    with api.container.uow() as uow:
        uow.memory.put_summary(SessionSummary(hana_id, "s-1", "asked for dry sake", NOW))
        uow.memory.add_event(MemoryEvent(hana_id, "s-1", "user", "I like dry sake", NOW))
        uow.commit()
    mine = _memory(api, hana)
    assert [(f["key"], f["value"], f["source"], f["session_id"]) for f in mine["facts"]] == [
        ("sweetness", "prefers dry", "I like dry sake", "s-1")
    ]
    assert [(s["session_id"], s["summary"]) for s in mine["summaries"]] == [
        ("s-1", "asked for dry sake")
    ]
    assert "ren's own words" not in str(mine)
    assert [f["key"] for f in _memory(api, ren)["facts"]] == ["budget"]
    assert _memory(api, ren)["summaries"] == []


def test_memory_needs_a_token(api: Api) -> None:
    for method in ("GET", "DELETE"):
        response = api.http.request(method, MEMORY)
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"


def test_a_user_deletes_one_fact_but_never_someone_elses(api: Api) -> None:
    hana, ren = api.user("hana@example.com"), api.user("ren@example.com")
    hana_fact = _remember(api, _user_id(api, hana), "budget", "budget 2000 yen", "x")
    kept = _remember(api, _user_id(api, hana), "sweetness", "prefers dry", "y")
    response = api.http.delete(f"{MEMORY}/{hana_fact}", headers=ren)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert len(_memory(api, hana)["facts"]) == 2
    assert api.http.delete(f"{MEMORY}/{hana_fact}", headers=hana).status_code == 204
    assert [f["id"] for f in _memory(api, hana)["facts"]] == [kept]
    assert api.http.delete(f"{MEMORY}/{hana_fact}", headers=hana).status_code == 404
    for bad in ("0", "99999999999999", "abc"):
        assert api.http.delete(f"{MEMORY}/{bad}", headers=hana).status_code in (404, 422)


def test_deleting_everything_leaves_other_users_alone(api: Api) -> None:
    hana, ren = api.user("hana@example.com"), api.user("ren@example.com")
    hana_id, ren_id = _user_id(api, hana), _user_id(api, ren)
    for user_id in (hana_id, ren_id):
        _remember(api, user_id, "sweetness", "prefers dry", "dry please")
        with api.container.uow() as uow:
            uow.memory.put_summary(SessionSummary(user_id, "s-1", "talked", NOW))
            uow.memory.add_event(MemoryEvent(user_id, "s-1", "user", "dry please", NOW))
            uow.commit()
    assert api.http.delete(MEMORY, headers=hana).status_code == 204
    assert _memory(api, hana) == {"facts": [], "summaries": []}
    with api.container.uow() as uow:
        assert uow.memory.all_events(hana_id) == []
        assert len(uow.memory.all_events(ren_id)) == 1
    assert len(_memory(api, ren)["facts"]) == 1


def _prices(api: Api, headers: dict[str, str]) -> list[int]:
    response = api.http.get(RECOS, headers=headers, params={"limit": 20})
    assert response.status_code == 200, response.text
    return [p["sake"]["price_yen"] for p in response.json()["items"]]


def test_a_remembered_budget_shapes_the_picks_until_it_is_deleted(api: Api) -> None:
    hana = api.user("hana@example.com")
    before = _prices(api, hana)
    assert max(before) > 1500  # no survey, no memory: any price
    fact = _remember(api, _user_id(api, hana), "budget", "budget 1500 yen", "1500円まで")
    remembered = _prices(api, hana)
    assert remembered and all(price <= 1500 for price in remembered)
    assert api.http.delete(f"{MEMORY}/{fact}", headers=hana).status_code == 204
    assert _prices(api, hana) == before


def test_the_survey_wins_over_what_is_remembered(api: Api) -> None:
    hana = api.user("hana@example.com")
    survey = {"sweetness": 3, "experience": "beginner", "budget_yen": 5000}
    assert api.http.put("/api/v1/me/preferences", headers=hana, json=survey).status_code == 200
    _remember(api, _user_id(api, hana), "budget", "budget 1500 yen", "1500円まで")
    response = api.http.get(RECOS, headers=hana)
    assert response.json()["preferences"]["budget_yen"] == 5000


def test_a_remembered_dislike_keeps_that_grade_out(api: Api) -> None:
    hana = api.user("hana@example.com")

    def grades() -> set[str]:
        found = api.http.get(RECOS, headers=hana, params={"limit": 50}).json()["items"]
        return {p["sake"]["category"] for p in found}

    assert "純米大吟醸" in grades()
    fact = _remember(
        api, _user_id(api, hana), "dislikes.junmai_daiginjo", "dislikes junmai daiginjo", "x"
    )
    assert "純米大吟醸" not in grades()
    api.http.delete(f"{MEMORY}/{fact}", headers=hana)
    assert "純米大吟醸" in grades()
