"""`sakesensei blocklist add|remove|list`: refuse requests from addresses and ranges.

A change reaches every API replica within 10 seconds: they re-read the list from the
database that often.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from sakesensei import bootstrap
from sakesensei.domain.operations import BlockRule
from sakesensei.entrypoints.cli.output import out, print_json, reported
from sakesensei.services.blocklist import add_block, list_blocks, remove_block

app = typer.Typer(help="Block IP addresses and CIDR ranges from the API.", no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
Network = Annotated[
    str, typer.Argument(help="An address (203.0.113.7) or range (198.51.100.0/24).")
]


def rule_dict(rule: BlockRule) -> dict[str, Any]:
    return {
        "network": rule.network,
        "reason": rule.reason,
        "created_at": rule.created_at.isoformat(),
        "created_by": rule.created_by,
    }


@app.command("add")
def add(
    network: Network,
    reason: Annotated[
        str | None, typer.Option(help="Why, for whoever reads the list later.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Block an address or range (written to the audit log)."""
    with reported(as_json):
        container = bootstrap.start()
        rule = add_block(
            container.uow, network, reason, actor_id=None, via="cli", now=bootstrap.utc_now
        )
    if as_json:
        print_json(rule_dict(rule))
    else:
        out.print(f"blocked {rule.network}", highlight=False)


@app.command("remove")
def remove(network: Network, as_json: JsonFlag = False) -> None:
    """Lift a block (written to the audit log)."""
    with reported(as_json):
        container = bootstrap.start()
        removed = remove_block(
            container.uow, network, actor_id=None, via="cli", now=bootstrap.utc_now
        )
    if as_json:
        print_json({"removed": removed})
    else:
        out.print(f"unblocked {removed}", highlight=False)


@app.command("list")
def list_(as_json: JsonFlag = False) -> None:
    """Show every blocked address and range."""
    with reported(as_json):
        rules = list_blocks(bootstrap.start().uow)
    if as_json:
        print_json([rule_dict(rule) for rule in rules])
        return
    if not rules:
        out.print("the blocklist is empty", highlight=False)
    for rule in rules:
        when = rule.created_at.strftime("%Y-%m-%d %H:%M")
        out.print(f"{rule.network:<43} {when}  {rule.reason or ''}".rstrip(), highlight=False)
