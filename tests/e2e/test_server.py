"""`sakesensei up` starts a real server that answers over HTTP."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import cli_env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder: Path = tmp_path_factory.mktemp("server")
    port, web_port = _free_port(), _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sakesensei",
            "up",
            "--port",
            str(port),
            "--web-port",
            str(web_port),
        ],
        env=cli_env(folder / "var"),
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"the server exited: {process.stdout.read() if process.stdout else ''}")
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not become ready within 60 s")
        web = f"http://127.0.0.1:{web_port}/_stcore/health"
        while time.monotonic() < deadline:
            try:
                if httpx.get(web, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("the web app did not answer within 60 s")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        # The web app it started goes with it (TERM, as a supervisor stops a service).
        web = f"http://127.0.0.1:{web_port}/_stcore/health"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                httpx.get(web, timeout=1)
            except httpx.HTTPError:
                break
            time.sleep(0.2)
        else:
            pytest.fail("the web app outlived `sakesensei up`")


def test_health_and_readiness(server: str) -> None:
    assert httpx.get(f"{server}/healthz").json() == {"status": "ok"}
    ready = httpx.get(f"{server}/readyz").json()
    assert ready["status"] == "ok" and ready["sake"] >= 250


def test_search_and_read_a_sake(server: str) -> None:
    page = httpx.get(f"{server}/api/v1/sakes", params={"q": "だっさい"}).json()
    assert page["total"] >= 1
    first = page["items"][0]
    assert "獺祭" in first["name"] and first["brewery"]["prefecture"] == "山口県"
    detail = httpx.get(f"{server}/api/v1/sakes/{first['id']}").json()
    assert detail == first
    assert 3 <= len(detail["pairings"]) <= 5 and detail["flavor"]["aroma"]


def test_errors_are_problem_details(server: str) -> None:
    missing = httpx.get(f"{server}/api/v1/sakes/99999999")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert missing.json()["detail"] == "there is no sake with id 99999999"
    bad = httpx.get(f"{server}/api/v1/sakes", params={"q": "x", "limit": 1000})
    assert bad.status_code == 422 and "limit" in bad.json()["detail"]


def test_openapi_is_published(server: str) -> None:
    spec = httpx.get(f"{server}/api/v1/openapi.json").json()
    assert "/api/v1/sakes" in spec["paths"]
