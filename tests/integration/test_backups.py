"""Backups against real databases (SQLite and PostgreSQL) and a real blob folder."""

from __future__ import annotations

import errno
import json
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, insert, select, text

from sakesensei.adapters.sql import migrate, tables
from sakesensei.bootstrap import Container
from sakesensei.domain.backups import RetentionPolicy
from sakesensei.domain.errors import Conflict, InvalidInput, StorageUnavailable
from sakesensei.services import backups as backups_module
from tests.support.databases import fresh_postgres_database, sqlite_copy
from tests.support.instances import instance_container


@pytest.fixture(params=["sqlite", "postgresql"])
def site(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[Container]:
    """A migrated, empty database of each kind, a blob folder and a backup folder."""
    if request.param == "sqlite":
        container = instance_container(
            tmp_path / "var", sqlite_copy(sqlite_template, tmp_path / "live.db")
        )
        yield container
        container.close()
        return
    with fresh_postgres_database() as url:
        container = instance_container(tmp_path / "var", url)
        yield container
        container.close()


def add_sake(container: Container) -> int:
    now = datetime.now(UTC)
    with container.engine.begin() as conn:
        brewery = conn.execute(
            insert(tables.breweries).values(
                name="旭酒造", prefecture="山口県", created_at=now, updated_at=now
            )
        ).inserted_primary_key[0]
        sake = conn.execute(
            insert(tables.sakes).values(
                brewery_id=brewery,
                name="獺祭 純米大吟醸45",
                category="純米大吟醸",
                tags=[],
                aroma=["fruity"],
                pairings=[{"dish": "刺身", "why": "clean"}],
                temperatures=["冷酒"],
                search_text="dassai",
                created_at=now,
                updated_at=now,
            )
        ).inserted_primary_key[0]
    return int(sake)


def add_user(container: Container, sake_id: int, n: int, scan: bool = True) -> None:
    """A user with a tasting and (from revision 0003) a label scan whose photo is a blob,
    the way the service writes them: the blob first, then the rows in one transaction."""
    user_id = str(uuid.uuid4())
    now = datetime.now(UTC)
    blob_key = f"users/{user_id}/scans/{n}.jpg"
    if scan:
        container.blobs.put(blob_key, f"photo {n}".encode() * 50, "image/jpeg")
    with container.engine.begin() as conn:
        conn.execute(
            insert(tables.users).values(
                id=user_id,
                email=f"user{n}@example.com",
                password_hash="x",
                verified=True,
                role="user",
                failed_logins=0,
                created_at=now,
            )
        )
        conn.execute(
            insert(tables.tastings).values(
                id=str(uuid.uuid4()),
                user_id=user_id,
                sake_id=sake_id,
                rating=1 + n % 5,
                notes=f"note {n} 香りが華やか",
                tasted_on=date(2026, 1, 1 + n % 28),
                created_at=now,
            )
        )
        if scan:
            conn.execute(
                insert(tables.label_scans).values(
                    id=str(uuid.uuid4()),
                    user_id=user_id,
                    blob_key=blob_key,
                    read_text="獺祭",
                    label_key="dassai",
                    matched_sake_id=sake_id,
                    confidence=0.9,
                    created_at=now,
                )
            )


def all_rows(engine: Engine) -> dict[str, set[str]]:
    """Every row of every table, as comparable text."""
    found: dict[str, set[str]] = {}
    with engine.connect() as conn:
        for table in tables.metadata.sorted_tables:
            rows = conn.execute(select(table)).mappings().all()
            found[table.name] = {json.dumps(dict(r), default=str, sort_keys=True) for r in rows}
    return found


def all_blobs(container: Container) -> dict[str, bytes]:
    return {key: container.blobs.get(key) for key in container.blobs.list_keys()}


def wipe(container: Container) -> None:
    """Lose everything: every table and every blob."""
    for key in list(container.blobs.list_keys()):
        container.blobs.delete(key)
    if container.engine.dialect.name == "sqlite":
        container.engine.dispose()
        database = Path(str(container.engine.url.database))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        return
    with container.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    container.engine.dispose()


def count(container: Container, table: str) -> int:
    with container.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def edit_manifest(container: Container, backup_id: str, change: Any) -> None:
    path = container.backups.root / backup_id / "manifest.json"
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def test_backup_while_writing_then_wipe_and_restore(site: Container) -> None:
    sake_id = add_sake(site)
    for n in range(30):
        add_user(site, sake_id, n)
    stop = threading.Event()
    written: list[int] = []
    failures: list[BaseException] = []

    def writer() -> None:
        n = 1000
        try:
            while not stop.is_set():
                add_user(site, sake_id, n)
                written.append(n)
                n += 1
        except BaseException as exc:  # surfaced below
            failures.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        _wait_for(lambda: len(written) >= 5)
        before = count(site, "users")
        busy = site.backups.create()
        during = len(written)
        _wait_for(lambda: len(written) >= during + 5)  # and the writer went on after it
    finally:
        stop.set()
        thread.join()
    assert not failures
    after = count(site, "users")

    # One moment of the database: between the counts before and after, and each user came
    # with its tasting and scan in one transaction, so a torn copy would show uneven counts.
    users = busy.tables["users"]
    assert before <= users <= after
    assert busy.tables["tastings"] == users and busy.tables["label_scans"] == users
    assert site.backups.verify(busy.id).ok

    quiet = site.backups.create()  # nothing writes now: the exact final state
    final_rows, final_blobs = all_rows(site.engine), all_blobs(site)

    wipe(site)
    report = site.backups.restore(busy.id)  # an empty database needs no --force
    assert report.revision == migrate.head_revision(site.engine)
    restored = all_rows(site.engine)
    for name, count_ in busy.tables.items():
        assert len(restored[name]) == count_, name
        assert restored[name] <= final_rows[name], f"{name} holds rows the live data never had"
    with site.engine.connect() as conn:
        orphans = conn.execute(
            text(
                "SELECT count(*) FROM tastings t LEFT JOIN users u ON u.id = t.user_id "
                "WHERE u.id IS NULL"
            )
        ).scalar_one()
        photo_keys = list(conn.execute(select(tables.label_scans.c.blob_key)).scalars())
    assert orphans == 0
    blobs = all_blobs(site)
    assert len(blobs) == busy.blobs
    assert all(blobs[key] == final_blobs[key] for key in blobs)
    assert all(key in blobs for key in photo_keys)  # every scan's photo came back

    wipe(site)
    site.backups.restore(quiet.id)
    assert all_rows(site.engine) == final_rows
    assert all_blobs(site) == final_blobs


def _wait_for(condition: Any, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the writer made no progress"
        time.sleep(0.01)


def test_restore_refuses_a_database_with_data_unless_forced(site: Container) -> None:
    sake_id = add_sake(site)
    add_user(site, sake_id, 1)
    manifest = site.backups.create()
    add_user(site, sake_id, 2)
    before = all_rows(site.engine)
    with pytest.raises(Conflict, match="--force") as info:
        site.backups.restore(manifest.id)
    assert "not touched" in str(info.value) and "users 2" in str(info.value)
    assert all_rows(site.engine) == before
    report = site.backups.restore(manifest.id, force=True)
    assert report.replaced_rows == sum(len(v) for v in before.values())
    assert count(site, "users") == 1
    assert report.blobs_not_in_backup == 1  # user 2's photo is left where it was


def test_corrupt_and_truncated_backups_are_named_and_never_restored(site: Container) -> None:
    sake_id = add_sake(site)
    add_user(site, sake_id, 1)
    manifest = site.backups.create()
    folder = site.backups.root / manifest.id
    blob = next(f for f in manifest.files if f.path.startswith("blobs/"))
    data = bytearray((folder / blob.path).read_bytes())
    data[10] ^= 0xFF
    (folder / blob.path).write_bytes(bytes(data))
    database = folder / manifest.database_file
    database.write_bytes(database.read_bytes()[: manifest.files[0].size // 2])

    report = site.backups.verify(manifest.id)
    assert not report.ok and not report.trial_restore
    assert any(blob.path in p and "corrupt" in p for p in report.problems)
    assert any(manifest.database_file in p and "truncated" in p for p in report.problems)

    add_user(site, sake_id, 2)
    before, blobs_before = all_rows(site.engine), all_blobs(site)
    with pytest.raises(InvalidInput, match="damaged") as info:
        site.backups.restore(manifest.id, force=True)
    assert blob.path in str(info.value) and "not touched" in str(info.value)
    assert all_rows(site.engine) == before and all_blobs(site) == blobs_before


def test_a_backup_without_a_readable_manifest_is_listed_as_damaged(site: Container) -> None:
    manifest = site.backups.create()
    (site.backups.root / manifest.id / "manifest.json").write_text('{"format": 1, "id": ')
    (entry,) = site.backups.entries()
    assert entry.manifest is None and "cannot be read" in (entry.problem or "")
    assert not site.backups.verify(None).ok
    with pytest.raises(InvalidInput, match="not restored"):
        site.backups.restore(manifest.id)


def test_a_backup_from_a_newer_schema_is_refused_with_both_revisions(site: Container) -> None:
    manifest = site.backups.create()
    edit_manifest(site, manifest.id, lambda d: d["database"].update(revision="0099"))
    head = migrate.head_revision(site.engine)
    report = site.backups.verify(manifest.id)
    assert any("0099" in p and f"newest is {head}" in p for p in report.problems)
    with pytest.raises(InvalidInput, match=f"revision 0099.*newest is {head}"):
        site.backups.restore(manifest.id, force=True)


def test_verify_compares_the_trial_restore_with_the_manifest(site: Container) -> None:
    sake_id = add_sake(site)
    add_user(site, sake_id, 1)
    manifest = site.backups.create()
    ok = site.backups.verify(manifest.id)
    assert ok.ok and ok.trial_restore and ok.tables["users"] == {"manifest": 1, "restored": 1}
    edit_manifest(site, manifest.id, lambda d: d["database"]["tables"].update(users=2))
    report = site.backups.verify(manifest.id)
    assert report.problems == [
        "table users: the manifest says 2 rows, the trial restore has 1 rows"
    ]


def test_an_older_backup_is_migrated_after_the_restore(site: Container) -> None:
    migrate.downgrade(site.engine, "0002")
    sake_id = add_sake(site)
    add_user(site, sake_id, 1, scan=False)
    manifest = site.backups.create()
    assert manifest.revision == "0002" and "label_scans" not in manifest.tables
    wipe(site)
    report = site.backups.restore(manifest.id)
    head = migrate.head_revision(site.engine)
    assert (report.backup_revision, report.revision) == ("0002", head)
    assert migrate.current_revision(site.engine) == head
    assert count(site, "users") == 1 and count(site, "label_scans") == 0


def test_a_full_disk_removes_the_partial_backup_and_leaves_the_data(
    site: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    sake_id = add_sake(site)
    add_user(site, sake_id, 1)
    before = all_rows(site.engine)

    def no_space(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(backups_module, "write_blob_file", no_space)
    with pytest.raises(StorageUnavailable) as info:
        site.backups.create()
    message = str(info.value)
    assert "is full" in message and "partial backup was removed" in message
    assert not [p for p in site.backups.root.iterdir() if p.name != ".lock"]
    assert all_rows(site.engine) == before
    monkeypatch.undo()
    assert site.backups.verify(site.backups.create().id).ok


def test_pruning_removes_only_scheduled_backups(site: Container) -> None:
    manual = site.backups.create()
    scheduled = site.backups.create_due(timedelta(hours=1))
    assert scheduled is not None and scheduled.trigger == "scheduled"
    assert site.backups.create_due(timedelta(hours=1)) is None  # not due yet
    assert site.backups.prune(RetentionPolicy(hourly=0, daily=0)) == [scheduled.id]
    assert [e.id for e in site.backups.entries()] == [manual.id]


def test_leftovers_of_a_killed_backup_are_cleared_by_the_next(site: Container) -> None:
    leftover = site.backups.root / ".partial-20260101T000000Z"
    (leftover / "blobs").mkdir(parents=True)
    site.backups.create()
    assert not leftover.exists()


@pytest.mark.postgres
def test_postgres_restore_is_refused_while_others_are_connected(tmp_path: Path) -> None:
    with fresh_postgres_database() as url:
        container = instance_container(tmp_path / "var", url)
        manifest = container.backups.create()
        other = create_engine(url)
        try:
            with other.connect() as conn:
                conn.execute(text("SELECT 1"))
                before = all_rows(container.engine)
                with pytest.raises(Conflict, match=r"in use by 1 other connection") as info:
                    container.backups.restore(manifest.id, force=True)
                assert "Stop the api and web" in str(info.value)
                assert all_rows(container.engine) == before
            other.dispose()
            with container.engine.connect() as one, container.engine.connect() as two:
                one.execute(text("SELECT 1"))
                two.execute(text("SELECT 1"))
            # Alone now but for our own idle pool, which does not count: it goes ahead.
            container.backups.restore(manifest.id, force=True)
        finally:
            other.dispose()
            container.close()


def test_a_backup_of_the_other_database_kind_is_refused(site: Container) -> None:
    manifest = site.backups.create()
    other = "postgresql" if site.engine.dialect.name == "sqlite" else "sqlite"
    edit_manifest(site, manifest.id, lambda d: d["database"].update(kind=other))
    with pytest.raises(InvalidInput, match=f"holds a {other} database") as info:
        site.backups.restore(manifest.id, force=True)
    assert "not touched" in str(info.value)
    report = site.backups.verify(manifest.id)
    assert not report.ok and not report.trial_restore
