"""What the service does, counted and timed for /metrics: tool calls, the sommelier's time to
first token, LLM provider errors, recommendations, label scans, logins, build and process.

One registry per process, so services and the agent record here without being handed
anything; the API's /metrics page renders it beside the HTTP metrics of its app. Each
recorder that times something also opens a trace span (services/tracing.py).

    from sakesensei.services.telemetry import TELEMETRY

    with TELEMETRY.tool_call("search_sake"):
        result = run(...)
    TELEMETRY.first_token(seconds)
    with TELEMETRY.llm_call("anthropic", model="..."):
        answer = client.send(...)
    TELEMETRY.llm_error("openai", "timeout")  # an error handled without raising (fallback)
"""

from __future__ import annotations

import os
import platform
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from opentelemetry.trace import SpanKind
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    Info,
    PlatformCollector,
    ProcessCollector,
)
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from sakesensei import __version__
from sakesensei.services.tracing import span
from sakesensei.services.worker_metrics import ProcessGroupCollector, shared_metrics_dir

LOGIN_OUTCOMES = ("succeeded", "failed", "locked")
SCAN_OUTCOMES = ("identified", "candidates", "failed")
AUDIENCES = ("user", "visitor")

# From an in-memory lookup (milliseconds) to a model thinking aloud (tens of seconds).
_TOOL_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
_FIRST_TOKEN_BUCKETS = (0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0, 13.0, 20.0, 30.0)
_RECOMMEND_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 3.0, 5.0, 10.0)
_SCAN_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 20.0, 30.0)
_LLM_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0)


@dataclass
class ScanRecord:
    """Filled in by the caller of label_scan() once the photo was matched."""

    outcome: str = "failed"

    def found(self, identified: bool, candidates: int) -> None:
        self.outcome = "identified" if identified else "candidates" if candidates else "failed"


