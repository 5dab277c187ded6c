"""Time from pressing "log in" until the picks are on screen, in Chromium; prints JSON.

Starts `sakesensei serve api` and `sakesensei serve web` on free ports with a fresh data
folder, creates one account with `sakesensei users create`, then for each run opens a new
browser session, logs in, opens the picks page and waits until every card is drawn.
Goal: under 2 s (p95). Chromium is Debian's /usr/bin/chromium, else Playwright's own.

    python bench/web_load.py [--runs 10]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect, sync_playwright

from sakesensei.web.messages.ja import MESSAGES as JA

EMAIL = "bench-web@example.com"
PASSWORD = "Bench-Sake-2026!"
PICKS = 5
GOAL_MS = 2000
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not come up")


@contextmanager
def _servers(data: Path) -> Iterator[str]:
    """The API and the web app; yields the web app's URL."""
    api_port, web_port = _free_port(), _free_port()
    env = {
        **os.environ,
        "SAKESENSEI_DATA_DIR": str(data),
        "SAKESENSEI_API_PORT": str(api_port),
        "SAKESENSEI_RATE_LIMIT_REQUESTS": "0",
        "SAKESENSEI_AUTH_RATE_LIMIT_REQUESTS": "0",
    }
    cli = [sys.executable, "-m", "sakesensei"]
    quiet = subprocess.DEVNULL
    api = subprocess.Popen([*cli, "serve", "api"], env=env, stdout=quiet, stderr=quiet)
    web_command = [*cli, "serve", "web", "--port", str(web_port)]
    web = subprocess.Popen(web_command, env=env, stdout=quiet, stderr=quiet)
    try:
        _wait(f"http://127.0.0.1:{api_port}/healthz", api)
        _wait(f"http://127.0.0.1:{web_port}/_stcore/health", web)
        subprocess.run(
            [*cli, "users", "create", EMAIL, "--password-stdin"],
            input=PASSWORD.encode(),
            env=env,
            check=True,
            capture_output=True,
        )
        yield f"http://127.0.0.1:{web_port}"
    finally:
        for process in (web, api):
            process.terminate()
            process.wait(timeout=30)


def _one_run(page: Page, base: str) -> float:
    page.goto(f"{base}/account")
    panel = page.get_by_role("tabpanel").filter(visible=True)
    panel.get_by_label(JA["account.email"]).fill(EMAIL)
    panel.get_by_label(JA["account.password"]).fill(PASSWORD)
    started = time.perf_counter()
    panel.get_by_role("button", name=JA["account.login"]).click()
    expect(page.get_by_text(JA["auth.signed_in_as"].format(email=EMAIL)).first).to_be_visible()
    page.locator('[data-testid="stSidebarNav"] a[href$="/picks"]').click()
    expect(page.locator('[data-testid="stMain"] h3')).to_have_count(PICKS)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    chromium = shutil.which("chromium") or None
    with tempfile.TemporaryDirectory() as tmp, _servers(Path(tmp)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
        expect.set_options(timeout=60_000)
        times = []
        for _ in range(runs + 1):  # the first run warms the servers and is not counted
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            times.append(_one_run(context.new_page(), base))
            context.close()
        browser.close()
    measured = sorted(times[1:])
    p95 = measured[max(0, round(0.95 * len(measured)) - 1)]
    print(
        json.dumps(
            {
                "benchmark": "web_login_to_picks",
                "runs": len(measured),
                "p50_ms": round(statistics.median(measured), 1),
                "p95_ms": round(p95, 1),
                "max_ms": round(measured[-1], 1),
                "warmup_ms": round(times[0], 1),
                "goal_p95_ms": GOAL_MS,
                "goal_met": p95 < GOAL_MS,
            }
        )
    )


if __name__ == "__main__":
    main()
