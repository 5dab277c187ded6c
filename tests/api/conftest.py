"""API tests: one real server per database kind for the session, user data emptied per test."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from sakesensei.bootstrap import Container, build_container
from sakesensei.config import load_settings
from sakesensei.entrypoints.api.app import create_app
from sakesensei.services.shipped_catalog import ensure_catalog
from tests.support.databases import fresh_postgres_database
from tests.support.mailbox import Mailbox, SmtpSink
from tests.support.servers import serve

# Tables of user and operator data, emptied between tests; the catalog stays loaded.
USER_TABLES = (
    "label_scans",
    "label_choices",
    "api_keys",
    "audit_log",
    "blocklist",
    "refresh_tokens",
    "one_time_codes",
    "memory_events",
    "memory_facts",
    "session_summaries",
    "chat_sessions",
    "tastings",
    "preference_history",
    "preferences",
    "users",
)


PASSWORD = "Sake-Tasting-2026!"


@dataclass
class Api:
    """A running server and what a test needs to reach into it."""

    base: str
    container: Container
    http: httpx.Client
    mailbox: Mailbox

    @property
    def kind(self) -> str:
        return self.container.engine.dialect.name

    def user(
        self, email: str = "hana@example.com", *, verified: bool = True, admin: bool = False
    ) -> dict[str, str]:
        """Create an account and log it in; returns the Authorization header."""
        self.container.accounts.create_user(email, PASSWORD, admin=admin, verified=verified)
        response = self.http.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        response.raise_for_status()
        return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _container(tmp: Path, database_url: str | None, smtp_url: str) -> Container:
    settings = load_settings(
        env="test",
        data_dir=tmp,
        database_url=database_url,
        smtp_url=smtp_url,
        # Every test shares these servers from 127.0.0.1; the limits have tests of their own.
        rate_limit_requests=0,
        auth_rate_limit_requests=0,
        # One fit at start-up and no refits mid-test, so a test's before/after picks differ
        # only by what the test did (the refresh has tests of its own).
        reco_refresh_seconds=3600,
    )
    container = build_container(settings)
    container.upgrade_database()
    ensure_catalog(container.uow)
    container.keyring.ensure_key()
    return container


@pytest.fixture(scope="session")
def smtp() -> Iterator[SmtpSink]:
    with SmtpSink() as sink:
        yield sink


@pytest.fixture(scope="session")
def _servers(
    tmp_path_factory: pytest.TempPathFactory, smtp: SmtpSink
) -> Iterator[dict[str, tuple[str, Container]]]:
    servers: dict[str, tuple[str, Container]] = {}
    sqlite = _container(tmp_path_factory.mktemp("api-sqlite"), None, smtp.url)
    with fresh_postgres_database() as pg_url:
        postgres = _container(tmp_path_factory.mktemp("api-pg"), pg_url, smtp.url)
        with serve(create_app(sqlite)) as sqlite_base, serve(create_app(postgres)) as pg_base:
            servers["sqlite"] = (sqlite_base, sqlite)
            servers["postgresql"] = (pg_base, postgres)
            yield servers
        postgres.close()
    sqlite.close()


def empty_user_data(container: Container) -> None:
    with container.engine.begin() as conn:
        for table in USER_TABLES:
            conn.execute(text(f"DELETE FROM {table}"))


@pytest.fixture(params=["sqlite", "postgresql"])
def api(request: pytest.FixtureRequest) -> Iterator[Api]:
    """A server on each database, with no users, tastings, blocklist or audit entries."""
    servers = request.getfixturevalue("_servers")
    base, container = servers[request.param]
    empty_user_data(container)
    with httpx.Client(base_url=base, timeout=30) as http:
        yield Api(base, container, http, request.getfixturevalue("smtp").mailbox)
