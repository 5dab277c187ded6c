"""The security scans that work offline, run with the suite (and so by .ci/run): bandit over
the code with our accepted findings, detect-secrets against the reviewed baseline. The
dependency audit needs the advisory databases online; it runs daily in
.github/workflows/security-scan.yml."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from tests.support.tools import ROOT

BASELINE = ROOT / ".secrets.baseline"


def test_bandit_finds_nothing_beyond_the_accepted() -> None:
    scanned = subprocess.run(
        [sys.executable, "-m", "bandit", "-c", ".bandit.yml", "-r", "src", "-q", "-f", "txt"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert scanned.returncode == 0, scanned.stdout + scanned.stderr


def _findings(report: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {
        (path, found["type"], found["hashed_secret"])
        for path, results in report["results"].items()
        for found in results
    }


def test_no_secret_beyond_the_reviewed_baseline() -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    excluded = next(
        f["pattern"] for f in baseline["filters_used"] if f["path"].endswith("should_exclude_file")
    )
    scanned = subprocess.run(
        [
            sys.executable,
            "-m",
            "detect_secrets",
            "scan",
            "--all-files",
            "--exclude-files",
            *excluded,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert scanned.returncode == 0, scanned.stderr
    new = _findings(json.loads(scanned.stdout)) - _findings(baseline)
    assert not new, (
        f"possible secrets not in {BASELINE.name}: {sorted(new)}; if they are not real, add them "
        "with `detect-secrets scan --baseline .secrets.baseline` and review with "
        "`detect-secrets audit .secrets.baseline`"
    )
