"""docs/backups.md names only settings that exist and commands and options that are real."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sakesensei.config import Settings
from sakesensei.entrypoints.cli.main import app

DOC = Path(__file__).resolve().parents[2] / "docs" / "backups.md"


def _commands() -> list[list[str]]:
    blocks = re.findall(r"^```bash\n(.*?)^```", DOC.read_text(encoding="utf-8"), re.M | re.S)
    lines = [line for block in blocks for line in block.splitlines() if line.strip()]
    return [shlex.split(line, comments=True) for line in lines]


def test_every_setting_it_names_exists() -> None:
    named = set(re.findall(r"\bSAKESENSEI_([A-Z0-9_]+)", DOC.read_text(encoding="utf-8")))
    assert named and named <= {name.upper() for name in Settings.model_fields}


@pytest.mark.parametrize("words", _commands(), ids=lambda words: " ".join(words))
def test_every_command_is_real(words: list[str]) -> None:
    assert words[0] == "sakesensei"
    path = [w for w in words[1:] if not w.startswith("-") and not w[0].isdigit()]
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    for option in (w for w in words if w.startswith("--")):
        assert option in result.output, f"{option} is not an option of {' '.join(path)}"
