"""Per-user API keys: long-lived secrets an AI assistant presents instead of a password.

Only a key's SHA-256 is stored; the secret itself is shown once, when the key is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# Every secret starts with this, so a leaked one is recognisable (and scanners can find it).
SECRET_PREFIX = "ssk_"
MAX_NAME = 100
# Plenty for one person's assistants and machines; a cap keeps a script from minting millions.
MAX_ACTIVE_KEYS = 20


@dataclass(slots=True)
class ApiKey:
    id: str
    user_id: str
    name: str
    prefix: str  # the public part of the secret, shown in listings to recognise the key
    key_hash: str  # sha256 hex of the whole secret
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def looks_like_api_key(token: str) -> bool:
    """True for a secret of our API-key form; access tokens (JWTs) never start this way."""
    return token.startswith(SECRET_PREFIX)


def name_problems(name: str) -> list[str]:
    text = name.strip()
    problems = []
    if not text:
        problems.append("name the key after where it is used, e.g. 'Claude Desktop' or 'laptop'")
    if len(text) > MAX_NAME:
        problems.append(f"the name may be at most {MAX_NAME} characters, not {len(text)}")
    if any(ord(c) < 32 for c in text):
        problems.append("the name cannot contain control characters")
    return problems
