"""Snapshots of the embedded SQLite database through SQLite's online backup API.

The copy runs inside one read transaction on the source, so in WAL mode writers carry on
while it runs and the copy is the database as of the moment that transaction began.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from sqlalchemy import Engine

from sakesensei.adapters.sql import migrate
from sakesensei.domain.backups import SnapshotInfo
from sakesensei.domain.errors import ConfigurationError, InvalidInput, StorageUnavailable
from sakesensei.ports import ProgressFn

# Pages copied per step of the backup API: 4096 pages of 4 KiB, i.e. a progress tick per
# 16 MiB. The source's read transaction spans all the steps, so steps never restart.
PAGES_PER_STEP = 4096
MIGRATIONS_TABLE = "alembic_version"


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def read_snapshot_info(conn: sqlite3.Connection) -> SnapshotInfo:
    """Rows per table and the schema revision, as this connection sees them."""
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    tables = {
        # Names come from sqlite_master itself, quoted: not from any caller.
        name: int(conn.execute(f"SELECT count(*) FROM {quoted(name)}").fetchone()[0])  # nosec B608
        for name in names
        if name != MIGRATIONS_TABLE
    }
    revision = None
    if MIGRATIONS_TABLE in names:
        row = conn.execute(f"SELECT version_num FROM {MIGRATIONS_TABLE}").fetchone()  # nosec B608
        revision = row[0] if row else None
    return SnapshotInfo(revision, tables)


def _steps(progress: ProgressFn, stage: str) -> Callable[[int, int, int], None]:
    def report(_status: int, remaining: int, total: int) -> None:
        progress(stage, total - remaining, total)

    return report


class SqliteSnapshots:
    kind = "sqlite"
    file_name = "database.sqlite3"

    def __init__(self, engine: Engine) -> None:
        database = engine.url.database
        if not database or database == ":memory:":
            raise ConfigurationError("an in-memory SQLite database cannot be backed up")
        self._engine = engine
        self._path = Path(database)

    def describe(self) -> str:
        return f"the SQLite database {self._path}"

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise StorageUnavailable(f"could not {doing}: {exc}") from exc

    def _open_live(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self._path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA busy_timeout=30000")
        return conn

    def snapshot(self, target: Path, progress: ProgressFn) -> SnapshotInfo:
        if not self._path.is_file():
            raise StorageUnavailable(f"there is no SQLite database at {self._path} to back up")
        with (
            self._errors(f"copy {self.describe()} to {target}"),
            closing(self._open_live()) as source,
            closing(sqlite3.connect(target)) as copy,
        ):
            # Pin one read snapshot for every step of the copy.
            source.execute("BEGIN")
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()
            source.backup(
                copy, pages=PAGES_PER_STEP, progress=_steps(progress, "database"), sleep=0
            )
            source.execute("COMMIT")
            # A self-contained file: no -wal beside it, whatever the live mode was.
            copy.execute("PRAGMA journal_mode=DELETE")
            return read_snapshot_info(copy)

    def trial_restore(self, source: Path, scratch: Path, progress: ProgressFn) -> SnapshotInfo:
        trial = scratch / "trial.sqlite3"
        try:
            with (
                closing(self._open_backup(source)) as backup,
                closing(sqlite3.connect(trial)) as conn,
            ):
                backup.backup(
                    conn, pages=PAGES_PER_STEP, progress=_steps(progress, "trial restore"), sleep=0
                )
                problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
                if problems != ["ok"]:
                    raise InvalidInput(
                        f"the database in {source} fails SQLite's integrity check: "
                        + "; ".join(problems[:5])
                    )
                return read_snapshot_info(conn)
        except sqlite3.DatabaseError as exc:
            raise InvalidInput(f"{source} cannot be restored: {exc}") from exc
        finally:
            trial.unlink(missing_ok=True)

    def _open_backup(self, source: Path) -> sqlite3.Connection:
        # immutable: never write to (or leave a -wal or -shm beside) the backup itself.
        return sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro&immutable=1", uri=True)

    def live_tables(self) -> dict[str, int]:
        if not self._path.is_file():
            return {}
        with self._errors(f"read {self.describe()}"), closing(self._open_live()) as conn:
            return read_snapshot_info(conn).tables

    def other_sessions(self) -> list[str]:
        # The backup API replaces the pages in one write transaction: other processes see
        # the old database or the restored one, never a mixture, so none need refusing.
        return []

    def restore(self, source: Path, progress: ProgressFn) -> None:
        self._engine.dispose()  # no pooled connection of ours keeps a read snapshot open
        self._path.parent.mkdir(parents=True, exist_ok=True)
        with (
            self._errors(f"restore {self.describe()} from {source}"),
            closing(self._open_backup(source)) as backup,
            closing(self._open_live()) as live,
        ):
            backup.backup(
                live, pages=PAGES_PER_STEP, progress=_steps(progress, "database"), sleep=0
            )
            live.execute("PRAGMA journal_mode=WAL")

    def known_revisions(self) -> list[str]:
        return migrate.known_revisions(self._engine)

    def upgrade(self) -> str | None:
        migrate.upgrade(self._engine)
        return migrate.current_revision(self._engine)
