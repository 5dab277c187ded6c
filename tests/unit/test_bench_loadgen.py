"""The load generator's arithmetic and HTTP parsing (bench/loadgen.py); no timing is asserted."""

from __future__ import annotations

import asyncio
import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType

import pytest


def _loadgen() -> ModuleType:
    # bench/ holds scripts, not a package: load the helper module from its file.
    path = Path(__file__).parents[2] / "bench" / "loadgen.py"
    spec = importlib.util.spec_from_file_location("bench_loadgen", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


loadgen = _loadgen()


@pytest.mark.parametrize(
    ("pct", "expected"), [(50, 50.0), (95, 95.0), (99, 99.0), (100, 100.0), (0.5, 1.0)]
)
def test_nearest_rank_percentiles_of_1_to_100(pct: float, expected: float) -> None:
    values = [float(v) for v in range(100, 0, -1)]  # unsorted on purpose
    assert loadgen.percentile(values, pct) == expected


def test_percentiles_of_few_values_and_none() -> None:
    assert loadgen.percentile([7.0], 99) == 7.0
    assert loadgen.percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.0
    assert loadgen.percentile([1.0, 2.0, 3.0, 4.0], 51) == 3.0
    assert math.isnan(loadgen.percentile([], 50))
    with pytest.raises(ValueError):
        loadgen.percentile([1.0], 0)


def test_route_stats_summarise_and_combine() -> None:
    fast, slow = loadgen.RouteStats(), loadgen.RouteStats()
    for ms in range(1, 101):
        fast.add("200", float(ms), False)
    slow.add("500", 1000.0, True)
    summary = loadgen.combined({"a": fast, "b": slow}, ["a", "b"]).summary(seconds=2.0)
    assert summary["requests"] == 101 and summary["errors"] == 1
    assert summary["requests_per_second"] == 50.5
    assert (summary["p50_ms"], summary["p99_ms"], summary["max_ms"]) == (51.0, 100.0, 1000.0)
    assert summary["statuses"] == {"200": 100, "500": 1}
    assert loadgen.RouteStats().summary(1.0)["p99_ms"] is None


def test_the_client_reads_sized_and_chunked_answers_on_one_connection() -> None:
    answers = [
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}",
        b"HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        b"HTTP/1.1 204 No Content\r\n\r\n",
    ]

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for answer in answers:
            head = await reader.readuntil(b"\r\n\r\n")
            if b"Content-Length: 2" in head:
                await reader.readexactly(2)
            writer.write(answer)
            await writer.drain()
        writer.close()

    async def run() -> list[tuple[int, bytes]]:
        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        connection = loadgen.Connection("127.0.0.1", port)
        got = [
            await connection.request("GET", "/a", {}, None),
            await connection.request("POST", "/b", {"X-Test": "1"}, b"{}"),
            await connection.request("DELETE", "/c", {}, None),
        ]
        await connection.close()
        server.close()
        await server.wait_closed()
        return got

    assert asyncio.run(run()) == [(200, b"{}"), (201, b"abc"), (204, b"")]


def test_the_client_reconnects_once_when_the_server_closed_an_idle_connection() -> None:
    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()
        writer.close()  # as uvicorn does after its keep-alive timeout

    async def run() -> list[int]:
        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        connection = loadgen.Connection("127.0.0.1", server.sockets[0].getsockname()[1])
        statuses = []
        for _ in range(3):
            status, _body = await connection.request("GET", "/", {}, None)
            statuses.append(status)
            await asyncio.sleep(0.01)
        await connection.close()
        server.close()
        await server.wait_closed()
        return statuses

    assert asyncio.run(run()) == [200, 200, 200]
