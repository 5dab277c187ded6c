"""Which address a request comes from, believing X-Forwarded-For only from our own proxies."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from sakesensei.domain.networks import IpAddress, NetworkSet, parse_address

UNKNOWN = "unknown"


def _hop(text: str) -> IpAddress | None:
    """One X-Forwarded-For entry; some proxies write a port ("203.0.113.7:4711", "[::1]:80")."""
    text = text.strip()
    if text.startswith("["):
        return parse_address(text[1:].split("]", 1)[0])
    if text.count(":") == 1:
        text = text.split(":", 1)[0]
    return parse_address(text)


def client_ip(peer: str | None, forwarded_for: Iterable[str], trusted: NetworkSet) -> str:
    """The address to hold responsible for a request.

    The header is read only when the socket peer is a trusted proxy, and then from the
    right: each trusted proxy appends the address it saw, so the first entry from the right
    that is not one of ours is the client. Entries further left were written by the client
    itself and may be forged; an entry that is not an address stops the walk for the same
    reason.
    """
    address = parse_address(peer)
    if address is None:
        return peer or UNKNOWN
    if address not in trusted:
        return str(address)
    hops = [hop for value in forwarded_for for hop in value.split(",") if hop.strip()]
    for text in reversed(hops):
        hop = _hop(text)
        if hop is None:
            break
        address = hop
        if hop not in trusted:
            break
    return str(address)


def forwarded_proto(values: Iterable[str]) -> str | None:
    """The scheme the client used, as the nearest proxy reports it (http or https only)."""
    hops = [hop.strip().lower() for value in values for hop in value.split(",") if hop.strip()]
    if hops and hops[-1] in ("http", "https"):
        return hops[-1]
    return None


def rate_limit_subject(ip: str) -> str:
    """Whom a rate limit counts: the address, or for IPv6 its /64.

    One IPv6 subscriber usually holds a whole /64 and can pick a fresh address per request,
    so counting single IPv6 addresses would not limit anyone.
    """
    address = parse_address(ip)
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((int(address) >> 64 << 64, 64)))
    return ip
