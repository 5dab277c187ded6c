"""`sakesensei backup create|list|verify|restore|schedule`: backups with verified restore.

Backups go to SAKESENSEI_BACKUP_DIR (default: the data folder's backups/), one folder per
backup named by its UTC time, each with a manifest of row counts and sha256 checksums.
"""

from __future__ import annotations

import json
import signal
import sys
from typing import Annotated, Any

import typer

from sakesensei import bootstrap
from sakesensei.domain.backups import Manifest
from sakesensei.domain.errors import InvalidInput
from sakesensei.entrypoints.cli.output import (
    EXIT_PROBLEMS,
    err,
    out,
    print_json,
    progress_bar,
    reported,
)
from sakesensei.services.backup_reports import BackupEntry
from sakesensei.services.backup_schedule import Tick

app = typer.Typer(help="Back up, verify and restore the database and images.", no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
BackupId = Annotated[
    str | None,
    typer.Argument(help="A backup id from `sakesensei backup list`.", show_default=False),
]
Latest = Annotated[bool, typer.Option("--latest", help="Use the newest backup.")]


def _chosen(backup_id: str | None, latest: bool) -> str | None:
    """The id to use, or None for the newest; exactly one of the two must be given."""
    if backup_id and latest:
        raise InvalidInput("give a backup id or --latest, not both")
    if not backup_id and not latest:
        raise InvalidInput("name the backup: an id from `sakesensei backup list`, or --latest")
    return backup_id


def _megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f} MB"


def manifest_summary(manifest: Manifest) -> dict[str, Any]:
    return {
        "id": manifest.id,
        "created_at": manifest.created_at.isoformat(),
        "trigger": manifest.trigger,
        "database": manifest.database_kind,
        "revision": manifest.revision,
        "rows": sum(manifest.tables.values()),
        "tables": manifest.tables,
        "blobs": manifest.blobs,
        "bytes": manifest.size,
        "seconds": round(manifest.seconds, 3),
    }


@app.command()
def create(as_json: JsonFlag = False) -> None:
    """Take a backup now, while the service keeps running."""
    with reported(as_json):
        container = bootstrap.build_container()
        backups = container.backups
        with progress_bar(not as_json) as progress:
            manifest = backups.create(progress)
    folder = backups.root / manifest.id
    if as_json:
        print_json({**manifest_summary(manifest), "path": str(folder)})
        return
    out.print(
        f"backup {manifest.id}: {sum(manifest.tables.values()):,} rows in "
        f"{len(manifest.tables)} tables and {manifest.blobs:,} images, "
        f"{_megabytes(manifest.size)} in {manifest.seconds:.1f} s -> {folder}",
        highlight=False,
        markup=False,
    )


@app.command("list")
def list_(as_json: JsonFlag = False) -> None:
    """Every backup in the backup folder, oldest first."""
    with reported(as_json):
        container = bootstrap.build_container()
        entries = container.backups.entries()
    if as_json:
        print_json(
            {"folder": str(container.backups.root), "backups": [e.as_dict() for e in entries]}
        )
        return
    if not entries:
        out.print(f"no backups in {container.backups.root} yet", highlight=False, markup=False)
        return
    for entry in entries:
        out.print(_entry_line(entry), highlight=False, markup=False)


def _entry_line(entry: BackupEntry) -> str:
    m = entry.manifest
    if m is None:
        return f"{entry.id}  DAMAGED: {entry.problem}"
    return (
        f"{entry.id}  {m.trigger:<9}  {m.database_kind:<10}  revision {m.revision or '-'}  "
        f"{sum(m.tables.values()):>10,} rows  {m.blobs:>6,} images  {_megabytes(m.size):>10}"
    )


