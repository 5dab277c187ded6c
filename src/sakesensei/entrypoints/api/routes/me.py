"""The signed-in account: read it, erase it."""

from __future__ import annotations

from fastapi import APIRouter, status

from sakesensei.entrypoints.api.deps import AccountsService, CurrentUser, Scanner
from sakesensei.entrypoints.api.routes.auth import AccountOut

router = APIRouter(prefix="/me", tags=["me"])


@router.get("", response_model=AccountOut)
def me(user: CurrentUser) -> AccountOut:
    return AccountOut(id=user.id, email=user.email, verified=user.verified, role=user.role.value)


@router.delete("", status_code=status.HTTP_204_NO_CONTENT)
def erase(user: CurrentUser, accounts: AccountsService, scanner: Scanner) -> None:
    """Erase the account and every record of it: preferences, tastings, memory, logins,
    label photos."""
    photos = scanner.photo_keys(user.id)
    accounts.delete_account(user.id)
    scanner.delete_photos(photos)
