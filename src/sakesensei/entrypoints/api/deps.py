"""FastAPI dependencies as Annotated aliases: storage, services and the signed-in user."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from sakesensei.bootstrap import utc_now
from sakesensei.domain.errors import Forbidden, Unauthorized
from sakesensei.domain.users import Role, User
from sakesensei.entrypoints.api.middleware.offload import run_blocking
from sakesensei.entrypoints.api.middleware.scope_state import set_request_user
from sakesensei.ports import UnitOfWorkFactory
from sakesensei.services.accounts import Accounts
from sakesensei.services.catalog_admin import CatalogAdmin
from sakesensei.services.catalog_cache import CatalogCache
from sakesensei.services.label_scan import LabelScanner
from sakesensei.services.recommendations import RecommendationService
from sakesensei.services.user_admin import UserAdmin

_bearer = HTTPBearer(auto_error=False, description="the access token from /api/v1/auth/login")


# The dependencies that only look something up are async: FastAPI sends every sync
# dependency through its thread pool, a hop per request that costs more than the lookup.
async def _uow_factory(request: Request) -> UnitOfWorkFactory:
    factory: UnitOfWorkFactory = request.app.state.uow_factory
    return factory


async def _accounts(request: Request) -> Accounts:
    accounts: Accounts = request.app.state.container.accounts
    return accounts


UowFactory = Annotated[UnitOfWorkFactory, Depends(_uow_factory)]


async def _catalog(request: Request) -> CatalogCache:
    catalog: CatalogCache = request.app.state.catalog
    return catalog


# The in-memory catalog and its search indexes, one per application (see create_app).
Catalog = Annotated[CatalogCache, Depends(_catalog)]
AccountsService = Annotated[Accounts, Depends(_accounts)]


# Async too, doing no I/O either.
async def _catalog_admin(request: Request, uow_factory: UowFactory) -> CatalogAdmin:
    catalog: CatalogCache = request.app.state.catalog
    return CatalogAdmin(uow_factory, utc_now, on_change=catalog.invalidate)


async def _user_admin(uow_factory: UowFactory) -> UserAdmin:
    return UserAdmin(uow_factory, utc_now)


async def _recommender(request: Request) -> RecommendationService:
    service: RecommendationService = request.app.state.recommendations
    return service


CatalogAdminService = Annotated[CatalogAdmin, Depends(_catalog_admin)]
UserAdminService = Annotated[UserAdmin, Depends(_user_admin)]
# One per application: it holds the collaborative model its background thread refits.
Recommender = Annotated[RecommendationService, Depends(_recommender)]


async def _scanner(request: Request) -> LabelScanner:
    scanner: LabelScanner = request.app.state.scanner
    return scanner


Scanner = Annotated[LabelScanner, Depends(_scanner)]


# The token as sent, for a route that checks it itself (the chat, with other blocking work).
BearerToken = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def current_user(
    request: Request,
    accounts: AccountsService,
    credentials: BearerToken,
) -> User:
    """The user the token is for (blocking: reads the database); Unauthorized without one."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("this needs an access token: send 'Authorization: Bearer <token>'")
    user = accounts.user_for_token(credentials.credentials)
    set_request_user(request.scope, user.id)  # for the access log, hashed
    return user


CurrentUser = Annotated[User, Depends(current_user)]


async def _optional_user(
    request: Request,
    accounts: AccountsService,
    credentials: BearerToken,
) -> User | None:
    """The signed-in user, or None for a visitor; a token that is sent must be valid.
    A visitor costs no thread: only a token needs the database."""
    if credentials is None:
        return None
    return await run_blocking(lambda: current_user(request, accounts, credentials))


OptionalUser = Annotated[User | None, Depends(_optional_user)]


def _verified_user(user: CurrentUser) -> User:
    if not user.verified:
        raise Forbidden("verify your email address first (POST /api/v1/auth/verify with the code)")
    return user


VerifiedUser = Annotated[User, Depends(_verified_user)]


def _admin_user(user: CurrentUser) -> User:
    if user.role is not Role.ADMIN:
        raise Forbidden("this needs an administrator account")
    return user


AdminUser = Annotated[User, Depends(_admin_user)]
