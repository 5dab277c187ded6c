"""The one error a tool call ends with, carrying a message the calling model can act on."""

from __future__ import annotations

from enum import StrEnum


class ToolErrorKind(StrEnum):
    INVALID_ARGUMENTS = "invalid_arguments"
    UNKNOWN_TOOL = "unknown_tool"
    SIGN_IN_REQUIRED = "sign_in_required"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    UNAVAILABLE = "unavailable"
    INTERNAL = "internal"


class ToolError(Exception):
    """A call that did not work; `message` says what to change (or that it was our fault)."""

    def __init__(self, kind: ToolErrorKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
