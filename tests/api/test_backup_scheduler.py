"""The backup scheduler inside the api process: on with a setting, tied to the lifespan."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from sakesensei.entrypoints.api.app import create_app
from sakesensei.services.backup_schedule import BackupScheduler
from tests.support.instances import instance_container
from tests.support.servers import serve


def test_the_api_takes_scheduled_backups_when_enabled(tmp_path: Path) -> None:
    container = instance_container(tmp_path / "var", backup_schedule=True)
    app = create_app(container)
    scheduler: BackupScheduler = app.state.backup_scheduler
    with serve(app) as base:
        assert httpx.get(f"{base}/healthz").status_code == 200
        deadline = time.monotonic() + 60
        while not container.backups.entries():  # the first tick backs up straight away
            assert time.monotonic() < deadline, "no scheduled backup appeared"
            time.sleep(0.05)
        assert scheduler._thread is not None and scheduler._thread.is_alive()
    deadline = time.monotonic() + 60  # the server's shutdown may outlast serve()'s wait
    while scheduler._thread is not None:  # stopped with the server
        assert time.monotonic() < deadline, "the scheduler outlived the server"
        time.sleep(0.05)
    (entry,) = container.backups.entries()
    assert entry.manifest is not None and entry.manifest.trigger == "scheduled"
    assert container.backups.verify(entry.id).ok
    container.close()


def test_the_scheduler_is_off_by_default(tmp_path: Path) -> None:
    container = instance_container(tmp_path / "var")
    app = create_app(container)
    assert app.state.backup_scheduler is None
    with serve(app) as base:
        assert httpx.get(f"{base}/healthz").status_code == 200
    assert not container.backups.entries()
    container.close()
