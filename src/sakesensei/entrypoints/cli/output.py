"""Shared CLI plumbing: JSON or human output, progress bars, errors mapped to exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sakesensei.domain.errors import (
    ConfigurationError,
    Conflict,
    InvalidInput,
    NotFound,
    SakeSenseiError,
    StorageUnavailable,
)

# Exit codes: 0 done; 1 done but something was rejected or found wrong; 2 bad input or
# usage; 3 configuration; 4 storage unreachable; 5 any other error of ours.
EXIT_PROBLEMS = 1
_EXIT_CODES: tuple[tuple[type[SakeSenseiError], int], ...] = (
    (InvalidInput, 2),
    (Conflict, 2),
    (NotFound, 2),
    (ConfigurationError, 3),
    (StorageUnavailable, 4),
)

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def fail(exc: SakeSenseiError, as_json: bool) -> NoReturn:
    code = next((c for kind, c in _EXIT_CODES if isinstance(exc, kind)), 5)
    if as_json:
        print_json({"error": type(exc).__name__, "message": str(exc)})
    else:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
    raise typer.Exit(code)


@contextmanager
def reported(as_json: bool) -> Iterator[None]:
    """Run a command body; our errors become a message and an exit code, never a traceback."""
    try:
        yield
    except SakeSenseiError as exc:
        fail(exc, as_json)


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Callable[[str, int, int], None]]:
    """A progress callback drawing on stderr, or a silent one when output must stay clean."""
    if not enabled or not err.is_terminal:
        yield lambda stage, done, total: None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update
