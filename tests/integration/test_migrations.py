"""Migrations run on SQLite and PostgreSQL, forwards and back."""

from __future__ import annotations

from sqlalchemy import Engine, inspect

from sakesensei.adapters.sql import migrate
from sakesensei.adapters.sql.tables import metadata


def test_head_creates_every_table(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    assert {t.name for t in metadata.sorted_tables} <= tables
    assert migrate.current_revision(engine) == migrate.head_revision(engine)


def test_schema_matches_the_tables_module(engine: Engine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_downgrade_to_base_and_back(engine: Engine) -> None:
    migrate.downgrade(engine, "base")
    assert not {t.name for t in metadata.sorted_tables} & set(inspect(engine).get_table_names())
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision(engine)


def test_sqlite_runs_in_wal_mode(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sakesensei.adapters.sql.engine import build_engine

    engine = build_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
