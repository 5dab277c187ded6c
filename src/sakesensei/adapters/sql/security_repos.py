"""Refresh tokens, one-time codes, signing keys, the blocklist and the audit log over SQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from sakesensei.adapters.sql import tables as t
from sakesensei.adapters.sql.account_repos import _new_id, _utc, _when
from sakesensei.domain.accounts import CodePurpose, OneTimeCode, RefreshToken, SigningKey
from sakesensei.domain.errors import Conflict
from sakesensei.domain.operations import AuditEntry, BlockRule


class _Repo:
    def __init__(self, conn: Connection, now: Callable[[], datetime]) -> None:
        self._conn = conn
        self._now = now


def _token(m: Any) -> RefreshToken:
    return RefreshToken(
        id=m["id"],
        user_id=m["user_id"],
        family_id=m["family_id"],
        token_hash=m["token_hash"],
        expires_at=_when(m["expires_at"]),
        created_at=_when(m["created_at"]),
        used_at=_utc(m["used_at"]),
        revoked_at=_utc(m["revoked_at"]),
    )


class SqlRefreshTokenRepository(_Repo):
    def add(self, token: RefreshToken) -> None:
        self._conn.execute(
            insert(t.refresh_tokens).values(
                id=token.id,
                user_id=token.user_id,
                family_id=token.family_id,
                token_hash=token.token_hash,
                expires_at=token.expires_at,
                created_at=token.created_at,
                used_at=token.used_at,
                revoked_at=token.revoked_at,
            )
        )

    def get_by_hash(self, token_hash: str) -> RefreshToken | None:
        row = self._conn.execute(
            select(t.refresh_tokens).where(t.refresh_tokens.c.token_hash == token_hash)
        ).first()
        return _token(row._mapping) if row else None

    def mark_used(self, token_id: str, when: datetime) -> bool:
        c = t.refresh_tokens.c
        # The condition makes two concurrent refreshes with one token race safely: one wins.
        result = self._conn.execute(
            update(t.refresh_tokens)
            .where(c.id == token_id, c.used_at.is_(None))
            .values(used_at=when)
        )
        return bool(result.rowcount)

    def revoke_family(self, family_id: str, when: datetime) -> None:
        c = t.refresh_tokens.c
        self._conn.execute(
            update(t.refresh_tokens)
            .where(c.family_id == family_id, c.revoked_at.is_(None))
            .values(revoked_at=when)
        )

    def revoke_user(self, user_id: str, when: datetime) -> None:
        c = t.refresh_tokens.c
        self._conn.execute(
            update(t.refresh_tokens)
            .where(c.user_id == user_id, c.revoked_at.is_(None))
            .values(revoked_at=when)
        )


def _code(m: Any) -> OneTimeCode:
    return OneTimeCode(
        id=m["id"],
        user_id=m["user_id"],
        purpose=CodePurpose(m["purpose"]),
        code_hash=m["code_hash"],
        expires_at=_when(m["expires_at"]),
        created_at=_when(m["created_at"]),
        attempts=m["attempts"],
        used_at=_utc(m["used_at"]),
    )


class SqlCodeRepository(_Repo):
    def add(self, code: OneTimeCode) -> None:
        self._conn.execute(
            insert(t.one_time_codes).values(
                id=code.id,
                user_id=code.user_id,
                purpose=code.purpose.value,
                code_hash=code.code_hash,
                expires_at=code.expires_at,
                created_at=code.created_at,
                attempts=code.attempts,
                used_at=code.used_at,
            )
        )

    def latest(self, user_id: str, purpose: CodePurpose) -> OneTimeCode | None:
        c = t.one_time_codes.c
        row = self._conn.execute(
            select(t.one_time_codes)
            .where(c.user_id == user_id, c.purpose == purpose.value)
            .order_by(c.created_at.desc())
            .limit(1)
        ).first()
        return _code(row._mapping) if row else None

    def update(self, code: OneTimeCode) -> None:
        self._conn.execute(
            update(t.one_time_codes)
            .where(t.one_time_codes.c.id == code.id)
            .values(attempts=code.attempts, used_at=code.used_at)
        )


class SqlSigningKeyRepository(_Repo):
    def add(self, key: SigningKey) -> None:
        self._conn.execute(
            insert(t.signing_keys).values(
                kid=key.kid,
                algorithm=key.algorithm,
                private_key=key.private_key,
                public_jwk=key.public_jwk,
                created_at=key.created_at,
                retired_at=key.retired_at,
            )
        )

    def list(self) -> list[SigningKey]:
        c = t.signing_keys.c
        rows = self._conn.execute(select(t.signing_keys).order_by(c.created_at.desc(), c.kid))
        return [
            SigningKey(
                kid=r.kid,
                algorithm=r.algorithm,
                private_key=r.private_key,
                public_jwk=r.public_jwk,
                created_at=_when(r.created_at),
                retired_at=_utc(r.retired_at),
            )
            for r in rows
        ]

    def retire(self, kid: str, when: datetime) -> None:
        c = t.signing_keys.c
        self._conn.execute(
            update(t.signing_keys)
            .where(c.kid == kid, c.retired_at.is_(None))
            .values(retired_at=when)
        )


class SqlBlocklistRepository(_Repo):
    def add(self, rule: BlockRule) -> BlockRule:
        stmt = insert(t.blocklist).values(
            network=rule.network,
            reason=rule.reason,
            created_by=rule.created_by,
            created_at=rule.created_at,
        )
        try:
            with self._conn.begin_nested():
                rule.id = _new_id(self._conn.execute(stmt))
        except IntegrityError:
            raise Conflict(f"{rule.network} is on the blocklist already") from None
        return rule

    def remove(self, network: str) -> bool:
        stmt = delete(t.blocklist).where(t.blocklist.c.network == network)
        return bool(self._conn.execute(stmt).rowcount)

    def list(self) -> list[BlockRule]:
        rows = self._conn.execute(select(t.blocklist).order_by(t.blocklist.c.network))
        return [
            BlockRule(
                network=r.network,
                reason=r.reason,
                created_by=r.created_by,
                created_at=_when(r.created_at),
                id=r.id,
            )
            for r in rows
        ]


class SqlAuditRepository(_Repo):
    def add(self, entry: AuditEntry) -> None:
        entry.id = _new_id(
            self._conn.execute(
                insert(t.audit_log).values(
                    actor_id=entry.actor_id,
                    action=entry.action,
                    target_type=entry.target_type,
                    target_id=entry.target_id,
                    details=entry.details,
                    created_at=entry.created_at,
                )
            )
        )

    def list(self, limit: int, offset: int) -> tuple[list[AuditEntry], int]:
        c = t.audit_log.c
        total = self._conn.execute(select(func.count()).select_from(t.audit_log)).scalar_one()
        rows = self._conn.execute(
            select(t.audit_log)
            .order_by(c.created_at.desc(), c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        entries = [
            AuditEntry(
                actor_id=r.actor_id,
                action=r.action,
                target_type=r.target_type,
                target_id=r.target_id,
                details=r.details,
                created_at=_when(r.created_at),
                id=r.id,
            )
            for r in rows
        ]
        return entries, int(total)
