"""Talking to POST /api/v1/chat the way a browser does: a streamed response, read as
server-sent events one at a time."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

CHAT = "/api/v1/chat"


def sse_events(lines: Iterator[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    name, data = "", []
    for line in lines:
        if not line:
            if name or data:
                yield name, json.loads("\n".join(data))
            name, data = "", []
        elif line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].strip())
    if name or data:
        yield name, json.loads("\n".join(data))


@dataclass
class ChatResult:
    status: int
    headers: httpx.Headers
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    problem: dict[str, Any] | None = None

    def named(self, name: str) -> list[dict[str, Any]]:
        return [data for n, data in self.events if n == name]

    @property
    def text(self) -> str:
        return "".join(d["text"] for d in self.named("token"))

    @property
    def done(self) -> dict[str, Any]:
        assert self.events and self.events[-1][0] == "done", self.events[-3:]
        return self.events[-1][1]

    @property
    def session_id(self) -> str:
        return str(self.done["session_id"])

    @property
    def cards(self) -> list[int]:
        return [i for d in self.named("cards") for i in d["sake_ids"]]


def chat(
    http: httpx.Client,
    message: str,
    headers: dict[str, str] | None = None,
    session_id: str | None = None,
    *,
    on_event: Callable[[str, dict[str, Any]], None] | None = None,
    **extra: Any,
) -> ChatResult:
    body: dict[str, Any] = {"message": message, **extra}
    if session_id is not None:
        body["session_id"] = session_id
    with http.stream("POST", CHAT, json=body, headers=headers or {}) as response:
        result = ChatResult(response.status_code, response.headers)
        if response.status_code != 200:
            response.read()
            result.problem = response.json()
            return result
        assert response.headers["content-type"].startswith("text/event-stream")
        for name, data in sse_events(response.iter_lines()):
            result.events.append((name, data))
            if on_event is not None:
                on_event(name, data)
    return result
