"""The GitHub Actions workflows pass actionlint and do what the guide's CI/CD does: PR
checks, a daily security scan, a release of the wheel and the container image."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from sakesensei.entrypoints.cli.main import app
from tests.support.tools import ROOT, actionlint

WORKFLOWS = ROOT / ".github" / "workflows"
DOCKERFILE = ROOT / "deploy" / "Dockerfile"


def _lint(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*actionlint(), *map(str, files)], capture_output=True, text=True, timeout=120, cwd=ROOT
    )


def _workflow(name: str) -> dict[Any, Any]:
    loaded: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    return loaded


def _triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    return dict(on)


def _runs(workflow: dict[Any, Any]) -> str:
    steps = [s for job in workflow["jobs"].values() for s in job.get("steps", [])]
    return "\n".join(str(s.get("run", "")) + str(s.get("uses", "")) for s in steps)


def test_actionlint_finds_nothing_wrong() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert len(files) >= 3
    linted = _lint(*files)
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_actionlint_does_catch_mistakes(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.no_such_thing }}\n",
        encoding="utf-8",
    )
    linted = _lint(broken)
    assert linted.returncode == 1 and "no_such_thing" in linted.stdout


def test_pull_requests_are_linted_typed_and_tested() -> None:
    checks = _workflow("pr-checks.yml")
    assert {"pull_request", "workflow_call"} <= set(_triggers(checks))
    runs = _runs(checks)
    for command in ("ruff check", "ruff format --check", "lint-imports", "mypy", "pytest"):
        assert command in runs, command
    assert "postgres" in checks["jobs"]["tests"]["services"]


def test_the_security_scan_runs_daily_with_three_scanners() -> None:
    scan = _workflow("security-scan.yml")
    (schedule,) = _triggers(scan)["schedule"]
    assert re.fullmatch(r"\d+ \d+ \* \* \*", schedule["cron"])  # once a day
    runs = _runs(scan)
    assert "bandit -c .bandit.yml" in runs
    assert "detect-secrets-hook --baseline .secrets.baseline" in runs
    assert "pip-audit" in runs


def test_a_release_builds_the_wheel_and_the_image_after_the_checks() -> None:
    release = _workflow("release.yml")
    assert _triggers(release)["push"]["tags"] == ["v*"]
    jobs = release["jobs"]
    assert jobs["checks"]["uses"] == "./.github/workflows/pr-checks.yml"
    assert jobs["wheel"]["needs"] == "checks" and jobs["image"]["needs"] == "checks"
    assert "uv build --wheel" in _runs({"jobs": {"wheel": jobs["wheel"]}})
    build = next(s for s in jobs["image"]["steps"] if "build-push-action" in s.get("uses", ""))
    assert (ROOT / build["with"]["file"]) == DOCKERFILE


def test_the_dockerfile_copies_what_exists_and_runs_a_real_command() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    for line in re.findall(r"^COPY (?!--from)(.+)$", text, re.M):
        *sources, _target = line.split()
        for source in sources:
            assert (ROOT / source).exists(), source
    command = re.search(r"^CMD \[(.+)\]$", text, re.M)
    assert command is not None
    args = [a.strip().strip('"') for a in command.group(1).split(",")]
    assert args[0] == "sakesensei"
    result = CliRunner().invoke(app, [*args[1:], "--help"])
    assert result.exit_code == 0, result.output
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert "src" not in ignored and ".venv" in ignored


@pytest.mark.parametrize(
    "script", ["ensure-tools.sh", "ensure-services.sh", "ensure-fonts.sh", "ensure-browser.sh"]
)
def test_the_test_command_installs_the_tools(script: str) -> None:
    run = (ROOT / "run").read_text(encoding="utf-8")
    assert f"scripts/{script}" in run
