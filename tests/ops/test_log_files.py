"""The log file: JSON lines, scrubbed like the console, rotated daily, kept for N days."""

from __future__ import annotations

import json
import logging
from datetime import date, timedelta
from pathlib import Path

from sakesensei.config import load_settings
from sakesensei.entrypoints.logs import build_file_handler, configure_logging


def test_retention_defaults_to_thirty_days() -> None:
    settings = load_settings(env="test")
    assert settings.log_retention_days == 30 and settings.log_file is None


def test_the_file_gets_scrubbed_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "logs" / "api.log"
    root = logging.getLogger()
    before = (list(root.handlers), root.level)
    try:
        configure_logging(load_settings(env="test", log_file=path, log_retention_days=7))
        logging.getLogger("sakesensei.test").warning(
            "login for %s with password=%s", "kei@example.com", "Hidden-Pass-1!"
        )
        handler = next(h for h in root.handlers if isinstance(h, logging.FileHandler))
        handler.flush()
        assert getattr(handler, "backupCount", None) == 7
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
            handler.close()
        for handler in before[0]:
            root.addHandler(handler)
        root.setLevel(before[1])
    entry = json.loads(path.read_text(encoding="utf-8").splitlines()[-1])
    assert entry["logger"] == "sakesensei.test" and entry["level"] == "WARNING"
    assert "kei@example.com" not in entry["message"] and "Hidden-Pass-1!" not in entry["message"]


def test_rotation_keeps_only_the_retention_days(tmp_path: Path) -> None:
    path = tmp_path / "api.log"
    # Forty days of rotated files from before (named as the handler names them).
    first = date(2026, 1, 1)
    for day in range(40):
        (tmp_path / f"api.log.{first + timedelta(days=day):%Y-%m-%d}").write_text("{}\n")
    handler = build_file_handler(path, retention_days=30)
    try:
        handler.emit(logging.LogRecord("x", logging.INFO, "", 0, "today", None, None))
        handler.doRollover()  # what midnight does
    finally:
        handler.close()
    rotated = sorted(p.name for p in tmp_path.glob("api.log.*"))
    assert len(rotated) == 30
    assert "api.log.2026-01-01" not in rotated  # the oldest went first
    assert path.exists()
