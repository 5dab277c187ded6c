"""A set of IP networks that answers "is this address in any of them?" quickly."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from sakesensei.domain.operations import IpNetwork

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_address(text: str | None) -> IpAddress | None:
    """An address as a client or proxy reports it; None when it is not one.

    IPv4-mapped IPv6 addresses (::ffff:203.0.113.7, what a dual-stack socket reports) become
    plain IPv4, so a rule written for 203.0.113.7 matches them too.
    """
    if not text:
        return None
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


class NetworkSet:
    """Networks grouped by prefix length: a lookup costs one set probe per distinct length.

    A blocklist of thousands of single addresses and a few ranges stays a handful of
    probes per request, where scanning the list would grow with every rule.
    """

    def __init__(self, networks: Iterable[IpNetwork | str] = ()) -> None:
        self._by_prefix: dict[tuple[int, int], set[int]] = {}
        self._size = 0
        for network in networks:
            net = (
                ipaddress.ip_network(network, strict=False) if isinstance(network, str) else network
            )
            key = (net.version, net.prefixlen)
            bucket = self._by_prefix.setdefault(key, set())
            before = len(bucket)
            bucket.add(int(net.network_address))
            self._size += len(bucket) - before

    def __len__(self) -> int:
        return self._size

    def __contains__(self, address: object) -> bool:
        if isinstance(address, str):
            address = parse_address(address)
        if not isinstance(address, ipaddress.IPv4Address | ipaddress.IPv6Address):
            return False
        value, bits = int(address), address.max_prefixlen
        for (version, prefix), starts in self._by_prefix.items():
            if version == address.version:
                mask = ((1 << prefix) - 1) << (bits - prefix)
                if (value & mask) in starts:
                    return True
        return False
