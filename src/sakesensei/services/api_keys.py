"""Per-user API keys: create one (its secret shown once), list, revoke, and authenticate.

An AI assistant (through the MCP gateway) presents a key instead of an access token that
expires within the hour; revoking the key cuts it off on its next request.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sakesensei.domain.api_keys import (
    MAX_ACTIVE_KEYS,
    SECRET_PREFIX,
    ApiKey,
    looks_like_api_key,
    name_problems,
)
from sakesensei.domain.errors import InvalidInput, NotFound, Unauthorized
from sakesensei.domain.users import User
from sakesensei.ports import UnitOfWorkFactory

# Recording every use would turn each read into a write; a minute is precise enough to
# tell a person whether a key is still in use.
TOUCH_EVERY = timedelta(minutes=1)
INVALID_KEY = "this API key is not valid: it was revoked or mistyped; create a new one"


@dataclass(frozen=True, slots=True)
class CreatedKey:
    key: ApiKey
    secret: str  # shown to the user once; only its hash is kept


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> tuple[str, str]:
    """(prefix, secret): the prefix is the secret's recognisable, non-secret beginning."""
    prefix = SECRET_PREFIX + secrets.token_hex(4)
    return prefix, f"{prefix}_{secrets.token_urlsafe(32)}"


class ApiKeys:
    def __init__(self, uow_factory: UnitOfWorkFactory, now: Callable[[], datetime]) -> None:
        self._uow = uow_factory
        self._now = now

    def create(self, user_id: str, name: str) -> CreatedKey:
        problems = name_problems(name)
        if problems:
            raise InvalidInput("; ".join(problems))
        prefix, secret = new_secret()
        key = ApiKey(
            id=str(uuid.uuid4()),
            user_id=user_id,
            name=name.strip(),
            prefix=prefix,
            key_hash=hash_secret(secret),
            created_at=self._now(),
        )
        with self._uow() as uow:
            active = sum(k.active for k in uow.api_keys.list_for_user(user_id))
            if active >= MAX_ACTIVE_KEYS:
                raise InvalidInput(
                    f"you have {active} active API keys, the most allowed; "
                    "revoke one you no longer use first"
                )
            uow.api_keys.add(key)
            uow.commit()
        return CreatedKey(key, secret)

    def for_user(self, user_id: str) -> list[ApiKey]:
        """Every key of the user, newest first; revoked ones stay listed, marked so."""
        with self._uow() as uow:
            return uow.api_keys.list_for_user(user_id)

    def revoke(self, user_id: str, key_id: str) -> ApiKey:
        """Revoke one of the user's keys; revoking a revoked key changes nothing."""
        with self._uow() as uow:
            key = uow.api_keys.get(key_id)
            # Someone else's key is reported as missing, so ids reveal nothing.
            if key is None or key.user_id != user_id:
                raise NotFound(f"there is no API key with id {key_id} in your account")
            if uow.api_keys.revoke(key_id, self._now()):
                uow.commit()
            revoked = uow.api_keys.get(key_id)
        return revoked or key

    def authenticate(self, secret: str) -> User:
        """The account an active key belongs to; Unauthorized for anything else."""
        if not looks_like_api_key(secret):
            raise Unauthorized(INVALID_KEY)
        with self._uow() as uow:
            key = uow.api_keys.get_by_hash(hash_secret(secret))
            if key is None or not key.active:
                raise Unauthorized(INVALID_KEY)
            user = uow.users.get(key.user_id)
            if user is None:
                raise Unauthorized("the account of this API key no longer exists")
            now = self._now()
            if key.last_used_at is None or now - key.last_used_at >= TOUCH_EVERY:
                uow.api_keys.touch(key.id, now)
                uow.commit()
        return user
