"""docs/operations.md: it has the guide's chapters, and every command in its shell blocks is
real: a `sakesensei` command with options it has (its --help succeeds), or a tool run on
files of this repository that exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from sakesensei.config import Settings
from sakesensei.entrypoints.cli.main import app
from tests.support.tools import ROOT

DOC = ROOT / "docs" / "operations.md"
CHAPTERS = (
    "Deployment",
    "Monitoring",
    "Maintenance",
    "Backup and recovery",
    "Security operations",
    "Performance tuning",
    "Cost",
    "Health checks",
    "Disaster recovery",
    "Runbooks",
)
# Programs an operator has besides ours; their file arguments are still checked.
TOOLS = frozenset(
    {
        "bandit",
        "curl",
        "cut",
        "detect-secrets",
        "docker",
        "grep",
        "jq",
        "printf",
        "promtool",
        "sha256sum",
        "uv",
        "uvx",
    }
)
# Where a path argument points into this repository.
REPO_PREFIXES = ("deploy/", "scripts/", "tests/", "src/", "bench/", "docs/", ".github/", "./")
SEPARATORS = frozenset({"|", "||", "&&", ";"})


def _text() -> str:
    return DOC.read_text(encoding="utf-8")


def _commands() -> list[list[str]]:
    """Every simple command of every bash block, as its words."""
    commands: list[list[str]] = []
    for block in re.findall(r"^```(?:bash|sh|shell)\n(.*?)^```", _text(), re.M | re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            words: list[str] = []
            for word in shlex.split(line, comments=True):
                if word in SEPARATORS:
                    commands.append(words)
                    words = []
                else:
                    words.append(word)
            commands.append(words)
    return [c for c in commands if c]


def _is_repo_path(word: str) -> bool:
    return word.startswith(REPO_PREFIXES) or (
        word.startswith(".") and len(word) > 1 and "/" not in word
    )


def _check_paths(words: list[str]) -> None:
    for word in words:
        if _is_repo_path(word) and not word.startswith("--"):
            assert (ROOT / word).exists(), f"{' '.join(words)}: {word} does not exist"


def _check_script_options(script: Path, words: list[str]) -> None:
    source = script.read_text(encoding="utf-8")
    for word in words:
        if word.startswith("--"):
            option = word.split("=", 1)[0]
            assert f'"{option}"' in source, f"{script.name} has no option {option}"


def _check_sakesensei(words: list[str]) -> None:
    # Typer ships its own click: groups are told by their subcommands, not by class.
    command: Any = typer.main.get_command(app)
    path: list[str] = []
    for word in words:
        if word in getattr(command, "commands", {}):
            command = command.commands[word]
            path.append(word)
    options = {opt for param in command.params for opt in param.opts}
    for word in words:
        if word.startswith("--"):
            assert word.split("=", 1)[0] in options, f"sakesensei {' '.join(path)}: no {word}"
    assert not hasattr(command, "commands"), f"sakesensei {' '.join(path)} needs a command"
    shown = CliRunner().invoke(app, [*path, "--help"])
    assert shown.exit_code == 0, shown.output


def _check(words: list[str]) -> None:
    while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
        words = words[1:]  # VAR=value before the command
    program, args = words[0], words[1:]
    if program == "uv" and args[:1] == ["run"]:
        program, args = args[1], args[2:]
        if program == "python":
            script = ROOT / args[0]
            assert script.exists(), args[0]
            _check_script_options(script, args[1:])
            return
    if program == "sakesensei":
        _check_sakesensei(args)
    elif program == "pytest":
        _check_paths(args)
        conftest = (ROOT / "tests" / "smoke" / "conftest.py").read_text(encoding="utf-8")
        for word in args:
            if word.startswith("--"):
                assert f'"{word}"' in conftest, f"pytest has no option {word} here"
    elif _is_repo_path(program):
        assert (ROOT / program).exists(), program
        _check_paths(args)
    else:
        assert program in TOOLS, f"{program}: not a command this repository or its tools know"
        _check_paths(args)


def test_it_has_the_guides_chapters() -> None:
    headings = re.findall(r"^## (.+)$", _text(), re.M)
    assert list(CHAPTERS) == headings


def test_it_states_the_recovery_objectives() -> None:
    text = _text()
    assert "recovery point objective (RPO) of 1 hour" in text
    assert "recovery time objective (RTO) of 4 hours" in text


@pytest.mark.parametrize("words", _commands(), ids=lambda words: " ".join(words)[:60])
def test_every_command_is_real(words: list[str]) -> None:
    _check(words)


def test_there_are_commands_to_check() -> None:
    programs = {c[0] for c in _commands()}
    assert {"sakesensei", "promtool", "uv", "./run"} <= programs
    assert len(_commands()) >= 25


def test_every_setting_it_names_exists() -> None:
    named = set(re.findall(r"\bSAKESENSEI_([A-Z0-9_]+)", _text()))
    fields = {name.upper() for name in Settings.model_fields}
    assert named and named <= fields, named - fields


def test_the_files_it_names_exist() -> None:
    for path in set(
        re.findall(r"`((?:deploy|scripts|tests|docs|bench|\.github)/[\w./-]+)`", _text())
    ):
        assert (ROOT / path).exists(), path
