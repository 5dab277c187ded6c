"""deploy/grafana: the dashboard has the guide's widgets, every query reads metrics we
expose, and the provisioning files point Grafana at it."""

from __future__ import annotations

import json
from typing import Any

import yaml

from tests.support.metrics_text import known_metric_names, promql_metric_names
from tests.support.tools import ROOT

GRAFANA = ROOT / "deploy" / "grafana"


def _dashboard() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (GRAFANA / "dashboards" / "sakesensei.json").read_text(encoding="utf-8")
    )
    return loaded


def _panels() -> list[dict[str, Any]]:
    return [p for p in _dashboard()["panels"] if p["type"] != "row"]


def _exprs() -> list[str]:
    return [t["expr"] for p in _panels() for t in p["targets"]]


def test_every_query_reads_metrics_we_expose() -> None:
    known = known_metric_names()
    for panel in _panels():
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            names = promql_metric_names(target["expr"])
            assert names, (panel["title"], target["expr"])
            assert names <= known, (panel["title"], names - known)


def test_the_guides_widgets_are_there() -> None:
    everything = " ".join(_exprs())
    for wanted in (
        "rate(sakesensei_http_requests_total",  # requests
        'status=~"5.."',  # errors
        "histogram_quantile(0.99, sum by (route, le) (rate(sakesensei_http_request_duration_seconds_bucket",  # p99
        "sakesensei_chat_first_token_seconds_bucket",  # time to first token
        "sakesensei_tool_calls_total",  # tool calls
        "process_cpu_seconds_total",  # CPU
        "process_resident_memory_bytes",  # memory
    ):
        assert wanted in everything, wanted


def test_panels_do_not_overlap_and_have_unique_ids() -> None:
    panels = _dashboard()["panels"]
    assert len({p["id"] for p in panels}) == len(panels)
    cells: set[tuple[int, int]] = set()
    for panel in panels:
        g = panel["gridPos"]
        assert g["x"] + g["w"] <= 24, panel["title"]
        mine = {
            (x, y) for x in range(g["x"], g["x"] + g["w"]) for y in range(g["y"], g["y"] + g["h"])
        }
        assert not mine & cells, panel["title"]
        cells |= mine


def test_provisioning_points_at_the_dashboard_and_its_datasource() -> None:
    sources = yaml.safe_load(
        (GRAFANA / "provisioning" / "datasources" / "prometheus.yml").read_text(encoding="utf-8")
    )
    providers = yaml.safe_load(
        (GRAFANA / "provisioning" / "dashboards" / "sakesensei.yml").read_text(encoding="utf-8")
    )
    assert sources["apiVersion"] == 1 and providers["apiVersion"] == 1
    (source,) = sources["datasources"]
    assert source["type"] == "prometheus"
    uids = {p["datasource"]["uid"] for p in _panels()}
    uids |= {t["datasource"]["uid"] for p in _panels() for t in p["targets"]}
    assert uids == {source["uid"]}
    (provider,) = providers["providers"]
    assert provider["type"] == "file" and provider["options"]["path"].startswith("/")
