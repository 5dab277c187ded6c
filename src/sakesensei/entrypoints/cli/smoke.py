"""`sakesensei smoke --base-url URL`: check a live deployment end to end, after a deploy."""

from __future__ import annotations

from typing import Annotated

import typer

from sakesensei.entrypoints.cli.output import err, out, print_json
from sakesensei.entrypoints.cli.smoke_checks import Outcome, Smoke, Unreachable

# Exit codes: 0 every check passed (some may be skipped); 1 a check failed; 2 the URL is
# not one; 4 nothing answers there.
EXIT_FAILED = 1
EXIT_BAD_URL = 2
EXIT_UNREACHABLE = 4

_MARK = {
    "ok": "[green]ok[/]     ",
    "failed": "[bold red]FAILED[/] ",
    "skipped": "[yellow]skipped[/]",
}


def smoke(
    base_url: Annotated[
        str, typer.Option("--base-url", help="Where the API answers, e.g. https://sake.example.")
    ],
    timeout: Annotated[float, typer.Option(min=1, help="Seconds to wait for each answer.")] = 30.0,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Check a running deployment: health, readiness, a throwaway account (erased
    afterwards), picks, search, the chat stream and metrics. Exits 1 naming what failed."""
    with Smoke(base_url, timeout=timeout) as run:
        try:
            run.reach()
        except Unreachable as exc:
            code = EXIT_BAD_URL if "is not an http" in str(exc) else EXIT_UNREACHABLE
            if as_json:
                print_json({"base_url": base_url, "ok": False, "error": str(exc), "checks": []})
            else:
                err.print(f"[bold red]error:[/] {exc}", highlight=False)
            raise typer.Exit(code) from None
        outcomes: list[Outcome] = []
        for outcome in run.run():
            outcomes.append(outcome)
            if not as_json:
                out.print(
                    f"{_MARK[outcome.status]} {outcome.check:<8} {outcome.detail} "
                    f"[dim]({outcome.ms:.0f} ms)[/]",
                    highlight=False,
                )
    failed = [o.check for o in outcomes if o.status == "failed"]
    if as_json:
        print_json(
            {
                "base_url": run.base_url,
                "ok": not failed,
                "failed": failed,
                "checks": [o.as_json() for o in outcomes],
            }
        )
    else:
        passed = sum(o.status == "ok" for o in outcomes)
        skipped = len(outcomes) - passed - len(failed)
        summary = f"smoke test of {run.base_url}: {passed} checks ok"
        summary += f", {skipped} skipped" if skipped else ""
        if failed:
            err.print(f"{summary}; FAILED: {', '.join(failed)}", highlight=False)
        else:
            out.print(summary, highlight=False)
    if failed:
        raise typer.Exit(EXIT_FAILED)
