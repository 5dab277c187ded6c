"""Operator records: the IP blocklist and the audit log of admin changes."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sakesensei.domain.errors import InvalidInput

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_network(text: str) -> IpNetwork:
    """One address or a CIDR range, in its canonical form; a clear error otherwise."""
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        raise InvalidInput(
            f"{text!r} is not an IP address or CIDR range (e.g. 203.0.113.7 or 198.51.100.0/24)"
        ) from None


@dataclass(slots=True)
class BlockRule:
    network: str  # canonical CIDR, e.g. 203.0.113.7/32
    reason: str | None
    created_at: datetime
    created_by: str | None = None
    id: int | None = None


@dataclass(slots=True)
class AuditEntry:
    """One admin change: who did what to which record, with the details that matter."""

    actor_id: str | None
    action: str  # e.g. sake.create, brewery.delete, user.update, blocklist.add
    target_type: str
    target_id: str | None
    created_at: datetime
    details: dict[str, Any] = field(default_factory=dict)
    id: int | None = None