class Telemetry:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry(auto_describe=True)
        r = self.registry
        self._tool_calls = Counter(
            "sakesensei_tool_calls",
            "Sommelier and MCP tool calls, by tool and outcome (ok or error).",
            ["tool", "outcome"],
            registry=r,
        )
        self._tool_seconds = Histogram(
            "sakesensei_tool_call_duration_seconds",
            "Time one tool call took, by tool.",
            ["tool"],
            buckets=_TOOL_BUCKETS,
            registry=r,
        )
        self._first_token = Histogram(
            "sakesensei_chat_first_token_seconds",
            "Time from a chat message arriving to the first token of the sommelier's answer.",
            buckets=_FIRST_TOKEN_BUCKETS,
            registry=r,
        )
        self._llm_seconds = Histogram(
            "sakesensei_llm_request_duration_seconds",
            "Time one request to an LLM provider took, by provider.",
            ["provider"],
            buckets=_LLM_BUCKETS,
            registry=r,
        )
        self._llm_errors = Counter(
            "sakesensei_llm_provider_errors",
            "Requests to an LLM provider that failed, by provider and kind of failure.",
            ["provider", "kind"],
            registry=r,
        )
        self._recommend_seconds = Histogram(
            "sakesensei_recommendation_duration_seconds",
            "Time to pick and explain recommendations, for a user or a visitor's survey.",
            ["audience"],
            buckets=_RECOMMEND_BUCKETS,
            registry=r,
        )
        self._scans = Counter(
            "sakesensei_label_scans",
            "Label photos scanned, by outcome: identified, candidates only, or failed.",
            ["outcome"],
            registry=r,
        )
        self._scan_seconds = Histogram(
            "sakesensei_label_scan_duration_seconds",
            "Time to read and match one label photo.",
            buckets=_SCAN_BUCKETS,
            registry=r,
        )
        self._logins = Counter(
            "sakesensei_logins",
            "Password logins, by outcome: succeeded, failed (wrong email or password), locked.",
            ["outcome"],
            registry=r,
        )
        # Present at 0 from the start, so rates and alerts see every series.
        for outcome in LOGIN_OUTCOMES:
            self._logins.labels(outcome)
        for outcome in SCAN_OUTCOMES:
            self._scans.labels(outcome)
        for audience in AUDIENCES:
            self._recommend_seconds.labels(audience)
        self._process_watched = False
        # Made when scraped, not recorded: with several workers, added to the sum of theirs.
        self.process_collectors: list[Collector] = []
        self._lock = threading.Lock()

    # ---- the sommelier and its tools ---------------------------------------------------

    @contextmanager
    def tool_call(self, tool: str) -> Iterator[None]:
        """Count and time one tool call (an exception leaving the block is an error)."""
        started = time.perf_counter()
        outcome = "error"
        try:
            with span(f"tool {tool}", tool=tool):
                yield
            outcome = "ok"
        finally:
            self._tool_calls.labels(tool, outcome).inc()
            self._tool_seconds.labels(tool).observe(time.perf_counter() - started)

    def tool_result(self, tool: str, seconds: float, ok: bool) -> None:
        """For callers that time the call themselves."""
        self._tool_calls.labels(tool, "ok" if ok else "error").inc()
        self._tool_seconds.labels(tool).observe(seconds)

    def first_token(self, seconds: float) -> None:
        """The sommelier's first token went out `seconds` after the message came in."""
        self._first_token.observe(seconds)

    @contextmanager
    def llm_call(self, provider: str, model: str | None = None) -> Iterator[None]:
        """Time one request to an LLM provider; an exception leaving the block is counted as
        a provider error of that exception's kind."""
        started = time.perf_counter()
        try:
            with span(f"llm {provider}", SpanKind.CLIENT, provider=provider, model=model):
                yield
        except Exception as exc:
            self.llm_error(provider, type(exc).__name__)
            raise
        finally:
            self._llm_seconds.labels(provider).observe(time.perf_counter() - started)

    def llm_error(self, provider: str, kind: str) -> None:
        """A provider failed (timeout, refusal, bad answer) and the caller coped with it."""
        self._llm_errors.labels(provider, kind).inc()

    # ---- recommendations, label scans, logins ------------------------------------------

    @contextmanager
    def recommendation(self, audience: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            with span("recommendation", audience=audience):
                yield
        finally:
            self._recommend_seconds.labels(audience).observe(time.perf_counter() - started)

    @contextmanager
    def label_scan(self) -> Iterator[ScanRecord]:
        """Count and time one scan; the caller says what was found with record.found()."""
        record = ScanRecord()
        started = time.perf_counter()
        try:
            with span("label_scan") as current:
                yield record
                current.set_attribute("outcome", record.outcome)
        except Exception:
            record.outcome = "failed"
            raise
        finally:
            self._scans.labels(record.outcome).inc()
            self._scan_seconds.observe(time.perf_counter() - started)

    def login(self, outcome: str) -> None:
        self._logins.labels(outcome).inc()

    # ---- the process -------------------------------------------------------------------

    def watch_process(self) -> None:
        """Add build info, CPU and memory use and the limits they are measured against.
        Done by the servers, once per process (reading /proc is no work for import time).
        With several workers the CPU and memory are those of all of them together."""
        with self._lock:
            if self._process_watched:
                return
            self._process_watched = True
            shared = shared_metrics_dir()
            build = Info("sakesensei_build", "The running version of Sake Sensei.", registry=None)
            build.info(
                {
                    "version": __version__,
                    "python": platform.python_version(),
                    "implementation": platform.python_implementation(),
                }
            )
            self.process_collectors = [
                ProcessGroupCollector(shared) if shared else ProcessCollector(registry=None),
                PlatformCollector(registry=None),
                build,
                _LimitsCollector(),
            ]
            for collector in self.process_collectors:
                self.registry.register(collector)


class _LimitsCollector(Collector):
    """The CPU and memory the server may use, read when scraped."""

    def collect(self) -> Iterator[Metric]:
        yield GaugeMetricFamily(
            "sakesensei_cpu_limit_cores",
            "CPU cores this process may use (its cgroup quota, else the CPUs it may run on).",
            value=cpu_limit_cores(),
        )
        yield GaugeMetricFamily(
            "sakesensei_memory_limit_bytes",
            "Memory this process may use (its cgroup limit, else the machine's memory).",
            value=memory_limit_bytes(),
        )


TELEMETRY = Telemetry()

_CGROUP = Path("/sys/fs/cgroup")


def _read(path: Path) -> str | None:
    try:
        return path.read_text().strip()
    except OSError:
        return None


def cpu_limit_cores() -> float:
    cpus = float(len(os.sched_getaffinity(0))) if hasattr(os, "sched_getaffinity") else 1.0
    quota = _read(_CGROUP / "cpu.max")  # cgroup v2: "max 100000" or "200000 100000"
    if quota:
        limit, _, period = quota.partition(" ")
        if limit != "max" and period:
            return min(cpus, int(limit) / int(period))
    v1_quota = _read(_CGROUP / "cpu" / "cpu.cfs_quota_us")
    v1_period = _read(_CGROUP / "cpu" / "cpu.cfs_period_us")
    if v1_quota and v1_period and int(v1_quota) > 0:
        return min(cpus, int(v1_quota) / int(v1_period))
    return cpus


def memory_limit_bytes() -> float:
    machine = float(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    for path in (_CGROUP / "memory.max", _CGROUP / "memory" / "memory.limit_in_bytes"):
        text = _read(path)
        if text and text.isdigit():
            return min(machine, float(text))  # v1 says "no limit" with a huge number
    return machine
