"""The `sakesensei` command: `sakesensei --help` lists everything."""

from __future__ import annotations

from typing import Annotated

import typer

from sakesensei import bootstrap
from sakesensei.entrypoints.cli import (
    accounts,
    backup,
    blocklist,
    catalog,
    evaluate,
    identify,
    mcp_stdio,
    smoke,
)
from sakesensei.entrypoints.cli.output import out, print_json, reported
from sakesensei.entrypoints.cli.serve import serve_app, up

app = typer.Typer(
    help="Sake Sensei (酒先生): a self-hostable AI sake sommelier.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema migrations.", no_args_is_help=True)

app.add_typer(catalog.app, name="catalog")
app.add_typer(db_app, name="db")
app.add_typer(serve_app, name="serve")
app.add_typer(accounts.users_app, name="users")
app.add_typer(accounts.keys_app, name="keys")
app.add_typer(blocklist.app, name="blocklist")
app.add_typer(backup.app, name="backup")
app.command()(up)
app.command("eval")(evaluate.eval_command)
app.command("identify")(identify.identify)
app.command("mcp")(mcp_stdio.mcp_command)
app.command("smoke")(smoke.smoke)


@db_app.command("upgrade")
def db_upgrade(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Apply every pending migration (SQLite or PostgreSQL, from SAKESENSEI_DATABASE_URL)."""
    with reported(as_json):
        container = bootstrap.build_container()
        before, _ = container.database_revision()
        container.upgrade_database()
        after, head = container.database_revision()
    if as_json:
        print_json({"from": before, "to": after, "head": head})
    else:
        out.print(f"database at revision {after} (was {before or 'empty'})", highlight=False)


@db_app.command("current")
def db_current(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Show the schema revision the database is at, and the newest one this version knows."""
    with reported(as_json):
        current, head = bootstrap.build_container().database_revision()
    if as_json:
        print_json({"current": current, "head": head, "up_to_date": current == head})
    else:
        out.print(f"current {current or 'none'}, head {head}", highlight=False)


def run() -> None:
    app()
