"""The admin API over HTTP, on SQLite and PostgreSQL: catalog, accounts and the audit log."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from sakesensei.domain.tastings import TastingRecord
from tests.api.conftest import Api

# Every admin route, with a body that would be valid, so only the caller decides the answer.
ROUTES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("POST", "/api/v1/admin/sakes", {"name": "x", "brewery_id": 1, "category": "純米"}),
    ("PATCH", "/api/v1/admin/sakes/1", {"price_yen": 1000}),
    ("DELETE", "/api/v1/admin/sakes/1", None),
    ("POST", "/api/v1/admin/breweries", {"name": "x", "prefecture": "新潟"}),
    ("PATCH", "/api/v1/admin/breweries/1", {"city": "x"}),
    ("DELETE", "/api/v1/admin/breweries/1", None),
    ("GET", "/api/v1/admin/users", None),
    ("PATCH", "/api/v1/admin/users/some-id", {"verified": True}),
    ("DELETE", "/api/v1/admin/users/some-id", None),
    ("GET", "/api/v1/admin/audit", None),
]


class Catalog:
    """Creates catalog records through the API and removes whatever is left at the end,
    because the shipped catalog stays loaded between tests."""

    def __init__(self, api: Api, headers: dict[str, str]) -> None:
        self.api, self.headers = api, headers
        self.tag = uuid.uuid4().hex[:8]
        self.sakes: list[int] = []
        self.breweries: list[int] = []

    def brewery(self, **fields: Any) -> dict[str, Any]:
        body = {"name": f"試験酒造{self.tag}", "prefecture": "新潟", **fields}
        response = self.api.http.post("/api/v1/admin/breweries", json=body, headers=self.headers)
        assert response.status_code == 201, response.text
        self.breweries.append(response.json()["id"])
        return response.json()  # type: ignore[no-any-return]

    def sake(self, brewery_id: int, **fields: Any) -> dict[str, Any]:
        body = {"name": f"試験{self.tag}", "brewery_id": brewery_id, "category": "純米", **fields}
        response = self.api.http.post("/api/v1/admin/sakes", json=body, headers=self.headers)
        assert response.status_code == 201, response.text
        self.sakes.append(response.json()["id"])
        return response.json()  # type: ignore[no-any-return]

    def clean(self) -> None:
        with self.api.container.uow() as uow:
            for sake_id in self.sakes:
                if uow.sakes.get(sake_id):
                    uow.sakes.delete(sake_id)
            for brewery_id in self.breweries:
                if uow.breweries.get(brewery_id):
                    uow.breweries.delete(brewery_id)
            uow.commit()


@pytest.fixture
def admin(api: Api) -> dict[str, str]:
    return api.user("boss@example.com", admin=True)


@pytest.fixture
def catalog(api: Api, admin: dict[str, str]) -> Iterator[Catalog]:
    made = Catalog(api, admin)
    yield made
    made.clean()


def _audit(api: Api, headers: dict[str, str]) -> list[dict[str, Any]]:
    response = api.http.get("/api/v1/admin/audit", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_every_route_needs_an_admin(
    api: Api, method: str, path: str, body: dict[str, Any] | None
) -> None:
    anonymous = api.http.request(method, path, json=body)
    assert anonymous.status_code == 401, anonymous.text
    assert anonymous.headers["content-type"] == "application/problem+json"
    user = api.user("hana@example.com")
    forbidden = api.http.request(method, path, json=body, headers=user)
    assert forbidden.status_code == 403, forbidden.text
    assert "administrator" in forbidden.json()["detail"]


def test_sake_create_update_delete_with_audit(
    api: Api, admin: dict[str, str], catalog: Catalog
) -> None:
    brewery = catalog.brewery(romaji="Shiken Shuzo")
    sake = catalog.sake(brewery["id"], price_yen="1,980円", abv="16%", flavor={"sweetness": 2})
    assert sake["brewery"] == {"id": brewery["id"], "name": brewery["name"], "prefecture": "新潟県"}
    assert (sake["price_yen"], sake["abv"], sake["flavor"]["sweetness"]) == (1980, 16.0, 2)
    assert api.http.get(f"/api/v1/sakes/{sake['id']}").json()["name"] == sake["name"]

    patched = api.http.patch(
        f"/api/v1/admin/sakes/{sake['id']}",
        json={"price_yen": 2200, "flavor": {"body": 4}},
        headers=admin,
    )
    assert patched.status_code == 200, patched.text
    body = patched.json()
    assert (body["price_yen"], body["abv"], body["flavor"]) == (
        2200,
        16.0,
        {"sweetness": 2, "body": 4, "acidity": None, "aroma": []},
    )
    # the brewery's romaji is part of what search looks through
    found = api.http.get("/api/v1/sakes", params={"q": f"shiken {catalog.tag}"}).json()
    assert [s["id"] for s in found["items"]] == [sake["id"]]

    assert api.http.delete(f"/api/v1/admin/sakes/{sake['id']}", headers=admin).status_code == 204
    assert api.http.get(f"/api/v1/sakes/{sake['id']}").status_code == 404
    entries = _audit(api, admin)
    assert [e["action"] for e in entries] == [
        "sake.delete",
        "sake.update",
        "sake.create",
        "brewery.create",
    ]
    update = entries[1]
    assert update["target_type"] == "sake" and update["target_id"] == str(sake["id"])
    assert update["details"]["changes"] == {
        "price_yen": {"old": 1980, "new": 2200},
        "body": {"old": None, "new": 4},
    }
    me = api.http.get("/api/v1/me", headers=admin).json()
    assert {e["actor_id"] for e in entries} == {me["id"]}


def test_an_abv_of_80_is_refused_like_the_import_refuses_it(
    api: Api, admin: dict[str, str], catalog: Catalog
) -> None:
    brewery = catalog.brewery()
    body = {
        "name": f"強い{catalog.tag}",
        "brewery_id": brewery["id"],
        "category": "純米",
        "abv": 80,
    }
    created = api.http.post("/api/v1/admin/sakes", json=body, headers=admin)
    assert created.status_code == 422
    assert created.headers["content-type"] == "application/problem+json"
    assert "abv: 80% is out of range (0-25%)" in created.json()["detail"]
    sake = catalog.sake(brewery["id"])
    patched = api.http.patch(f"/api/v1/admin/sakes/{sake['id']}", json={"abv": 80}, headers=admin)
    assert patched.status_code == 422 and "abv" in patched.json()["detail"]
    assert api.http.get(f"/api/v1/sakes/{sake['id']}").json()["abv"] is None
    assert [e["action"] for e in _audit(api, admin)] == ["sake.create", "brewery.create"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x", "brewery": "無い酒造", "prefecture": "新潟", "category": "純米"}, "brewery"),
        ({"name": "x", "brewery_id": 10**6, "category": "純米"}, "brewery_id"),
        ({"brewery_id": 1, "category": "純米"}, "name"),
        ({"name": "x", "brewery_id": 1, "category": "純米", "colour": "gold"}, "colour"),
        ({"name": "x", "brewery_id": 1, "category": "純米", "smv": "very dry"}, "smv"),
        ({"name": "x", "brewery_id": 1, "category": "純米", "flavor": {"body": 9}}, "body"),
    ],
)
def test_bad_sake_input_is_a_422_naming_the_field(
    api: Api, admin: dict[str, str], body: dict[str, Any], field: str
) -> None:
    response = api.http.post("/api/v1/admin/sakes", json=body, headers=admin)
    assert response.status_code == 422, response.text
    assert field in response.json()["detail"]


@pytest.mark.parametrize("number", ["1e999", "NaN", "-Infinity", "9" * 400])
def test_numbers_beyond_any_range_are_a_422(api: Api, admin: dict[str, str], number: str) -> None:
    body = f'{{"name": "x", "brewery_id": 1, "category": "純米", "abv": {number}}}'
    headers = {**admin, "Content-Type": "application/json"}
    response = api.http.post("/api/v1/admin/sakes", content=body.encode(), headers=headers)
    assert response.status_code == 422, response.text
    assert "abv" in response.json()["detail"]


def test_missing_records_are_404(api: Api, admin: dict[str, str]) -> None:
    for method, path, body in ROUTES:
        if "/1" in path or "some-id" in path:
            missing = path.replace("/1", "/999999")
            response = api.http.request(method, missing, json=body, headers=admin)
            assert response.status_code == 404, (method, missing, response.text)


@pytest.mark.parametrize("bad_id", ["0", "-1", str(2**31), str(2**70)])
def test_ids_that_cannot_exist_are_404_not_500(
    api: Api, admin: dict[str, str], bad_id: str
) -> None:
    for method, path in (("PATCH", "sakes"), ("DELETE", "sakes"), ("PATCH", "breweries")):
        body = {"city": "x"} if path == "breweries" else {"abv": 15}
        response = api.http.request(
            method, f"/api/v1/admin/{path}/{bad_id}", json=body, headers=admin
        )
        assert response.status_code == 404, response.text
    body = {"name": "x", "brewery_id": int(bad_id), "category": "純米"}
    created = api.http.post("/api/v1/admin/sakes", json=body, headers=admin)
    assert created.status_code == 422 and "brewery_id" in created.json()["detail"]


def test_brewery_rules(api: Api, admin: dict[str, str], catalog: Catalog) -> None:
    brewery = catalog.brewery(founded="1900")
    assert (brewery["prefecture"], brewery["founded"]) == ("新潟県", 1900)
    again = api.http.post(
        "/api/v1/admin/breweries",
        json={"name": brewery["name"], "prefecture": "Niigata"},
        headers=admin,
    )
    assert again.status_code == 409
    bad = api.http.patch(
        f"/api/v1/admin/breweries/{brewery['id']}",
        json={"founded": 3000, "prefecture": "Atlantis"},
        headers=admin,
    )
    assert bad.status_code == 422
    assert "founded" in bad.json()["detail"] and "prefecture" in bad.json()["detail"]
    patched = api.http.patch(
        f"/api/v1/admin/breweries/{brewery['id']}", json={"city": "長岡市"}, headers=admin
    )
    assert patched.status_code == 200 and patched.json()["city"] == "長岡市"
    catalog.sake(brewery["id"])
    in_use = api.http.delete(f"/api/v1/admin/breweries/{brewery['id']}", headers=admin)
    assert in_use.status_code == 409 and "still has 1 sake" in in_use.json()["detail"]
    actions = [e["action"] for e in _audit(api, admin)]
    assert actions == ["sake.create", "brewery.update", "brewery.create"]


def test_a_tasted_sake_is_not_deleted(api: Api, admin: dict[str, str], catalog: Catalog) -> None:
    sake = catalog.sake(catalog.brewery()["id"])
    api.user("taster@example.com")
    with api.container.uow() as uow:
        account = uow.users.get_by_email("taster@example.com")
        assert account is not None
        uow.tastings.add(
            TastingRecord(
                id=str(uuid.uuid4()),
                user_id=account.id,
                sake_id=sake["id"],
                rating=4,
                tasted_on=date(2026, 1, 2),
            )
        )
        uow.commit()
    refused = api.http.delete(f"/api/v1/admin/sakes/{sake['id']}", headers=admin)
    assert refused.status_code == 409 and "tasting" in refused.json()["detail"]
    with api.container.uow() as uow:
        for record in uow.tastings.list_for_user(account.id):
            uow.tastings.delete(record.id)
        uow.commit()


def test_users_list_change_and_delete(api: Api, admin: dict[str, str]) -> None:
    api.user("aiko@example.com", verified=False)
    api.user("bunta@example.com")
    listed = api.http.get("/api/v1/admin/users", params={"limit": 2}, headers=admin)
    assert listed.status_code == 200
    page = listed.json()
    assert page["total"] == 3 and len(page["items"]) == 2
    assert [u["email"] for u in page["items"]] == ["aiko@example.com", "boss@example.com"]
    assert all("password" not in key for u in page["items"] for key in u)
    found = api.http.get("/api/v1/admin/users", params={"email": "BUNTA"}, headers=admin).json()
    assert found["total"] == 1
    aiko = page["items"][0]
    assert aiko["verified"] is False and aiko["role"] == "user" and aiko["locked"] is False

    changed = api.http.patch(
        f"/api/v1/admin/users/{aiko['id']}", json={"verified": True, "role": "admin"}, headers=admin
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["verified"] is True and changed.json()["role"] == "admin"
    bad = api.http.patch(f"/api/v1/admin/users/{aiko['id']}", json={"role": "god"}, headers=admin)
    assert bad.status_code == 422 and "role" in bad.json()["detail"]

    bunta = found["items"][0]
    assert api.http.delete(f"/api/v1/admin/users/{bunta['id']}", headers=admin).status_code == 204
    after = api.http.get("/api/v1/admin/users", headers=admin).json()
    assert [u["email"] for u in after["items"]] == ["aiko@example.com", "boss@example.com"]
    entries = _audit(api, admin)
    assert [e["action"] for e in entries] == ["user.delete", "user.update"]
    assert entries[1]["details"]["changes"]["role"] == {"old": "user", "new": "admin"}
    assert "bunta@example.com" not in str(entries[0])


def test_unlock_after_failed_logins(api: Api, admin: dict[str, str]) -> None:
    api.user("lock@example.com")
    for _ in range(5):
        api.http.post(
            "/api/v1/auth/login", json={"email": "lock@example.com", "password": "Wrong-pass-1!"}
        )
    users = api.http.get("/api/v1/admin/users", params={"email": "lock"}, headers=admin).json()
    [locked] = users["items"]
    assert locked["locked"] is True
    unlocked = api.http.patch(
        f"/api/v1/admin/users/{locked['id']}", json={"unlock": True}, headers=admin
    ).json()
    assert unlocked["locked"] is False and unlocked["locked_until"] is None


def test_the_last_admin_cannot_demote_or_delete_themself(api: Api, admin: dict[str, str]) -> None:
    me = api.http.get("/api/v1/me", headers=admin).json()
    demote = api.http.patch(f"/api/v1/admin/users/{me['id']}", json={"role": "user"}, headers=admin)
    assert demote.status_code == 409
    assert "last administrator" in demote.json()["detail"]
    delete = api.http.delete(f"/api/v1/admin/users/{me['id']}", headers=admin)
    assert delete.status_code == 409
    assert api.http.get("/api/v1/admin/audit", headers=admin).json()["total"] == 0


def test_the_audit_log_pages_newest_first(
    api: Api, admin: dict[str, str], catalog: Catalog
) -> None:
    brewery = catalog.brewery()
    for city in ("一", "二", "三"):
        api.http.patch(
            f"/api/v1/admin/breweries/{brewery['id']}", json={"city": city}, headers=admin
        )
    page = api.http.get("/api/v1/admin/audit", params={"limit": 2, "offset": 1}, headers=admin)
    assert page.status_code == 200
    body = page.json()
    assert body["total"] == 4
    assert [e["details"]["changes"]["city"]["new"] for e in body["items"]] == ["二", "一"]
    bad = api.http.get("/api/v1/admin/audit", params={"limit": 0}, headers=admin)
    assert bad.status_code == 422
