"""Server-sent events as the providers stream them: (event name, data) per event."""

from __future__ import annotations

from collections.abc import Iterable, Iterator


def sse_events(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Each event's name ("message" when unnamed) and its data lines joined by newlines."""
    name, data = "", list[str]()
    for raw in lines:
        line = raw.rstrip("\r")
        if not line:
            if data:
                yield name or "message", "\n".join(data)
            name, data = "", list[str]()
            continue
        if line.startswith(":"):  # a comment: keep-alive pings
            continue
        field, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if field == "event":
            name = value
        elif field == "data":
            data.append(value)
    if data:
        yield name or "message", "\n".join(data)
