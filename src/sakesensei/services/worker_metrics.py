"""/metrics of a server that runs several worker processes (`serve api --workers N`).

A scrape reaches one worker, yet should count for all of them. So each worker records
into files in one shared folder (prometheus_client's multiprocess mode, switched on by
PROMETHEUS_MULTIPROC_DIR, which the parent sets before it starts the workers), and the
worker that answers adds the files of all up. What files cannot hold is made for the
whole group when scraped: the CPU time and memory of every live worker, read from /proc.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from prometheus_client import CollectorRegistry, ProcessCollector
from prometheus_client.exposition import generate_latest
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

METRICS_DIR_ENV = "PROMETHEUS_MULTIPROC_DIR"
# Written by the parent: the live workers' process ids, one per line.
PIDS_FILE = "workers.pids"


def shared_metrics_dir() -> str | None:
    """The folder the workers of this server share, or None in a single process."""
    return os.environ.get(METRICS_DIR_ENV) or None


def live_worker_pids(folder: str) -> list[int]:
    try:
        text = (Path(folder) / PIDS_FILE).read_text()
    except OSError:
        return []
    return [int(word) for word in text.split() if word.isdigit()]


# How the workers' process_* values make the group's: memory, CPU time and open files add
# up, the group started when its first worker did, and the lowest file limit binds.
_COMBINE = {
    "process_start_time_seconds": min,
    "process_max_fds": min,
}


class ProcessGroupCollector(Collector):
    """The process_* metrics of all live workers together (Linux /proc; elsewhere none,
    like prometheus_client's own ProcessCollector)."""

    def __init__(self, folder: str) -> None:
        self._folder = folder

    def collect(self) -> Iterator[Metric]:
        pids = live_worker_pids(self._folder) or [os.getpid()]
        values: dict[str, list[float]] = {}
        families: dict[str, Metric] = {}
        for pid in pids:
            for family in ProcessCollector(
                pid=functools.partial(str, pid), registry=None
            ).collect():
                families.setdefault(family.name, family)
                for sample in family.samples:
                    values.setdefault(sample.name, []).append(sample.value)
        for name, family in families.items():
            merged = Metric(name, family.documentation, family.type)
            for sample in family.samples:
                combine = _COMBINE.get(sample.name, sum)
                merged.add_sample(sample.name, {}, combine(values[sample.name]))
            yield merged


def render_shared(folder: str, local: Iterable[Collector]) -> bytes:
    """The exposition of every worker's recorded metrics, added up, and of `local`
    collectors (those made when scraped)."""
    registry = CollectorRegistry(auto_describe=True)
    MultiProcessCollector(registry, path=folder)  # type: ignore[no-untyped-call]
    for collector in local:
        registry.register(collector)
    return generate_latest(registry)
