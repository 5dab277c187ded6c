"""JWT signing keys: the newest signs, older ones keep verifying until their tokens expire.

Keys live in the database (private halves encrypted with the secret key), so every
replica signs and verifies with the same set; each process caches them for a few seconds
and reloads at once when it meets a key id it does not know.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import jwt
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from sakesensei.domain.accounts import SigningKey
from sakesensei.domain.errors import ConfigurationError, Unauthorized
from sakesensei.ports import UnitOfWorkFactory

ALGORITHM = "RS256"
AUDIENCE = "sakesensei-api"
CACHE_SECONDS = 5.0
# Tokens already verified, kept so that a user's next requests skip the RSA check.
VERIFIED_TOKENS = 4096


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: str
    role: str
    verified: bool
    expires_at: datetime


def _fernet(secret: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest()))


class KeyRing:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        secret: str,
        now: Callable[[], datetime],
        access_ttl: timedelta,
        issuer: str,
    ) -> None:
        self._uow = uow_factory
        self._fernet = _fernet(secret)
        self._now = now
        self._access_ttl = access_ttl
        self._issuer = issuer
        self._lock = threading.Lock()
        self._keys: list[SigningKey] = []
        self._loaded_at = float("-inf")
        self._private: dict[str, Any] = {}
        self._verified: OrderedDict[str, tuple[str, AccessClaims]] = OrderedDict()
        self._verified_lock = threading.Lock()

    # ---- keys -------------------------------------------------------------------------

    def new_key(self) -> SigningKey:
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        kid = f"{self._now():%Y%m%d}-{secrets.token_hex(4)}"
        jwk: dict[str, str] = json.loads(RSAAlgorithm.to_jwk(private.public_key()))
        jwk.update({"kid": kid, "alg": ALGORITHM, "use": "sig"})
        encrypted = self._fernet.encrypt(pem).decode()
        return SigningKey(kid, ALGORITHM, encrypted, jwk, self._now())

    def rotate(self) -> SigningKey:
        """Add a new signing key; the old ones retire and verify until their tokens expire."""
        key = self.new_key()
        with self._uow() as uow:
            for old in uow.signing_keys.list():
                if old.retired_at is None:
                    uow.signing_keys.retire(old.kid, key.created_at)
            uow.signing_keys.add(key)
            uow.commit()
        self._loaded_at = float("-inf")
        return key

    def ensure_key(self) -> None:
        """A fresh database gets its first key; nothing happens when one exists."""
        if not self._current_keys():
            self.rotate()

    def _current_keys(self, force: bool = False) -> list[SigningKey]:
        with self._lock:
            if force or time.monotonic() - self._loaded_at > CACHE_SECONDS:
                with self._uow() as uow:
                    self._keys = uow.signing_keys.list()
                self._loaded_at = time.monotonic()
            return self._keys

    def _verifying(self, force: bool = False) -> list[SigningKey]:
        oldest = self._now() - self._access_ttl
        return [
            k for k in self._current_keys(force) if k.retired_at is None or k.retired_at > oldest
        ]

    def _private_key(self, key: SigningKey) -> Any:
        if key.kid not in self._private:
            try:
                pem = self._fernet.decrypt(key.private_key.encode())
            except InvalidToken:
                raise ConfigurationError(
                    "the JWT signing keys were encrypted with another SAKESENSEI_SECRET_KEY; "
                    "restore that secret or run `sakesensei keys rotate`"
                ) from None
            self._private[key.kid] = serialization.load_pem_private_key(pem, password=None)
        return self._private[key.kid]

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        return {"keys": [k.public_jwk for k in self._verifying()]}

    # ---- tokens -----------------------------------------------------------------------

    def issue(self, user_id: str, role: str, verified: bool) -> tuple[str, int]:
        """A signed access token and its lifetime in seconds."""
        signing = next((k for k in self._current_keys() if k.retired_at is None), None)
        if signing is None:
            self.ensure_key()
            signing = next(k for k in self._current_keys(force=True) if k.retired_at is None)
        now = self._now()
        claims = {
            "sub": user_id,
            "role": role,
            "ver": verified,
            "iss": self._issuer,
            "aud": AUDIENCE,
            "iat": int(now.timestamp()),
            "exp": int((now + self._access_ttl).timestamp()),
            "jti": secrets.token_hex(8),
        }
        token = jwt.encode(
            claims, self._private_key(signing), ALGORITHM, headers={"kid": signing.kid}
        )
        return token, int(self._access_ttl.total_seconds())

    def verify(self, token: str) -> AccessClaims:
        """The claims of a valid access token; Unauthorized otherwise.

        A token verified before is not checked again: its bytes were signed, so only its
        expiry and its key can have changed, and both are checked each time (a key that
        stops verifying, rotated out or removed, rejects its tokens here as well)."""
        with self._verified_lock:
            known = self._verified.get(token)
            if known is not None:
                self._verified.move_to_end(token)
        if known is not None:
            kid, claims = known
            # The clock PyJWT checks `exp` against.
            expired = time.time() >= claims.expires_at.timestamp()
            if not expired and any(k.kid == kid for k in self._verifying()):
                return claims
        claims, kid = self._check(token)
        with self._verified_lock:
            self._verified[token] = (kid, claims)
            while len(self._verified) > VERIFIED_TOKENS:
                self._verified.popitem(last=False)
        return claims

    def _check(self, token: str) -> tuple[AccessClaims, str]:
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.PyJWTError:
            raise Unauthorized("the access token is malformed; log in again") from None
        key = next((k for k in self._verifying() if k.kid == kid), None)
        if key is None:  # maybe another replica rotated a moment ago
            key = next((k for k in self._verifying(force=True) if k.kid == kid), None)
        if key is None:
            raise Unauthorized(
                "the access token was signed by an unknown or expired key; log in again"
            )
        public = self._private_key(key).public_key()
        try:
            claims = jwt.decode(
                token,
                public,
                algorithms=[ALGORITHM],
                audience=AUDIENCE,
                issuer=self._issuer,
                options={"require": ["exp", "sub", "iat"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthorized("the access token has expired; refresh it or log in again") from None
        except jwt.PyJWTError:
            raise Unauthorized("the access token is not valid; log in again") from None
        verified = AccessClaims(
            user_id=str(claims["sub"]),
            role=str(claims.get("role", "user")),
            verified=bool(claims.get("ver", False)),
            expires_at=datetime.fromtimestamp(int(claims["exp"]), tz=self._now().tzinfo),
        )
        return verified, key.kid
