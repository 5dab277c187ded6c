"""The sommelier chat: a message in, the answer out as server-sent events."""

from __future__ import annotations

import time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from sakesensei.agent.conversation import Turn
from sakesensei.entrypoints.api.chat_stream import ChatStreams
from sakesensei.entrypoints.api.deps import AccountsService, BearerToken, current_user
from sakesensei.entrypoints.api.middleware.client_ip import rate_limit_subject
from sakesensei.entrypoints.api.middleware.scope_state import client_ip_of

router = APIRouter(tags=["sommelier"])

SESSION_HEADER = "X-Session-ID"
_EVENTS = """Server-sent events, each `event: NAME` and one line of JSON `data:`:

- `token` `{"text"}`: a piece of the answer; the pieces joined are the answer
- `tool` `{"name", "arguments", "status"}`: a tool call, `started` then `ok` or `error`
- `cards` `{"sake_ids": [...]}`: the catalog sake the answer names, to show as cards
- `notice` `{"message"}`: how the answer was made (e.g. the language model failed and the
  built-in sommelier answered)
- `done` `{"latency_ms", "ttft_ms", "session_id"}`: the last event of an answer
- `error` `{"message"}`: the answer could not be finished (the last event instead of done)

The session id is also in the `X-Session-ID` header."""


class ChatIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: str = Field(description="what to ask the sommelier, in Japanese or English")
    session_id: str | None = Field(
        default=None,
        max_length=100,
        description="the conversation to continue (from an earlier answer); leave out to start "
        "a new one. Signed-in users only: an id that is not one of theirs is 404",
    )
    language: Literal["ja", "en"] | None = Field(
        default=None, description="the language to answer in; by default the message's own"
    )


async def _streams(request: Request) -> ChatStreams:
    streams: ChatStreams = request.app.state.chat
    return streams


Streams = Annotated[ChatStreams, Depends(_streams)]

# The schema of one event, as OpenAPI 3.0/3.1 tools read a text/event-stream schema.
_EVENT_SCHEMA = {
    "type": "object",
    "required": ["event", "data"],
    "properties": {
        "event": {"type": "string", "enum": ["token", "tool", "cards", "notice", "done", "error"]},
        "data": {
            "type": "string",
            "contentMediaType": "application/json",
            "description": "one line of JSON, as listed for each event",
        },
    },
}
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": _EVENTS, "content": {"text/event-stream": {"schema": _EVENT_SCHEMA}}}
}


@router.post("/chat", response_class=StreamingResponse, responses=_RESPONSES)
async def chat(
    body: ChatIn,
    request: Request,
    streams: Streams,
    accounts: AccountsService,
    credentials: BearerToken,
) -> StreamingResponse:
    """Ask the sommelier. A signed-in user's conversation is kept (its history, what is
    learned about them, a summary) and their picks use what they told it; a visitor gets
    the same sommelier without memory. Rate-limited per user (visitors: per address)."""
    started = time.perf_counter()

    def open_turn() -> Turn:
        """On the answer's thread: the token's user (a database read), the message counted
        against the limit, then the turn."""
        user = current_user(request, accounts, credentials) if credentials else None
        if user is None:
            streams.admit(f"ip:{rate_limit_subject(client_ip_of(request.scope))}")
        else:
            streams.admit(f"user:{user.id}")
        return streams.conversations.open(
            body.message,
            session_id=body.session_id,
            user_id=user.id if user else None,
            verified=bool(user and user.verified),
            language=body.language,
        )

    answer, turn = await streams.start(open_turn)
    return StreamingResponse(
        streams.events(answer, turn, started),
        media_type="text/event-stream",
        headers={
            SESSION_HEADER: turn.session_id,
            "Cache-Control": "no-cache",
            # Proxies (nginx) would otherwise hold the tokens back until the answer ends.
            "X-Accel-Buffering": "no",
        },
    )
