"""Which backups the retention policy keeps, and the scheduler over simulated days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sakesensei.domain.backups import (
    Dated,
    Manifest,
    RetentionPolicy,
    apply_retention,
)
from sakesensei.domain.errors import InvalidInput, StorageUnavailable
from sakesensei.services.backup_schedule import RETRY, BackupScheduler

START = datetime(2026, 12, 1, 0, 30, tzinfo=UTC)


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, by: timedelta) -> None:
        self.now += by


class FakeBackups:
    """The backup folder as the scheduler sees it: ids and times, kept in memory."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.made: dict[str, datetime] = {}
        self.fail_next = 0

    def create_due(self, interval: timedelta) -> Manifest | None:
        latest = self.latest_scheduled()
        if latest is not None and self.clock() - latest < interval:
            return None
        if self.fail_next:
            self.fail_next -= 1
            raise StorageUnavailable("the disk holding /backups is full")
        backup_id = self.clock().strftime("%Y%m%dT%H%M%SZ")
        self.made[backup_id] = self.clock()
        return Manifest(
            id=backup_id,
            created_at=self.clock(),
            app_version="test",
            trigger="scheduled",
            database_kind="sqlite",
            database_file="database.sqlite3",
            revision="0003",
            tables={"users": 1},
            files=(),
            blobs=0,
        )

    def prune(self, policy: RetentionPolicy) -> list[str]:
        verdict = apply_retention([Dated(i, t) for i, t in self.made.items()], policy)
        for backup_id in verdict.prune:
            del self.made[backup_id]
        return verdict.prune

    def latest_scheduled(self) -> datetime | None:
        return max(self.made.values(), default=None)


def hourly(count: int, start: datetime = START) -> list[Dated]:
    return [Dated(f"b{i:04d}", start + timedelta(hours=i)) for i in range(count)]


def test_keeps_the_newest_of_each_hour_and_day() -> None:
    backups = hourly(24 * 10)  # ten days of hourly backups
    verdict = apply_retention(backups, RetentionPolicy(hourly=24, daily=7))
    kept = sorted(verdict.keep)
    newest = backups[-24:]
    assert {b.id for b in newest} <= set(kept)  # the last 24 hours, every one
    days = {b.created_at.date() for b in backups if b.id in verdict.keep}
    assert len(days) == 7  # and one per day for a week
    assert len(kept) == 24 + 6  # today's newest counts both as hourly and daily
    assert len(verdict.prune) == len(backups) - len(kept)
    assert verdict.prune == sorted(verdict.prune)  # oldest first
    assert verdict.keep[backups[-1].id] == ["hourly", "daily"]


def test_the_daily_backup_is_the_last_of_its_day() -> None:
    backups = hourly(48)
    verdict = apply_retention(backups, RetentionPolicy(hourly=0, daily=2))
    kept = [b for b in backups if b.id in verdict.keep]
    assert [b.created_at.hour for b in kept] == [23, 23]


def test_two_backups_in_one_hour_keep_only_the_newer() -> None:
    a = Dated("a", START)
    b = Dated("b", START + timedelta(minutes=20))
    verdict = apply_retention([a, b], RetentionPolicy(hourly=24, daily=7))
    assert set(verdict.keep) == {"b"} and verdict.prune == ["a"]


def test_a_long_pause_never_prunes_the_newest_backups() -> None:
    old = hourly(30)  # then the scheduler was stopped for a month
    verdict = apply_retention(old, RetentionPolicy(hourly=24, daily=7))
    assert {b.id for b in old[-24:]} <= set(verdict.keep)


def test_zero_keeps_nothing_scheduled() -> None:
    verdict = apply_retention(hourly(5), RetentionPolicy(hourly=0, daily=0))
    assert verdict.keep == {} and len(verdict.prune) == 5


def test_scheduler_over_ten_simulated_days() -> None:
    clock = FakeClock(START)
    backups = FakeBackups(clock)
    scheduler = BackupScheduler(backups, clock, timedelta(hours=1), RetentionPolicy(24, 7))
    ticks = 0
    while clock() < START + timedelta(days=10):
        tick = scheduler.tick()
        ticks += 1
        assert tick.error is None
        assert tick.wait <= timedelta(hours=1)
        clock.advance(max(tick.wait, timedelta(seconds=1)))
    assert ticks == 24 * 10  # one backup an hour, no busy loop
    kept = sorted(backups.made.values())
    assert len(kept) == 24 + 6
    assert kept[-24:] == [clock() - timedelta(hours=h) for h in range(24, 0, -1)]
    assert len({t.date() for t in kept}) == 7


def test_scheduler_waits_for_the_interval_after_an_existing_backup() -> None:
    clock = FakeClock(START)
    backups = FakeBackups(clock)
    backups.made["earlier"] = START - timedelta(minutes=40)
    scheduler = BackupScheduler(backups, clock, timedelta(hours=1), RetentionPolicy())
    tick = scheduler.tick()
    assert tick.created is None and tick.wait == timedelta(minutes=20)
    clock.advance(tick.wait)
    assert scheduler.tick().created is not None


def test_scheduler_retries_soon_after_a_failure() -> None:
    clock = FakeClock(START)
    backups = FakeBackups(clock)
    backups.fail_next = 1
    scheduler = BackupScheduler(backups, clock, timedelta(hours=1), RetentionPolicy())
    tick = scheduler.tick()
    assert tick.created is None and "full" in (tick.error or "")
    assert tick.wait == RETRY
    clock.advance(tick.wait)
    assert scheduler.tick().created is not None


def manifest_dict(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "format": 1,
        "id": "20261201T003000Z",
        "created_at": "2026-12-01T00:30:00+00:00",
        "app_version": "0.1.0",
        "trigger": "manual",
        "database": {
            "kind": "sqlite",
            "file": "database.sqlite3",
            "revision": "0003",
            "tables": {"users": 2},
        },
        "blobs": 0,
        "files": [{"path": "database.sqlite3", "bytes": 10, "sha256": "ab"}],
    }
    data.update(changes)
    return data


def test_manifest_round_trip() -> None:
    manifest = Manifest.from_dict(manifest_dict(), "manifest.json")
    assert Manifest.from_dict(manifest.as_dict(), "again") == manifest


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"format": 9}, "format 9"),
        ({"files": [{"path": "../../etc/passwd", "bytes": 1, "sha256": "x"}]}, "leaves"),
        ({"files": [{"path": "/etc/passwd", "bytes": 1, "sha256": "x"}]}, "leaves"),
        ({"database": {"kind": "sqlite"}}, "missing field"),
        ({"trigger": "cron"}, "cron"),
        ({"created_at": "yesterday"}, "yesterday"),
    ],
)
def test_bad_manifests_are_refused_with_the_reason(
    changes: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInput, match=r"backups/x/manifest\.json") as info:
        Manifest.from_dict(manifest_dict(**changes), "backups/x/manifest.json")
    assert message in str(info.value)
