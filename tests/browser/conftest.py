"""Browser tests: the API and the web app on free ports, driven by Playwright in Chromium.

Chromium is Debian's (/usr/bin/chromium, installed by scripts/ensure-browser.sh), or else
the one `playwright install chromium` fetched. Without either the tests skip, except
under CI=true, where they fail. Screenshots go to build/test-output/browser/.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from sakesensei.bootstrap import Container, build_container
from sakesensei.config import load_settings
from sakesensei.entrypoints.api.app import create_app
from sakesensei.services.shipped_catalog import ensure_catalog
from sakesensei.web.messages.ja import MESSAGES as JA
from tests.support.databases import in_ci
from tests.support.mailbox import Mailbox, SmtpSink
from tests.support.servers import free_port, serve

PASSWORD = "Sake-Tasting-2026!"
SHOTS = Path(__file__).resolve().parents[2] / "build" / "test-output" / "browser"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
_serial = itertools.count()


def _chromium() -> str | None:
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )


@dataclass
class Stack:
    api: str
    web: str
    container: Container
    mailbox: Mailbox

    def user(self) -> str:
        email = f"browser-{next(_serial)}@example.com"
        self.container.accounts.create_user(email, PASSWORD, verified=True)
        return email


def _wait_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    # A wait for start-up, not a timed assertion: the limit only stops a hung start.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the web app exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the web app did not start")


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The API in a thread and `sakesensei serve web` in a process, both on free ports."""
    data = tmp_path_factory.mktemp("browser-api")
    with SmtpSink() as smtp:
        settings = load_settings(
            env="test",
            data_dir=data,
            smtp_url=smtp.url,
            rate_limit_requests=0,
            auth_rate_limit_requests=0,
            reco_refresh_seconds=3600,
        )
        container = build_container(settings)
        container.upgrade_database()
        ensure_catalog(container.uow)
        container.keyring.ensure_key()
        with serve(create_app(container)) as api:
            port = free_port()
            env = {
                **os.environ,
                "SAKESENSEI_ENV": "test",
                "SAKESENSEI_DATA_DIR": str(tmp_path_factory.mktemp("browser-web")),
                "SAKESENSEI_API_URL": api,
            }
            command = [sys.executable, "-m", "sakesensei", "serve", "web"]
            web = subprocess.Popen(
                [*command, "--host", "127.0.0.1", "--port", str(port)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                base = f"http://127.0.0.1:{port}"
                _wait_healthy(f"{base}/_stcore/health", web)
                yield Stack(api, base, container, smtp.mailbox)
            finally:
                web.terminate()
                web.wait(timeout=30)
        container.close()


# Module scope, not session: Playwright's sync API keeps an event loop running on the main
# thread while it is open, and every later test that calls asyncio.run would fail.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = _chromium()
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS, headless=True
            )
        except Exception as error:  # no Chromium of Debian's nor of Playwright's
            if in_ci():
                raise
            pytest.skip(f"Chromium is not installed (scripts/ensure-browser.sh): {error}")
        # Streamlit redraws after every action; a loaded machine may take a while.
        expect.set_options(timeout=60_000)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, stack: Stack) -> Iterator[Page]:
    """A fresh browser session (its own Streamlit session) at desktop width."""
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True, locale="ja-JP")
    context.set_default_timeout(60_000)
    tab = context.new_page()
    yield tab
    context.close()


def screenshots(page: Page, name: str) -> None:
    """Save the page at desktop and at phone width, then return to desktop width."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.wait_for_timeout(300)  # let the layout settle after the resize
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def open_page(page: Page, path: str) -> None:
    """Move to another page of the app in the same session (a reload would start anew)."""
    page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').click()
    page.wait_for_url(f"**/{path}")


def log_in(page: Page, stack: Stack, email: str) -> None:
    page.goto(f"{stack.web}/account")
    panel = page.get_by_role("tabpanel").filter(visible=True)  # the log-in tab is first
    panel.get_by_label(JA["account.email"]).fill(email)
    panel.get_by_label(JA["account.password"]).fill(PASSWORD)
    panel.get_by_role("button", name=JA["account.login"]).click()
    expect(page.get_by_text(JA["auth.signed_in_as"].format(email=email)).first).to_be_visible()


def visible_text(page: Page) -> Any:
    return page.locator('[data-testid="stMain"]')
