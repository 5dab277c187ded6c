"""Accounts over HTTP: registration, verification, login, tokens, lockout, reset, JWKS."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from sakesensei.domain.errors import Unauthorized
from sakesensei.services.keyring import KeyRing
from tests.api.conftest import PASSWORD, Api

NEW_PASSWORD = "Another-Sake-99?"


def _register(api: Api, email: str = "mio@example.com") -> dict:  # type: ignore[type-arg]
    response = api.http.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def _login(api: Api, email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return api.http.post("/api/v1/auth/login", json={"email": email, "password": password})


def test_register_verify_login_me(api: Api) -> None:
    account = _register(api, "Mio@Example.com")
    assert account["email"] == "mio@example.com" and account["verified"] is False
    code = api.mailbox.code_for("mio@example.com")
    verified = api.http.post("/api/v1/auth/verify", json={"email": "mio@example.com", "code": code})
    assert verified.status_code == 200 and verified.json()["verified"] is True
    tokens = _login(api, "mio@example.com").json()
    assert tokens["token_type"] == "bearer" and tokens["expires_in"] == 3600
    me = api.http.get("/api/v1/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.status_code == 200 and me.json()["id"] == account["id"]


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("Sh0rt!", "at least 8 characters"),
        ("alllower1!", "upper-case letter"),
        ("ALLUPPER1!", "lower-case letter"),
        ("NoDigits!!", "a digit"),
        ("NoSymbol12", "a symbol"),
    ],
)
def test_the_password_policy_names_the_rule(api: Api, password: str, rule: str) -> None:
    response = api.http.post(
        "/api/v1/auth/register", json={"email": "p@example.com", "password": password}
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert rule in response.json()["detail"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"email": "not-an-email", "password": PASSWORD},
        {"email": "a@b.c"},
        {"email": 5, "password": []},
        "x",
    ],
)
def test_bad_registration_input_is_a_422_problem(api: Api, body: object) -> None:
    response = api.http.post("/api/v1/auth/register", json=body)
    assert response.status_code == 422 and response.json()["status"] == 422


def test_an_email_registers_once(api: Api) -> None:
    _register(api)
    again = api.http.post(
        "/api/v1/auth/register", json={"email": "MIO@example.com", "password": PASSWORD}
    )
    assert again.status_code == 409


def test_a_wrong_code_is_refused_and_five_wrong_codes_end_it(api: Api) -> None:
    _register(api)
    for _ in range(5):
        wrong = api.http.post(
            "/api/v1/auth/verify", json={"email": "mio@example.com", "code": "000000x"}
        )
        assert wrong.status_code == 422
    code = api.mailbox.code_for("mio@example.com")
    blocked = api.http.post("/api/v1/auth/verify", json={"email": "mio@example.com", "code": code})
    assert blocked.status_code == 422 and "too many" in blocked.json()["detail"]


def test_unverified_accounts_can_log_in_but_not_write(api: Api) -> None:
    headers = api.user("new@example.com", verified=False)
    assert api.http.get("/api/v1/me", headers=headers).status_code == 200
    # writing is guarded by the VerifiedUser dependency; erasing one's own account is allowed
    assert api.http.delete("/api/v1/me", headers=headers).status_code == 204


def test_wrong_passwords_lock_the_account_after_five(api: Api) -> None:
    api.container.accounts.create_user("lock@example.com", PASSWORD)
    for _ in range(5):
        assert _login(api, "lock@example.com", "Wrong-pass-1!").status_code == 401
    locked = _login(api, "lock@example.com")
    assert locked.status_code == 423
    assert int(locked.headers["Retry-After"]) > 800
    assert "locked" in locked.json()["detail"]


def test_unknown_email_and_wrong_password_look_the_same(api: Api) -> None:
    api.container.accounts.create_user("known@example.com", PASSWORD)
    unknown = _login(api, "nobody@example.com")
    wrong = _login(api, "known@example.com", "Wrong-pass-1!")
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json()["detail"] == wrong.json()["detail"]
    assert unknown.headers["WWW-Authenticate"].startswith("Bearer")


def test_refresh_rotates_and_a_replayed_token_ends_the_login(api: Api) -> None:
    api.container.accounts.create_user("r@example.com", PASSWORD)
    first = _login(api, "r@example.com").json()
    second = api.http.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert second.status_code == 200
    pair = second.json()
    assert pair["refresh_token"] != first["refresh_token"]
    replay = api.http.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert replay.status_code == 401
    # the replay revoked the whole family, including the newest token
    after = api.http.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert after.status_code == 401


def test_logout_revokes(api: Api) -> None:
    api.container.accounts.create_user("o@example.com", PASSWORD)
    tokens = _login(api, "o@example.com").json()
    assert (
        api.http.post(
            "/api/v1/auth/logout", json={"refresh_token": tokens["refresh_token"]}
        ).status_code
        == 204
    )
    assert (
        api.http.post(
            "/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
        ).status_code
        == 401
    )


def test_password_reset_by_code(api: Api) -> None:
    api.container.accounts.create_user("forgot@example.com", PASSWORD)
    old = _login(api, "forgot@example.com").json()
    for email in ("forgot@example.com", "nobody@example.com"):
        asked = api.http.post("/api/v1/auth/password-reset", json={"email": email})
        assert asked.status_code == 202
    code = api.mailbox.code_for("forgot@example.com")
    weak = api.http.post(
        "/api/v1/auth/password-reset/confirm",
        json={"email": "forgot@example.com", "code": code, "new_password": "weak"},
    )
    assert weak.status_code == 422
    done = api.http.post(
        "/api/v1/auth/password-reset/confirm",
        json={"email": "forgot@example.com", "code": code, "new_password": NEW_PASSWORD},
    )
    assert done.status_code == 204
    assert _login(api, "forgot@example.com").status_code == 401
    assert _login(api, "forgot@example.com", NEW_PASSWORD).status_code == 200
    assert (
        api.http.post(
            "/api/v1/auth/refresh", json={"refresh_token": old["refresh_token"]}
        ).status_code
        == 401
    )
    reused = api.http.post(
        "/api/v1/auth/password-reset/confirm",
        json={"email": "forgot@example.com", "code": code, "new_password": NEW_PASSWORD},
    )
    assert reused.status_code == 422


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer not-a-jwt", "Basic dXNlcjpwYXNz", "Bearer eyJhbGciOiJub25lIn0.e30."],
)
def test_me_needs_a_valid_token(api: Api, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = api.http.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


def test_tokens_verify_against_the_published_jwks(api: Api) -> None:
    headers = api.user("k@example.com")
    token = headers["Authorization"].split()[1]
    keys = api.http.get("/.well-known/jwks.json").json()["keys"]
    kid = jwt.get_unverified_header(token)["kid"]
    jwk = next(k for k in keys if k["kid"] == kid)
    claims = jwt.decode(token, jwt.PyJWK(jwk).key, algorithms=["RS256"], audience="sakesensei-api")
    assert claims["role"] == "user"


def test_rotation_keeps_old_tokens_working_and_signs_with_the_new_key(api: Api) -> None:
    before = api.user("rot@example.com")
    new_key = api.container.keyring.rotate()
    assert api.http.get("/api/v1/me", headers=before).status_code == 200
    kids = {k["kid"] for k in api.http.get("/.well-known/jwks.json").json()["keys"]}
    assert new_key.kid in kids and len(kids) >= 2
    tokens = _login(api, "rot@example.com").json()
    assert jwt.get_unverified_header(tokens["access_token"])["kid"] == new_key.kid


def test_deleting_the_account_erases_it(api: Api) -> None:
    headers = api.user("gone@example.com")
    assert api.http.delete("/api/v1/me", headers=headers).status_code == 204
    assert api.http.get("/api/v1/me", headers=headers).status_code == 401
    assert _login(api, "gone@example.com").status_code == 401


def test_a_token_verified_before_still_expires_and_still_needs_a_verifying_key(api: Api) -> None:
    now = [datetime.now(UTC)]
    settings = api.container.settings
    ring = KeyRing(
        api.container.uow,
        settings.secret_key,
        lambda: now[0],
        timedelta(seconds=2),
        settings.jwt_issuer,
    )
    ring.ensure_key()
    first, _ = ring.issue("u-aki", "user", True)
    assert ring.verify(first).user_id == "u-aki"
    assert ring.verify(first).user_id == "u-aki"  # known now: not checked again...
    time.sleep(2.1)
    with pytest.raises(Unauthorized, match="expired"):  # ...but its expiry still counts
        ring.verify(first)

    now[0] = datetime.now(UTC)
    second, _ = ring.issue("u-aki", "user", True)
    assert ring.verify(second).user_id == "u-aki"
    ring.rotate()
    now[0] += timedelta(seconds=3)  # the old key retired longer ago than a token lives
    with pytest.raises(Unauthorized, match="unknown or expired key"):
        ring.verify(second)
