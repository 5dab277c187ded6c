"""Fixtures: every storage test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from sakesensei.adapters.sql.engine import build_engine
from sakesensei.adapters.sql.unit_of_work import SqlUnitOfWork
from sakesensei.ports import UnitOfWork
from tests.support.databases import (
    empty_tables,
    fresh_postgres_database,
    migrated_engine,
    sqlite_copy,
)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = migrated_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with fresh_postgres_database() as url:
        yield url


@pytest.fixture(scope="session")
def postgres_engine(postgres_url: str) -> Iterator[Engine]:
    engine = migrated_engine(postgres_url)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[Engine]:
    """A migrated, empty database of each kind."""
    if request.param == "sqlite":
        sqlite_engine = build_engine(sqlite_copy(sqlite_template, tmp_path / "test.db"))
        yield sqlite_engine
        sqlite_engine.dispose()
    else:
        pg: Engine = request.getfixturevalue("postgres_engine")
        empty_tables(pg)
        yield pg


@pytest.fixture
def uow_factory(engine: Engine) -> Callable[[], UnitOfWork]:
    return lambda: SqlUnitOfWork(engine, lambda: datetime.now(UTC))
