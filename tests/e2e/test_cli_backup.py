"""`sakesensei backup ...` as an operator runs it, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.e2e.conftest import Cli, cli_env

PASSWORD = "Kanpai-Sake-2026!"
PHOTO = "users/someone/scans/label.jpg"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_env(request: pytest.FixtureRequest) -> dict[str, str]:
    """Nothing more for SQLite (the data folder's file); a fresh database for PostgreSQL."""
    if request.param == "sqlite":
        return {}
    return {"SAKESENSEI_DATABASE_URL": request.getfixturevalue("postgres_database")}


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def setup_site(cli: Cli, env: dict[str, str], data_dir: Path) -> None:
    """A site with the catalog, one account and one label photo."""
    if env:
        ok(cli("db", "upgrade", env=env))
    ok(cli("users", "create", "hana@example.com", "--password-stdin", stdin=PASSWORD, env=env))
    photo = data_dir / "blobs" / PHOTO
    photo.parent.mkdir(parents=True, exist_ok=True)
    photo.write_bytes(b"\xff\xd8 a label photo")


def wipe(env: dict[str, str], data_dir: Path) -> None:
    shutil.rmtree(data_dir / "blobs")
    if not env:
        for name in ("sakesensei.db", "sakesensei.db-wal", "sakesensei.db-shm"):
            (data_dir / name).unlink(missing_ok=True)
        return
    engine = create_engine(env["SAKESENSEI_DATABASE_URL"])
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def test_create_list_verify_wipe_restore(
    cli: Cli, tmp_path: Path, database_env: dict[str, str]
) -> None:
    env, data_dir = database_env, tmp_path / "var"
    setup_site(cli, env, data_dir)
    sake = json.loads(ok(cli("catalog", "stats", "--json", env=env)).stdout)["sake"]

    created = json.loads(ok(cli("backup", "create", "--json", env=env)).stdout)
    assert created["tables"]["users"] == 1 and created["tables"]["sakes"] == sake
    assert created["blobs"] == 1 and Path(created["path"]).parent == data_dir / "backups"
    listed = json.loads(ok(cli("backup", "list", "--json", env=env)).stdout)
    assert [b["id"] for b in listed["backups"]] == [created["id"]]
    verified = json.loads(ok(cli("backup", "verify", "--latest", "--json", env=env)).stdout)
    assert verified["ok"] and verified["trial_restore"] and verified["problems"] == []

    refused = cli("backup", "restore", created["id"], env=env)
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert "not touched" in refused.stderr

    wipe(env, data_dir)
    restored = json.loads(ok(cli("backup", "restore", "--latest", "--json", env=env)).stdout)
    assert restored["tables"]["users"] == 1 and restored["blobs"] == 1
    assert (data_dir / "blobs" / PHOTO).read_bytes() == b"\xff\xd8 a label photo"
    assert json.loads(ok(cli("catalog", "stats", "--json", env=env)).stdout)["sake"] == sake
    ok(cli("users", "verify", "hana@example.com", env=env))

    forced = ok(cli("backup", "restore", created["id"], "--force", env=env))
    assert f"restored backup {created['id']}" in forced.stdout


def test_a_damaged_backup_is_named_and_refused(cli: Cli, tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    setup_site(cli, {}, data_dir)
    created = json.loads(ok(cli("backup", "create", "--json")).stdout)
    photo = Path(created["path"]) / "blobs" / PHOTO
    photo.write_bytes(b"\xff\xd8 a label phot0")  # same size, one byte changed

    verify = cli("backup", "verify", created["id"])
    assert verify.returncode == 1
    assert f"blobs/{PHOTO} is corrupt" in verify.stderr and "FAILED" in verify.stderr
    as_json = json.loads(cli("backup", "verify", "--latest", "--json").stdout)
    assert not as_json["ok"] and PHOTO in as_json["problems"][0]

    restore = cli("backup", "restore", "--latest", "--force")
    assert restore.returncode == 2
    assert f"blobs/{PHOTO}" in restore.stderr and "not touched" in restore.stderr
    ok(cli("users", "verify", "hana@example.com"))


def test_ids_are_checked(cli: Cli) -> None:
    neither = cli("backup", "verify")
    assert neither.returncode == 2 and "--latest" in neither.stderr
    traversal = cli("backup", "restore", "../../etc")
    assert traversal.returncode == 2 and "not a backup id" in traversal.stderr
    missing = cli("backup", "verify", "20200101T000000Z", "--json")
    assert missing.returncode == 2
    assert json.loads(missing.stdout)["error"] == "NotFound"
    empty = cli("backup", "restore", "--latest")
    assert empty.returncode == 2 and "no backups" in empty.stderr


def test_schedule_once_takes_a_backup_only_when_due(cli: Cli) -> None:
    ok(cli("db", "upgrade"))
    first = json.loads(ok(cli("backup", "schedule", "--once", "--json")).stdout)
    assert first["created"]["trigger"] == "scheduled" and first["error"] is None
    again = json.loads(ok(cli("backup", "schedule", "--once", "--json")).stdout)
    assert again["created"] is None and 0 < again["next_in_seconds"] <= 3600
    keep_none = {"SAKESENSEI_BACKUP_KEEP_HOURLY": "0", "SAKESENSEI_BACKUP_KEEP_DAILY": "0"}
    pruned = json.loads(ok(cli("backup", "schedule", "--once", "--json", env=keep_none)).stdout)
    assert pruned["pruned"] == [first["created"]["id"]]
    manual = json.loads(ok(cli("backup", "create", "--json", env=keep_none)).stdout)
    ok(cli("backup", "schedule", "--once", env=keep_none))
    listed = json.loads(ok(cli("backup", "list", "--json")).stdout)["backups"]
    assert manual["id"] in [b["id"] for b in listed]  # never pruned: it was taken by hand


def test_schedule_runs_until_stopped(cli: Cli, tmp_path: Path) -> None:
    ok(cli("db", "upgrade"))
    process = subprocess.Popen(
        [sys.executable, "-m", "sakesensei", "backup", "schedule", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(tmp_path / "var"),
        cwd=tmp_path,
    )
    assert process.stdout is not None
    first = json.loads(process.stdout.readline())  # the first backup is taken at once
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 0
    assert first["created"]["trigger"] == "scheduled"
    assert len(list((tmp_path / "var" / "backups").glob("2*"))) == 1


# --- a full disk ---------------------------------------------------------------------

TINY_DISK = (
    'mount -t tmpfs -o size=64k tmpfs "$0" || exit 97\n'
    '"$@"; rc=$?\n'
    'echo "LEFT IN BACKUP DIR: [$(ls -A "$0" | grep -v "^.lock$" | tr "\\n" " ")]" >&2\n'
    "exit $rc\n"
)


def _on_a_tiny_disk(
    backup_dir: Path, env: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    """`backup create` with the backup folder on a 64 KiB filesystem of its own: a tmpfs
    mounted in a private mount namespace (no root needed where user namespaces are allowed);
    where they are not, a 64 KiB file size limit makes the same writes fail."""
    command = [sys.executable, "-m", "sakesensei", "backup", "create"]
    if shutil.which("unshare"):
        run = subprocess.run(
            [
                "unshare",
                "--map-root-user",
                "--mount",
                "sh",
                "-c",
                TINY_DISK,
                str(backup_dir),
                *command,
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            cwd=cwd,
        )
        if run.returncode not in (97,) and "unshare failed" not in run.stderr:
            return run

    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=cwd,
        preexec_fn=limit_file_size,
    )


def test_a_full_disk_fails_cleanly(cli: Cli, tmp_path: Path, database_env: dict[str, str]) -> None:
    data_dir, backup_dir = tmp_path / "var", tmp_path / "small-disk"
    setup_site(cli, database_env, data_dir)
    backup_dir.mkdir()
    before = ok(cli("catalog", "stats", "--json", env=database_env)).stdout
    env = {
        **cli_env(data_dir),
        **database_env,
        "SAKESENSEI_BACKUP_DIR": str(backup_dir),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    run = _on_a_tiny_disk(backup_dir, env, tmp_path)
    assert run.returncode == 4, run.stdout + run.stderr
    assert "the partial backup was removed and the live data was not touched" in run.stderr
    if "LEFT IN BACKUP DIR" in run.stderr:  # on the tmpfs: a real ENOSPC
        assert "is full" in run.stderr
        assert "LEFT IN BACKUP DIR: []" in run.stderr
    else:
        assert [p.name for p in backup_dir.iterdir() if p.name != ".lock"] == []
    assert ok(cli("catalog", "stats", "--json", env=database_env)).stdout == before
    ok(cli("users", "verify", "hana@example.com", env=database_env))
