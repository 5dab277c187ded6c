"""The IP blocklist for administrators: list, add and lift rules (each change audited).

Every replica applies a change within 10 seconds. DELETE takes the range as a query
parameter because a CIDR range holds a slash.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, Field

from sakesensei.bootstrap import utc_now
from sakesensei.domain.operations import BlockRule
from sakesensei.entrypoints.api.deps import AdminUser, UowFactory
from sakesensei.services.blocklist import MAX_REASON, add_block, list_blocks, remove_block

router = APIRouter(prefix="/admin/blocklist", tags=["admin"])

NetworkText = Annotated[
    str, Field(min_length=1, max_length=64, examples=["203.0.113.7", "198.51.100.0/24"])
]


class BlockIn(BaseModel):
    network: NetworkText
    reason: Annotated[str | None, Field(max_length=MAX_REASON)] = None


class BlockOut(BaseModel):
    network: str = Field(description="canonical CIDR form, e.g. 203.0.113.7/32")
    reason: str | None
    created_at: datetime
    created_by: str | None = Field(description="the admin's user id; null when added by CLI")


class BlockList(BaseModel):
    items: list[BlockOut]
    total: int


def _out(rule: BlockRule) -> BlockOut:
    return BlockOut(
        network=rule.network,
        reason=rule.reason,
        created_at=rule.created_at,
        created_by=rule.created_by,
    )


@router.get("", response_model=BlockList)
def list_rules(
    admin: AdminUser,
    uow_factory: UowFactory,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> BlockList:
    """Blocked addresses and ranges, in address order."""
    rules = list_blocks(uow_factory)
    return BlockList(items=[_out(r) for r in rules[offset : offset + limit]], total=len(rules))


@router.post("", response_model=BlockOut, status_code=status.HTTP_201_CREATED)
def add_rule(body: BlockIn, admin: AdminUser, uow_factory: UowFactory) -> BlockOut:
    """Block an address or range; 409 if exactly that range is listed already."""
    rule = add_block(
        uow_factory, body.network, body.reason, actor_id=admin.id, via="api", now=utc_now
    )
    return _out(rule)


@router.delete("", status_code=status.HTTP_204_NO_CONTENT)
def remove_rule(
    admin: AdminUser,
    uow_factory: UowFactory,
    network: Annotated[str, Query(min_length=1, max_length=64, examples=["198.51.100.0/24"])],
) -> None:
    """Lift a block; 404 if the range is not listed."""
    remove_block(uow_factory, network, actor_id=admin.id, via="api", now=utc_now)
