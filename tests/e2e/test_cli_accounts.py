"""`sakesensei users` and `sakesensei keys` as an operator runs them."""

from __future__ import annotations

import json

from tests.e2e.conftest import Cli

PASSWORD = "Kanpai-Sake-2026!"


def test_create_an_admin_and_verify_a_user(cli: Cli) -> None:
    created = cli(
        "users",
        "create",
        "boss@example.com",
        "--admin",
        "--password-stdin",
        "--json",
        stdin=PASSWORD + "\n",
    )
    assert created.returncode == 0, created.stdout + created.stderr
    account = json.loads(created.stdout)
    assert account["role"] == "admin" and account["verified"] is True
    again = cli("users", "create", "BOSS@example.com", "--password-stdin", stdin=PASSWORD + "\n")
    assert again.returncode == 2 and "already exists" in again.stderr
    verified = cli("users", "verify", "boss@example.com", "--json")
    assert verified.returncode == 0 and json.loads(verified.stdout)["verified"] is True


def test_a_weak_password_or_unknown_account_is_explained(cli: Cli) -> None:
    weak = cli("users", "create", "a@example.com", "--password-stdin", stdin="short\n")
    assert weak.returncode == 2 and "at least 8 characters" in weak.stderr
    unknown = cli("users", "verify", "nobody@example.com")
    assert unknown.returncode == 2 and "no account" in unknown.stderr
    no_tty = cli("users", "create", "b@example.com", stdin="")
    assert no_tty.returncode != 0 and "--password-stdin" in no_tty.stderr


def test_keys_rotate_keeps_the_old_key_verifying(cli: Cli) -> None:
    first = json.loads(cli("keys", "rotate", "--json").stdout)
    second = json.loads(cli("keys", "rotate", "--json").stdout)
    assert first["kid"] != second["kid"]
    assert set(second["verifying"]) >= {first["kid"], second["kid"]}
    listed = json.loads(cli("keys", "list", "--json").stdout)["verifying"]
    assert listed[0] == second["kid"]
