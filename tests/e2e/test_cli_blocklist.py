"""`sakesensei blocklist add|remove|list` through the real CLI (one test: each run costs seconds)."""

from __future__ import annotations

import json

from tests.e2e.conftest import Cli


def test_add_list_remove_and_mistakes(cli: Cli) -> None:
    added = cli("blocklist", "add", "198.51.100.23/24", "--reason", "credential stuffing", "--json")
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["network"] == "198.51.100.0/24"
    assert cli("blocklist", "add", "2001:db8::1").stdout.strip() == "blocked 2001:db8::1/128"

    table = cli("blocklist", "list").stdout
    assert "198.51.100.0/24" in table and "credential stuffing" in table

    removed = cli("blocklist", "remove", "198.51.100.0/24", "--json")
    assert json.loads(removed.stdout) == {"removed": "198.51.100.0/24"}
    listed = json.loads(cli("blocklist", "list", "--json").stdout)
    assert [(r["network"], r["reason"]) for r in listed] == [("2001:db8::1/128", None)]

    bad = cli("blocklist", "add", "203.0.113.300")
    assert bad.returncode == 2 and "not an IP address or CIDR range" in bad.stderr
    again = cli("blocklist", "add", "2001:db8:0::1", "--json")
    assert again.returncode == 2 and "already" in json.loads(again.stdout)["message"]
    missing = cli("blocklist", "remove", "192.0.2.1")
    assert missing.returncode == 2 and "not on the blocklist" in missing.stderr
