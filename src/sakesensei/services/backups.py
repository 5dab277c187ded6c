"""Backups of the database and the image blobs: create, list, verify, restore and prune.

A backup is the database as of one moment (SQLite's online backup API or pg_dump, while the
service keeps running) and then every blob in the store. Blobs are written before the rows
that name them, so every blob the snapshot refers to already exists when it is copied.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import TypeVar

from sakesensei.domain.backups import (
    BackupFile,
    Dated,
    Manifest,
    RetentionPolicy,
    Trigger,
    apply_retention,
    safe_relative_path,
)
from sakesensei.domain.errors import (
    ConfigurationError,
    Conflict,
    InvalidInput,
    NotFound,
    SakeSenseiError,
    StorageUnavailable,
)
from sakesensei.ports import BlobStore, DatabaseSnapshots, ProgressFn
from sakesensei.services.backup_files import (
    BLOBS,
    PARTIAL_PREFIX,
    SCRATCH_PREFIX,
    backup_folders,
    check_files,
    checked_id,
    folder_lock,
    free_bytes,
    fsync_directory,
    fsync_file,
    is_disk_full,
    new_backup_id,
    read_manifest,
    remove_leftovers,
    sha256_file,
    write_blob_file,
    write_manifest,
)
from sakesensei.services.backup_reports import BackupEntry, RestoreReport, VerifyReport

# Blobs copied at once: enough to keep an object store busy, few enough for a small disk.
BLOB_WORKERS = 8
_Item = TypeVar("_Item")
_Result = TypeVar("_Result")


def no_progress(stage: str, done: int, total: int) -> None:
    return None


class Backups:
    def __init__(
        self,
        database: DatabaseSnapshots,
        blobs: BlobStore,
        root: Path,
        clock: Callable[[], datetime],
        app_version: str,
        lock_timeout: float = 600.0,
    ) -> None:
        self.database = database
        self.blobs = blobs
        self.root = root
        self._clock = clock
        self._app_version = app_version
        self._lock_timeout = lock_timeout

    def _lock(self) -> AbstractContextManager[None]:
        return folder_lock(self.root, self._lock_timeout)

    # --- create ------------------------------------------------------------------------

    def create(self, progress: ProgressFn = no_progress, trigger: Trigger = "manual") -> Manifest:
        """Take a backup now."""
        with self._lock():
            return self._create(progress, trigger)

    def create_due(
        self, interval: timedelta, progress: ProgressFn = no_progress
    ) -> Manifest | None:
        """Take a scheduled backup unless one was taken less than `interval` ago.

        Checked under the folder lock, so replicas sharing the folder take one between them."""
        with self._lock():
            latest = self.latest_scheduled()
            if latest is not None and self._clock() - latest < interval:
                return None
            return self._create(progress, "scheduled")

    def _create(self, progress: ProgressFn, trigger: Trigger) -> Manifest:
        remove_leftovers(self.root)
        started = time.perf_counter()
        created_at = self._clock()
        backup_id = new_backup_id(self.root, created_at)
        partial = self.root / f"{PARTIAL_PREFIX}{backup_id}"
        try:
            partial.mkdir(parents=True)
            db_path = partial / self.database.file_name
            info = self.database.snapshot(db_path, progress)
            fsync_file(db_path)
            files = [
                BackupFile(self.database.file_name, db_path.stat().st_size, sha256_file(db_path))
            ]
            files += self._copy_blobs(partial, progress)
            # One flush of everything written, rather than an fsync per image.
            os.sync()
            manifest = Manifest(
                id=backup_id,
                created_at=created_at,
                app_version=self._app_version,
                trigger=trigger,
                database_kind=self.database.kind,
                database_file=self.database.file_name,
                revision=info.revision,
                tables=info.tables,
                files=tuple(files),
                blobs=len(files) - 1,
                seconds=time.perf_counter() - started,
            )
            write_manifest(partial, manifest)
            partial.rename(self.root / backup_id)
            fsync_directory(self.root)
        except (SakeSenseiError, OSError) as exc:
            shutil.rmtree(partial, ignore_errors=True)
            raise self._failure(backup_id, exc) from exc
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        return manifest

    def _copy_blobs(self, folder: Path, progress: ProgressFn) -> list[BackupFile]:
        keys = sorted(self.blobs.list_keys())

        def copy(key: str) -> BackupFile | None:
            relative = f"{BLOBS}/{key}"
            try:
                safe_relative_path(relative)
            except ValueError as exc:
                raise InvalidInput(
                    f"the blob store holds a key that is unsafe as a file name: {exc}"
                ) from None
            try:
                data = self.blobs.get(key)
            except NotFound:  # deleted since the listing: gone from the live data too
                return None
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            write_blob_file(path, data)
            return BackupFile(relative, len(data), hashlib.sha256(data).hexdigest())

        copied = _in_parallel(copy, keys, lambda done: progress("images", done, len(keys)))
        return [f for f in copied if f is not None]

    def _failure(self, backup_id: str, exc: BaseException) -> SakeSenseiError:
        kept = "the partial backup was removed and the live data was not touched"
        if is_disk_full(exc):
            free = free_bytes(self.root)
            room = f" ({free / 1e6:,.1f} MB free now)" if free is not None else ""
            return StorageUnavailable(
                f"backup {backup_id} failed: the disk holding {self.root} is full{room}; {kept}. "
                "Free some space, remove old backups, or set SAKESENSEI_BACKUP_DIR to a larger "
                f"disk. The cause: {exc}"
            )
        message = f"backup {backup_id} failed; {kept}: {exc}"
        if isinstance(exc, ConfigurationError):
            return ConfigurationError(message)
        return StorageUnavailable(message)

    # --- list --------------------------------------------------------------------------

    def entries(self) -> list[BackupEntry]:
        """Every backup, oldest first, damaged ones included (with what is wrong)."""
        entries = []
        for folder in backup_folders(self.root):
            try:
                entries.append(BackupEntry(folder.name, folder, read_manifest(folder)))
            except InvalidInput as exc:
                entries.append(BackupEntry(folder.name, folder, None, str(exc)))
        return entries

    def get(self, backup_id: str | None) -> BackupEntry:
        """One backup by id; the newest one when `backup_id` is None."""
        entries = self.entries()
        if backup_id is None:
            if not entries:
                raise NotFound(f"there are no backups in {self.root} yet")
            return entries[-1]
        checked_id(backup_id)
        for entry in entries:
            if entry.id == backup_id:
                return entry
        raise NotFound(f"there is no backup {backup_id} in {self.root}")

    def latest_scheduled(self) -> datetime | None:
        dates = [
            e.manifest.created_at
            for e in self.entries()
            if e.manifest is not None and e.manifest.trigger == "scheduled"
        ]
        return max(dates, default=None)

    # --- verify ------------------------------------------------------------------------

    def verify(self, backup_id: str | None, progress: ProgressFn = no_progress) -> VerifyReport:
        """Checksums of every file, then a trial restore with the rows compared."""
        started = time.perf_counter()
        with self._lock():
            entry = self.get(backup_id)
            report = VerifyReport(entry.id)
            manifest = entry.manifest
            if manifest is None:
                report.problems.append(entry.problem or "the manifest cannot be read")
                return report
            checked = check_files(entry.path, manifest.files, progress)
            report.files_checked = checked.checked
            report.problems += checked.problems
            report.problems += self._restorability(manifest)
            if not report.problems:
                self._trial_restore(entry.path, manifest, report, progress)
        report.seconds = time.perf_counter() - started
        return report

    def _restorability(self, manifest: Manifest) -> list[str]:
        problems = []
        if manifest.database_kind != self.database.kind:
            problems.append(
                f"it holds a {manifest.database_kind} database and the configured database is "
                f"{self.database.kind}: it can only be restored into {manifest.database_kind}"
            )
        known = self.database.known_revisions()
        if manifest.revision is not None and manifest.revision not in known:
            problems.append(
                f"it was made at schema revision {manifest.revision}, which this version of Sake "
                f"Sensei does not know (its newest is {known[-1] if known else 'none'}): it comes "
                "from a newer version; restore it with that version or a later one"
            )
        return problems

    def _trial_restore(
        self, folder: Path, manifest: Manifest, report: VerifyReport, progress: ProgressFn
    ) -> None:
        scratch = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=self.root))
        try:
            restored = self.database.trial_restore(
                folder / manifest.database_file, scratch, progress
            )
        except InvalidInput as exc:
            report.problems.append(f"the trial restore failed: {exc}")
            return
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        report.trial_restore = True
        for name in sorted(set(manifest.tables) | set(restored.tables)):
            expected, found = manifest.tables.get(name), restored.tables.get(name)
            report.tables[name] = {"manifest": expected, "restored": found}
            if expected != found:
                report.problems.append(
                    f"table {name}: the manifest says {_rows(expected)}, "
                    f"the trial restore has {_rows(found)}"
                )
        if restored.revision != manifest.revision:
            report.problems.append(
                f"the manifest says schema revision {manifest.revision}, "
                f"the trial restore has {restored.revision}"
            )

    # --- restore -----------------------------------------------------------------------

    def restore(
        self, backup_id: str | None, force: bool = False, progress: ProgressFn = no_progress
    ) -> RestoreReport:
        """Replace the live database (and add the blobs) with a backup, then migrate it."""
        started = time.perf_counter()
        with self._lock():
            entry = self.get(backup_id)
            manifest = entry.manifest
            refused = f"backup {entry.id} was not restored and the live data was not touched"
            if manifest is None:
                raise InvalidInput(f"{refused}: {entry.problem}")
            problems = self._restorability(manifest)
            if problems:
                raise InvalidInput(f"{refused}: " + "; ".join(problems))
            checked = check_files(entry.path, manifest.files, progress)
            if checked.problems:
                raise InvalidInput(
                    f"{refused}: the backup is damaged: "
                    + "; ".join(checked.problems[:5])
                    + (
                        f" (and {len(checked.problems) - 5} more)"
                        if len(checked.problems) > 5
                        else ""
                    )
                )
            live_rows = self._refuse_busy_or_full(entry.id, force, refused)
            blob_files = [f for f in manifest.files if f.path.startswith(f"{BLOBS}/")]
            try:
                # Blobs first: adding them cannot hurt the live data, and the database then
                # switches over in one step, to rows whose images are already in place.
                self._put_blobs(entry.path, blob_files, progress)
                self.database.restore(entry.path / manifest.database_file, progress)
            except (SakeSenseiError, OSError) as exc:
                raise StorageUnavailable(
                    f"{refused} (the restore failed and the database was left as it was; "
                    f"some of the backup's images may have been added to the blob store): {exc}"
                ) from exc
            try:
                revision = self.database.upgrade()
            except Exception as exc:
                raise StorageUnavailable(
                    f"backup {entry.id} was restored, but migrating it from revision "
                    f"{manifest.revision} failed: {exc}; run `sakesensei db upgrade` to retry"
                ) from exc
            in_backup = {str(PurePosixPath(f.path).relative_to(BLOBS)) for f in blob_files}
            extra = sum(1 for key in self.blobs.list_keys() if key not in in_backup)
        return RestoreReport(
            id=entry.id,
            backup_revision=manifest.revision,
            revision=revision,
            tables=self.database.live_tables(),
            blobs=len(blob_files),
            blobs_not_in_backup=extra,
            replaced_rows=live_rows,
            seconds=time.perf_counter() - started,
        )

    def _put_blobs(self, folder: Path, files: list[BackupFile], progress: ProgressFn) -> None:
        def put(item: BackupFile) -> None:
            key = str(PurePosixPath(item.path).relative_to(BLOBS))
            content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
            self.blobs.put(key, (folder / item.path).read_bytes(), content_type)

        _in_parallel(put, files, lambda done: progress("images", done, len(files)))

    def _refuse_busy_or_full(self, backup_id: str, force: bool, refused: str) -> int:
        """Refuse a database others are connected to, or one with rows unless forced;
        returns how many rows the restore replaces."""
        sessions = self.database.other_sessions()
        if sessions:
            shown = ", ".join(sessions[:5]) + (" ..." if len(sessions) > 5 else "")
            raise Conflict(
                f"{refused}: {self.database.describe()} is in use by {len(sessions)} other "
                f"connection(s): {shown}. Stop the api and web processes and any "
                "`sakesensei backup schedule`, then restore again"
            )
        tables = self.database.live_tables()
        rows = sum(tables.values())
        if rows and not force:
            biggest = sorted(tables.items(), key=lambda kv: -kv[1])[:4]
            listed = ", ".join(f"{name} {count:,}" for name, count in biggest if count)
            raise Conflict(
                f"{refused}: {self.database.describe()} already holds {rows:,} rows ({listed}) "
                f"and restoring backup {backup_id} replaces all of them. Run again with --force "
                "to replace them (take `sakesensei backup create` first to keep a copy)"
            )
        return rows

    # --- prune -------------------------------------------------------------------------

    def prune(self, policy: RetentionPolicy) -> list[str]:
        """Remove scheduled backups the policy does not keep; manual ones always stay."""
        with self._lock():
            scheduled = [
                Dated(e.id, e.manifest.created_at)
                for e in self.entries()
                if e.manifest is not None and e.manifest.trigger == "scheduled"
            ]
            verdict = apply_retention(scheduled, policy)
            for backup_id in verdict.prune:
                shutil.rmtree(self.root / checked_id(backup_id))
        return verdict.prune

    def delete(self, backup_id: str) -> None:
        with self._lock():
            entry = self.get(backup_id)
            shutil.rmtree(entry.path)


def _in_parallel(
    work: Callable[[_Item], _Result], items: Sequence[_Item], done: Callable[[int], None]
) -> list[_Result]:
    """Run `work` over the items on a few threads (an object store answers each call after a
    round trip; many in flight hide it), in order; the first failure cancels the rest."""
    results: list[_Result] = []
    with ThreadPoolExecutor(max_workers=BLOB_WORKERS, thread_name_prefix="backup") as pool:
        try:
            for result in pool.map(work, items):
                results.append(result)
                done(len(results))
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return results


def _rows(count: int | None) -> str:
    return "no such table" if count is None else f"{count:,} rows"
