"""The whole app: its navigation runs the home page, and `sakesensei serve web` serves it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from streamlit.testing.v1 import AppTest

from sakesensei.web import state
from sakesensei.web.messages.en import MESSAGES as EN
from tests.support.servers import free_port
from tests.web.conftest import WebApi

APP = Path(state.__file__).parent / "app.py"


def test_the_app_opens_on_the_home_page(web_api: WebApi, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(state.API_URL_ENV, web_api.base)
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.session_state["language"] = "en"
    app.run()
    assert not app.exception
    assert app.title[0].value == EN["home.title"]


def test_serve_web_answers_the_health_check(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "SAKESENSEI_ENV": "test", "SAKESENSEI_DATA_DIR": str(tmp_path)}
    command = [sys.executable, "-m", "sakesensei", "serve", "web", "--port", str(port)]
    web = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        health = None
        deadline = time.monotonic() + 120  # a wait for start-up, not a timed assertion
        while health is None and time.monotonic() < deadline and web.poll() is None:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/_stcore/health", timeout=5)
            except httpx.HTTPError:
                time.sleep(0.2)
        assert health is not None and health.text == "ok", web.poll()
    finally:
        web.terminate()
        output = web.communicate(timeout=30)[0].decode()
    assert f"Sake Sensei web app on http://127.0.0.1:{port}" in output
