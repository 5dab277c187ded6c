"""Drive concurrent clients against the API and print JSON: throughput and latency per route.

    uv run python bench/api_load.py [--clients 100] [--seconds 20] [--think-ms 1000]
                                    [--base-url URL --email E --password P]

Each client is a user of the app: a request, a pause of about --think-ms (exponential,
mean 1 s), the next request, on one keep-alive connection; 100 of them offer ~100 req/s.
`--think-ms 0` makes them send back to back instead, which finds the server's ceiling:
its latency is then queueing (about clients / throughput), not the time to answer.

Without --base-url it starts `python -m sakesensei serve api` on a free port of 127.0.0.1
with a fresh SQLite data folder (the embedded default, one worker) and creates verified
accounts through the service layer. With --base-url it drives a running server: pass
--email/--password of a verified account, or it registers an unverified one (writes then
answer 403). The goal: reads (search, detail, journal list) p99 under 100 ms on SQLite.
Run by hand; never a timed test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlparse

import httpx
from loadgen import Connection, RouteStats, combined

PASSWORD = "Bench-Sake-2026!"
READ_GOAL_MS = 100.0
TIMEOUT_SECONDS = 30.0
# Searches people type: kanji, kana, romaji, English, a typo, a grade, a prefecture.
QUERIES = (
    "獺祭",
    "だっさい",
    "dassai",
    "dasai",
    "純米",
    "吟醸",
    "新潟",
    "kubota",
    "山田錦",
    "nigori",
)
# What a user of the app does most: look things up; now and then log a tasting.
MIX = (("search", 40), ("sake_detail", 40), ("tasting_list", 12), ("tasting_create", 8))
READS = ("search", "sake_detail", "tasting_list")


# ---- the server under test -------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(base: str, process: subprocess.Popen[bytes] | None, log: Path | None) -> None:
    deadline = time.monotonic() + 120  # the first start migrates and loads the catalog
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log else ""
            raise SystemExit(f"the server exited with code {process.returncode}:\n{tail}")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server at {base} did not answer /healthz within 120 s")


@contextmanager
def own_server(port: int, env_overrides: dict[str, str]) -> Iterator[tuple[str, Path, int]]:
    """`sakesensei serve api` in a temporary data folder; yields its URL, folder and pid."""
    with tempfile.TemporaryDirectory(prefix="sakesensei-bench-") as tmp:
        folder = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("SAKESENSEI_")}
        env.update({"SAKESENSEI_DATA_DIR": str(folder / "var"), **env_overrides})
        log = folder / "server.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "sakesensei", "serve", "api", "--port", str(port)],
                cwd=folder,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            base = f"http://127.0.0.1:{port}"
            try:
                wait_until_up(base, process, log)
                yield base, folder, process.pid
            finally:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def create_accounts(data_dir: Path, emails: Sequence[str]) -> None:
    """Verified accounts, made through the service layer on the server's own database."""
    from sakesensei.bootstrap import build_container
    from sakesensei.config import load_settings

    container = build_container(load_settings(data_dir=data_dir))
    try:
        for email in emails:
            container.accounts.create_user(email, PASSWORD, verified=True)
    finally:
        container.close()


def log_in(base: str, email: str, password: str) -> dict[str, str]:
    response = httpx.post(
        f"{base}/api/v1/auth/login", json={"email": email, "password": password}, timeout=30
    )
    if response.status_code != 200:
        raise SystemExit(f"cannot log in as {email}: {response.status_code} {response.text}")
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def register(base: str) -> tuple[str, str]:
    email = f"bench-{random.randrange(10**9)}@example.com"
    response = httpx.post(
        f"{base}/api/v1/auth/register", json={"email": email, "password": PASSWORD}, timeout=30
    )
    if response.status_code != 201:
        raise SystemExit(f"cannot register a bench account: {response.status_code}")
    return email, PASSWORD


def sake_ids(base: str) -> list[int]:
    """Ids to read, gathered the way a client finds them: by searching."""
    found: set[int] = set()
    for query in QUERIES:
        response = httpx.get(f"{base}/api/v1/sakes", params={"q": query, "limit": 50}, timeout=30)
        if response.status_code == 200:
            found.update(item["id"] for item in response.json()["items"])
    if not found:
        raise SystemExit("no search found any sake; is the catalog loaded?")
    return sorted(found)


def cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU time a process has used (Linux /proc); None where unknown."""
    if pid is None:
        return None
    try:
        # The command name may hold spaces; the fields after its closing parenthesis do not.
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ---- the load ----------------------------------------------------------------------------


@dataclass
class Plan:
    base: str
    clients: int
    seconds: float
    max_requests: int
    think_s: float
    accounts: list[dict[str, str]]
    ids: list[int]
    skip: set[str] = field(default_factory=set)


def probe_journal(plan: Plan, notes: list[str]) -> None:
    """Skip the journal routes, with a note, on a server that does not have them yet."""
    headers = plan.accounts[0]
    create = httpx.post(
        f"{plan.base}/api/v1/me/tastings",
        json={"sake_id": plan.ids[0], "rating": 4},
        headers=headers,
        timeout=30,
    )
    if create.status_code in (404, 405):
        plan.skip.add("tasting_create")
        notes.append(f"POST /api/v1/me/tastings answered {create.status_code}: skipped")
    elif create.status_code == 403:
        notes.append("the account is not verified, so tasting_create counts 403 errors")
    listed = httpx.get(f"{plan.base}/api/v1/me/tastings", headers=headers, timeout=30)
    if listed.status_code in (404, 405):
        plan.skip.add("tasting_list")
        notes.append(f"GET /api/v1/me/tastings answered {listed.status_code}: skipped")


def request_for(
    route: str, plan: Plan, rng: random.Random, client_no: int
) -> tuple[str, str, dict[str, str], bytes | None]:
    """(method, path with query, headers, JSON body) of one request on `route`."""
    auth = plan.accounts[client_no % len(plan.accounts)]
    if route == "search":
        return "GET", "/api/v1/sakes?" + urlencode({"q": rng.choice(QUERIES)}), {}, None
    if route == "sake_detail":
        return "GET", f"/api/v1/sakes/{rng.choice(plan.ids)}", {}, None
    if route == "tasting_list":
        return "GET", "/api/v1/me/tastings", auth, None
    body = {"sake_id": rng.choice(plan.ids), "rating": rng.randint(1, 5), "notes": "bench"}
    return "POST", "/api/v1/me/tastings", auth, json.dumps(body).encode()


async def drive(plan: Plan) -> tuple[dict[str, RouteStats], float]:
    mix = [(name, weight) for name, weight in MIX if name not in plan.skip]
    names, weights = [n for n, _ in mix], [w for _, w in mix]
    stats = {name: RouteStats() for name in names}
    budget = [plan.max_requests]
    url = urlparse(plan.base)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    started = time.perf_counter()
    deadline = started + plan.seconds

    async def client(number: int) -> None:
        rng = random.Random(number)
        connection = Connection(host, port)
        if plan.think_s:
            # Users do not all click in the same millisecond: without this the first 100
            # requests arrive as one burst and their queue is most of the measured tail.
            await asyncio.sleep(rng.uniform(0, plan.think_s))
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            route = rng.choices(names, weights)[0]
            method, target, headers, body = request_for(route, plan, rng, number)
            sent = time.perf_counter()
            try:
                status, _ = await asyncio.wait_for(
                    connection.request(method, target, headers, body), TIMEOUT_SECONDS
                )
                outcome, error = str(status), status >= 400
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
                outcome, error = type(exc).__name__, True
                await connection.close()
            stats[route].add(outcome, (time.perf_counter() - sent) * 1000, error)
            if plan.think_s:
                pause = rng.expovariate(1 / plan.think_s)
                await asyncio.sleep(max(0.0, min(pause, deadline - time.perf_counter())))
        await connection.close()

    await asyncio.gather(*(client(n) for n in range(plan.clients)))
    return stats, time.perf_counter() - started


def report(
    plan: Plan,
    stats: dict[str, RouteStats],
    elapsed: float,
    server: dict[str, Any],
    notes: list[str],
) -> dict[str, Any]:
    everything = combined(stats, list(stats))
    reads = combined(stats, READS).summary(elapsed)
    met = reads["p99_ms"] is not None and reads["p99_ms"] < READ_GOAL_MS and not reads["errors"]
    return {
        "benchmark": "api_load",
        "server": server,
        "clients": plan.clients,
        "seconds": round(elapsed, 2),
        "think_ms": round(plan.think_s * 1000),
        "routes": {name: part.summary(elapsed) for name, part in stats.items()},
        "reads": reads,
        "totals": everything.summary(elapsed),
        "goal": {"reads_p99_ms_below": READ_GOAL_MS, "met": met},
        "notes": notes,
    }


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--base-url", help="drive this running server instead of starting one")
    parser.add_argument("--email", help="a verified account on --base-url")
    parser.add_argument("--password", help="its password")
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--max-requests", type=int, default=200_000, help="stop after this many")
    parser.add_argument(
        "--think-ms", type=float, default=1000.0, help="mean pause between a client's requests"
    )
    parser.add_argument("--accounts", type=int, default=10, help="accounts the clients share")
    parser.add_argument("--port", type=int, default=0, help="for the started server (0: free)")
    parser.add_argument(
        "--rate-limit",
        action="store_true",
        help="keep the per-IP rate limit on (every client here is one IP, so it would refuse)",
    )
    parser.add_argument("--log-level", default="INFO", help="of the started server")
    args = parser.parse_args(argv)
    if args.base_url and urlparse(args.base_url).hostname not in ("127.0.0.1", "localhost"):
        parser.error("--base-url must be on 127.0.0.1: this drives load, only at our own machine")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    notes: list[str] = []
    if args.base_url:
        base = args.base_url.rstrip("/")
        wait_until_up(base, None, None)
        email, password = (args.email, args.password) if args.email else register(base)
        plan_accounts = [log_in(base, email, password)]
        server = {"base_url": base, "started_by_bench": False}
        notes.append("a running server: the rate limit and workers are its own")
        result = run(base, args, plan_accounts, server, notes)
    else:
        port = args.port or free_port()
        overrides = {"SAKESENSEI_LOG_LEVEL": args.log_level}
        if not args.rate_limit:
            overrides["SAKESENSEI_RATE_LIMIT_REQUESTS"] = "0"
        with own_server(port, overrides) as (base, folder, pid):
            emails = [f"bench{n}@example.com" for n in range(max(args.accounts, 1))]
            create_accounts(folder / "var", emails)
            plan_accounts = [log_in(base, e, PASSWORD) for e in emails]
            server = {
                "base_url": base,
                "started_by_bench": True,
                "command": f"python -m sakesensei serve api --port {port}",
                "database": "sqlite (WAL, the embedded default)",
                "workers": 1,
                "rate_limit": "on (2000 per 5 min per IP)" if args.rate_limit else "off",
                "log_level": args.log_level,
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "note": "client and server share this machine's CPUs",
            }
            result = run(base, args, plan_accounts, server, notes, pid)
    print(json.dumps(result, ensure_ascii=False, indent=2))


def run(
    base: str,
    args: argparse.Namespace,
    accounts: list[dict[str, str]],
    server: dict[str, Any],
    notes: list[str],
    server_pid: int | None = None,
) -> dict[str, Any]:
    plan = Plan(
        base=base,
        clients=args.clients,
        seconds=args.seconds,
        max_requests=args.max_requests,
        think_s=args.think_ms / 1000,
        accounts=accounts,
        ids=sake_ids(base),
    )
    probe_journal(plan, notes)
    load_before = os.getloadavg()[0]
    cpu_before = cpu_seconds(server_pid)
    stats, elapsed = asyncio.run(drive(plan))
    cpu_after = cpu_seconds(server_pid)
    result = report(plan, stats, elapsed, server, notes)
    served = result["totals"]["requests"]
    if cpu_before is not None and cpu_after is not None and served:
        # What one request costs the server, whatever else the machine was doing: one
        # worker is one core at most (the GIL), so 1000 / this is its ceiling in req/s.
        per_request = (cpu_after - cpu_before) * 1000 / served
        server["cpu_ms_per_request"] = round(per_request, 2)
        server["ceiling_requests_per_second"] = round(1000 / per_request) if per_request else None
    cpus = os.cpu_count() or 1
    result["machine"] = {
        "cpus": cpus,
        "load_average_before": round(load_before, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
    }
    if not plan.think_s:
        notes.append("no pauses: the clients queue at the server, so latency ~ clients / rps")
    if load_before > cpus:
        # Other work on the machine takes CPU from the server; its numbers then say little.
        notes.append(f"the machine was busy before the run (load {load_before:.1f} on {cpus} CPUs)")
    return result


if __name__ == "__main__":
    main()
