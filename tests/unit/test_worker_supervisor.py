"""The supervisor of `serve api --workers`: a worker that cannot start stops the server
instead of being started again forever."""

from __future__ import annotations

import functools
import socket
from pathlib import Path

from sakesensei.entrypoints.cli.workers import FAILED_STARTS_LIMIT, Supervisor


def _fail_at_once(starts: Path, index: int, shared: socket.socket | None) -> None:
    with starts.open("a") as f:
        f.write(f"worker {index}\n")
    raise SystemExit(3)  # as a worker does whose settings or port are unusable


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_worker_failing_right_after_each_start_stops_the_server(tmp_path: Path) -> None:
    starts = tmp_path / "starts.txt"
    main = functools.partial(_fail_at_once, starts)
    supervisor = Supervisor(main, 1, "127.0.0.1", _free_port(), tmp_path)
    assert supervisor.run() == 1
    # Started again after each failure, then given up on.
    assert starts.read_text().splitlines() == ["worker 0"] * FAILED_STARTS_LIMIT
    assert (tmp_path / "workers.pids").read_text().strip() == ""
