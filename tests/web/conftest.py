"""Web page tests: each page run by Streamlit's AppTest against one real API for the session."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from sakesensei.bootstrap import Container, build_container
from sakesensei.config import load_settings
from sakesensei.entrypoints.api.app import create_app
from sakesensei.services.shipped_catalog import ensure_catalog
from sakesensei.web import state
from sakesensei.web.client import ApiClient
from tests.support.mailbox import Mailbox, SmtpSink
from tests.support.servers import serve

PAGES = Path(state.__file__).parent / "views"
PASSWORD = "Sake-Tasting-2026!"
_serial = itertools.count()


@dataclass
class WebApi:
    base: str
    container: Container
    mailbox: Mailbox

    def user(self, *, admin: bool = False, verified: bool = True) -> tuple[str, dict[str, Any]]:
        """A new account, logged in: its email and the tokens a session would hold."""
        email = f"web-{next(_serial)}@example.com"
        self.container.accounts.create_user(email, PASSWORD, admin=admin, verified=verified)
        tokens: dict[str, Any] = {}
        ApiClient(self.base, tokens).login(email, PASSWORD)
        return email, tokens

    def client(self, tokens: dict[str, Any] | None = None) -> ApiClient:
        return ApiClient(self.base, tokens if tokens is not None else {})


@pytest.fixture(scope="session")
def web_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebApi]:
    with SmtpSink() as smtp:
        settings = load_settings(
            env="test",
            data_dir=tmp_path_factory.mktemp("web-api"),
            smtp_url=smtp.url,
            rate_limit_requests=0,
            auth_rate_limit_requests=0,
            reco_refresh_seconds=3600,
        )
        container = build_container(settings)
        container.upgrade_database()
        ensure_catalog(container.uow)
        container.keyring.ensure_key()
        with serve(create_app(container)) as base:
            yield WebApi(base, container, smtp.mailbox)
        container.close()


Page = Callable[..., AppTest]


@pytest.fixture
def page(web_api: WebApi, monkeypatch: pytest.MonkeyPatch) -> Page:
    """A page of the app, ready to run: `page("picks", tokens=..., language="en")`."""
    monkeypatch.setenv(state.API_URL_ENV, web_api.base)

    def make(name: str, tokens: dict[str, Any] | None = None, language: str = "en") -> AppTest:
        app = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=120)
        app.session_state["language"] = language
        if tokens is not None:
            app.session_state["auth"] = tokens
        return app

    return make


def button(app: AppTest, label: str) -> Any:
    """The (first) button, form submit buttons included, with this label."""
    found = [b for b in app.button if b.label == label]
    assert found, f"no button {label!r} among {[b.label for b in app.button]}"
    return found[0]


def texts(app: AppTest) -> str:
    """Everything the page wrote as markdown, headings, captions and alerts, as one string."""
    parts = [e.value for e in app.markdown]
    for kind in (
        app.title,
        app.header,
        app.subheader,
        app.caption,
        app.success,
        app.info,
        app.warning,
        app.error,
        app.text,
        app.code,
    ):
        parts += [str(e.value) for e in kind]
    return "\n".join(str(p) for p in parts)
