"""deploy/prometheus: the rules pass promtool's checks and unit tests, read only metrics we
expose, and point to runbooks that exist."""

from __future__ import annotations

import re
import subprocess
from typing import Any

import yaml

from tests.support.metrics_text import known_metric_names, promql_metric_names
from tests.support.tools import ROOT, promtool

PROMETHEUS = ROOT / "deploy" / "prometheus"
OPERATIONS = ROOT / "docs" / "operations.md"


def _promtool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [promtool(), *args], capture_output=True, text=True, timeout=120, cwd=PROMETHEUS
    )


def _rules() -> list[dict[str, Any]]:
    groups = yaml.safe_load((PROMETHEUS / "alerts.yml").read_text(encoding="utf-8"))["groups"]
    return [rule for group in groups for rule in group["rules"]]


def test_promtool_checks_the_rules_and_the_config() -> None:
    checked = _promtool("check", "rules", "alerts.yml")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"SUCCESS: {len(_rules())} rules found" in checked.stdout
    config = _promtool("check", "config", "prometheus.yml")
    assert config.returncode == 0, config.stdout + config.stderr


def test_promtool_unit_tests_of_the_rules_pass() -> None:
    tested = _promtool("test", "rules", "alerts_test.yml")
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "SUCCESS" in tested.stdout


def test_every_alert_is_unit_tested() -> None:
    tests = (PROMETHEUS / "alerts_test.yml").read_text(encoding="utf-8")
    untested = [r["alert"] for r in _rules() if f"alertname: {r['alert']}\n" not in tests]
    assert not untested


def test_the_guides_alarms_are_all_there() -> None:
    exprs = {rule["alert"]: " ".join(rule["expr"].split()) for rule in _rules()}
    fors = {rule["alert"]: rule.get("for") for rule in _rules()}
    assert "> 0.05" in exprs["SakeSenseiHighErrorRate"] and fors["SakeSenseiHighErrorRate"] == "10m"
    assert "histogram_quantile(0.99" in exprs["SakeSenseiSlowRoute"] and exprs[
        "SakeSenseiSlowRoute"
    ].endswith("> 3")
    assert "[5m]" in exprs["SakeSenseiServerErrors"] and exprs["SakeSenseiServerErrors"].endswith(
        "> 10"
    )
    assert exprs["SakeSenseiSlowResponses"].endswith("> 5")
    assert exprs["SakeSenseiHighCpu"].endswith("> 0.8") and exprs["SakeSenseiHighMemory"].endswith(
        "> 0.8"
    )
    assert "sakesensei_logins_total" in exprs["SakeSenseiFailedLoginSpike"]
    assert "sakesensei_llm_provider_errors_total" in exprs["SakeSenseiLlmProviderErrors"]


def test_rules_read_only_metrics_we_expose() -> None:
    known = known_metric_names()
    for rule in _rules():
        names = promql_metric_names(rule["expr"])
        assert names, rule["alert"]
        assert names <= known, (rule["alert"], names - known)


def _anchors(markdown: str) -> set[str]:
    """GitHub's anchors of the headings: lower case, punctuation dropped, spaces to hyphens."""
    headings = re.findall(r"^#+\s+(.+?)\s*$", markdown, re.M)
    return {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}


def test_every_alert_has_a_severity_summary_and_runbook() -> None:
    anchors = _anchors(OPERATIONS.read_text(encoding="utf-8"))
    for rule in _rules():
        assert rule["labels"]["severity"] in {"critical", "warning"}, rule["alert"]
        assert rule["annotations"]["summary"], rule["alert"]
        page, _, anchor = rule["annotations"]["runbook"].partition("#")
        assert page == "docs/operations.md" and anchor in anchors, (rule["alert"], anchor)
