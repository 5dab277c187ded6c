"""Accounts: registration, email verification, login with lockout, rotating refresh tokens,
password reset. What Cognito does in the AWS design, self-hosted."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email

from sakesensei.domain.accounts import (
    LOCKOUT_MINUTES,
    MAX_FAILED_LOGINS,
    CodePurpose,
    OneTimeCode,
    RefreshToken,
    password_problems,
)
from sakesensei.domain.errors import AccountLocked, InvalidInput, NotFound, Unauthorized
from sakesensei.domain.users import Preferences, Role, User, preference_problems
from sakesensei.ports import Mailer, PasswordHasher, UnitOfWork, UnitOfWorkFactory
from sakesensei.services.keyring import KeyRing
from sakesensei.services.preferences import tidy_answers
from sakesensei.services.telemetry import TELEMETRY

log = logging.getLogger("sakesensei.accounts")
MAX_CODE_ATTEMPTS = 5
WRONG_LOGIN = "wrong email or password"


@dataclass(frozen=True, slots=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "bearer"


def normalise_email(email: str) -> str:
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise InvalidInput(f"{email!r} is not a valid email address: {exc}") from None


def check_password(password: str) -> None:
    problems = password_problems(password)
    if problems:
        raise InvalidInput("the password must " + ", ".join(problems))


class Accounts:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        hasher: PasswordHasher,
        mailer: Mailer,
        keyring: KeyRing,
        now: Callable[[], datetime],
        secret: str,
        refresh_ttl: timedelta,
        code_ttl: timedelta,
    ) -> None:
        self._uow = uow_factory
        self._hasher = hasher
        self._mailer = mailer
        self._keys = keyring
        self._now = now
        self._secret = secret.encode()
        self._refresh_ttl = refresh_ttl
        self._code_ttl = code_ttl
        # Hashing a throwaway password on unknown emails keeps login timing uniform.
        self._dummy_hash = hasher.hash(secrets.token_urlsafe(16))

    # ---- registration and codes -------------------------------------------------------

    def register(self, email: str, password: str, survey: Preferences | None = None) -> User:
        """`survey`: answers given before the account existed (as a visitor), kept as the
        account's first preferences in the same transaction."""
        address = normalise_email(email)
        check_password(password)
        problems = preference_problems(survey) if survey is not None else []
        if problems:
            raise InvalidInput("; ".join(problems))
        user = User(id=str(uuid.uuid4()), email=address, password_hash=self._hasher.hash(password))
        with self._uow() as uow:
            uow.users.add(user)
            if survey is not None:
                uow.preferences.save(tidy_answers(replace(survey, user_id=user.id)), "survey")
            code = self._new_code(uow, user, CodePurpose.VERIFY_EMAIL)
            uow.commit()
        self._mail_code(user, code, CodePurpose.VERIFY_EMAIL)
        return user

    def create_user(
        self, email: str, password: str, admin: bool = False, verified: bool = True
    ) -> User:
        """For operators (`sakesensei users create`): no mail, verified by default."""
        check_password(password)
        user = User(
            id=str(uuid.uuid4()),
            email=normalise_email(email),
            password_hash=self._hasher.hash(password),
            verified=verified,
            role=Role.ADMIN if admin else Role.USER,
        )
        with self._uow() as uow:
            uow.users.add(user)
            uow.commit()
        return user

    def mark_verified(self, email: str) -> User:
        with self._uow() as uow:
            user = uow.users.get_by_email(normalise_email(email))
            if user is None:
                raise NotFound(f"there is no account for {email}")
            user.verified = True
            uow.users.update(user)
            uow.commit()
        return user

    def set_role(self, email: str, role: Role) -> User:
        with self._uow() as uow:
            user = uow.users.get_by_email(normalise_email(email))
            if user is None:
                raise NotFound(f"there is no account for {email}")
            user.role = role
            uow.users.update(user)
            uow.commit()
        return user

    def _code_hash(self, user_id: str, purpose: CodePurpose, code: str) -> str:
        message = f"{user_id}:{purpose.value}:{code}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def _new_code(self, uow: UnitOfWork, user: User, purpose: CodePurpose) -> str:
        code = f"{secrets.randbelow(1_000_000):06d}"
        now = self._now()
        uow.codes.add(
            OneTimeCode(
                id=str(uuid.uuid4()),
                user_id=user.id,
                purpose=purpose,
                code_hash=self._code_hash(user.id, purpose, code),
                expires_at=now + self._code_ttl,
                created_at=now,
            )
        )
        return code

    def _mail_code(self, user: User, code: str, purpose: CodePurpose) -> None:
        minutes = int(self._code_ttl.total_seconds() // 60)
        if purpose is CodePurpose.VERIFY_EMAIL:
            subject = "Your Sake Sensei verification code"
            body = f"Your verification code is {code}. It is valid for {minutes} minutes."
        else:
            subject = "Your Sake Sensei password reset code"
            body = f"Your password reset code is {code}. It is valid for {minutes} minutes."
        try:
            self._mailer.send(user.email, subject, body)
        except OSError as exc:
            # The account exists either way; the user can ask for a new code.
            log.error("could not send mail to user %s: %s", user.id, exc)

    def _use_code(self, uow: UnitOfWork, user: User, purpose: CodePurpose, code: str) -> None:
        stored = uow.codes.latest(user.id, purpose)
        wrong = InvalidInput("the code is wrong or has expired; ask for a new one")
        if stored is None or stored.used_at is not None or stored.expires_at <= self._now():
            raise wrong
        if stored.attempts >= MAX_CODE_ATTEMPTS:
            raise InvalidInput("too many wrong codes; ask for a new one")
        if not hmac.compare_digest(
            stored.code_hash, self._code_hash(user.id, purpose, code.strip())
        ):
            stored.attempts += 1
            uow.codes.update(stored)
            uow.commit()
            raise wrong
        stored.used_at = self._now()
        uow.codes.update(stored)

    def verify_email(self, email: str, code: str) -> User:
        with self._uow() as uow:
            user = uow.users.get_by_email(normalise_email(email))
            if user is None:
                raise InvalidInput("the code is wrong or has expired; ask for a new one")
            if not user.verified:
                self._use_code(uow, user, CodePurpose.VERIFY_EMAIL, code)
                user.verified = True
                uow.users.update(user)
                uow.commit()
        return user

    def resend_verification(self, email: str) -> None:
        with self._uow() as uow:
            user = uow.users.get_by_email(normalise_email(email))
            if user is None or user.verified:
                return
            code = self._new_code(uow, user, CodePurpose.VERIFY_EMAIL)
            uow.commit()
        self._mail_code(user, code, CodePurpose.VERIFY_EMAIL)

    # ---- sessions -----------------------------------------------------------------------

    def _token_hash(self, token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def _new_refresh(self, uow: UnitOfWork, user: User, family_id: str) -> str:
        refresh = secrets.token_urlsafe(32)
        now = self._now()
        uow.refresh_tokens.add(
            RefreshToken(
                id=str(uuid.uuid4()),
                user_id=user.id,
                family_id=family_id,
                token_hash=self._token_hash(refresh),
                expires_at=now + self._refresh_ttl,
                created_at=now,
            )
        )
        return refresh

    def _pair(self, user: User, refresh: str) -> TokenPair:
        # Signed after the commit: the key ring may need the database itself (a first key),
        # which SQLite would refuse while this transaction still holds its write lock.
        access, expires_in = self._keys.issue(user.id, user.role.value, user.verified)
        return TokenPair(access, refresh, expires_in)

    def login(self, email: str, password: str) -> TokenPair:
        """Tokens for the right password; every outcome is counted (a spike of failures is
        an alert: deploy/prometheus/alerts.yml)."""
        try:
            pair = self._login(email, password)
        except AccountLocked:
            TELEMETRY.login("locked")
            raise
        except Unauthorized:
            TELEMETRY.login("failed")
            raise
        TELEMETRY.login("succeeded")
        return pair

    def _login(self, email: str, password: str) -> TokenPair:
        try:
            address = normalise_email(email)
        except InvalidInput:
            raise Unauthorized(WRONG_LOGIN) from None
        with self._uow() as uow:
            user = uow.users.get_by_email(address)
            if user is None:
                self._hasher.verify(self._dummy_hash, password)
                raise Unauthorized(WRONG_LOGIN)
            now = self._now()
            if user.locked_until and user.locked_until > now:
                seconds = int((user.locked_until - now).total_seconds()) + 1
                raise AccountLocked(
                    f"too many failed logins; the account is locked for {seconds // 60 + 1} more "
                    "minute(s), or reset the password",
                    seconds,
                )
            if not self._hasher.verify(user.password_hash, password):
                user.failed_logins += 1
                if user.failed_logins >= MAX_FAILED_LOGINS:
                    user.failed_logins = 0
                    user.locked_until = now + timedelta(minutes=LOCKOUT_MINUTES)
                uow.users.update(user)
                uow.commit()
                raise Unauthorized(WRONG_LOGIN)
            user.failed_logins, user.locked_until = 0, None
            if self._hasher.needs_rehash(user.password_hash):
                user.password_hash = self._hasher.hash(password)
            uow.users.update(user)
            refresh = self._new_refresh(uow, user, family_id=str(uuid.uuid4()))
            uow.commit()
        return self._pair(user, refresh)

    def refresh(self, refresh_token: str) -> TokenPair:
        invalid = Unauthorized("the refresh token is not valid; log in again")
        with self._uow() as uow:
            stored = uow.refresh_tokens.get_by_hash(self._token_hash(refresh_token))
            now = self._now()
            if stored is None or stored.revoked_at is not None or stored.expires_at <= now:
                raise invalid
            if not uow.refresh_tokens.mark_used(stored.id, now):
                # A used token came back: someone holds a copy. End the whole login.
                uow.refresh_tokens.revoke_family(stored.family_id, now)
                uow.commit()
                raise invalid
            user = uow.users.get(stored.user_id)
            if user is None:
                raise invalid
            refresh = self._new_refresh(uow, user, stored.family_id)
            uow.commit()
        return self._pair(user, refresh)

    def logout(self, refresh_token: str) -> None:
        with self._uow() as uow:
            stored = uow.refresh_tokens.get_by_hash(self._token_hash(refresh_token))
            if stored is not None:
                uow.refresh_tokens.revoke_family(stored.family_id, self._now())
                uow.commit()

    # ---- password reset -----------------------------------------------------------------

    def request_password_reset(self, email: str) -> None:
        """Always succeeds from the outside, so it cannot tell who has an account."""
        try:
            address = normalise_email(email)
        except InvalidInput:
            return
        with self._uow() as uow:
            user = uow.users.get_by_email(address)
            if user is None:
                return
            code = self._new_code(uow, user, CodePurpose.RESET_PASSWORD)
            uow.commit()
        self._mail_code(user, code, CodePurpose.RESET_PASSWORD)

    def confirm_password_reset(self, email: str, code: str, new_password: str) -> None:
        check_password(new_password)
        with self._uow() as uow:
            user = uow.users.get_by_email(normalise_email(email))
            if user is None:
                raise InvalidInput("the code is wrong or has expired; ask for a new one")
            self._use_code(uow, user, CodePurpose.RESET_PASSWORD, code)
            user.password_hash = self._hasher.hash(new_password)
            user.failed_logins, user.locked_until = 0, None
            # Receiving the code proves the mailbox, so the address counts as verified.
            user.verified = True
            uow.users.update(user)
            uow.refresh_tokens.revoke_user(user.id, self._now())
            uow.commit()

    # ---- the signed-in user ---------------------------------------------------------------

    def user_for_token(self, access_token: str) -> User:
        claims = self._keys.verify(access_token)
        with self._uow() as uow:
            user = uow.users.get(claims.user_id)
        if user is None:
            raise Unauthorized("this account no longer exists")
        return user

    def delete_account(self, user_id: str) -> None:
        """Erase the account and, through the database's cascades, every record of the user."""
        with self._uow() as uow:
            uow.memory.forget_user(user_id)
            uow.users.delete(user_id)
            uow.commit()
