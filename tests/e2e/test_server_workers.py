"""`sakesensei serve api --workers 2`: two processes on one port, supervised, with the
metrics of both on /metrics whichever of them answers."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from prometheus_client.multiprocess import MultiProcessCollector

from tests.e2e.conftest import cli_env

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads the workers from /proc"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[str]
    base: str

    def workers(self) -> list[int]:
        """The live worker processes: the server's children that serve (not the helper
        multiprocessing starts to track shared resources)."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                command = (stat.parent / "cmdline").read_bytes()
            except OSError:
                continue
            mine = fields[1] == str(self.process.pid) and fields[0] != "Z"
            if mine and b"multiprocessing.spawn" in command:
                pids.append(int(stat.parent.name))
        return sorted(pids)

    def metrics(self) -> str:
        return httpx.get(f"{self.base}/metrics", timeout=10).text

    def wait_ready(self, workers: int) -> list[int]:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                out = self.process.stdout.read() if self.process.stdout else ""
                pytest.fail(f"the server exited: {out}")
            pids = self.workers()
            try:
                ready = httpx.get(f"{self.base}/readyz", timeout=1).status_code == 200
            except httpx.HTTPError:
                ready = False
            if ready and len(pids) == workers:
                return pids
            time.sleep(0.2)
        pytest.fail(f"{workers} workers did not become ready within 90 s")


def _sample(text: str, name: str, missing: float | None = None, **labels: str) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        key, _, value = line.rpartition(" ")
        metric, _, label_text = key.partition("{")
        found = ",".join(sorted(label_text.rstrip("}").split(","))) if label_text else ""
        if metric == name and found == wanted:
            return float(value)
    if missing is not None:
        return missing
    raise AssertionError(f"{name}{{{wanted}}} is not on /metrics")


def _metrics_dir(pid: int) -> Path:
    environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    [value] = [v for v in environ if v.startswith(b"PROMETHEUS_MULTIPROC_DIR=")]
    return Path(value.split(b"=", 1)[1].decode())


def _healthz_counted_by(files: list[Path]) -> float:
    """The /healthz requests recorded in the given workers' counter files."""
    total = 0.0
    for family in MultiProcessCollector.merge([str(f) for f in files]):  # type: ignore[no-untyped-call]
        for s in family.samples:
            if s.name == "sakesensei_http_requests_total" and s.labels["route"] == "/healthz":
                total += s.value
    return total


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "sakesensei", "serve", "api", "--port", str(port), "--workers", "2"],
        env=cli_env(tmp_path / "var", SAKESENSEI_LOG_LEVEL="WARNING"),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    running = Server(process, f"http://127.0.0.1:{port}")
    try:
        yield running
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=40)


def test_two_workers_share_the_port_and_report_their_metrics_together(server: Server) -> None:
    first, second = server.wait_ready(workers=2)
    before = _sample(server.metrics(), "sakesensei_http_requests_total", 0.0, method="GET", route="/healthz", status="200")  # fmt: skip
    for _ in range(40):  # a new connection each: the kernel spreads them over the workers
        assert httpx.get(f"{server.base}/healthz", timeout=5).status_code == 200

    folder = _metrics_dir(first)
    assert _metrics_dir(second) == folder
    mine = {pid: _healthz_counted_by([folder / f"counter_{pid}.db"]) for pid in (first, second)}
    assert all(count > 0 for count in mine.values()), f"one worker took every request: {mine}"
    # Whichever worker answers /metrics, it counts the requests of both.
    for _ in range(6):
        text = server.metrics()
        counted = _sample(text, "sakesensei_http_requests_total", method="GET", route="/healthz", status="200")  # fmt: skip
        assert counted == before + 40 == sum(mine.values())
        assert "sakesensei_build_info" in text and "sakesensei_cpu_limit_cores" in text
        assert _sample(text, "sakesensei_db_pool_size") > 0

    # The memory of the group is that of both workers.
    resident = _sample(server.metrics(), "process_resident_memory_bytes")
    page = os.sysconf("SC_PAGE_SIZE")
    each = [
        int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page for pid in (first, second)
    ]
    assert 0.8 * sum(each) < resident < 1.2 * sum(each)


def test_a_worker_that_dies_is_replaced_and_term_stops_them_all(server: Server) -> None:
    first, second = server.wait_ready(workers=2)
    for _ in range(10):
        httpx.get(f"{server.base}/healthz", timeout=5)
    folder = _metrics_dir(first)
    os.kill(first, signal.SIGKILL)
    pids = server.wait_ready(workers=2)
    assert second in pids and first not in pids
    # The dead worker's counts stay in the totals: counters never go back.
    text = server.metrics()
    counted = _sample(text, "sakesensei_http_requests_total", method="GET", route="/healthz", status="200")  # fmt: skip
    assert counted >= 10

    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=40) == 0
    assert server.workers() == []
    assert not folder.exists()


def test_workers_stop_when_their_parent_is_killed(server: Server) -> None:
    workers = server.wait_ready(workers=2)
    server.process.kill()  # as the kernel's OOM killer would: no chance to stop them
    server.process.wait(timeout=10)
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{pid}").exists() for pid in workers):
        statuses = [Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
                    for pid in workers if Path(f"/proc/{pid}").exists()]  # fmt: skip
        if statuses and all(status == "Z" for status in statuses):
            break  # ended, waiting only to be reaped
        assert time.monotonic() < deadline, "a worker outlived its parent by 30 s"
        time.sleep(0.2)


def test_a_taken_port_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "sakesensei",
                "serve",
                "api",
                "--port",
                str(port),
                "--workers",
                "2",
            ],
            env=cli_env(tmp_path / "var"),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode != 0
    assert re.search(
        rf"cannot serve on 127\.0\.0\.1:{port}: .*in use", result.stdout + result.stderr
    )
    assert "Traceback" not in result.stderr
