"""A session's summary, extractive: a line per turn, in the user's own words.

Each turn adds the sommelier's hint about it when it gave one, else the user's message
cut to its first sentence. The first line (what the conversation began with) stays; of
the rest the newest are kept, so the summary stays short however long the session runs.
"""

from __future__ import annotations

import re

MAX_LINES = 8
MAX_LINE = 100
_SENTENCE_END = re.compile(r"(?<=[。．！？!?])|(?<=\.)\s")


def summary_line(message: str, hint: str | None) -> str:
    text = " ".join((hint or message).split())
    first = _SENTENCE_END.split(text, maxsplit=1)[0].strip() or text
    return first if len(first) <= MAX_LINE else first[: MAX_LINE - 1] + "…"


def extend_summary(previous: str | None, line: str) -> str:
    """The summary with the new line added, the first line kept, the oldest others dropped."""
    lines = [part for part in (previous or "").split("\n") if part]
    if line and (not lines or lines[-1] != line):
        lines.append(line)
    if len(lines) > MAX_LINES:
        lines = [lines[0], *lines[-(MAX_LINES - 1) :]]
    return "\n".join(lines)
