"""A stand-in LLM provider over real HTTP: OpenAI-compatible chat completions and Anthropic
Messages, both streamed, both with tool calls.

It runs as a process of its own (`python -m tests.support.fake_llm --port N`) so a test
can kill it mid-answer the way a provider dies. Its "model" is a script keyed by markers
in the user's latest message:

    [slow]       wait 10 s before the first chunk (a provider slow to start)
    [hang]       stream a few words, then stop sending and wait forever (until killed)
    [badargs]    call search_sake with arguments of the wrong types
    [journal]    call get_tasting_history
    [search X]   call search_sake with query X, then name the first sake found
    [invent]     name a sake no tool returned ("Imaginary Ginjo") with no tool call
    anything else: a short greeting in a few pieces

After a tool result it answers from it: the first sake's name, or the error's message.
Every request body is kept, for tests to read at GET /requests.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

SLOW_SECONDS = 10.0
HANG_WORDS = ("Let me ", "think ", "about ", "that ")
GREETING = ("Hello ", "from ", "the ", "fake ", "model.")
INVENTED = "Imaginary Ginjo"


@dataclass
class Plan:
    """What the fake model answers: some text pieces, or a tool call (and how)."""

    pieces: list[str] = field(default_factory=list)
    tool: tuple[str, dict[str, Any]] | None = None
    delay: float = 0.0
    hang: bool = False


def _result_text(result: str) -> str:
    try:
        parsed = json.loads(result)
    except ValueError:
        return "The tool answered something I cannot read."
    if isinstance(parsed, dict) and "error" in parsed:
        return f"That did not work: {parsed.get('message', parsed['error'])}"
    items = parsed.get("items") if isinstance(parsed, dict) else None
    if not items:
        return "The tool found nothing." if isinstance(parsed, dict) else "Done."
    first = items[0]
    sake = first.get("sake", first)
    name = sake.get("name", "?")
    return f"I found {name}, a good match. There are {len(items)} in all."


def plan_for(last_user: str, tool_result: str | None) -> Plan:
    if tool_result is not None:
        words = _result_text(tool_result).split(" ")
        return Plan(pieces=[w + " " for w in words[:-1]] + [words[-1]])
    text = last_user
    delay = SLOW_SECONDS if "[slow]" in text else 0.0
    if "[hang]" in text:
        return Plan(pieces=list(HANG_WORDS), hang=True, delay=delay)
    if "[badargs]" in text:
        return Plan(tool=("search_sake", {"query": 12345, "limit": "lots"}), delay=delay)
    if "[journal]" in text:
        return Plan(tool=("get_tasting_history", {}), delay=delay)
    found = re.search(r"\[search ([^\]]+)\]", text)
    if found:
        return Plan(tool=("search_sake", {"query": found.group(1), "limit": 3}), delay=delay)
    if "[invent]" in text:
        return Plan(pieces=["Try ", INVENTED, ", it is lovely."], delay=delay)
    return Plan(pieces=list(GREETING), delay=delay)


# ---- OpenAI-compatible chat completions -------------------------------------------------


def _openai_plan(body: dict[str, Any]) -> Plan:
    messages = body.get("messages") or []
    last = messages[-1] if messages else {}
    if last.get("role") == "tool":
        return plan_for("", str(last.get("content", "")))
    users = [m for m in messages if m.get("role") == "user"]
    return plan_for(str(users[-1].get("content", "")) if users else "", None)


def _chunk(delta: dict[str, Any], finish: str | None = None) -> str:
    data = {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "model": "fake",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(data)}\n\n"


async def openai_stream(plan: Plan) -> AsyncIterator[str]:
    if plan.delay:
        await asyncio.sleep(plan.delay)
    if plan.tool is not None:
        name, arguments = plan.tool
        text = json.dumps(arguments)
        half = len(text) // 2  # arguments arrive in pieces, as real servers send them
        yield _chunk(
            {
                "role": "assistant",
                "tool_calls": [
                    {
                        "index": 0,
                        "id": "call_1",
                        "type": "function",
                        "function": {"name": name, "arguments": text[:half]},
                    }
                ],
            }
        )
        yield _chunk({"tool_calls": [{"index": 0, "function": {"arguments": text[half:]}}]})
        yield _chunk({}, "tool_calls")
        yield "data: [DONE]\n\n"
        return
    for piece in plan.pieces:
        yield _chunk({"role": "assistant", "content": piece})
        await asyncio.sleep(0.01)
    if plan.hang:
        await asyncio.sleep(3600)
    yield _chunk({}, "stop")
    yield "data: [DONE]\n\n"


# ---- Anthropic Messages -----------------------------------------------------------------


def _anthropic_plan(body: dict[str, Any]) -> Plan:
    messages = body.get("messages") or []
    last = messages[-1] if messages else {}
    content = last.get("content")
    if isinstance(content, list):
        results = [b for b in content if b.get("type") == "tool_result"]
        if results:
            return plan_for("", str(results[-1].get("content", "")))
        text = " ".join(str(b.get("text", "")) for b in content if b.get("type") == "text")
    else:
        text = str(content or "")
    return plan_for(text, None)


def _event(name: str, data: dict[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps({'type': name, **data})}\n\n"


async def anthropic_stream(plan: Plan) -> AsyncIterator[str]:
    if plan.delay:
        await asyncio.sleep(plan.delay)
    yield _event("message_start", {"message": {"id": "msg_fake", "role": "assistant"}})
    yield ": ping\n\n"
    if plan.tool is not None:
        name, arguments = plan.tool
        text = json.dumps(arguments)
        half = len(text) // 2
        block = {"type": "tool_use", "id": "toolu_1", "name": name, "input": {}}
        yield _event("content_block_start", {"index": 0, "content_block": block})
        for part in (text[:half], text[half:]):
            delta = {"type": "input_json_delta", "partial_json": part}
            yield _event("content_block_delta", {"index": 0, "delta": delta})
        yield _event("content_block_stop", {"index": 0})
        yield _event("message_delta", {"delta": {"stop_reason": "tool_use"}})
        yield _event("message_stop", {})
        return
    block = {"type": "text", "text": ""}
    yield _event("content_block_start", {"index": 0, "content_block": block})
    for piece in plan.pieces:
        delta = {"type": "text_delta", "text": piece}
        yield _event("content_block_delta", {"index": 0, "delta": delta})
        await asyncio.sleep(0.01)
    if plan.hang:
        await asyncio.sleep(3600)
    yield _event("content_block_stop", {"index": 0})
    yield _event("message_delta", {"delta": {"stop_reason": "end_turn"}})
    yield _event("message_stop", {})


# ---- the server -------------------------------------------------------------------------


def build_app() -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, PlainTextResponse, StreamingResponse
    from starlette.routing import Route

    received: list[dict[str, Any]] = []

    async def completions(request: Request) -> StreamingResponse:
        body = await request.json()
        received.append({"path": request.url.path, "headers": dict(request.headers), **body})
        return StreamingResponse(openai_stream(_openai_plan(body)), media_type="text/event-stream")

    async def messages(request: Request) -> StreamingResponse:
        body = await request.json()
        received.append({"path": request.url.path, "headers": dict(request.headers), **body})
        return StreamingResponse(
            anthropic_stream(_anthropic_plan(body)), media_type="text/event-stream"
        )

    async def requests(request: Request) -> JSONResponse:
        return JSONResponse(received)

    async def health(request: Request) -> PlainTextResponse:
        return PlainTextResponse("ok")

    return Starlette(
        routes=[
            Route("/v1/chat/completions", completions, methods=["POST"]),
            Route("/v1/messages", messages, methods=["POST"]),
            Route("/requests", requests),
            Route("/health", health),
        ]
    )


class FakeLlm:
    """The fake provider as a child process: its URL, what it was sent, and a way to kill it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> FakeLlm:
        root = Path(__file__).resolve().parents[2]
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.fake_llm", "--port", str(self.port)],
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError("the fake LLM server exited at start")
            try:
                if httpx.get(f"{self.base}/health", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError("the fake LLM server did not start")

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def requests(self) -> list[dict[str, Any]]:
        return list(httpx.get(f"{self.base}/requests", timeout=5).json())

    def kill(self) -> None:
        """SIGKILL: the provider's process dies with its connections open."""
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGKILL)
            self._process.wait(timeout=10)

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def fake_llm(port: int) -> Iterator[FakeLlm]:
    server = FakeLlm(port).start()
    try:
        yield server
    finally:
        server.stop()


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description="a fake streaming LLM provider for tests")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(build_app(), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
