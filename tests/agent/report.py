"""The utterance report, printed at the end of the test run whether it passed or not."""

from __future__ import annotations

lines: list[str] = []
