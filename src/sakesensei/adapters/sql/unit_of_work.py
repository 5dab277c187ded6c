"""The SQL unit of work: one connection, one transaction, every repository on it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine, RootTransaction

from sakesensei.adapters.sql.account_repos import (
    SqlPreferencesRepository,
    SqlTastingRepository,
    SqlUserRepository,
)
from sakesensei.adapters.sql.api_key_repos import SqlApiKeyRepository
from sakesensei.adapters.sql.catalog_repos import SqlBreweryRepository, SqlSakeRepository
from sakesensei.adapters.sql.memory_repos import SqlMemoryRepository
from sakesensei.adapters.sql.scan_repos import SqlScanRepository
from sakesensei.adapters.sql.security_repos import (
    SqlAuditRepository,
    SqlBlocklistRepository,
    SqlCodeRepository,
    SqlRefreshTokenRepository,
    SqlSigningKeyRepository,
)
from sakesensei.ports import (
    ApiKeyRepository,
    AuditRepository,
    BlocklistRepository,
    BreweryRepository,
    CodeRepository,
    MemoryRepository,
    PreferencesRepository,
    RefreshTokenRepository,
    SakeRepository,
    ScanRepository,
    SigningKeyRepository,
    TastingRepository,
    UserRepository,
)


class SqlUnitOfWork:
    """Everything done inside `with uow:` lands on commit() and is rolled back otherwise."""

    breweries: BreweryRepository
    sakes: SakeRepository
    users: UserRepository
    preferences: PreferencesRepository
    tastings: TastingRepository
    memory: MemoryRepository
    refresh_tokens: RefreshTokenRepository
    codes: CodeRepository
    signing_keys: SigningKeyRepository
    blocklist: BlocklistRepository
    audit: AuditRepository
    scans: ScanRepository
    api_keys: ApiKeyRepository

    def __init__(self, engine: Engine, now: Callable[[], datetime]) -> None:
        self._engine = engine
        self._now = now
        self._conn: Connection | None = None
        self._tx: RootTransaction | None = None

    def __enter__(self) -> Self:
        self._conn = self._engine.connect()
        self._tx = self._conn.begin()
        conn, now = self._conn, self._now
        self.breweries = SqlBreweryRepository(conn, now)
        self.sakes = SqlSakeRepository(conn, now)
        self.users = SqlUserRepository(conn, now)
        self.preferences = SqlPreferencesRepository(conn, now)
        self.tastings = SqlTastingRepository(conn, now)
        self.memory = SqlMemoryRepository(conn, now)
        self.refresh_tokens = SqlRefreshTokenRepository(conn, now)
        self.codes = SqlCodeRepository(conn, now)
        self.signing_keys = SqlSigningKeyRepository(conn, now)
        self.blocklist = SqlBlocklistRepository(conn, now)
        self.audit = SqlAuditRepository(conn, now)
        self.scans = SqlScanRepository(conn, now)
        self.api_keys = SqlApiKeyRepository(conn, now)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self._tx is not None and self._tx.is_active:
                self._tx.rollback()
        finally:
            if self._conn is not None:
                self._conn.close()
            self._conn = self._tx = None

    def commit(self) -> None:
        if self._tx is None or self._conn is None:
            raise RuntimeError("commit() outside of a `with` block")
        self._tx.commit()
        self._tx = self._conn.begin()

    def rollback(self) -> None:
        if self._tx is not None and self._tx.is_active:
            self._tx.rollback()
        if self._conn is not None:
            self._tx = self._conn.begin()
