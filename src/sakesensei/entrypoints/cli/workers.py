"""Several API processes on one port: `sakesensei serve api --workers N`.

A Python process runs Python on one CPU core at a time, so one process cannot use a
machine's other cores. With N workers the parent prepares the database once, then
starts N worker processes and looks after them:

- On Linux each worker opens a listening socket of its own on the same port
  (SO_REUSEPORT), and the kernel spreads new connections evenly over them. Elsewhere
  the workers share one socket that the parent opened.
- The workers keep their Prometheus metrics in files in one folder (prometheus_client's
  multiprocess mode), so /metrics answered by any worker counts the requests of all.
- A worker that dies is started again; one that dies at once, again and again (a port
  in use, a bad setting), stops the server with a clear message instead of a loop.
- TERM or INT stops every worker gracefully (each finishes the requests it has), then
  the parent.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import FrameType

from sakesensei.domain.errors import ConfigurationError
from sakesensei.services.worker_metrics import METRICS_DIR_ENV, PIDS_FILE

log = logging.getLogger("sakesensei.workers")

# A worker that ends sooner than this after its start counts as a failed start.
QUICK_EXIT_SECONDS = 10.0
FAILED_STARTS_LIMIT = 3
STOP_GRACE_SECONDS = 30.0
_BACKLOG = 2048

# Runs in a worker: (its number from 0, the shared socket or None to open its own).
WorkerMain = Callable[[int, "socket.socket | None"], None]


def stop_with_parent() -> None:
    """In a worker: stop gracefully (as on TERM) when the parent goes, even if it was
    killed outright, rather than serve on unsupervised."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        log.warning("the server's parent process is gone; this worker stops")
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def reuse_port_supported() -> bool:
    """Whether the kernel balances connections over sockets sharing a port (Linux)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def listening_socket(host: str, port: int, *, reuse_port: bool) -> socket.socket:
    """A TCP socket listening on host:port (IPv6 when the host is an IPv6 address)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if reuse_port:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        sock.listen(_BACKLOG)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def check_port_free(host: str, port: int) -> None:
    """ConfigurationError now, in the parent, if the port is taken by something else:
    better than N workers failing one after another. The probe joins the port group but
    never listens, so it takes none of the connections."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ConfigurationError(f"cannot serve on {host}:{port}: {exc.strerror}") from None


@dataclass
class _Worker:
    index: int
    process: BaseProcess
    started: float
    failed_starts: int = 0


@dataclass
class Supervisor:
    """Starts `count` workers running `main` and keeps them running until told to stop."""

    main: WorkerMain
    count: int
    host: str
    port: int
    metrics_dir: Path
    _shared: socket.socket | None = None
    _workers: dict[int, _Worker] = field(default_factory=dict)
    _stopping: bool = False

    def run(self) -> int:
        """Serve until TERM or INT; the exit status: 0, or 1 when workers kept failing."""
        if reuse_port_supported():
            check_port_free(self.host, self.port)
        else:
            try:
                self._shared = listening_socket(self.host, self.port, reuse_port=False)
            except OSError as exc:
                raise ConfigurationError(
                    f"cannot serve on {self.host}:{self.port}: {exc.strerror}"
                ) from None
        previous = {s: signal.signal(s, self._stop) for s in (signal.SIGTERM, signal.SIGINT)}
        status = 0
        try:
            for index in range(self.count):
                self._start(index)
            while self._workers:
                self._wait_for_any()
                status = self._look_after() or status
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            self._stop_all()
            if self._shared is not None:
                self._shared.close()
        return status

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        if not self._stopping:
            log.info("stopping %d API workers (signal %d)", len(self._workers), signum)
        self._stopping = True
        for worker in self._workers.values():
            if worker.process.pid is not None and worker.process.is_alive():
                os.kill(worker.process.pid, signal.SIGTERM)

    def _start(self, index: int, failed_starts: int = 0) -> None:
        process = multiprocessing.get_context("spawn").Process(
            target=self.main, args=(index, self._shared), name=f"sakesensei-api-{index}"
        )
        process.start()
        self._workers[index] = _Worker(index, process, time.monotonic(), failed_starts)
        self._write_pids()

    def _wait_for_any(self) -> None:
        sentinels = [w.process.sentinel for w in self._workers.values()]
        multiprocessing.connection.wait(sentinels, timeout=1.0)

    def _look_after(self) -> int:
        """Restart the workers that ended (unless stopping); 1 if one keeps failing."""
        for index, worker in list(self._workers.items()):
            if worker.process.is_alive():
                continue
            del self._workers[index]
            self._forget(worker)
            if self._stopping:
                continue
            quick = time.monotonic() - worker.started < QUICK_EXIT_SECONDS
            failed = worker.failed_starts + 1 if quick else 0
            if failed >= FAILED_STARTS_LIMIT:
                log.error(
                    "API worker %d failed %d times in a row right after starting; stopping "
                    "the server (its log says why)",
                    index,
                    failed,
                )
                self._stop(signal.SIGTERM, None)
                return 1
            log.error(
                "API worker %d (pid %s) ended with status %s; starting it again",
                index,
                worker.process.pid,
                worker.process.exitcode,
            )
            if quick:
                time.sleep(1.0)
            self._start(index, failed)
        return 0

    def _forget(self, worker: _Worker) -> None:
        """A dead worker's live gauges go; its counters stay, so totals never fall."""
        from prometheus_client import multiprocess

        if worker.process.pid is not None:
            multiprocess.mark_process_dead(  # type: ignore[no-untyped-call]
                worker.process.pid, str(self.metrics_dir)
            )
        self._write_pids()

    def _write_pids(self) -> None:
        pids = [str(w.process.pid) for w in self._workers.values() if w.process.pid]
        target = self.metrics_dir / PIDS_FILE
        partial = target.with_suffix(".tmp")
        partial.write_text("\n".join(pids) + "\n")
        partial.replace(target)

    def _stop_all(self) -> None:
        self._stopping = True
        self._stop(signal.SIGTERM, None)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for worker in self._workers.values():
            worker.process.join(max(deadline - time.monotonic(), 0.1))
            if worker.process.is_alive():
                log.warning("API worker %d did not stop in time; killing it", worker.index)
                worker.process.kill()
                worker.process.join()
        self._workers.clear()


def serve_workers(main: WorkerMain, count: int, host: str, port: int) -> int:
    """Run `count` workers on host:port until stopped; the exit status."""
    metrics_dir = Path(tempfile.mkdtemp(prefix="sakesensei-metrics-"))
    # Spawned workers take this environment: their metrics go to files in one folder.
    os.environ[METRICS_DIR_ENV] = str(metrics_dir)
    try:
        return Supervisor(main, count, host, port, metrics_dir).run()
    finally:
        os.environ.pop(METRICS_DIR_ENV, None)
        shutil.rmtree(metrics_dir, ignore_errors=True)
