"""The backup folder on disk: one sub-folder per backup, its manifest, checksums and a lock.

backups/
  .lock                      held while a backup is made, pruned, verified or restored
  20261201T140000Z/
    manifest.json            written last: a folder without one is not a backup
    database.sqlite3         or database.pgdump
    blobs/users/<id>/scans/<id>.jpg
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sakesensei.domain.backups import BackupFile, Manifest
from sakesensei.domain.errors import Conflict, InvalidInput
from sakesensei.ports import ProgressFn

MANIFEST = "manifest.json"
BLOBS = "blobs"
LOCK_FILE = ".lock"
PARTIAL_PREFIX = ".partial-"
SCRATCH_PREFIX = ".scratch-"
CHUNK = 1 << 20
ID_PATTERN = re.compile(r"^\d{8}T\d{6}Z(?:-\d+)?$")
DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
DISK_FULL_WORDS = ("no space left", "disk is full", "file too large", "quota exceeded")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_synced(path: Path, data: bytes) -> None:
    """Write a file and make sure it reached the disk before we call the backup done."""
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def write_blob_file(path: Path, data: bytes) -> None:
    """One image into the backup (flushed to disk with the rest before the manifest)."""
    path.write_bytes(data)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_directory(path: Path) -> None:
    """Make a rename inside `path` durable."""
    fsync_file(path)


def write_manifest(folder: Path, manifest: Manifest) -> None:
    text = json.dumps(manifest.as_dict(), ensure_ascii=False, indent=2) + "\n"
    write_synced(folder / MANIFEST, text.encode("utf-8"))


def read_manifest(folder: Path) -> Manifest:
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(f"{path} is missing: the backup is incomplete") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"{path} cannot be read: {exc}") from None
    manifest = Manifest.from_dict(data, str(path))
    if manifest.id != folder.name:
        raise InvalidInput(f"{path} describes backup {manifest.id}, not {folder.name}")
    return manifest


def checked_id(backup_id: str) -> str:
    if not ID_PATTERN.match(backup_id):
        raise InvalidInput(
            f"{backup_id!r} is not a backup id; ids are UTC times such as 20261201T140000Z "
            "(see `sakesensei backup list`)"
        )
    return backup_id


def new_backup_id(root: Path, now: datetime) -> str:
    """A UTC timestamp, with -2, -3... when a backup of the same second exists."""
    base = now.strftime("%Y%m%dT%H%M%SZ")
    candidate, n = base, 1
    while (root / candidate).exists() or (root / f"{PARTIAL_PREFIX}{candidate}").exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def backup_folders(root: Path) -> list[Path]:
    """Every finished-looking backup folder, oldest first (ids sort by time)."""
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if p.is_dir() and ID_PATTERN.match(p.name)]
    return sorted(found, key=lambda p: _id_key(p.name))


def _id_key(backup_id: str) -> tuple[str, int]:
    stamp, _, n = backup_id.partition("-")
    return stamp, int(n or 1)


def remove_leftovers(root: Path) -> list[str]:
    """Partial backups and scratch folders left by a process that was killed mid-way.

    Only called with the folder lock held, so nothing else is writing them."""
    removed = []
    if root.is_dir():
        for path in root.iterdir():
            if path.name.startswith((PARTIAL_PREFIX, SCRATCH_PREFIX)):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path.name)
    return removed


@dataclass(frozen=True, slots=True)
class FileCheck:
    checked: int
    problems: list[str]


def check_files(folder: Path, files: tuple[BackupFile, ...], progress: ProgressFn) -> FileCheck:
    """Compare every file with its size and sha256 in the manifest; each problem names a file."""
    problems: list[str] = []
    for i, entry in enumerate(files, 1):
        path = folder / entry.path
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            problems.append(f"{entry.path} is missing")
            continue
        if size != entry.size:
            how = "truncated" if size < entry.size else "longer than it was"
            problems.append(
                f"{entry.path} is {how}: {size:,} bytes where the manifest says {entry.size:,}"
            )
        else:
            actual = sha256_file(path)
            if actual != entry.sha256:
                problems.append(
                    f"{entry.path} is corrupt: its sha256 is {actual[:12]}... where the manifest "
                    f"says {entry.sha256[:12]}..."
                )
        progress("checksums", i, len(files))
    return FileCheck(len(files), problems)


def is_disk_full(exc: BaseException) -> bool:
    """An error anywhere in the chain that says the disk (or a file size limit) is full."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in DISK_FULL_ERRNOS:
            return True
        if any(word in str(seen).lower() for word in DISK_FULL_WORDS):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def free_bytes(path: Path) -> int | None:
    try:
        return shutil.disk_usage(path).free
    except OSError:
        return None


@contextmanager
def folder_lock(root: Path, timeout: float) -> Iterator[None]:
    """One backup operation at a time per backup folder, across processes and replicas
    that share it (flock: advisory, released when the process dies)."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / LOCK_FILE
    with path.open("a+") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    raise Conflict(
                        f"another backup operation ({holder}) is using {root}; "
                        "try again when it is done"
                    ) from None
                time.sleep(0.2)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}")
            handle.flush()
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
