"""The backup scheduler: a backup every interval (hourly by default), then pruning by policy.

Runs as `sakesensei backup schedule` or as a thread of the api process. Each tick asks the
backup folder, under its lock, whether a backup is due, so several schedulers sharing a
folder take one backup per interval between them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sakesensei.domain.backups import Manifest, RetentionPolicy
from sakesensei.domain.errors import SakeSenseiError

log = logging.getLogger("sakesensei.backups")

# After a failed backup (a full disk, the database down), try again this soon rather than
# waiting a whole interval: the RPO is counted from the last backup that worked.
RETRY = timedelta(minutes=5)


class ScheduledBackups(Protocol):
    def create_due(self, interval: timedelta) -> Manifest | None: ...

    def prune(self, policy: RetentionPolicy) -> list[str]: ...

    def latest_scheduled(self) -> datetime | None: ...


@dataclass(slots=True)
class Tick:
    """What one pass of the scheduler did, and how long until the next one."""

    created: Manifest | None = None
    pruned: list[str] = field(default_factory=list)
    error: str | None = None
    wait: timedelta = timedelta(0)


class BackupScheduler:
    def __init__(
        self,
        backups: ScheduledBackups,
        clock: Callable[[], datetime],
        interval: timedelta,
        policy: RetentionPolicy,
    ) -> None:
        self._backups = backups
        self._clock = clock
        self.interval = interval
        self.policy = policy
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self) -> Tick:
        """Take a backup if one is due, prune, and say when to come back."""
        tick = Tick()
        try:
            tick.created = self._backups.create_due(self.interval)
            tick.pruned = self._backups.prune(self.policy)
            latest = self._backups.latest_scheduled()
        except Exception as exc:  # the loop must outlive any one failure; the log says why
            log.error(
                "scheduled backup failed: %s", exc, exc_info=not isinstance(exc, SakeSenseiError)
            )
            tick.error = str(exc)
            tick.wait = RETRY
            return tick
        if tick.created is not None:
            log.info(
                "scheduled backup %s taken: %d rows, %d images",
                tick.created.id,
                sum(tick.created.tables.values()),
                tick.created.blobs,
            )
        if tick.pruned:
            log.info("pruned %d old backup(s): %s", len(tick.pruned), ", ".join(tick.pruned))
        due = (latest + self.interval) if latest is not None else self._clock()
        tick.wait = max(due - self._clock(), timedelta(0))
        return tick

    def run(self, on_tick: Callable[[Tick], None] | None = None) -> None:
        """Tick until stop() is called."""
        while not self._stop.is_set():
            tick = self.tick()
            if on_tick is not None:
                on_tick(tick)
            # A floor of a second, so a clock that jumps back cannot make the loop spin.
            self._stop.wait(max(tick.wait.total_seconds(), 1.0))

    def start(self) -> None:
        """Run in a background thread (the api's lifespan starts and stops it)."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self.run, name="backup-scheduler", daemon=True)
        self._thread.start()
        log.info(
            "backup scheduler started: every %s, keeping %d hourly and %d daily",
            self.interval,
            self.policy.hourly,
            self.policy.daily,
        )

    def stop(self, timeout: float | None = None) -> None:
        """Ask the loop to end and wait for a backup in progress to finish."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
