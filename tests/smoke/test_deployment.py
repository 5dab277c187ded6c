"""One test per smoke check, in order; a failure names what the deployment got wrong."""

from __future__ import annotations

import pytest

from sakesensei.entrypoints.cli.smoke_checks import Smoke


def _check(smoke: Smoke, name: str) -> None:
    outcome = smoke.run_one(name)
    if outcome.status == "skipped":
        pytest.skip(outcome.detail)
    if outcome.status == "failed":
        pytest.fail(f"{name}: {outcome.detail}", pytrace=False)


def test_health(smoke: Smoke) -> None:
    _check(smoke, "health")


def test_ready(smoke: Smoke) -> None:
    _check(smoke, "ready")


def test_account(smoke: Smoke) -> None:
    _check(smoke, "account")


def test_picks(smoke: Smoke) -> None:
    _check(smoke, "picks")


def test_search(smoke: Smoke) -> None:
    _check(smoke, "search")


def test_chat(smoke: Smoke) -> None:
    _check(smoke, "chat")


def test_metrics(smoke: Smoke) -> None:
    _check(smoke, "metrics")


def test_cleanup(smoke: Smoke) -> None:
    _check(smoke, "cleanup")
