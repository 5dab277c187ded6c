"""What a language model is given and what it streams back, whatever its provider.

The providers' wire formats (OpenAI-compatible chat completions, Anthropic Messages,
Bedrock Converse) all reduce to these: messages with text and tool calls in, pieces of
text and finished tool calls out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(frozen=True, slots=True)
class ToolSpec:
    """A tool as a model sees it: its name, what it is for, its arguments' JSON schema."""

    name: str
    description: str
    parameters: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ToolUse:
    """A tool call the model asked for; `arguments` is the JSON text it wrote, unparsed."""

    id: str
    name: str
    arguments: str


@dataclass(frozen=True, slots=True)
class ModelMessage:
    """One message of the conversation sent to a model.

    role "user" and "assistant" carry text (an assistant's may carry tool calls too);
    role "tool" carries the result of the call `tool_use_id` as text (JSON).
    """

    role: Literal["user", "assistant", "tool"]
    text: str = ""
    tool_uses: tuple[ToolUse, ...] = field(default_factory=tuple)
    tool_use_id: str = ""
    tool_name: str = ""
    is_error: bool = False


@dataclass(frozen=True, slots=True)
class TextDelta:
    """A piece of the answer's text, as the model streams it."""

    text: str


@dataclass(frozen=True, slots=True)
class ToolRequest:
    """A tool call, complete (the model finished writing its arguments)."""

    use: ToolUse


@dataclass(frozen=True, slots=True)
class ModelStop:
    """The model ended its message: "end" when it is done, "tool_use" when it waits for
    tool results, "max_tokens" when it was cut off."""

    reason: str


ModelChunk = TextDelta | ToolRequest | ModelStop
