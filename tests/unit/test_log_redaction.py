"""Logs never hold passwords, tokens, Authorization headers or email addresses."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from sakesensei.config import load_settings
from sakesensei.entrypoints.logs import REQUEST_ID, build_handler, redact

JWT = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJl"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("login failed for hana.sato+sake@example.co.jp", "hana.sato+sake@example.co.jp"),
        ("Authorization: Bearer abc.def-ghi", "abc.def-ghi"),
        ("authorization=Basic dXNlcjpwYXNz", "dXNlcjpwYXNz"),
        (f"token {JWT} rejected", JWT),
        ('{"email": "a@b.example", "password": "Sake-2026!"}', "Sake-2026!"),
        ("password=hunter2&next=/", "hunter2"),
        ("refresh_token: 'r-123456'", "r-123456"),
        ("cannot reach postgresql://sake:s3cret@db.internal/sake", "s3cret"),
        ("SAKESENSEI_SECRET_KEY=topsecret", "topsecret"),
    ],
)
def test_redact_removes_the_secret(text: str, secret: str) -> None:
    assert secret not in redact(text)


def test_redact_keeps_what_an_operator_needs() -> None:
    line = "GET /api/v1/sakes/{sake_id} 200 3.1ms 198.51.100.7"
    assert redact(line) == line
    # The verification code logged without SMTP stays readable; the address does not.
    assert redact("Your code is 493817") == "Your code is 493817"


@pytest.fixture
def captured() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    handler = build_handler(load_settings(env="test", log_format="json"), stream)
    logger = logging.getLogger("sakesensei.test-redaction")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    yield logger, stream
    logger.removeHandler(handler)


def test_the_filter_scrubs_message_arguments_extras_and_tracebacks(
    captured: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = captured
    token = REQUEST_ID.set("req-42")
    try:
        logger.info(
            "login by %s with %s",
            "hana@example.com",
            "password=Sake-2026!",
            extra={
                "headers": {"Authorization": f"Bearer {JWT}", "Accept": "application/json"},
                "user_email": "hana@example.com",
                "note": "reset sent to taro@example.com",
                "status": 200,
            },
        )
        try:
            raise ValueError("duplicate key (email)=(hana@example.com)")
        except ValueError:
            logger.exception("could not register")
    finally:
        REQUEST_ID.reset(token)
    text = stream.getvalue()
    for secret in ("hana@example.com", "taro@example.com", "Sake-2026!", JWT):
        assert secret not in text
    first, second = (json.loads(line) for line in text.splitlines() if line.startswith("{"))
    assert first["request_id"] == "req-42" and first["level"] == "INFO"
    assert first["headers"] == {"Authorization": "[redacted]", "Accept": "application/json"}
    assert first["user_email"] == "[redacted]" and first["status"] == 200
    assert first["message"] == "login by [email] with password=[redacted]"
    assert "ValueError" in second["exception"] and "[email]" in second["exception"]


def test_text_logs_in_dev_and_json_in_production() -> None:
    assert not load_settings(env="dev").json_logs
    assert load_settings(env="prod", secret_key="x" * 40).json_logs
    assert load_settings(env="dev", log_format="json").json_logs
    stream = io.StringIO()
    handler = build_handler(load_settings(env="dev"), stream)
    record = logging.LogRecord("sakesensei.x", logging.INFO, "", 0, "hi %s", ("a@b.example",), None)
    handler.handle(record)
    assert stream.getvalue().rstrip().endswith("INFO    sakesensei.x: hi [email]")
