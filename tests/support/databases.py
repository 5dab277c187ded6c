"""Real databases for tests: a migrated SQLite file per test, a fresh PostgreSQL database per run."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from sakesensei.adapters.sql import migrate
from sakesensei.adapters.sql.engine import build_engine
from sakesensei.adapters.sql.tables import metadata

ADMIN_URL = os.environ.get(
    "SAKESENSEI_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def postgres_or_skip() -> str:
    """The admin URL if PostgreSQL answers; skip (or fail in CI) when it does not."""
    try:
        engine = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        message = f"PostgreSQL is not reachable at {ADMIN_URL}: {exc}"
        if in_ci():
            pytest.fail(message + " (CI=true: a missing PostgreSQL is a failure)")
        pytest.skip(message)
    return ADMIN_URL


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """Create a database of our own for this run and drop it afterwards."""
    admin_url = postgres_or_skip()
    name = f"sakesensei_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def migrated_engine(url: str) -> Engine:
    engine = build_engine(url)
    migrate.upgrade(engine)
    return engine


def empty_tables(engine: Engine) -> None:
    """Remove every row, children first, keeping the schema."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(metadata.sorted_tables):
                conn.execute(table.delete())


def sqlite_copy(template: Path, target: Path) -> str:
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"
