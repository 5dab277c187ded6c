"""The IP blocklist: add, remove and list rules, each change written to the audit log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Literal

from sakesensei.domain.errors import InvalidInput, NotFound
from sakesensei.domain.networks import NetworkSet
from sakesensei.domain.operations import AuditEntry, BlockRule, parse_network
from sakesensei.ports import UnitOfWorkFactory

MAX_REASON = 500
Via = Literal["cli", "api"]


def add_block(
    uow_factory: UnitOfWorkFactory,
    network: str,
    reason: str | None,
    *,
    actor_id: str | None,
    via: Via,
    now: Callable[[], datetime],
) -> BlockRule:
    """Block one address or a range; Conflict if exactly that range is listed already."""
    canonical = str(parse_network(network))
    reason = (reason or "").strip() or None
    if reason is not None and len(reason) > MAX_REASON:
        raise InvalidInput(f"the reason is {len(reason)} characters; keep it to {MAX_REASON}")
    when = now()
    with uow_factory() as uow:
        rule = uow.blocklist.add(BlockRule(canonical, reason, when, created_by=actor_id))
        uow.audit.add(
            AuditEntry(
                actor_id,
                "blocklist.add",
                "blocklist",
                canonical,
                when,
                {"reason": reason, "via": via},
            )
        )
        uow.commit()
    return rule


def remove_block(
    uow_factory: UnitOfWorkFactory,
    network: str,
    *,
    actor_id: str | None,
    via: Via,
    now: Callable[[], datetime],
) -> str:
    """Lift a rule, given as it was added or in any equivalent spelling; returns its CIDR."""
    canonical = str(parse_network(network))
    with uow_factory() as uow:
        if not uow.blocklist.remove(canonical):
            raise NotFound(f"{canonical} is not on the blocklist (see `sakesensei blocklist list`)")
        uow.audit.add(
            AuditEntry(actor_id, "blocklist.remove", "blocklist", canonical, now(), {"via": via})
        )
        uow.commit()
    return canonical


def list_blocks(uow_factory: UnitOfWorkFactory) -> list[BlockRule]:
    with uow_factory() as uow:
        return uow.blocklist.list()


def blocked_networks(uow_factory: UnitOfWorkFactory) -> NetworkSet:
    """What the API checks every request against."""
    return NetworkSet(parse_network(rule.network) for rule in list_blocks(uow_factory))
