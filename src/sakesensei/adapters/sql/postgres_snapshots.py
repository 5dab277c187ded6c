"""Snapshots of a PostgreSQL database with pg_dump (custom format) and pg_restore.

The row counts written to the manifest and the dump come from the same exported snapshot,
so they agree exactly however busy the database is. A restore replays the dump through
psql in one transaction: it lands whole or not at all.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import URL

from sakesensei.adapters.sql import migrate
from sakesensei.adapters.sql.tables import metadata
from sakesensei.domain.backups import SnapshotInfo
from sakesensei.domain.errors import ConfigurationError, InvalidInput, StorageUnavailable
from sakesensei.ports import ProgressFn

MIGRATIONS_TABLE = "alembic_version"
LOCK_WAIT = "60s"


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def read_snapshot_info(conn: Connection) -> SnapshotInfo:
    """Rows per table of the current schema and its revision, as this transaction sees them."""
    names = list(
        conn.execute(
            text(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "ORDER BY tablename"
            )
        ).scalars()
    )
    tables = {
        # Names come from the catalog of the database itself, quoted: not from any caller.
        name: int(conn.execute(text(f"SELECT count(*) FROM {quoted(name)}")).scalar_one())  # nosec B608
        for name in names
        if name != MIGRATIONS_TABLE
    }
    revision = None
    if MIGRATIONS_TABLE in names:
        revision = conn.execute(text(f"SELECT version_num FROM {MIGRATIONS_TABLE}")).scalar()  # nosec B608
    return SnapshotInfo(revision, tables)


def dumped_tables(listing: str) -> list[tuple[str, str]]:
    """(schema, table) of every table in a `pg_restore --list` listing."""
    found = []
    for line in listing.splitlines():
        if line.startswith(";"):
            continue
        # "214; 1259 31783 TABLE public alembic_version postgres"
        parts = line.split()
        if len(parts) >= 6 and parts[3] == "TABLE" and parts[4] != "DATA":
            found.append((parts[4], parts[5]))
    return found


def _tail(text_: str, lines: int = 6) -> str:
    kept = [line for line in text_.strip().splitlines() if line.strip()]
    return " / ".join(kept[-lines:]) or "no message"


class PostgresSnapshots:
    kind = "postgresql"
    file_name = "database.pgdump"

    def __init__(self, engine: Engine, bin_dir: Path | None = None, jobs: int = 4) -> None:
        self._engine = engine
        self._bin_dir = bin_dir
        self._jobs = jobs

    def describe(self) -> str:
        url = self._engine.url
        where = f"{url.host or 'localhost'}:{url.port or 5432}"
        return f"the PostgreSQL database {url.database} at {where}"

    # --- the client programs ---------------------------------------------------------

    def _tool(self, name: str) -> str:
        if self._bin_dir is not None:
            path = self._bin_dir / name
            if path.is_file():
                return str(path)
            raise ConfigurationError(
                f"{name} is not in SAKESENSEI_PG_BIN_DIR ({self._bin_dir}); point it at the "
                "bin folder of a PostgreSQL client of the server's major version"
            )
        found = shutil.which(name)
        if found is None:
            raise ConfigurationError(
                f"{name} was not found on PATH; backups of PostgreSQL need the PostgreSQL client "
                "programs of the server's major version (Debian/Ubuntu: apt-get install "
                "postgresql-client), or SAKESENSEI_PG_BIN_DIR set to their folder"
            )
        return found

    def _target(self, url: URL) -> tuple[str, dict[str, str]]:
        """A libpq URI without the password, and the environment that carries it."""
        uri = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
        env = dict(os.environ)
        if url.password:
            env["PGPASSWORD"] = str(url.password)
        return uri, env

    def _run(self, args: Sequence[str], env: dict[str, str], doing: str) -> str:
        try:
            done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
        except OSError as exc:
            raise StorageUnavailable(f"could not {doing}: {exc}") from exc
        if done.returncode != 0:
            raise StorageUnavailable(f"could not {doing}: {_tail(done.stderr)}")
        return done.stdout

    def _check_client_version(self, conn: Connection) -> None:
        server = int(conn.execute(text("SHOW server_version_num")).scalar_one()) // 10000
        output = self._run([self._tool("pg_dump"), "--version"], dict(os.environ), "run pg_dump")
        match = re.search(r"(\d+)(?:\.\d+)?", output)
        client = int(match.group(1)) if match else 0
        if client < server:
            raise ConfigurationError(
                f"pg_dump {client} cannot dump a PostgreSQL {server} server; install the "
                f"PostgreSQL {server} client programs (postgresql-client-{server}) or set "
                "SAKESENSEI_PG_BIN_DIR to their folder"
            )

    @contextmanager
    def _connection(self, doing: str) -> Iterator[Connection]:
        try:
            with self._engine.connect() as conn:
                yield conn
        except (StorageUnavailable, ConfigurationError, InvalidInput):
            raise
        except Exception as exc:
            cause = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
            raise StorageUnavailable(f"could not {doing}: {cause}") from exc

    # --- the port --------------------------------------------------------------------

    def snapshot(self, target: Path, progress: ProgressFn) -> SnapshotInfo:
        doing = f"dump {self.describe()}"
        with self._connection(doing) as conn:
            self._check_client_version(conn)
            conn.rollback()
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                snapshot_id = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
                info = read_snapshot_info(conn)
                progress("database", 0, 1)
                uri, env = self._target(self._engine.url)
                # The transaction stays open until pg_dump is done, so the snapshot lives.
                self._run(
                    [
                        self._tool("pg_dump"),
                        "--format=custom",
                        f"--snapshot={snapshot_id}",
                        f"--lock-wait-timeout={LOCK_WAIT}",
                        "--no-password",
                        f"--file={target}",
                        f"--dbname={uri}",
                    ],
                    env,
                    doing,
                )
                progress("database", 1, 1)
        return info

    def _listing(self, source: Path) -> str:
        try:
            return self._run(
                [self._tool("pg_restore"), "--list", str(source)], dict(os.environ), "read"
            )
        except StorageUnavailable as exc:
            raise InvalidInput(f"{source} is not a readable pg_dump archive: {exc}") from exc

    def trial_restore(self, source: Path, scratch: Path, progress: ProgressFn) -> SnapshotInfo:
        self._listing(source)
        name = f"sakesensei_verify_{uuid.uuid4().hex[:12]}"
        admin = create_engine(self._engine.url, isolation_level="AUTOCOMMIT")
        try:
            try:
                with admin.connect() as conn:
                    conn.execute(text(f"CREATE DATABASE {quoted(name)}"))
            except Exception as exc:
                cause = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
                raise StorageUnavailable(
                    "verify restores into a scratch database and could not create one "
                    f"({cause}); the database role needs the CREATEDB privilege"
                ) from exc
            try:
                scratch_url = self._engine.url.set(database=name)
                uri, env = self._target(scratch_url)
                progress("trial restore", 0, 1)
                self._run(
                    [
                        self._tool("pg_restore"),
                        "--no-owner",
                        "--no-privileges",
                        "--exit-on-error",
                        f"--jobs={self._jobs}",
                        "--no-password",
                        f"--dbname={uri}",
                        str(source),
                    ],
                    env,
                    f"restore {source} into the scratch database {name}",
                )
                progress("trial restore", 1, 1)
                engine = create_engine(scratch_url)
                try:
                    with engine.connect() as conn:
                        return read_snapshot_info(conn)
                finally:
                    engine.dispose()
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f"DROP DATABASE IF EXISTS {quoted(name)} WITH (FORCE)"))
        finally:
            admin.dispose()

    def live_tables(self) -> dict[str, int]:
        with self._connection(f"read {self.describe()}") as conn:
            return read_snapshot_info(conn).tables

    def other_sessions(self) -> list[str]:
        # Our own idle pooled connections are not "others"; close them before counting.
        self._engine.dispose()
        with self._connection(f"read {self.describe()}") as conn:
            rows = conn.execute(
                text(
                    "SELECT pid, coalesce(nullif(application_name, ''), 'a client'), "
                    "coalesce(host(client_addr), 'a local socket') FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                    "AND backend_type = 'client backend' ORDER BY pid"
                )
            ).all()
        return [f"{app} from {addr} (pid {pid})" for pid, app, addr in rows]

    def restore(self, source: Path, progress: ProgressFn) -> None:
        listing = self._listing(source)
        self._engine.dispose()  # our own pooled connections must not hold locks
        with self._connection(f"read {self.describe()}") as conn:
            schema = conn.execute(text("SELECT current_schema()")).scalar_one()
            live = set(
                conn.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
                ).scalars()
            )
        ours = {t.name for t in metadata.tables.values()} | {MIGRATIONS_TABLE}
        drop = sorted({(schema, t) for t in live & ours} | set(dumped_tables(listing)))
        preamble = f"SET lock_timeout = '{LOCK_WAIT}';\n" + "".join(
            f"DROP TABLE IF EXISTS {quoted(s)}.{quoted(t)} CASCADE;\n" for s, t in drop
        )
        uri, env = self._target(self._engine.url)
        progress("database", 0, 1)
        with (
            tempfile.TemporaryFile("w+") as restore_err,
            tempfile.TemporaryFile("w+") as psql_err,
        ):
            # pg_restore turns the archive into SQL; psql runs the drops and all of that SQL
            # in a single transaction, so a failure anywhere leaves the live data as it was.
            dump = subprocess.Popen(
                [self._tool("pg_restore"), "--no-owner", "--no-privileges", "-f", "-", str(source)],
                stdout=subprocess.PIPE,
                stderr=restore_err,
            )
            assert dump.stdout is not None
            try:
                replay = subprocess.run(
                    [
                        self._tool("psql"),
                        "-X",
                        "-q",
                        "--no-password",
                        "-v",
                        "ON_ERROR_STOP=1",
                        "--single-transaction",
                        "-c",
                        preamble,
                        "-f",
                        "-",
                        f"--dbname={uri}",
                    ],
                    stdin=dump.stdout,
                    stdout=subprocess.DEVNULL,
                    stderr=psql_err,
                    env=env,
                    check=False,
                )
            finally:
                dump.stdout.close()
                dump.wait()
            if dump.returncode != 0 or replay.returncode != 0:
                raise StorageUnavailable(
                    f"could not restore {self.describe()} from {source}; it was left as it was: "
                    # psql failing first makes pg_restore fail on a closed pipe: psql's
                    # message is the cause then.
                    + _read(psql_err if replay.returncode != 0 else restore_err)
                )
        progress("database", 1, 1)

    def known_revisions(self) -> list[str]:
        return migrate.known_revisions(self._engine)

    def upgrade(self) -> str | None:
        migrate.upgrade(self._engine)
        return migrate.current_revision(self._engine)


def _read(handle: IO[str]) -> str:
    handle.seek(0)
    return _tail(handle.read())
