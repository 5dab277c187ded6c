"""The web app's API client: logs in, refreshes quietly on 401, logs out clean."""

from __future__ import annotations

import pytest

from sakesensei.web.client import ACCESS, REFRESH, ApiError
from tests.web.conftest import PASSWORD, WebApi


def test_login_keeps_tokens_email_and_role(web_api: WebApi) -> None:
    email, tokens = web_api.user(admin=True)
    assert tokens[ACCESS] and tokens[REFRESH]
    assert tokens["email"] == email
    assert tokens["role"] == "admin"
    assert web_api.client(tokens).is_admin


def test_a_wrong_password_is_an_api_error_with_the_servers_message(web_api: WebApi) -> None:
    email, _ = web_api.user()
    api = web_api.client()
    with pytest.raises(ApiError) as refused:
        api.login(email, PASSWORD + "x")
    assert refused.value.status == 401
    assert refused.value.detail
    assert not api.signed_in


def test_an_expired_access_token_is_refreshed_quietly(web_api: WebApi) -> None:
    _, tokens = web_api.user()
    old_refresh = tokens[REFRESH]
    tokens[ACCESS] = "not-a-valid-token"
    api = web_api.client(tokens)
    assert api.get("/api/v1/me/preferences")["sweetness"] in range(1, 6)
    assert tokens[ACCESS] != "not-a-valid-token"
    assert tokens[REFRESH] != old_refresh


def test_a_dead_refresh_token_logs_the_session_out(web_api: WebApi) -> None:
    _, tokens = web_api.user()
    tokens[ACCESS] = "not-a-valid-token"
    tokens[REFRESH] = "not-a-valid-refresh-token"
    api = web_api.client(tokens)
    with pytest.raises(ApiError) as refused:
        api.get("/api/v1/me/preferences")
    assert refused.value.status == 401
    assert not api.signed_in


def test_logout_clears_the_session_and_revokes_the_refresh_token(web_api: WebApi) -> None:
    _, tokens = web_api.user()
    refresh = tokens[REFRESH]
    web_api.client(tokens).logout()
    assert tokens == {}
    with pytest.raises(ApiError):
        web_api.client().post("/api/v1/auth/refresh", {"refresh_token": refresh})
