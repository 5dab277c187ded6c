"""Account security records: the password policy, refresh tokens, one-time codes, signing keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 256
MAX_FAILED_LOGINS = 5
LOCKOUT_MINUTES = 15


def password_problems(password: str) -> list[str]:
    """Every rule the password breaks, each said so a person can fix it; empty when fine."""
    problems = []
    if len(password) < PASSWORD_MIN_LENGTH:
        problems.append(f"be at least {PASSWORD_MIN_LENGTH} characters long")
    if len(password) > PASSWORD_MAX_LENGTH:
        problems.append(f"be at most {PASSWORD_MAX_LENGTH} characters long")
    if not any(c.isupper() for c in password):
        problems.append("contain an upper-case letter")
    if not any(c.islower() for c in password):
        problems.append("contain a lower-case letter")
    if not any(c.isdigit() for c in password):
        problems.append("contain a digit")
    if not any(not c.isalnum() and not c.isspace() for c in password):
        problems.append("contain a symbol such as ! ? # or %")
    return problems


class CodePurpose(StrEnum):
    VERIFY_EMAIL = "verify"
    RESET_PASSWORD = "reset"


@dataclass(slots=True)
class RefreshToken:
    """A refresh token as stored: only its hash; a family links the rotations of one login."""

    id: str
    user_id: str
    family_id: str
    token_hash: str
    expires_at: datetime
    created_at: datetime
    used_at: datetime | None = None
    revoked_at: datetime | None = None


@dataclass(slots=True)
class OneTimeCode:
    """A short code mailed to the user (email verification, password reset), stored hashed."""

    id: str
    user_id: str
    purpose: CodePurpose
    code_hash: str
    expires_at: datetime
    created_at: datetime
    attempts: int = 0
    used_at: datetime | None = None


@dataclass(slots=True)
class SigningKey:
    """A JWT signing key; `private_key` is the encrypted PEM, `public_jwk` the JWKS entry."""

    kid: str
    algorithm: str
    private_key: str
    public_jwk: dict[str, str]
    created_at: datetime
    retired_at: datetime | None = None
