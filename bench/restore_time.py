"""Back up and restore a database of 1,000,000 tasting records; print JSON with the times.

    uv run python bench/restore_time.py [--tastings 1000000] [--database-url URL]

Without --database-url it uses a fresh SQLite file in a temporary folder. With one (e.g.
postgresql://postgres@127.0.0.1/postgres) it creates a database of its own on that server
(the role needs CREATEDB) and drops it at the end. The goal (the guide's RTO leaves four
hours; we aim far lower): a restore in under 5 minutes. Run by hand; never a timed test.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from sakesensei.bootstrap import Container, build_container
from sakesensei.config import load_settings
from sakesensei.services.shipped_catalog import ensure_catalog

GOAL_SECONDS = 300
PHOTOS = 200  # label photos in the blob store, so the images are part of the measure
NOTES = ["華やかな香り", "すっきり辛口", "お燗で旨い", "fruity and clean", None, None]


def tasting_rows(
    count: int, users: list[str], sakes: list[int], seed: int = 7
) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(count):
        yield (
            str(uuid.UUID(int=i + 1)),
            users[i % len(users)],
            rng.choice(sakes),
            rng.randint(1, 5),
            rng.choice(NOTES),
            start + timedelta(days=i % 900),
            stamp + timedelta(seconds=i),
        )


def user_rows(count: int) -> list[tuple[Any, ...]]:
    stamp = datetime(2025, 1, 1, tzinfo=UTC)
    return [
        (str(uuid.UUID(int=(1 << 100) + i)), f"drinker{i}@example.com", "x", True, "user", 0, stamp)
        for i in range(count)
    ]


def fill(container: Container, tastings: int, users: int) -> None:
    """The catalog, `users` accounts and `tastings` records, each database's fastest way."""
    ensure_catalog(container.uow)
    with container.engine.connect() as conn:
        sakes = [int(v) for v in conn.execute(text("SELECT id FROM sakes")).scalars()]
    people = user_rows(users)
    ids = [u[0] for u in people]
    user_sql = (
        "INSERT INTO users (id, email, password_hash, verified, role, failed_logins, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)"
    )
    tasting_sql = (
        "INSERT INTO tastings (id, user_id, sake_id, rating, notes, tasted_on, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)"
    )
    if container.engine.dialect.name == "sqlite":
        conn = sqlite3.connect(str(container.engine.url.database))
        conn.execute("PRAGMA synchronous=OFF")
        with conn:
            conn.executemany(user_sql, [_sqlite(r) for r in people])
            conn.executemany(tasting_sql, (_sqlite(r) for r in tasting_rows(tastings, ids, sakes)))
        conn.close()
    else:
        raw = container.engine.raw_connection()
        try:
            cursor = raw.driver_connection.cursor()  # type: ignore[union-attr]
            with cursor.copy(
                "COPY users (id, email, password_hash, verified, role, failed_logins, created_at) "
                "FROM STDIN"
            ) as copy:
                for row in people:
                    copy.write_row(row)
            with cursor.copy(
                "COPY tastings (id, user_id, sake_id, rating, notes, tasted_on, created_at) "
                "FROM STDIN"
            ) as copy:
                for row in tasting_rows(tastings, ids, sakes):
                    copy.write_row(row)
            raw.commit()
        finally:
            raw.close()
    for i in range(PHOTOS):
        container.blobs.put(f"users/{ids[i]}/scans/{i}.jpg", bytes(range(256)) * 200, "image/jpeg")


def _sqlite(row: tuple[Any, ...]) -> tuple[Any, ...]:
    # The text forms SQLAlchemy writes for SQLite dates and times.
    return tuple(
        v.strftime("%Y-%m-%d %H:%M:%S.%f")
        if isinstance(v, datetime)
        else v.isoformat()
        if isinstance(v, date)
        else v
        for v in row
    )


@contextmanager
def scratch_database(server_url: str | None) -> Iterator[str | None]:
    """None for SQLite; a new PostgreSQL database on the server for the run, then dropped."""
    if server_url is None:
        yield None
        return
    name = f"sakesensei_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def timed(action: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tastings", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server to use")
    parser.add_argument("--skip-verify", action="store_true", help="only create and restore")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, scratch_database(args.database_url) as url:
        settings = load_settings(data_dir=Path(tmp), database_url=url, load_catalog_on_start=False)
        container = build_container(settings)
        container.upgrade_database()
        _, fill_seconds = timed(lambda: fill(container, args.tastings, args.users))
        backups = container.backups
        manifest, create_seconds = timed(backups.create)
        verify_seconds = None
        if not args.skip_verify:
            report, verify_seconds = timed(lambda: backups.verify(manifest.id))
            assert report.ok, report.problems
        restored, restore_seconds = timed(lambda: backups.restore(manifest.id, force=True))
        assert restored.tables["tastings"] == args.tastings
        database = container.engine.dialect.name
        container.close()
    print(
        json.dumps(
            {
                "benchmark": "restore_time",
                "database": database,
                "tastings": manifest.tables["tastings"],
                "rows": sum(manifest.tables.values()),
                "images": manifest.blobs,
                "backup_bytes": manifest.size,
                "fill_seconds": round(fill_seconds, 1),
                "create_seconds": round(create_seconds, 1),
                "verify_seconds": round(verify_seconds, 1) if verify_seconds else None,
                "restore_seconds": round(restore_seconds, 1),
                "goal_restore_seconds": GOAL_SECONDS,
                "met": restore_seconds < GOAL_SECONDS,
            }
        )
    )


if __name__ == "__main__":
    main()
