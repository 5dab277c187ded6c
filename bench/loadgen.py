"""What a load generator needs: a lean HTTP/1.1 client and latency statistics.

Shared by the benchmarks in this folder (they run as scripts, so this folder is on
sys.path); tests/unit/test_bench_loadgen.py checks the arithmetic.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest value that `pct`% of the values are at or below."""
    if not values:
        return math.nan
    if not 0 < pct <= 100:
        raise ValueError(f"percentile must be in (0, 100], not {pct}")
    ordered = sorted(values)
    rank = math.ceil(pct / 100 * len(ordered))
    return ordered[max(rank, 1) - 1]


@dataclass
class RouteStats:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[str, int] = field(default_factory=dict)

    def add(self, status: str, ms: float, error: bool) -> None:
        self.latencies_ms.append(ms)
        self.statuses[status] = self.statuses.get(status, 0) + 1
        self.errors += error

    def summary(self, seconds: float) -> dict[str, Any]:
        lat = self.latencies_ms
        return {
            "requests": len(lat),
            "errors": self.errors,
            "requests_per_second": round(len(lat) / seconds, 1) if seconds else 0.0,
            "p50_ms": _ms(percentile(lat, 50)),
            "p95_ms": _ms(percentile(lat, 95)),
            "p99_ms": _ms(percentile(lat, 99)),
            "max_ms": _ms(max(lat, default=math.nan)),
            "statuses": dict(sorted(self.statuses.items())),
        }


def _ms(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 2)


def combined(stats: dict[str, RouteStats], names: Sequence[str]) -> RouteStats:
    total = RouteStats()
    for name in names:
        part = stats.get(name)
        if part is not None:
            total.latencies_ms.extend(part.latencies_ms)
            total.errors += part.errors
            for status, count in part.statuses.items():
                total.statuses[status] = total.statuses.get(status, 0) + count
    return total


class Connection:
    """One keep-alive HTTP/1.1 connection, one request at a time, as a browser tab uses it.

    Written on asyncio streams because httpx's AsyncClient spends more time in its own pool
    than the server needs to answer once 100 requests are in flight: it measured itself.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, target: str, headers: dict[str, str], body: bytes | None
    ) -> tuple[int, bytes]:
        reused = self._writer is not None
        try:
            return await self._exchange(method, target, headers, body)
        except (ConnectionError, asyncio.IncompleteReadError):
            if not reused:
                raise
        # The server closes a keep-alive connection left idle past its timeout (uvicorn: 5 s);
        # like a browser, send once more on a new connection.
        await self.close()
        return await self._exchange(method, target, headers, body)

    async def _exchange(
        self, method: str, target: str, headers: dict[str, str], body: bytes | None
    ) -> tuple[int, bytes]:
        if self._writer is None or self._reader is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        lines = [f"{method} {target} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        if body is not None:
            lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
        self._writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b""))
        await self._writer.drain()
        head = await self._reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        fields = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip()
        if fields.get("transfer-encoding", "").lower() == "chunked":
            content = await self._chunks(self._reader)
        else:
            content = await self._reader.readexactly(int(fields.get("content-length", "0")))
        if fields.get("connection", "").lower() == "close":
            await self.close()
        return int(status_line.split()[1]), content

    @staticmethod
    async def _chunks(reader: asyncio.StreamReader) -> bytes:
        parts: list[bytes] = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                # Trailer lines, if any, end with an empty line like the headers do.
                while await reader.readuntil(b"\r\n") != b"\r\n":
                    pass
                return b"".join(parts)
            parts.append((await reader.readexactly(size + 2))[:-2])

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None
