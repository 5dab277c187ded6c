"""Backups as records: the manifest of one backup, and which backups a retention policy keeps."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any, Literal

from sakesensei.domain.errors import InvalidInput

MANIFEST_FORMAT = 1
Trigger = Literal["manual", "scheduled"]
TRIGGERS: tuple[Trigger, ...] = ("manual", "scheduled")


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    """What one consistent copy of the database holds: its schema revision and rows per table."""

    revision: str | None
    tables: dict[str, int]

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


@dataclass(frozen=True, slots=True)
class BackupFile:
    path: str  # relative to the backup folder, with forward slashes
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class Manifest:
    """manifest.json of one backup: enough to check it and to restore it."""

    id: str
    created_at: datetime
    app_version: str
    trigger: Trigger
    database_kind: str  # "sqlite" or "postgresql"
    database_file: str
    revision: str | None
    tables: dict[str, int]
    files: tuple[BackupFile, ...]
    blobs: int
    seconds: float = 0.0
    format: int = MANIFEST_FORMAT

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "id": self.id,
            "created_at": self.created_at.isoformat(),
            "app_version": self.app_version,
            "trigger": self.trigger,
            "database": {
                "kind": self.database_kind,
                "file": self.database_file,
                "revision": self.revision,
                "tables": dict(sorted(self.tables.items())),
            },
            "blobs": self.blobs,
            "bytes": self.size,
            "seconds": round(self.seconds, 3),
            "files": [{"path": f.path, "bytes": f.size, "sha256": f.sha256} for f in self.files],
        }

    @classmethod
    def from_dict(cls, data: Any, where: str) -> Manifest:
        """Parse a manifest; InvalidInput naming `where` and the field when it is malformed."""
        try:
            if not isinstance(data, Mapping):
                raise ValueError("it is not a JSON object")
            fmt = int(data["format"])
            if fmt > MANIFEST_FORMAT:
                raise ValueError(
                    f"it is in backup format {fmt}; this version reads format {MANIFEST_FORMAT}"
                )
            database = data["database"]
            trigger = data.get("trigger", "manual")
            if trigger not in TRIGGERS:
                raise ValueError(f"unknown trigger {trigger!r}")
            files = tuple(
                BackupFile(safe_relative_path(f["path"]), int(f["bytes"]), str(f["sha256"]))
                for f in data["files"]
            )
            created = datetime.fromisoformat(data["created_at"])
            return cls(
                id=str(data["id"]),
                created_at=created if created.tzinfo else created.replace(tzinfo=UTC),
                app_version=str(data.get("app_version", "unknown")),
                trigger=trigger,
                database_kind=str(database["kind"]),
                database_file=safe_relative_path(database["file"]),
                revision=None if database["revision"] is None else str(database["revision"]),
                tables={str(k): int(v) for k, v in database["tables"].items()},
                files=files,
                blobs=int(data.get("blobs", 0)),
                seconds=float(data.get("seconds", 0.0)),
                format=fmt,
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            detail = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc)
            raise InvalidInput(f"{where} is not a valid backup manifest: {detail}") from None


def safe_relative_path(text: object) -> str:
    """A path inside the backup folder: relative, forward slashes, no '..' (ValueError if not)."""
    if not isinstance(text, str) or not text:
        raise ValueError(f"file path {text!r} is not a non-empty string")
    path = PurePosixPath(text)
    if path.is_absolute() or "\\" in text or any(p in ("..", ".", "") for p in path.parts):
        raise ValueError(f"file path {text!r} leaves the backup folder")
    return str(path)


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """How many scheduled backups to keep: the newest of each of the last `hourly` hours and
    of the last `daily` days that have one (the same backup may count for both)."""

    hourly: int = 24
    daily: int = 7


@dataclass(frozen=True, slots=True)
class Dated:
    id: str
    created_at: datetime


@dataclass(slots=True)
class Retention:
    """The verdict of a policy over a set of backups."""

    keep: dict[str, list[str]] = field(default_factory=dict)  # id -> why ("hourly", "daily")
    prune: list[str] = field(default_factory=list)  # oldest first


def apply_retention(backups: Iterable[Dated], policy: RetentionPolicy) -> Retention:
    """Keep the newest backup of each of the most recent hours and days that have backups.

    Counting buckets that hold a backup (rather than the last N hours of the clock) means a
    scheduler that was stopped for a week still finds its newest backups when it restarts,
    instead of pruning all of them as too old.
    """
    newest_first = sorted(backups, key=lambda b: (b.created_at, b.id), reverse=True)
    result = Retention()
    for reason, limit, bucket_format in (
        ("hourly", policy.hourly, "%Y-%m-%dT%H"),
        ("daily", policy.daily, "%Y-%m-%d"),
    ):
        seen: set[str] = set()
        for backup in newest_first:
            bucket = backup.created_at.astimezone(UTC).strftime(bucket_format)
            if bucket in seen or len(seen) >= limit:
                continue
            seen.add(bucket)
            result.keep.setdefault(backup.id, []).append(reason)
    result.prune = [b.id for b in reversed(newest_first) if b.id not in result.keep]
    return result
