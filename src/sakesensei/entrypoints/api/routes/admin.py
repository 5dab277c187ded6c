"""Administration: the catalog (sake, breweries), accounts and the audit log. Admins only.

Request bodies accept what the import accepts (numbers as real files write them, `1,980円`)
because the services check them with the import's own rules.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, ConfigDict, Field

from sakesensei.bootstrap import utc_now
from sakesensei.domain.catalog import Brewery
from sakesensei.domain.operations import AuditEntry
from sakesensei.domain.users import Role
from sakesensei.entrypoints.api.deps import (
    AdminUser,
    CatalogAdminService,
    Scanner,
    UowFactory,
    UserAdminService,
)
from sakesensei.entrypoints.api.routes.sakes import sake_json
from sakesensei.services.audit_log import MAX_PAGE, audit_page
from sakesensei.services.user_admin import AccountView

router = APIRouter(prefix="/admin", tags=["admin"])

# A number, or text the import reads as one ("1,980円", "720ml", "16%").
Number = float | str | None
Words = list[str] | str | None
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Query(ge=0)]


class _Strict(BaseModel):
    # An unknown field is more likely a typo than something to ignore.
    model_config = ConfigDict(extra="forbid")


class BreweryRef(_Strict):
    """Which brewery a sake belongs to: by id, or by name and prefecture."""

    id: int | None = None
    name: str | None = None
    prefecture: str | None = None


class FlavorIn(_Strict):
    sweetness: Number = Field(default=None, description="1 (dry) to 5 (sweet)")
    acidity: Number = Field(default=None, description="1 to 5")
    body: Number = Field(default=None, description="1 to 5")
    aroma: Words = None


class PairingIn(_Strict):
    dish: str
    why: str = ""


class SakeIn(_Strict):
    """A sake as GET /sakes/{id} shows it. On PATCH only the fields sent change; null clears."""

    name: str | None = None
    brewery: str | BreweryRef | None = Field(default=None, examples=["旭酒造"])
    brewery_id: int | None = None
    prefecture: str | None = Field(default=None, examples=["山口県"])
    category: str | None = Field(default=None, examples=["純米大吟醸"])
    reading: str | None = None
    romaji: str | None = None
    tags: Words = None
    price_yen: Number = None
    volume_ml: Number = None
    abv: Number = None
    polishing_ratio: Number = None
    rice: str | None = None
    smv: Number = None
    acidity: Number = None
    flavor: FlavorIn | None = None
    pairings: list[PairingIn] | str | None = None
    temperatures: Words = None
    where_to_buy: str | None = None
    description: str | None = None
    source: str | None = None


class BreweryIn(_Strict):
    """A brewery. On PATCH only the fields sent change; null clears."""

    name: str | None = Field(default=None, examples=["旭酒造"])
    prefecture: str | None = Field(default=None, examples=["山口県"])
    romaji: str | None = None
    city: str | None = None
    founded: int | str | None = None
    description: str | None = None
    representative_sake: str | None = None


class BreweryOut(BaseModel):
    id: int
    name: str
    prefecture: str
    romaji: str | None
    city: str | None
    founded: int | None
    description: str | None
    representative_sake: str | None


class AccountPatch(_Strict):
    role: Role | None = None
    verified: bool | None = None
    unlock: bool = Field(default=False, description="clear failed logins and any lockout")


class AdminAccountOut(BaseModel):
    id: str
    email: str
    verified: bool
    role: Role
    failed_logins: int
    locked: bool
    locked_until: datetime | None
    created_at: datetime | None


class AccountList(BaseModel):
    items: list[AdminAccountOut]
    total: int


class AuditEntryOut(BaseModel):
    id: int | None
    actor_id: str | None
    action: str
    target_type: str
    target_id: str | None
    details: dict[str, Any]
    created_at: datetime


class AuditList(BaseModel):
    items: list[AuditEntryOut]
    total: int


def _brewery_out(brewery: Brewery) -> BreweryOut:
    if brewery.id is None:
        raise RuntimeError("a stored brewery has no id")
    return BreweryOut(
        id=brewery.id,
        name=brewery.name,
        prefecture=brewery.prefecture,
        romaji=brewery.romaji,
        city=brewery.city,
        founded=brewery.founded,
        description=brewery.description,
        representative_sake=brewery.representative_sake,
    )


def _account_out(account: AccountView) -> AdminAccountOut:
    return AdminAccountOut(
        id=account.id,
        email=account.email,
        verified=account.verified,
        role=account.role,
        failed_logins=account.failed_logins,
        locked=account.locked(utc_now()),
        locked_until=account.locked_until,
        created_at=account.created_at,
    )


def _audit_out(entry: AuditEntry) -> AuditEntryOut:
    return AuditEntryOut(
        id=entry.id,
        actor_id=entry.actor_id,
        action=entry.action,
        target_type=entry.target_type,
        target_id=entry.target_id,
        details=entry.details,
        created_at=entry.created_at,
    )


# ---- sake ------------------------------------------------------------------------------


@router.post("/sakes", status_code=status.HTTP_201_CREATED)
def create_sake(body: SakeIn, admin: AdminUser, catalog: CatalogAdminService) -> dict[str, Any]:
    """Add a sake to an existing brewery (by `brewery_id`, or `brewery` and `prefecture`)."""
    return sake_json(catalog.create_sake(admin.id, body.model_dump(exclude_unset=True)))


@router.patch("/sakes/{sake_id}")
def update_sake(
    sake_id: int, body: SakeIn, admin: AdminUser, catalog: CatalogAdminService
) -> dict[str, Any]:
    """Change the fields sent; the whole record is then checked as the import checks it."""
    return sake_json(catalog.update_sake(admin.id, sake_id, body.model_dump(exclude_unset=True)))


@router.delete("/sakes/{sake_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_sake(sake_id: int, admin: AdminUser, catalog: CatalogAdminService) -> None:
    """Remove a sake; refused (409) while tasting records refer to it."""
    catalog.delete_sake(admin.id, sake_id)


# ---- breweries -------------------------------------------------------------------------


@router.post("/breweries", status_code=status.HTTP_201_CREATED, response_model=BreweryOut)
def create_brewery(body: BreweryIn, admin: AdminUser, catalog: CatalogAdminService) -> BreweryOut:
    return _brewery_out(catalog.create_brewery(admin.id, body.model_dump(exclude_unset=True)))


@router.patch("/breweries/{brewery_id}", response_model=BreweryOut)
def update_brewery(
    brewery_id: int, body: BreweryIn, admin: AdminUser, catalog: CatalogAdminService
) -> BreweryOut:
    changes = body.model_dump(exclude_unset=True)
    return _brewery_out(catalog.update_brewery(admin.id, brewery_id, changes))


@router.delete("/breweries/{brewery_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_brewery(brewery_id: int, admin: AdminUser, catalog: CatalogAdminService) -> None:
    """Remove a brewery; refused (409) while it still has sake."""
    catalog.delete_brewery(admin.id, brewery_id)


# ---- accounts --------------------------------------------------------------------------


@router.get("/users", response_model=AccountList)
def list_users(
    admin: AdminUser,
    users: UserAdminService,
    limit: Limit = 50,
    offset: Offset = 0,
    email: Annotated[str | None, Query(max_length=320, description="part of the address")] = None,
) -> AccountList:
    page = users.list(limit, offset, email)
    return AccountList(items=[_account_out(a) for a in page.items], total=page.total)


@router.patch("/users/{user_id}", response_model=AdminAccountOut)
def update_user(
    user_id: str, body: AccountPatch, admin: AdminUser, users: UserAdminService
) -> AdminAccountOut:
    """Change the role, mark the email verified (or not), or unlock after failed logins."""
    account = users.update(
        admin.id, user_id, role=body.role, verified=body.verified, unlock=body.unlock
    )
    return _account_out(account)


@router.delete("/users/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_user(user_id: str, admin: AdminUser, users: UserAdminService, scanner: Scanner) -> None:
    """Erase the account and every record of it (label photos too); the last administrator
    cannot be removed."""
    photos = scanner.photo_keys(user_id)
    users.delete(admin.id, user_id)
    scanner.delete_photos(photos)


# ---- audit log -------------------------------------------------------------------------


@router.get("/audit", response_model=AuditList)
def audit_log(
    admin: AdminUser, uow_factory: UowFactory, limit: Limit = 50, offset: Offset = 0
) -> AuditList:
    """Every admin change, newest first: who, what, which record, and the fields changed."""
    page = audit_page(uow_factory, limit, offset)
    return AuditList(items=[_audit_out(e) for e in page.items], total=page.total)
