"""Reading a /metrics page: samples by name and labels, and the metric families it names."""

from __future__ import annotations

import re
from collections.abc import Mapping

from prometheus_client.parser import text_string_to_metric_families


class MetricsPage:
    def __init__(self, text: str) -> None:
        self.text = text
        self.samples: list[tuple[str, dict[str, str], float]] = []
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                self.samples.append((sample.name, dict(sample.labels), sample.value))
        self.families = set(re.findall(r"^# TYPE (\S+) ", text, re.M))

    def values(self, name: str, **labels: str) -> list[float]:
        return [v for n, found, v in self.samples if n == name and _has(found, labels)]

    def value(self, name: str, **labels: str) -> float:
        """The sum of the matching samples (0 when there is none)."""
        return sum(self.values(name, **labels))


def _has(found: Mapping[str, str], wanted: Mapping[str, str]) -> bool:
    return all(found.get(key) == value for key, value in wanted.items())


# Metric names in PromQL: ours, the process collector's, and Prometheus's own `up`.
_PROMQL_NAME = re.compile(r"\b(?:sakesensei|process|python)_[a-z0-9_]+\b|\bup\b(?=\s*\{)")
_PROMQL_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def promql_metric_names(expr: str) -> set[str]:
    """The metric names an expression reads (label values in quotes are not names)."""
    return set(_PROMQL_NAME.findall(_PROMQL_STRING.sub('""', expr)))


class _Pool:
    def size(self) -> int:
        return 5

    def checkedout(self) -> int:
        return 0

    def overflow(self) -> int:
        return -5


def known_metric_names() -> set[str]:
    """Every sample name an API process's /metrics can show, plus what Prometheus adds."""
    from sakesensei.entrypoints.api.middleware.metrics import ApiMetrics

    return ApiMetrics(pool=_Pool).names() | {"up"}
