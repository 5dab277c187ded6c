"""`sakesensei users ...` and `sakesensei keys ...`: accounts and JWT signing keys."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from sakesensei import bootstrap
from sakesensei.entrypoints.cli.output import out, print_json, reported

users_app = typer.Typer(help="Create and verify accounts.", no_args_is_help=True)
keys_app = typer.Typer(help="JWT signing keys.", no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise typer.BadParameter(
            "no terminal to ask for the password: pipe it with --password-stdin"
        )
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@users_app.command("create")
def create(
    email: Annotated[str, typer.Argument(help="The new account's email address.")],
    admin: Annotated[
        bool, typer.Option("--admin", help="Give the account the admin role.")
    ] = False,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Create a verified account (asks for the password, or reads it with --password-stdin)."""
    password = _read_password(password_stdin)
    with reported(as_json):
        container = bootstrap.start()
        user = container.accounts.create_user(email, password, admin=admin)
    result = {
        "id": user.id,
        "email": user.email,
        "role": user.role.value,
        "verified": user.verified,
    }
    if as_json:
        print_json(result)
    else:
        out.print(f"created {user.role.value} account {user.email} ({user.id})", highlight=False)


@users_app.command("verify")
def verify(
    email: Annotated[str, typer.Argument(help="The account to mark verified.")],
    as_json: JsonFlag = False,
) -> None:
    """Mark an account's email as verified (for machines without SMTP)."""
    with reported(as_json):
        user = bootstrap.start().accounts.mark_verified(email)
    if as_json:
        print_json({"id": user.id, "email": user.email, "verified": True})
    else:
        out.print(f"{user.email} is verified", highlight=False)


@keys_app.command("rotate")
def rotate(as_json: JsonFlag = False) -> None:
    """Add a new signing key; older keys keep verifying until their tokens expire."""
    with reported(as_json):
        container = bootstrap.start()
        key = container.keyring.rotate()
        active = container.keyring.jwks()["keys"]
    if as_json:
        print_json({"kid": key.kid, "verifying": [k["kid"] for k in active]})
    else:
        out.print(f"new signing key {key.kid}; {len(active)} key(s) verify tokens", highlight=False)


@keys_app.command("list")
def list_keys(as_json: JsonFlag = False) -> None:
    """The keys that verify access tokens now (newest first)."""
    with reported(as_json):
        keys = bootstrap.start().keyring.jwks()["keys"]
    if as_json:
        print_json({"verifying": [k["kid"] for k in keys]})
    else:
        for k in keys:
            out.print(k["kid"], highlight=False)
