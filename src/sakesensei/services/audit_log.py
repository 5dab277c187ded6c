"""The audit log of admin changes: how changes are described, written and read back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sakesensei.domain.errors import InvalidInput
from sakesensei.domain.operations import AuditEntry
from sakesensei.ports import UnitOfWork, UnitOfWorkFactory

MAX_PAGE = 100

Changes = dict[str, dict[str, Any]]


def changes_between(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> Changes:
    """Each field whose value differs, as {"old": ..., "new": ...}.

    A created record has no old side and a deleted one no new side; for those only the
    fields with a value are kept, so the entry stays short but still says what was there.
    """
    before, after = old or {}, new or {}
    changes: Changes = {}
    for key in dict.fromkeys((*before, *after)):
        a, b = before.get(key), after.get(key)
        if a == b or (old is None and _empty(b)) or (new is None and _empty(a)):
            continue
        changes[key] = {"old": a, "new": b}
    return changes


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == ""


def record(
    uow: UnitOfWork,
    when: datetime,
    actor_id: str | None,
    action: str,
    target: tuple[str, str | int | None],
    details: dict[str, Any],
) -> AuditEntry:
    """Add the entry to the caller's unit of work, so it commits with the change it describes."""
    target_type, target_id = target
    entry = AuditEntry(
        actor_id=actor_id,
        action=action,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        created_at=when,
        details=details,
    )
    uow.audit.add(entry)
    return entry


@dataclass(frozen=True, slots=True)
class AuditPage:
    items: list[AuditEntry]
    total: int


def check_paging(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit must be between 1 and {MAX_PAGE}, not {limit}")
    if offset < 0:
        raise InvalidInput(f"offset cannot be negative ({offset})")


def audit_page(uow_factory: UnitOfWorkFactory, limit: int = 50, offset: int = 0) -> AuditPage:
    """Entries newest first."""
    check_paging(limit, offset)
    with uow_factory() as uow:
        items, total = uow.audit.list(limit, offset)
    return AuditPage(items, total)
