"""The protection settings as an operator writes them in the environment."""

from __future__ import annotations

import pytest

from sakesensei.config import load_settings
from sakesensei.domain.errors import ConfigurationError


def test_defaults_follow_the_operations_guide() -> None:
    s = load_settings()
    assert (s.rate_limit_requests, s.rate_limit_window_seconds) == (2000, 300)
    assert (s.auth_rate_limit_requests, s.auth_rate_limit_window_seconds) == (20, 300)
    assert s.trusted_proxies == [] and s.cors_origins == []
    assert s.max_body_bytes == 1024 * 1024 and s.body_limits == {}
    assert not s.https and s.blocklist_refresh_seconds <= 10


def test_lists_are_comma_separated_or_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAKESENSEI_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.10")
    monkeypatch.setenv("SAKESENSEI_CORS_ORIGINS", '["https://app.example/"]')
    monkeypatch.setenv("SAKESENSEI_BODY_LIMITS", '{"/api/v1/scan": 10485760}')
    s = load_settings()
    assert s.trusted_proxies == ["10.0.0.0/8", "192.0.2.10/32"]
    assert s.cors_origins == ["https://app.example"]
    assert s.body_limits == {"/api/v1/scan": 10485760}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SAKESENSEI_TRUSTED_PROXIES", "10.0.0.0/8, proxy.internal"),
        ("SAKESENSEI_BLOCKLIST_REFRESH_SECONDS", "30"),
        ("SAKESENSEI_RATE_LIMIT_REQUESTS", "-1"),
    ],
)
def test_unusable_values_are_configuration_errors(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError, match=name.removeprefix("SAKESENSEI_").lower()):
        load_settings()
