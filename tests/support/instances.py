"""App instances of a test's own: a Container with chosen settings behind a real server.

Two instances given the same database (and Redis) behave like two replicas behind a load
balancer, which is what the blocklist and rate limit promises are about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from sakesensei.bootstrap import Container, build_container
from sakesensei.config import load_settings
from sakesensei.entrypoints.api.app import create_app
from tests.support.servers import serve

ADMIN_PASSWORD = "Guard-Sake-2026!"


def instance_container(
    data_dir: Path, database_url: str | None = None, *, migrate: bool = True, **settings: Any
) -> Container:
    container = build_container(
        load_settings(
            env="test",
            data_dir=data_dir,
            database_url=database_url,
            load_catalog_on_start=False,
            **settings,
        )
    )
    if migrate:
        container.upgrade_database()
        container.keyring.ensure_key()
    return container


@contextmanager
def app_instance(
    container: Container, add_routes: Callable[[FastAPI], None] | None = None
) -> Iterator[str]:
    """Serve create_app(container) (with test-only routes added); yields the base URL."""
    app = create_app(container)
    if add_routes:
        add_routes(app)
    with serve(app) as base:
        yield base


def admin_headers(container: Container, email: str = "guard@example.com") -> dict[str, str]:
    container.accounts.create_user(email, ADMIN_PASSWORD, admin=True)
    tokens = container.accounts.login(email, ADMIN_PASSWORD)
    return {"Authorization": f"Bearer {tokens.access_token}"}
