"""Schemathesis over the whole OpenAPI: no 5xx, and every answer as documented.

It runs against a server of its own (an admin token reaches the admin routes, and the
fuzzer may change or delete catalog records), bounded in examples so it stays quick.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sakesensei.bootstrap import build_container
from sakesensei.config import load_settings
from sakesensei.entrypoints.api.app import create_app
from sakesensei.services.shipped_catalog import ensure_catalog
from tests.support.servers import serve

PASSWORD = "Fuzz-Sake-2026!"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    folder: Path = tmp_path_factory.mktemp("fuzz")
    # The fuzzer sends hundreds of requests from one address; the limits are tested elsewhere.
    container = build_container(
        load_settings(
            env="test", data_dir=folder, rate_limit_requests=0, auth_rate_limit_requests=0
        )
    )
    container.upgrade_database()
    ensure_catalog(container.uow)
    container.accounts.create_user("fuzz@example.com", PASSWORD, admin=True)
    with serve(create_app(container)) as base:
        tokens = container.accounts.login("fuzz@example.com", PASSWORD)
        yield base, {"Authorization": f"Bearer {tokens.access_token}"}
    container.close()


def _openapi() -> dict:  # type: ignore[type-arg]
    """The document the server publishes; building it touches no database."""
    container = build_container(load_settings(env="test", database_url="sqlite://"))
    return create_app(container).openapi()


schema = schemathesis.openapi.from_dict(_openapi())


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_answers_as_documented(case, fuzz_server) -> None:  # type: ignore[no-untyped-def]
    base, headers = fuzz_server
    if case.method.upper() == "DELETE" and case.path == "/api/v1/me":
        pytest.skip("erasing the fuzzing account would end the run early")
    if case.path.startswith("/api/v1/admin/blocklist") and case.method.upper() == "POST":
        pytest.skip("blocking 127.0.0.1 would end the run early")
    case.call_and_validate(base_url=base, headers=headers, checks=CHECKS)
