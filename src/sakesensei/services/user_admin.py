"""Admin work on accounts: list them, change role, verify, unlock, delete; each change audited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sakesensei.domain.errors import Conflict, NotFound
from sakesensei.domain.users import Role, User
from sakesensei.ports import UnitOfWork, UnitOfWorkFactory
from sakesensei.services.audit_log import changes_between, check_paging, record


@dataclass(frozen=True, slots=True)
class AccountView:
    """What an administrator sees of an account; it has no room for the password hash."""

    id: str
    email: str
    verified: bool
    role: Role
    failed_logins: int
    locked_until: datetime | None
    created_at: datetime | None

    @classmethod
    def of(cls, user: User) -> AccountView:
        return cls(
            id=user.id,
            email=user.email,
            verified=user.verified,
            role=user.role,
            failed_logins=user.failed_logins,
            locked_until=user.locked_until,
            created_at=user.created_at,
        )

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


@dataclass(frozen=True, slots=True)
class AccountPage:
    items: list[AccountView]
    total: int


def _state(user: User) -> dict[str, Any]:
    """The fields an admin can change, as the audit log records them."""
    return {
        "role": user.role.value,
        "verified": user.verified,
        "failed_logins": user.failed_logins,
        "locked_until": user.locked_until.isoformat() if user.locked_until else None,
    }


class UserAdmin:
    def __init__(self, uow_factory: UnitOfWorkFactory, now: Callable[[], datetime]) -> None:
        self._uow = uow_factory
        self._now = now

    def list(self, limit: int = 50, offset: int = 0, email: str | None = None) -> AccountPage:
        """Accounts by email; `email` finds those whose address holds it, in any case."""
        check_paging(limit, offset)
        with self._uow() as uow:
            users, total = uow.users.list(limit, offset, email)
        return AccountPage([AccountView.of(u) for u in users], total)

    def update(
        self,
        actor_id: str,
        user_id: str,
        *,
        role: Role | None = None,
        verified: bool | None = None,
        unlock: bool = False,
    ) -> AccountView:
        with self._uow() as uow:
            user = self._user(uow, user_id)
            before = _state(user)
            if role is not None and role is not user.role:
                if role is not Role.ADMIN:
                    self._keep_an_admin(uow, actor_id, user, "take the administrator role from")
                user.role = role
            if verified is not None:
                user.verified = verified
            if unlock:
                user.failed_logins, user.locked_until = 0, None
            changes = changes_between(before, _state(user))
            if changes:
                uow.users.update(user)
                details = {"changes": changes}
                record(uow, self._now(), actor_id, "user.update", ("user", user_id), details)
                uow.commit()
        return AccountView.of(user)

    def delete(self, actor_id: str, user_id: str) -> None:
        """Erase the account and every record of it, as DELETE /me does for the user."""
        with self._uow() as uow:
            user = self._user(uow, user_id)
            self._keep_an_admin(uow, actor_id, user, "delete")
            uow.memory.forget_user(user_id)
            uow.users.delete(user_id)
            # The email is left out on purpose: an erased account leaves no address behind.
            details = {"role": user.role.value, "verified": user.verified}
            record(uow, self._now(), actor_id, "user.delete", ("user", user_id), details)
            uow.commit()

    def _user(self, uow: UnitOfWork, user_id: str) -> User:
        user = uow.users.get(user_id)
        if user is None:
            raise NotFound(f"there is no account with id {user_id}")
        return user

    def _keep_an_admin(self, uow: UnitOfWork, actor_id: str, user: User, doing: str) -> None:
        """Refuse to leave the service with no administrator, who alone could fix that."""
        if user.role is not Role.ADMIN or uow.users.count_admins() > 1:
            return
        who = "your own account" if user.id == actor_id else "this account"
        raise Conflict(
            f"cannot {doing} {who}: it is the last administrator; make another account an "
            "administrator first (PATCH /api/v1/admin/users/{id} with role admin)"
        )
