"""What the backup commands report: a backup in the folder, a verification, a restore."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sakesensei.domain.backups import Manifest


@dataclass(frozen=True, slots=True)
class BackupEntry:
    """A folder in the backup directory: its manifest, or why it cannot be read."""

    id: str
    path: Path
    manifest: Manifest | None
    problem: str | None = None

    def as_dict(self) -> dict[str, Any]:
        if self.manifest is None:
            return {"id": self.id, "path": str(self.path), "ok": False, "problem": self.problem}
        m = self.manifest
        return {
            "id": self.id,
            "path": str(self.path),
            "ok": True,
            "created_at": m.created_at.isoformat(),
            "trigger": m.trigger,
            "database": m.database_kind,
            "revision": m.revision,
            "rows": sum(m.tables.values()),
            "blobs": m.blobs,
            "bytes": m.size,
            "app_version": m.app_version,
        }


@dataclass(slots=True)
class VerifyReport:
    id: str
    files_checked: int = 0
    problems: list[str] = field(default_factory=list)
    trial_restore: bool = False
    tables: dict[str, dict[str, int | None]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "ok": self.ok,
            "files_checked": self.files_checked,
            "trial_restore": self.trial_restore,
            "tables": self.tables,
            "problems": self.problems,
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True, slots=True)
class RestoreReport:
    id: str
    backup_revision: str | None
    revision: str | None
    tables: dict[str, int]
    blobs: int
    blobs_not_in_backup: int
    replaced_rows: int
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "backup_revision": self.backup_revision,
            "revision": self.revision,
            "rows": sum(self.tables.values()),
            "tables": self.tables,
            "blobs": self.blobs,
            "blobs_not_in_backup": self.blobs_not_in_backup,
            "replaced_rows": self.replaced_rows,
            "seconds": round(self.seconds, 3),
        }
