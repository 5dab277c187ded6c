"""The tasting journal over HTTP: log, list with filters, read, change, delete, on both databases.

Every route with an id answers 404 for another user's record, exactly as for a missing one.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from sakesensei.domain.catalog import SakeWithBrewery
from tests.api.conftest import Api

TASTINGS = "/api/v1/me/tastings"


def catalog(api: Api) -> list[SakeWithBrewery]:
    """The shipped catalog, in a stable order."""
    with api.container.uow() as uow:
        return list(uow.sakes.iter_all())


def pick(api: Api, category: str) -> SakeWithBrewery:
    return next(i for i in catalog(api) if i.sake.category == category)


def log(api: Api, headers: dict[str, str], sake_id: int, rating: int = 4, **extra: object) -> dict:  # type: ignore[type-arg]
    response = api.http.post(
        TASTINGS, headers=headers, json={"sake_id": sake_id, "rating": rating, **extra}
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def test_log_a_tasting_and_read_it_back(api: Api) -> None:
    hana = api.user("hana@example.com")
    item = pick(api, "純米大吟醸")
    created = log(api, hana, item.sake.id or 0, 5, notes="華やかな香り", tasted_on="2026-11-01")
    assert created["rating"] == 5 and created["notes"] == "華やかな香り"
    assert created["tasted_on"] == "2026-11-01" and created["created_at"]
    assert created["sake"] == {
        "id": item.sake.id,
        "name": item.sake.name,
        "reading": item.sake.reading,
        "romaji": item.sake.romaji,
        "category": "純米大吟醸",
        "brewery": {
            "id": item.brewery.id,
            "name": item.brewery.name,
            "prefecture": item.brewery.prefecture,
        },
    }
    uuid.UUID(created["id"])
    again = api.http.get(f"{TASTINGS}/{created['id']}", headers=hana)
    assert again.status_code == 200 and again.json() == created


def test_the_date_defaults_to_today(api: Api) -> None:
    created = log(api, api.user(), pick(api, "純米").sake.id or 0)
    today = datetime.now(UTC).date()
    assert date.fromisoformat(created["tasted_on"]) in (today, today - timedelta(days=1))


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"sake_id": 99_999_999}, "no sake with id 99999999"),
        ({"sake_id": 2**40}, "sake_id"),
        ({"sake_id": "dassai"}, "sake_id"),
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"rating": 4.5}, "rating"),
        ({"notes": "x" * 2001}, "notes"),
        ({"notes": "nul\u0000byte"}, "NUL"),
        (
            {"tasted_on": (datetime.now(UTC) + timedelta(days=3)).date().isoformat()},
            "in the future",
        ),
        ({"tasted_on": "1850-01-01"}, "1900-01-01"),
        ({"tasted_on": "yesterday"}, "tasted_on"),
        ({"stars": 5}, "stars"),
    ],
)
def test_bad_tastings_are_a_422_naming_the_problem(api: Api, change: dict, needle: str) -> None:  # type: ignore[type-arg]
    hana = api.user()
    body = {"sake_id": pick(api, "純米").sake.id, "rating": 3, **change}
    response = api.http.post(TASTINGS, headers=hana, json=body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert needle in response.json()["detail"]
    assert api.http.get(TASTINGS, headers=hana).json()["total"] == 0


def test_a_missing_sake_id_or_rating_is_named(api: Api) -> None:
    response = api.http.post(TASTINGS, headers=api.user(), json={"notes": "good"})
    detail = response.json()["detail"]
    assert response.status_code == 422 and "sake_id" in detail and "rating" in detail


def test_patch_changes_only_the_fields_given(api: Api) -> None:
    hana = api.user()
    junmai, ginjo = pick(api, "純米"), pick(api, "吟醸")
    created = log(api, hana, junmai.sake.id or 0, 3, notes="first try", tasted_on="2026-10-01")
    url = f"{TASTINGS}/{created['id']}"
    changed = api.http.patch(url, headers=hana, json={"rating": 5, "sake_id": ginjo.sake.id})
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["rating"], body["notes"], body["tasted_on"]) == (5, "first try", "2026-10-01")
    assert body["sake"]["id"] == ginjo.sake.id and body["sake"]["category"] == "吟醸"
    cleared = api.http.patch(url, headers=hana, json={"notes": None}).json()
    assert cleared["notes"] is None and cleared["rating"] == 5
    assert api.http.get(url, headers=hana).json() == cleared


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"rating": 9}, "rating"),
        ({"rating": None}, "rating cannot be null"),
        ({"sake_id": 99_999_999}, "no sake with id"),
        ({"tasted_on": "2999-01-01"}, "in the future"),
        ({"colour": "gold"}, "colour"),
    ],
)
def test_a_bad_patch_is_a_422_and_changes_nothing(api: Api, change: dict, needle: str) -> None:  # type: ignore[type-arg]
    hana = api.user()
    created = log(api, hana, pick(api, "純米").sake.id or 0, 3)
    response = api.http.patch(f"{TASTINGS}/{created['id']}", headers=hana, json=change)
    assert response.status_code == 422 and needle in response.json()["detail"]
    assert api.http.get(f"{TASTINGS}/{created['id']}", headers=hana).json() == created


def test_delete_removes_the_record(api: Api) -> None:
    hana = api.user()
    created = log(api, hana, pick(api, "純米").sake.id or 0)
    url = f"{TASTINGS}/{created['id']}"
    assert api.http.delete(url, headers=hana).status_code == 204
    assert api.http.get(url, headers=hana).status_code == 404
    assert api.http.delete(url, headers=hana).status_code == 404


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_an_unknown_or_malformed_id_is_a_4xx_problem(api: Api, method: str) -> None:
    hana = api.user()
    missing = api.http.request(
        method, f"{TASTINGS}/{uuid.uuid4()}", headers=hana, json={"rating": 2}
    )
    assert missing.status_code == 404 and "no tasting with id" in missing.json()["detail"]
    malformed = api.http.request(method, f"{TASTINGS}/not-an-id", headers=hana, json={"rating": 2})
    assert malformed.status_code == 422 and "tasting_id" in malformed.json()["detail"]


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_another_users_tasting_is_404_and_untouched(api: Api, method: str) -> None:
    hana, ren = api.user("hana@example.com"), api.user("ren@example.com")
    created = log(api, hana, pick(api, "純米").sake.id or 0, 4, notes="hana's")
    url = f"{TASTINGS}/{created['id']}"
    response = api.http.request(method, url, headers=ren, json={"rating": 1})
    assert response.status_code == 404
    assert (
        response.json()["detail"] == f"there is no tasting with id {created['id']} in your journal"
    )
    assert api.http.get(url, headers=hana).json() == created


def test_lists_hold_only_the_users_own_tastings(api: Api) -> None:
    hana, ren = api.user("hana@example.com"), api.user("ren@example.com")
    log(api, hana, pick(api, "純米").sake.id or 0)
    assert api.http.get(TASTINGS, headers=ren).json() == {"items": [], "total": 0}
    assert api.http.get(TASTINGS, headers=hana).json()["total"] == 1


def test_list_pages_newest_first_and_filters(api: Api) -> None:
    hana = api.user()
    junmai, daiginjo = pick(api, "純米").sake.id or 0, pick(api, "純米大吟醸").sake.id or 0
    for day, sake_id, rating in [
        (1, junmai, 5),
        (5, daiginjo, 2),
        (9, junmai, 4),
        (12, daiginjo, 1),
    ]:
        log(api, hana, sake_id, rating, tasted_on=f"2026-11-{day:02d}")

    def days(**params: object) -> tuple[list[int], int]:
        response = api.http.get(TASTINGS, headers=hana, params=params)  # type: ignore[arg-type]
        assert response.status_code == 200, response.text
        body = response.json()
        return [int(i["tasted_on"][-2:]) for i in body["items"]], body["total"]

    assert days() == ([12, 9, 5, 1], 4)
    assert days(limit=2, offset=1) == ([9, 5], 4)
    assert days(date_from="2026-11-05", date_to="2026-11-09") == ([9, 5], 2)
    assert days(rating=4) == ([9], 1)
    assert days(rating_min=2, rating_max=4) == ([9, 5], 2)
    assert days(category="純米大吟醸") == ([12, 5], 2)
    assert days(category="純米大吟醸", rating_max=1) == ([12], 1)


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"offset": -1}, "offset"),
        ({"rating": 6}, "rating"),
        ({"rating": 3, "rating_min": 2}, "either rating or rating_min"),
        ({"rating_min": 4, "rating_max": 2}, "greater than rating_max"),
        ({"date_from": "2026-12-01", "date_to": "2026-11-01"}, "is after date_to"),
        ({"date_from": "November"}, "date_from"),
        ({"category": "ワイン"}, "choose from 純米大吟醸"),
        ({"category": "x\u0000"}, "category"),
    ],
)
def test_bad_filters_are_a_422(api: Api, params: dict, needle: str) -> None:  # type: ignore[type-arg]
    response = api.http.get(TASTINGS, headers=api.user(), params=params)
    assert response.status_code == 422, response.text
    assert needle in response.json()["detail"]


def test_unverified_accounts_read_but_cannot_write(api: Api) -> None:
    hana, newcomer = api.user("hana@example.com"), api.user("new@example.com", verified=False)
    sake_id = pick(api, "純米").sake.id
    assert api.http.get(TASTINGS, headers=newcomer).status_code == 200
    refused = api.http.post(TASTINGS, headers=newcomer, json={"sake_id": sake_id, "rating": 4})
    assert refused.status_code == 403 and "verify your email" in refused.json()["detail"]
    # a verified account's record cannot be reached either way
    url = f"{TASTINGS}/{log(api, hana, sake_id or 0)['id']}"
    assert api.http.patch(url, headers=newcomer, json={"rating": 1}).status_code == 403
    assert api.http.delete(url, headers=newcomer).status_code == 403


ROUTES = [
    ("GET", TASTINGS),
    ("POST", TASTINGS),
    ("GET", f"{TASTINGS}/stats"),
    ("GET", f"{TASTINGS}/{uuid.UUID(int=1)}"),
    ("PATCH", f"{TASTINGS}/{uuid.UUID(int=1)}"),
    ("DELETE", f"{TASTINGS}/{uuid.UUID(int=1)}"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
@pytest.mark.parametrize("token", [None, "Bearer not-a-token"])
def test_without_a_valid_token_it_is_401(
    api: Api, method: str, path: str, token: str | None
) -> None:
    headers = {"Authorization": token} if token else {}
    response = api.http.request(method, path, headers=headers, json={"sake_id": 1, "rating": 3})
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"].startswith("Bearer")
