"""Every request is logged once, as JSON in production, with its id and without secrets."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sakesensei.config import load_settings
from sakesensei.entrypoints.logs import build_handler
from tests.support.instances import ADMIN_PASSWORD, admin_headers, app_instance, instance_container


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = build_handler(load_settings(env="test", log_format="json"), stream)
    logger = logging.getLogger("sakesensei")
    before = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(before)


def test_requests_are_logged_without_secrets(tmp_path: Path, log_lines: io.StringIO) -> None:
    container = instance_container(tmp_path)
    headers = admin_headers(container, "kanji.admin@example.com")
    token = headers["Authorization"].split()[1]
    with app_instance(container) as base, httpx.Client(base_url=base) as http:
        http.post(
            "/api/v1/auth/login",
            json={"email": "kanji.admin@example.com", "password": ADMIN_PASSWORD},
            headers={"X-Request-ID": "login-1"},
        ).raise_for_status()
        http.get("/api/v1/me", headers={**headers, "X-Request-ID": "me-1"}).raise_for_status()
        http.get("/api/v1/sakes/kanji.admin@example.com")  # even a path holding an address
    container.close()

    text = log_lines.getvalue()
    for secret in ("kanji.admin@example.com", ADMIN_PASSWORD, token):
        assert secret not in text
    access = [
        entry
        for entry in (json.loads(line) for line in text.splitlines())
        if entry["logger"] == "sakesensei.access"
    ]
    login = next(e for e in access if e.get("request_id") == "login-1")
    assert login["level"] == "INFO"
    assert (login["method"], login["route"], login["status"]) == ("POST", "/api/v1/auth/login", 200)
    assert login["client_ip"] == "127.0.0.1" and login["duration_ms"] >= 0
    me = next(e for e in access if e.get("request_id") == "me-1")
    assert (me["route"], me["status"]) == ("/api/v1/me", 200)
    odd = access[-1]
    assert odd["route"] == "/api/v1/sakes/{sake_id}" and "[email]" in odd["path"]
