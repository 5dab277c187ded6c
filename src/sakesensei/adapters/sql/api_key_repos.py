"""Per-user API keys over SQL (only their hashes are stored)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from sakesensei.adapters.sql import tables as t
from sakesensei.adapters.sql.account_repos import _utc, _when
from sakesensei.domain.api_keys import ApiKey


def _key(m: Any) -> ApiKey:
    return ApiKey(
        id=m["id"],
        user_id=m["user_id"],
        name=m["name"],
        prefix=m["prefix"],
        key_hash=m["key_hash"],
        created_at=_when(m["created_at"]),
        last_used_at=_utc(m["last_used_at"]),
        revoked_at=_utc(m["revoked_at"]),
    )


class SqlApiKeyRepository:
    def __init__(self, conn: Connection, now: Callable[[], datetime]) -> None:
        self._conn = conn
        self._now = now

    def add(self, key: ApiKey) -> None:
        self._conn.execute(
            insert(t.api_keys).values(
                id=key.id,
                user_id=key.user_id,
                name=key.name,
                prefix=key.prefix,
                key_hash=key.key_hash,
                created_at=key.created_at,
                last_used_at=key.last_used_at,
                revoked_at=key.revoked_at,
            )
        )

    def get(self, key_id: str) -> ApiKey | None:
        row = self._conn.execute(select(t.api_keys).where(t.api_keys.c.id == key_id)).first()
        return _key(row._mapping) if row else None

    def get_by_hash(self, key_hash: str) -> ApiKey | None:
        row = self._conn.execute(
            select(t.api_keys).where(t.api_keys.c.key_hash == key_hash)
        ).first()
        return _key(row._mapping) if row else None

    def list_for_user(self, user_id: str) -> list[ApiKey]:
        c = t.api_keys.c
        rows = self._conn.execute(
            select(t.api_keys).where(c.user_id == user_id).order_by(c.created_at.desc(), c.id)
        )
        return [_key(r._mapping) for r in rows]

    def revoke(self, key_id: str, when: datetime) -> bool:
        c = t.api_keys.c
        # Only an active key: a second revoke keeps the first time it was revoked.
        result = self._conn.execute(
            update(t.api_keys).where(c.id == key_id, c.revoked_at.is_(None)).values(revoked_at=when)
        )
        return bool(result.rowcount)

    def touch(self, key_id: str, when: datetime) -> None:
        self._conn.execute(
            update(t.api_keys).where(t.api_keys.c.id == key_id).values(last_used_at=when)
        )
