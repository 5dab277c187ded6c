"""Client addresses: X-Forwarded-For believed only from trusted proxies; network sets."""

from __future__ import annotations

import pytest

from sakesensei.domain.networks import NetworkSet, parse_address
from sakesensei.entrypoints.api.middleware.client_ip import (
    client_ip,
    forwarded_proto,
    rate_limit_subject,
)

PROXIES = NetworkSet(["10.0.0.0/8", "192.0.2.10"])


def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert client_ip("198.51.100.7", ["203.0.113.1"], NetworkSet()) == "198.51.100.7"


def test_a_header_from_an_untrusted_peer_is_ignored() -> None:
    assert client_ip("198.51.100.7", ["203.0.113.1"], PROXIES) == "198.51.100.7"


def test_the_rightmost_untrusted_hop_is_the_client() -> None:
    # The client forged the first entry; our proxies appended the last two.
    forged = ["6.6.6.6, 203.0.113.5, 10.1.2.3"]
    assert client_ip("10.0.0.1", forged, PROXIES) == "203.0.113.5"


def test_several_header_lines_read_as_one_list() -> None:
    assert client_ip("10.0.0.1", ["203.0.113.5", "10.9.9.9"], PROXIES) == "203.0.113.5"


def test_a_trusted_peer_without_the_header_is_the_client() -> None:
    assert client_ip("10.0.0.1", [], PROXIES) == "10.0.0.1"


def test_when_every_hop_is_ours_the_leftmost_is_the_client() -> None:
    assert client_ip("10.0.0.1", ["10.0.0.9, 192.0.2.10"], PROXIES) == "10.0.0.9"


def test_garbage_stops_the_walk_at_the_last_address_we_can_vouch_for() -> None:
    assert client_ip("10.0.0.1", ["203.0.113.5, not-an-ip"], PROXIES) == "10.0.0.1"
    assert client_ip("10.0.0.1", ["not-an-ip, 10.0.0.2"], PROXIES) == "10.0.0.2"


@pytest.mark.parametrize(
    ("hop", "client"),
    [
        ("203.0.113.5:4711", "203.0.113.5"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"),
        (" 203.0.113.5 ", "203.0.113.5"),
    ],
)
def test_ports_brackets_and_spaces_are_understood(hop: str, client: str) -> None:
    assert client_ip("10.0.0.1", [hop], PROXIES) == client


def test_ipv4_mapped_peers_match_ipv4_rules() -> None:
    assert client_ip("::ffff:10.0.0.1", ["203.0.113.5"], PROXIES) == "203.0.113.5"
    assert client_ip("::ffff:198.51.100.7", [], NetworkSet()) == "198.51.100.7"


def test_no_peer_address() -> None:
    assert client_ip(None, ["203.0.113.5"], PROXIES) == "unknown"


def test_forwarded_proto_takes_the_nearest_proxy() -> None:
    assert forwarded_proto(["http, https"]) == "https"
    assert forwarded_proto(["gopher"]) is None
    assert forwarded_proto([]) is None


def test_network_set_matches_addresses_and_ranges() -> None:
    blocked = NetworkSet(["203.0.113.7", "198.51.100.0/24", "2001:db8::/32", "203.0.113.7/32"])
    assert len(blocked) == 3
    assert "203.0.113.7" in blocked
    assert "203.0.113.8" not in blocked
    assert "198.51.100.255" in blocked
    assert "198.51.101.0" not in blocked
    assert "2001:db8:abcd::1" in blocked
    assert "2001:db9::1" not in blocked
    assert "::ffff:198.51.100.3" in blocked
    assert "garbage" not in blocked
    assert "0.0.0.0" in NetworkSet(["0.0.0.0/0"])
    assert "203.0.113.7" not in NetworkSet()


def test_parse_address() -> None:
    assert str(parse_address("::ffff:192.0.2.1")) == "192.0.2.1"
    assert parse_address("") is None
    assert parse_address("example.com") is None


def test_rate_limits_count_an_ipv6_subscriber_by_its_64() -> None:
    assert rate_limit_subject("198.51.100.7") == "198.51.100.7"
    assert rate_limit_subject("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert rate_limit_subject("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert rate_limit_subject("unknown") == "unknown"
