"""The blocklist use-cases on SQLite and PostgreSQL: rules, canonical forms, audit entries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from sakesensei.domain.errors import Conflict, InvalidInput, NotFound
from sakesensei.ports import UnitOfWork
from sakesensei.services.blocklist import add_block, blocked_networks, list_blocks, remove_block

NOW = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)

Factory = Callable[[], UnitOfWork]


def _now() -> datetime:
    return NOW


def test_add_list_and_remove_with_an_audit_trail(uow_factory: Factory) -> None:
    rule = add_block(
        uow_factory, " 198.51.100.77/24 ", "  scraping  ", actor_id=None, via="cli", now=_now
    )
    assert (rule.network, rule.reason) == ("198.51.100.0/24", "scraping")
    add_block(uow_factory, "2001:db8::1", None, actor_id="admin-1", via="api", now=_now)
    assert [r.network for r in list_blocks(uow_factory)] == ["198.51.100.0/24", "2001:db8::1/128"]
    networks = blocked_networks(uow_factory)
    assert "198.51.100.3" in networks and "2001:db8::1" in networks and "192.0.2.1" not in networks

    # Removal accepts any spelling of the same range.
    assert remove_block(
        uow_factory, "198.51.100.0/24", actor_id="admin-1", via="api", now=_now
    ) == ("198.51.100.0/24")
    assert [r.network for r in list_blocks(uow_factory)] == ["2001:db8::1/128"]

    with uow_factory() as uow:
        entries, total = uow.audit.list(10, 0)
    assert total == 3
    actions = sorted((e.action, e.target_id, e.actor_id, e.details.get("via")) for e in entries)
    assert actions == [
        ("blocklist.add", "198.51.100.0/24", None, "cli"),
        ("blocklist.add", "2001:db8::1/128", "admin-1", "api"),
        ("blocklist.remove", "198.51.100.0/24", "admin-1", "api"),
    ]


def test_mistakes_are_reported_and_change_nothing(uow_factory: Factory) -> None:
    add_block(uow_factory, "203.0.113.7", None, actor_id=None, via="cli", now=_now)
    with pytest.raises(Conflict, match="already"):
        add_block(uow_factory, "203.0.113.7/32", None, actor_id=None, via="cli", now=_now)
    with pytest.raises(InvalidInput, match="not an IP address"):
        add_block(uow_factory, "203.0.113.300", None, actor_id=None, via="cli", now=_now)
    with pytest.raises(InvalidInput, match="reason"):
        add_block(uow_factory, "192.0.2.1", "x" * 501, actor_id=None, via="cli", now=_now)
    with pytest.raises(NotFound, match="not on the blocklist"):
        remove_block(uow_factory, "192.0.2.1", actor_id=None, via="cli", now=_now)
    assert [r.network for r in list_blocks(uow_factory)] == ["203.0.113.7/32"]
    with uow_factory() as uow:
        assert uow.audit.list(10, 0)[1] == 1
