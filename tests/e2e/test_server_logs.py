"""A production server logs JSON lines: its own start-up, and one access line per request."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.e2e.conftest import cli_env
from tests.support.servers import free_port


def test_production_logs_are_json_lines_with_request_ids(tmp_path: Path) -> None:
    port = free_port()
    env = cli_env(
        tmp_path / "var",
        SAKESENSEI_ENV="prod",
        SAKESENSEI_SECRET_KEY="a-long-random-production-secret-for-this-test",
        SAKESENSEI_LOAD_CATALOG_ON_START="false",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "sakesensei", "serve", "api", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        response = httpx.post(
            f"{base}/api/v1/auth/login",
            json={"email": "someone@example.com", "password": "Not-Their-Pass-1!"},
            headers={"X-Request-ID": "e2e-login"},
        )
        assert response.status_code == 401
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=20)

    lines = [line for line in stderr.splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line is JSON, uvicorn's too
    login = next(e for e in entries if e.get("request_id") == "e2e-login")
    assert login["logger"] == "sakesensei.access" and login["status"] == 401
    assert any(e["logger"].startswith("uvicorn") for e in entries)
    assert "someone@example.com" not in stderr and "Not-Their-Pass-1!" not in stderr
