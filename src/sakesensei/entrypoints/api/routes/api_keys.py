"""The signed-in user's API keys, for AI assistants reaching the MCP gateway at /mcp:
create one (its secret is shown once), list them, revoke one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, status
from pydantic import BaseModel, ConfigDict, Field

from sakesensei.bootstrap import utc_now
from sakesensei.domain.api_keys import MAX_NAME, ApiKey
from sakesensei.entrypoints.api.deps import UowFactory, VerifiedUser
from sakesensei.services.api_keys import ApiKeys

router = APIRouter(prefix="/me/api-keys", tags=["api-keys"])


async def _api_keys(uow_factory: UowFactory) -> ApiKeys:
    return ApiKeys(uow_factory, utc_now)


ApiKeysService = Annotated[ApiKeys, Depends(_api_keys)]


class ApiKeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_NAME,
            description="where the key is used, to recognise it later",
            examples=["Claude Desktop"],
        ),
    ]


class ApiKeyOut(BaseModel):
    id: str
    name: str
    prefix: str = Field(description="the start of the secret, to recognise the key")
    created_at: datetime
    last_used_at: datetime | None = Field(description="to the minute; null if never used")
    revoked_at: datetime | None = Field(description="null while the key works")


class CreatedApiKeyOut(ApiKeyOut):
    secret: str = Field(
        description="the key itself, shown only now: send it as 'Authorization: Bearer <secret>' "
        "to /mcp"
    )


class ApiKeyList(BaseModel):
    items: list[ApiKeyOut] = Field(description="newest first, revoked keys included")
    total: int


def key_out(key: ApiKey) -> ApiKeyOut:
    return ApiKeyOut(
        id=key.id,
        name=key.name,
        prefix=key.prefix,
        created_at=key.created_at,
        last_used_at=key.last_used_at,
        revoked_at=key.revoked_at,
    )


@router.post("", response_model=CreatedApiKeyOut, status_code=status.HTTP_201_CREATED)
def create_api_key(body: ApiKeyIn, user: VerifiedUser, keys: ApiKeysService) -> CreatedApiKeyOut:
    """Create an API key for an AI assistant. The secret is in this answer only: store it
    now, since only its hash is kept. An account may hold 20 active keys."""
    created = keys.create(user.id, body.name)
    return CreatedApiKeyOut(**key_out(created.key).model_dump(), secret=created.secret)


@router.get("", response_model=ApiKeyList)
def list_api_keys(user: VerifiedUser, keys: ApiKeysService) -> ApiKeyList:
    """Every key of the account, newest first, with when each was last used; the secrets
    themselves are never shown again."""
    found = keys.for_user(user.id)
    return ApiKeyList(items=[key_out(k) for k in found], total=len(found))


@router.delete("/{key_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_api_key(key_id: UUID, user: VerifiedUser, keys: ApiKeysService) -> None:
    """Revoke a key: its next request to /mcp is refused. The key stays listed, marked
    revoked; revoking it again changes nothing. Another user's key answers 404."""
    keys.revoke(user.id, str(key_id))
