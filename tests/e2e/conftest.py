"""End-to-end helpers: the real CLI in a subprocess, with its own data directory."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.databases import fresh_postgres_database

Cli = Callable[..., subprocess.CompletedProcess[str]]


def cli_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAKESENSEI_")}
    env.update({"SAKESENSEI_DATA_DIR": str(data_dir), "PYTHONUTF8": "1", **extra})
    return env


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """Run `sakesensei ARGS...` with a fresh embedded data directory."""

    def run(
        *args: str, env: dict[str, str] | None = None, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "sakesensei", *args],
            capture_output=True,
            text=True,
            timeout=120,
            input=stdin,
            env={**cli_env(tmp_path / "var"), **(env or {})},
            cwd=tmp_path,
        )

    return run


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """A brand-new, empty PostgreSQL database for one test."""
    with fresh_postgres_database() as url:
        yield url
