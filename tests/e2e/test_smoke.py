"""`sakesensei smoke` and `pytest tests/smoke` against real servers: a healthy one (started as
an operator would, with a log file and trace export), nothing at all, and one whose
database has stopped."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from sakesensei.entrypoints.cli.smoke_checks import Smoke
from tests.e2e.conftest import cli_env
from tests.support.databases import fresh_postgres_database
from tests.support.instances import app_instance, instance_container
from tests.support.otlp_collector import Collector
from tests.support.servers import free_port
from tests.support.tcp_proxy import TcpProxy
from tests.support.tools import ROOT


@dataclass
class Deployment:
    base: str
    data_dir: Path
    log_file: Path
    collector: Collector


def _smoke(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sakesensei", "smoke", *args],
        capture_output=True,
        text=True,
        timeout=180,
        env=cli_env(ROOT / "var-unused"),
    )


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    folder = tmp_path_factory.mktemp("deployment")
    collector = Collector()
    threading.Thread(target=collector.serve_forever, daemon=True).start()
    port = free_port()
    log_file = folder / "logs" / "api.log"
    env = cli_env(
        folder / "var",
        SAKESENSEI_LOG_FILE=str(log_file),
        SAKESENSEI_OTLP_ENDPOINT=collector.url,
        OTEL_BSP_SCHEDULE_DELAY="100",  # export each batch of spans soon, not after 5 s
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "sakesensei", "serve", "api", "--port", str(port)],
        env=env,
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    "the server did not start: " + (process.stderr.read() if process.stderr else "")
                )
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        yield Deployment(base, folder / "var", log_file, collector)
    finally:
        process.terminate()
        process.communicate(timeout=30)
        collector.shutdown()
        collector.server_close()


@dataclass
class Runs:
    text: subprocess.CompletedProcess[str]
    json: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def runs(deployment: Deployment) -> Runs:
    """The CLI run against the healthy server, for people and as JSON."""
    return Runs(
        _smoke("--base-url", deployment.base), _smoke("--base-url", deployment.base, "--json")
    )


def test_the_cli_passes_against_a_healthy_server(deployment: Deployment, runs: Runs) -> None:
    result = runs.text
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for check in Smoke.CHECKS:
        line = next(line for line in lines if re.match(rf"\w+\s+{check}\s", line))
        expected = ("ok", "skipped") if check == "chat" else ("ok",)
        assert line.split()[0] in expected, line
    assert f"smoke test of {deployment.base}: " in lines[-1]

    as_json = json.loads(runs.json.stdout)
    assert as_json["ok"] is True and as_json["failed"] == []
    assert [c["check"] for c in as_json["checks"]] == list(Smoke.CHECKS)
    chat = next(c for c in as_json["checks"] if c["check"] == "chat")
    if chat["status"] == "skipped":  # only while the chat route does not exist
        assert chat["detail"] == "not available (POST /api/v1/chat answered 404)"


def test_pytest_smoke_passes_against_a_healthy_server(deployment: Deployment) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/smoke",
            "--base-url",
            deployment.base,
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert re.search(r"\b[78] passed\b", summary) and "failed" not in summary, summary


def test_the_throwaway_accounts_are_gone(deployment: Deployment, runs: Runs) -> None:
    engine = create_engine(f"sqlite:///{deployment.data_dir / 'sakesensei.db'}")
    with engine.connect() as conn:
        left = conn.execute(text("SELECT count(*) FROM users WHERE email LIKE 'smoke-%'")).scalar()
    engine.dispose()
    assert left == 0


def test_the_server_wrote_its_log_file_and_exported_traces(
    deployment: Deployment, runs: Runs
) -> None:
    entries = [
        json.loads(line) for line in deployment.log_file.read_text(encoding="utf-8").splitlines()
    ]
    access = [e for e in entries if e["logger"] == "sakesensei.access"]
    me = next(
        e
        for e in access
        if str(e.get("request_id", "")).endswith("-account") and e["route"] == "/api/v1/me"
    )
    assert me["status"] == 200 and re.fullmatch(r"[0-9a-f]{16}", me["user"])
    assert me.get("trace_id") and re.fullmatch(r"[0-9a-f]{32}", me["trace_id"])
    assert not re.search(r"[\w.+-]+@example\.com", deployment.log_file.read_text(encoding="utf-8"))

    wanted = {"POST /api/v1/auth/register", "GET /api/v1/recommendations", "recommendation"}
    deadline = time.monotonic() + 30
    names: set[str] = set()
    while time.monotonic() < deadline and not wanted <= names:  # batches arrive every 0.1 s
        names = {
            s.name
            for _, request in list(deployment.collector.requests)
            for rs in request.resource_spans
            for ss in rs.scope_spans
            for s in ss.spans
        }
        time.sleep(0.1)
    assert wanted <= names, wanted - names
    assert any(name.startswith("db ") for name in names)


def test_nothing_there_is_said_in_one_line() -> None:
    nowhere = _smoke("--base-url", f"http://127.0.0.1:{free_port()}")
    assert nowhere.returncode == 4
    assert nowhere.stdout == ""
    assert re.fullmatch(
        r"error: cannot reach http://127\.0\.0\.1:\d+: Connection refused\n", nowhere.stderr
    )
    not_a_url = _smoke("--base-url", "sake.example")
    assert not_a_url.returncode == 2
    assert not_a_url.stderr == "error: 'sake.example' is not an http:// or https:// URL\n"


def test_a_stopped_database_fails_the_smoke_test_naming_the_check(tmp_path: Path) -> None:
    with fresh_postgres_database() as url:
        real = make_url(url)
        proxy = TcpProxy(real.host or "127.0.0.1", real.port or 5432).start()
        through_proxy = real.set(host="127.0.0.1", port=proxy.port)
        container = instance_container(
            tmp_path, through_proxy.render_as_string(hide_password=False)
        )
        try:
            with app_instance(container) as base:
                assert httpx.get(f"{base}/readyz").status_code == 200
                proxy.stop()  # the database server goes away
                result = _smoke("--base-url", base)
        finally:
            proxy.stop()
            container.close()
    assert result.returncode == 1, result.stdout + result.stderr
    ready = next(line for line in result.stdout.splitlines() if re.match(r"\w+\s+ready\s", line))
    assert ready.startswith("FAILED") and "GET /readyz answered 503" in ready
    assert (
        result.stdout.splitlines()[0].startswith("ok")
        and " health " in result.stdout.splitlines()[0]
    )
    assert "FAILED: ready" in result.stderr
