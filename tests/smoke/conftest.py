"""The smoke test of a live deployment, as the operations guide's runbook runs it:

    pytest tests/smoke --base-url https://sake.example

Without --base-url (as in the full suite) every test here is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sakesensei.entrypoints.cli.smoke_checks import Smoke, Unreachable


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--base-url", default=None, help="the deployment to smoke-test, e.g. https://sake.example"
    )
    parser.addoption(
        "--smoke-timeout", default=30.0, type=float, help="seconds to wait for each answer"
    )


@pytest.fixture(scope="module")
def smoke(request: pytest.FixtureRequest) -> Iterator[Smoke]:
    # getoption's default covers runs where this conftest was not read before the command
    # line was parsed (the whole suite from the repository root).
    base_url = request.config.getoption("--base-url", default=None)
    if not base_url:
        pytest.skip("no --base-url given: pytest tests/smoke --base-url URL")
    timeout = float(request.config.getoption("--smoke-timeout", default=30.0))
    with Smoke(str(base_url), timeout=timeout) as run:
        try:
            run.reach()
        except Unreachable as exc:
            pytest.fail(str(exc), pytrace=False)
        yield run
