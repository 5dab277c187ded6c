"""POST/GET /me/api-keys and DELETE /me/api-keys/{id} over HTTP, on both databases."""

from __future__ import annotations

import uuid

import pytest

from tests.api.conftest import Api

KEYS = "/api/v1/me/api-keys"


def test_a_key_is_created_shown_once_listed_and_revoked(api: Api) -> None:
    hana = api.user("hana@example.com")
    created = api.http.post(KEYS, headers=hana, json={"name": "Claude Desktop"})
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["secret"].startswith(body["prefix"] + "_") and body["prefix"].startswith("ssk_")
    assert body["name"] == "Claude Desktop" and body["revoked_at"] is None
    assert body["last_used_at"] is None and body["created_at"]

    listed = api.http.get(KEYS, headers=hana)
    assert listed.status_code == 200
    assert listed.json()["total"] == 1
    (item,) = listed.json()["items"]
    assert "secret" not in item and body["secret"] not in listed.text
    assert item == {k: v for k, v in body.items() if k != "secret"}

    revoked = api.http.delete(f"{KEYS}/{body['id']}", headers=hana)
    assert revoked.status_code == 204 and revoked.content == b""
    (after,) = api.http.get(KEYS, headers=hana).json()["items"]
    assert after["revoked_at"] is not None
    assert api.http.delete(f"{KEYS}/{body['id']}", headers=hana).status_code == 204


def test_keys_belong_to_their_user(api: Api) -> None:
    hana = api.user("hana@example.com")
    ken = api.user("ken@example.com")
    hanas = api.http.post(KEYS, headers=hana, json={"name": "laptop"}).json()
    assert api.http.get(KEYS, headers=ken).json() == {"items": [], "total": 0}
    refused = api.http.delete(f"{KEYS}/{hanas['id']}", headers=ken)
    assert refused.status_code == 404
    assert refused.headers["content-type"] == "application/problem+json"
    assert api.http.get(KEYS, headers=hana).json()["items"][0]["revoked_at"] is None


def test_signing_in_and_a_verified_email_are_needed(api: Api) -> None:
    assert api.http.get(KEYS).status_code == 401
    assert api.http.post(KEYS, json={"name": "x"}).status_code == 401
    unverified = api.user("new@example.com", verified=False)
    refused = api.http.post(KEYS, headers=unverified, json={"name": "x"})
    assert refused.status_code == 403 and "verify your email" in refused.json()["detail"]
    assert api.http.get(KEYS, headers=unverified).status_code == 403


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name the key"),
        ({"name": "x" * 101}, "name"),
        ({"name": 7}, "name"),
        ({"name": "ok", "scopes": ["all"]}, "scopes"),
    ],
)
def test_bad_names_are_refused_with_the_reason(api: Api, body: object, needle: str) -> None:
    hana = api.user("hana@example.com")
    refused = api.http.post(KEYS, headers=hana, json=body)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert needle in refused.json()["detail"]


def test_unknown_or_malformed_ids(api: Api) -> None:
    hana = api.user("hana@example.com")
    assert api.http.delete(f"{KEYS}/{uuid.uuid4()}", headers=hana).status_code == 404
    assert api.http.delete(f"{KEYS}/not-a-uuid", headers=hana).status_code == 422


def test_erasing_the_account_erases_its_keys(api: Api) -> None:
    hana = api.user("hana@example.com")
    api.http.post(KEYS, headers=hana, json={"name": "laptop"})
    assert api.http.delete("/api/v1/me", headers=hana).status_code == 204
    with api.container.uow() as uow:
        assert uow.users.get_by_email("hana@example.com") is None
    hana_again = api.user("hana@example.com")
    assert api.http.get(KEYS, headers=hana_again).json()["total"] == 0
