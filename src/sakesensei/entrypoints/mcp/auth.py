"""Who a bearer token belongs to: a user's access token (a JWT) or one of their API keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sakesensei.domain.api_keys import looks_like_api_key
from sakesensei.domain.users import User
from sakesensei.services.api_keys import ApiKeys


@dataclass(frozen=True, slots=True)
class Caller:
    user_id: str
    verified: bool


Authenticate = Callable[[str], Caller]


def bearer_authenticator(user_for_token: Callable[[str], User], api_keys: ApiKeys) -> Authenticate:
    """A function from a token to its Caller; Unauthorized for a token that is not valid.

    `user_for_token` checks access tokens (Accounts.user_for_token).
    """

    def authenticate(token: str) -> Caller:
        token = token.strip()
        check = api_keys.authenticate if looks_like_api_key(token) else user_for_token
        user = check(token)
        return Caller(user.id, user.verified)

    return authenticate