@app.command()
def verify(backup_id: BackupId = None, latest: Latest = False, as_json: JsonFlag = False) -> None:
    """Check every checksum, then restore into a scratch database and compare the rows."""
    with reported(as_json):
        chosen = _chosen(backup_id, latest)
        container = bootstrap.build_container()
        with progress_bar(not as_json) as progress:
            report = container.backups.verify(chosen, progress)
    if as_json:
        print_json(report.as_dict())
    elif report.ok:
        rows = sum(v["restored"] or 0 for v in report.tables.values())
        out.print(
            f"backup {report.id} is sound: {report.files_checked:,} files match their checksums "
            f"and a trial restore holds the {rows:,} rows of the manifest ({report.seconds:.1f} s)",
            highlight=False,
            markup=False,
        )
    else:
        for problem in report.problems:
            err.print(f"backup {report.id}: {problem}", highlight=False, markup=False)
        err.print(f"backup {report.id} FAILED verification", highlight=False, markup=False)
    if not report.ok:
        raise typer.Exit(EXIT_PROBLEMS)


@app.command()
def restore(
    backup_id: BackupId = None,
    latest: Latest = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a database that holds data.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Replace the database with a backup and put its images back, then migrate it.

    Refuses a database that holds data unless --force, and (PostgreSQL) one that other
    processes are connected to: stop the api and web first.
    """
    with reported(as_json):
        chosen = _chosen(backup_id, latest)
        container = bootstrap.build_container()
        with progress_bar(not as_json) as progress:
            report = container.backups.restore(chosen, force=force, progress=progress)
    if as_json:
        print_json(report.as_dict())
        return
    migrated = (
        f", migrated from revision {report.backup_revision} to {report.revision}"
        if report.backup_revision != report.revision
        else ""
    )
    out.print(
        f"restored backup {report.id}: {sum(report.tables.values()):,} rows and "
        f"{report.blobs:,} images{migrated} ({report.seconds:.1f} s)",
        highlight=False,
        markup=False,
    )
    if report.blobs_not_in_backup:
        out.print(
            f"{report.blobs_not_in_backup:,} images in the blob store are not in the backup; "
            "they were left in place",
            highlight=False,
            markup=False,
        )


@app.command()
def schedule(
    once: Annotated[
        bool, typer.Option("--once", help="Take a backup if one is due, prune, and exit.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Take a backup every interval and prune old ones, until stopped.

    The interval is SAKESENSEI_BACKUP_INTERVAL_MINUTES (default 60); pruning keeps
    SAKESENSEI_BACKUP_KEEP_HOURLY (24) hourly and SAKESENSEI_BACKUP_KEEP_DAILY (7) daily
    backups. Backups taken by `backup create` are never pruned.
    """
    with reported(as_json):
        container = bootstrap.build_container()
        scheduler = container.backup_scheduler()

    def report(tick: Tick) -> None:
        if as_json:  # one JSON object per line, for log collectors
            sys.stdout.write(json.dumps(_tick_dict(tick), ensure_ascii=False) + "\n")
            sys.stdout.flush()
            return
        if tick.created is not None:
            out.print(f"backup {tick.created.id} taken", highlight=False)
        if tick.pruned:
            out.print(f"pruned {', '.join(tick.pruned)}", highlight=False)
        if tick.error:
            err.print(f"backup failed: {tick.error}", highlight=False, markup=False)
        if not once:
            out.print(f"next check in {int(tick.wait.total_seconds())} s", highlight=False)

    if once:
        tick = scheduler.tick()
        report(tick)
        if tick.error:
            raise typer.Exit(4)
        return
    if not as_json:
        out.print(
            f"backing up every {scheduler.interval} into {container.backups.root}, keeping "
            f"{scheduler.policy.hourly} hourly and {scheduler.policy.daily} daily; Ctrl-C stops",
            highlight=False,
            markup=False,
        )
    signal.signal(signal.SIGTERM, lambda *_: scheduler.stop(0))
    try:
        scheduler.run(report)
    except KeyboardInterrupt:
        scheduler.stop(0)


def _tick_dict(tick: Tick) -> dict[str, Any]:
    return {
        "created": manifest_summary(tick.created) if tick.created else None,
        "pruned": tick.pruned,
        "error": tick.error,
        "next_in_seconds": round(tick.wait.total_seconds(), 1),
    }
