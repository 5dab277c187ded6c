"""Open many concurrent chat streams against one server and print JSON: time to first
token p50/p95, full answer p50/p95, errors.

    uv run python bench/chat_load.py [--clients 100] [--rounds 3] [--signed-in 50]
                                     [--think-ms 5000 --seconds 30]
                                     [--base-url URL --email E --password P]

Each client opens a stream (POST /api/v1/chat), reads its server-sent events as they
arrive, and notes when the first `token` event came and when `done` did. By default all
clients of a round start together, so each round is a burst of --clients simultaneous
streams (the worst case: every answer queues behind the others). With --think-ms each
client is a person chatting instead: a message, the answer, a pause (exponential, that
mean) to read and type, the next message, for --seconds.
--signed-in of them chat as signed-in users (their sessions, history and memory are
written), the rest as visitors. An error is a status other than 200, an `error` event,
a stream without `done`, or a broken connection.

Without --base-url it starts `python -m sakesensei serve api` on a free port of 127.0.0.1
with a fresh SQLite data folder (the embedded default, the built-in sommelier, rate
limits off, --workers processes: by default one per CPU, as an operator would run it on
this machine) and creates verified accounts through the service layer.
The goal: first token p95 under 200 ms, no errors. Run by hand; never a timed test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from api_load import PASSWORD, create_accounts, free_port, log_in, own_server, wait_until_up
from loadgen import percentile

FIRST_TOKEN_GOAL_MS = 200.0
TIMEOUT_SECONDS = 60.0
MESSAGES = (
    "辛口で3000円以下のおすすめは？",
    "something fruity under 2000 yen for a beginner",
    "刺身に合う日本酒は？",
    "what goes with karaage?",
    "獺祭と久保田の違いは？",
    "精米歩合って何？",
    "Tell me about Dassai",
    "新潟のおすすめを教えて",
    "I don't like sweet sake. Any ideas?",
    "hello!",
)


@dataclass
class Stream:
    status: int = 0
    first_token_ms: float | None = None
    full_ms: float | None = None
    server_ttft_ms: float | None = None
    tokens: int = 0
    error: str | None = None


@dataclass
class Tally:
    streams: list[Stream] = field(default_factory=list)

    def errors(self) -> dict[str, int]:
        kinds: dict[str, int] = {}
        for s in self.streams:
            if s.error:
                kinds[s.error] = kinds.get(s.error, 0) + 1
        return kinds


async def _read_chunked(reader: asyncio.StreamReader) -> bytes | None:
    """The next chunk of a chunked body; None at its end."""
    size_line = await reader.readuntil(b"\r\n")
    size = int(size_line.split(b";")[0].strip() or b"0", 16)
    if size == 0:
        await reader.readuntil(b"\r\n")
        return None
    data = await reader.readexactly(size)
    await reader.readexactly(2)
    return data


async def one_stream(host: str, port: int, message: str, headers: dict[str, str]) -> Stream:
    """POST /api/v1/chat on a fresh connection and read its events as they come."""
    result = Stream()
    body = json.dumps({"message": message}).encode()
    lines = [
        "POST /api/v1/chat HTTP/1.1",
        f"Host: {host}:{port}",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
        "Accept: text/event-stream",
        "Connection: close",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        result.status = int(status_line.split()[1])
        if result.status != 200:
            result.error = f"http_{result.status}"
            return result
        chunked = any(
            h.lower().startswith("transfer-encoding:") and "chunked" in h.lower()
            for h in header_lines
        )
        # Only whole frames are read, and with bytes methods rather than line by line: a
        # load generator that parses slowly would add its own delay to the first tokens
        # of the streams it reads last.
        buffer = b""
        done = False
        while not done:
            chunk = await _read_chunked(reader) if chunked else await reader.read(65536)
            if not chunk:
                break
            buffer += chunk
            cut = buffer.rfind(b"\n\n")
            if cut < 0:
                continue
            frames, buffer = buffer[: cut + 2], buffer[cut + 2 :]
            tokens = frames.count(b"event: token\n")
            if tokens and result.first_token_ms is None:
                result.first_token_ms = (time.perf_counter() - started) * 1000
            result.tokens += tokens
            if b"event: error\n" in frames:
                result.error = "error_event"
            at = frames.find(b"event: done\ndata: ")
            if at >= 0:
                result.full_ms = (time.perf_counter() - started) * 1000
                data = frames[at + 18 : frames.index(b"\n", at + 18)]
                ttft = json.loads(data).get("ttft_ms")
                result.server_ttft_ms = float(ttft) if ttft is not None else None
                done = True
        if not done and result.error is None:
            result.error = "no_done_event"
        elif result.first_token_ms is None and result.error is None:
            result.error = "no_token"
    finally:
        writer.close()
    return result


@dataclass
class Plan:
    base: str
    clients: int
    rounds: int
    accounts: Sequence[dict[str, str]]
    signed_in: int
    think_s: float = 0.0  # 0: bursts; else each client chats for `seconds` with pauses
    seconds: float = 0.0


async def drive(plan: Plan) -> tuple[Tally, float]:
    url = urlparse(plan.base)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    tally = Tally()
    started = time.perf_counter()

    async def ask(number: int, rng: random.Random) -> None:
        signed_in = plan.accounts and number < plan.signed_in
        headers = plan.accounts[number % len(plan.accounts)] if signed_in else {}
        try:
            stream = await asyncio.wait_for(
                one_stream(host, port, rng.choice(MESSAGES), headers), TIMEOUT_SECONDS
            )
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            stream = Stream(error=type(exc).__name__)
        tally.streams.append(stream)

    async def chatting(number: int) -> None:
        """A person chatting: a message, the answer, a pause to read and type, again."""
        rng = random.Random(number)
        deadline = started + plan.seconds
        await asyncio.sleep(rng.uniform(0, plan.think_s))
        while time.perf_counter() < deadline:
            await ask(number, rng)
            pause = rng.expovariate(1 / plan.think_s)
            await asyncio.sleep(max(0.0, min(pause, deadline - time.perf_counter())))

    if plan.think_s:
        await asyncio.gather(*(chatting(n) for n in range(plan.clients)))
    else:
        for round_no in range(plan.rounds):
            await asyncio.gather(
                *(ask(n, random.Random(n * 1000 + round_no)) for n in range(plan.clients))
            )
    return tally, time.perf_counter() - started


def _ms(values: list[float], pct: float) -> float | None:
    return round(percentile(values, pct), 1) if values else None


def report(tally: Tally, plan: Plan, seconds: float) -> dict[str, Any]:
    first = [s.first_token_ms for s in tally.streams if s.first_token_ms is not None]
    full = [s.full_ms for s in tally.streams if s.full_ms is not None]
    server = [s.server_ttft_ms for s in tally.streams if s.server_ttft_ms is not None]
    errors = sum(1 for s in tally.streams if s.error)
    p95 = _ms(first, 95)
    return {
        "benchmark": "chat_load",
        "mode": f"sustained, think {plan.think_s:g} s" if plan.think_s else "bursts",
        "clients": plan.clients,
        "rounds": None if plan.think_s else plan.rounds,
        "streams": len(tally.streams),
        "seconds": round(seconds, 2),
        "first_token_ms": {"p50": _ms(first, 50), "p95": p95, "max": _ms(first, 100)},
        "full_answer_ms": {"p50": _ms(full, 50), "p95": _ms(full, 95), "max": _ms(full, 100)},
        "server_ttft_ms": {"p50": _ms(server, 50), "p95": _ms(server, 95)},
        "tokens_per_answer_p50": _ms([float(s.tokens) for s in tally.streams], 50),
        "errors": errors,
        "error_kinds": tally.errors(),
        "goal": {
            "first_token_p95_ms_below": FIRST_TOKEN_GOAL_MS,
            "no_errors": True,
            "met": p95 is not None and p95 < FIRST_TOKEN_GOAL_MS and errors == 0,
        },
    }


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--base-url", help="drive this running server instead of starting one")
    parser.add_argument("--email", help="a verified account on --base-url (for signed-in chats)")
    parser.add_argument("--password", help="its password")
    parser.add_argument("--clients", type=int, default=100, help="concurrent streams per round")
    parser.add_argument("--rounds", type=int, default=3, help="bursts, one after another")
    parser.add_argument(
        "--think-ms",
        type=float,
        default=0.0,
        help="instead of bursts: each client chats for --seconds, pausing this long on average",
    )
    parser.add_argument("--seconds", type=float, default=30.0, help="with --think-ms")
    parser.add_argument("--signed-in", type=int, default=50, help="clients that chat signed in")
    parser.add_argument("--accounts", type=int, default=10, help="accounts they share")
    parser.add_argument("--warm-up", type=int, default=3, help="chats before measuring")
    parser.add_argument("--log-level", default="WARNING", help="of the started server")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="processes of the started server (default: one per CPU, as an operator would run it)",
    )
    args = parser.parse_args(argv)
    if args.base_url and urlparse(args.base_url).hostname not in ("127.0.0.1", "localhost"):
        parser.error("--base-url must be on 127.0.0.1: this drives load, only at our own machine")
    return args


def run(base: str, args: argparse.Namespace, accounts: list[dict[str, str]]) -> dict[str, Any]:
    # The first answers build the sommelier's lexicon and warm the catalog: not the load.
    warm = asyncio.run(drive(Plan(base, max(args.warm_up, 0), 1, accounts, args.signed_in)))[0]
    load_before = os.getloadavg()[0]
    plan = Plan(
        base,
        args.clients,
        args.rounds,
        accounts,
        min(args.signed_in, args.clients),
        think_s=args.think_ms / 1000,
        seconds=args.seconds,
    )
    tally, seconds = asyncio.run(drive(plan))
    result = report(tally, plan, seconds)
    cpus = os.cpu_count() or 1
    result["machine"] = {
        "cpus": cpus,
        "load_average_before": round(load_before, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
        "python": platform.python_version(),
        "note": "client and server share this machine's CPUs (and other work on it)",
    }
    result["warm_up_errors"] = sum(1 for s in warm.streams if s.error)
    return result


def settle(pid: int, quiet_share: float = 0.05, limit_seconds: float = 90.0) -> None:
    """Wait until the started server has finished warming up in the background (the OCR
    models, the sommelier's lexicon): until it and its workers use under `quiet_share` of
    a CPU for a second. Measured earlier, its own start-up would count as load."""
    stat = Path(f"/proc/{pid}/stat")
    if not stat.exists():  # not Linux: a fixed wait instead
        time.sleep(20)
        return
    ticks = os.sysconf("SC_CLK_TCK")

    def cpu_seconds() -> float:
        """Of the server and its worker processes."""
        total = 0
        for path in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = path.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # a process that ended meanwhile
            if path.parent.name == str(pid) or fields[1] == str(pid):
                total += int(fields[11]) + int(fields[12])
        return total / ticks

    deadline = time.monotonic() + limit_seconds
    before = cpu_seconds()
    while time.monotonic() < deadline:
        time.sleep(1.0)
        now = cpu_seconds()
        if now - before < quiet_share:
            return
        before = now


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    try:  # the faster event loop the server also runs on, when installed
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    except ImportError:
        pass
    if args.base_url:
        base = args.base_url.rstrip("/")
        wait_until_up(base, None, None)
        accounts = [log_in(base, args.email, args.password)] if args.email else []
        result = run(base, args, accounts)
        result["server"] = {"base_url": base, "started_by_bench": False}
    else:
        port = free_port()
        overrides = {
            "SAKESENSEI_LOG_LEVEL": args.log_level,
            "SAKESENSEI_RATE_LIMIT_REQUESTS": "0",
            "SAKESENSEI_CHAT_RATE_LIMIT_REQUESTS": "0",
            "SAKESENSEI_LLM_PROVIDER": "builtin",
            "SAKESENSEI_API_WORKERS": str(args.workers),
        }
        with own_server(port, overrides) as (base, folder, pid):
            settle(pid)
            emails = [f"chat{n}@example.com" for n in range(max(args.accounts, 1))]
            create_accounts(folder / "var", emails)
            accounts = [log_in(base, e, PASSWORD) for e in emails]
            result = run(base, args, accounts)
            result["server"] = {
                "base_url": base,
                "started_by_bench": True,
                "command": (
                    f"SAKESENSEI_API_WORKERS={args.workers} "
                    f"python -m sakesensei serve api --port {port}"
                ),
                "database": "sqlite (WAL, the embedded default)",
                "workers": args.workers,
                "sommelier": "builtin",
                "rate_limits": "off",
            }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
