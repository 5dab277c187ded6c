"""Accounts: register, verify, log in, refresh, log out, reset the password; and the JWKS."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request, status
from pydantic import BaseModel, Field

from sakesensei.domain.users import Preferences
from sakesensei.entrypoints.api.deps import AccountsService
from sakesensei.entrypoints.api.routes.preferences import PreferencesIn
from sakesensei.services.accounts import TokenPair

router = APIRouter(prefix="/auth", tags=["auth"])
jwks_router = APIRouter(tags=["auth"])

Email = Annotated[str, Field(min_length=3, max_length=320, examples=["hana@example.com"])]
Password = Annotated[str, Field(min_length=1, max_length=256)]


class Registration(BaseModel):
    email: Email
    password: Password
    preferences: PreferencesIn | None = Field(
        default=None,
        description="survey answers given before signing up (as for POST /recommendations), "
        "kept as the account's first preferences",
    )


class Verification(BaseModel):
    email: Email
    code: Annotated[str, Field(min_length=1, max_length=20)]


class Login(BaseModel):
    email: Email
    password: Password


class RefreshRequest(BaseModel):
    refresh_token: Annotated[str, Field(min_length=1, max_length=500)]


class ResetRequest(BaseModel):
    email: Email


class ResetConfirmation(BaseModel):
    email: Email
    code: Annotated[str, Field(min_length=1, max_length=20)]
    new_password: Password


class AccountOut(BaseModel):
    id: str
    email: str
    verified: bool
    role: str


class Tokens(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int


class Message(BaseModel):
    detail: str


def _tokens(pair: TokenPair) -> Tokens:
    return Tokens(
        access_token=pair.access_token,
        refresh_token=pair.refresh_token,
        token_type=pair.token_type,
        expires_in=pair.expires_in,
    )


@router.post("/register", status_code=status.HTTP_201_CREATED, response_model=AccountOut)
def register(body: Registration, accounts: AccountsService) -> AccountOut:
    """Create an account; a verification code goes to the email address."""
    survey = None
    if body.preferences is not None:
        answers = body.preferences
        survey = Preferences(
            user_id="",  # the account's id, once it exists
            sweetness=answers.sweetness,
            budget_yen=answers.budget_yen,
            experience=answers.experience,
            avoid_categories=tuple(answers.avoid_categories),
            liked_aromas=tuple(answers.liked_aromas),
        )
    user = accounts.register(body.email, body.password, survey)
    return AccountOut(id=user.id, email=user.email, verified=user.verified, role=user.role.value)


@router.post("/verify", response_model=AccountOut)
def verify(body: Verification, accounts: AccountsService) -> AccountOut:
    """Confirm the email address with the code that was sent to it."""
    user = accounts.verify_email(body.email, body.code)
    return AccountOut(id=user.id, email=user.email, verified=user.verified, role=user.role.value)


@router.post("/verify/resend", status_code=status.HTTP_202_ACCEPTED, response_model=Message)
def resend(body: ResetRequest, accounts: AccountsService) -> Message:
    """Send a new verification code (silently nothing for unknown or verified addresses)."""
    accounts.resend_verification(body.email)
    return Message(detail="if the address has an unverified account, a new code is on its way")


@router.post("/login", response_model=Tokens)
def login(body: Login, accounts: AccountsService) -> Tokens:
    """An access token (1 hour) and a refresh token (single use, rotating)."""
    return _tokens(accounts.login(body.email, body.password))


@router.post("/refresh", response_model=Tokens)
def refresh(body: RefreshRequest, accounts: AccountsService) -> Tokens:
    """Trade a refresh token for a new pair; the old refresh token stops working."""
    return _tokens(accounts.refresh(body.refresh_token))


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(body: RefreshRequest, accounts: AccountsService) -> None:
    """Revoke the refresh token and every token rotated from the same login."""
    accounts.logout(body.refresh_token)


@router.post("/password-reset", status_code=status.HTTP_202_ACCEPTED, response_model=Message)
def password_reset(body: ResetRequest, accounts: AccountsService) -> Message:
    """Mail a reset code; the answer is the same whether or not the address has an account."""
    accounts.request_password_reset(body.email)
    return Message(detail="if the address has an account, a reset code is on its way")


@router.post("/password-reset/confirm", status_code=status.HTTP_204_NO_CONTENT)
def password_reset_confirm(body: ResetConfirmation, accounts: AccountsService) -> None:
    """Set a new password with the mailed code; every open login is ended."""
    accounts.confirm_password_reset(body.email, body.code, body.new_password)


@jwks_router.get("/.well-known/jwks.json")
def jwks(request: Request) -> dict[str, Any]:
    """The public keys that verify access tokens, by key id."""
    keys: dict[str, Any] = request.app.state.container.keyring.jwks()
    return keys
