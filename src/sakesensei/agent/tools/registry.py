"""Every tool, in the order a model sees them, and run_tool: the one way a tool is called.

run_tool checks the arguments against the tool's model and turns every failure into a
ToolError whose message a model can act on, so neither the sommelier nor the MCP gateway
ever sees a bare exception from bad input.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from sakesensei.agent.tools import (
    breweries,
    catalog,
    journal,
    knowledge,
    labels,
    picks,
    preferences,
)
from sakesensei.agent.tools.base import Tool, ToolRegistry
from sakesensei.agent.tools.context import SIGN_IN_NEEDED, ToolContext
from sakesensei.agent.tools.errors import ToolError, ToolErrorKind
from sakesensei.domain.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    SakeSenseiError,
    StorageUnavailable,
    Unauthorized,
)
from sakesensei.services.telemetry import TELEMETRY

log = logging.getLogger("sakesensei.tools")

TOOLS = ToolRegistry(
    (
        *picks.TOOLS,
        *catalog.TOOLS,
        *breweries.TOOLS,
        *preferences.TOOLS,
        *journal.TOOLS,
        *knowledge.TOOLS,
        *labels.TOOLS,
    )
)

_KINDS: tuple[tuple[type[SakeSenseiError], ToolErrorKind], ...] = (
    (Unauthorized, ToolErrorKind.SIGN_IN_REQUIRED),
    (Forbidden, ToolErrorKind.FORBIDDEN),
    (NotFound, ToolErrorKind.NOT_FOUND),
    (Conflict, ToolErrorKind.CONFLICT),
    (InvalidInput, ToolErrorKind.INVALID_ARGUMENTS),
    (StorageUnavailable, ToolErrorKind.UNAVAILABLE),
)
_MAX_PROBLEMS = 5


def as_tool_error(exc: SakeSenseiError) -> ToolError:
    """The tool error a domain error becomes, with the domain's own message."""
    kind = next((k for cls, k in _KINDS if isinstance(exc, cls)), ToolErrorKind.INTERNAL)
    return ToolError(kind, str(exc))


def describe_validation(tool: Tool[Any, Any], exc: ValidationError) -> str:
    """The argument problems in one line: which argument, what is wrong, what was sent."""
    problems = []
    for error in exc.errors()[:_MAX_PROBLEMS]:
        where = ".".join(str(part) for part in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            known = ", ".join(tool.input_model.model_fields) or "none"
            message = f"is not an argument of {tool.name} (its arguments: {known})"
        elif where and error["type"] != "missing" and "input" in error:
            message = f"{message} (got {error['input']!r:.60})"
        problems.append(f"{where}: {message}" if where else message)
    more = len(exc.errors()) - _MAX_PROBLEMS
    if more > 0:
        problems.append(f"and {more} more")
    return f"invalid arguments for {tool.name}: " + "; ".join(problems)


def run_tool(
    name: str,
    arguments: Mapping[str, Any] | None,
    context: ToolContext,
    tools: ToolRegistry = TOOLS,
    *,
    counted: bool = True,
) -> BaseModel:
    """Call a tool by name; its output model, or a ToolError saying what to change.
    `counted=False` leaves it out of the metrics and traces (a server warming up)."""
    found = tools.get(name)
    if found is None:
        raise ToolError(
            ToolErrorKind.UNKNOWN_TOOL,
            f"there is no tool called {name!r}; the tools are {', '.join(tools.names())}",
        )
    if arguments is None:
        arguments = {}
    if not isinstance(arguments, Mapping):
        raise ToolError(
            ToolErrorKind.INVALID_ARGUMENTS,
            f"the arguments of {name} must be a JSON object, not {type(arguments).__name__}",
        )
    # Counted only once the name is known to be ours: a caller's made-up names must not
    # become metric series.
    if not counted:
        return _call(found, arguments, context)
    with TELEMETRY.tool_call(found.name):
        return _call(found, arguments, context)


def _call(tool: Tool[Any, Any], arguments: Mapping[str, Any], context: ToolContext) -> BaseModel:
    if tool.user_scoped and context.user_id is None:
        raise ToolError(ToolErrorKind.SIGN_IN_REQUIRED, f"{tool.name}: {SIGN_IN_NEEDED}")
    try:
        parsed = tool.input_model.model_validate(arguments)
    except ValidationError as exc:
        raise ToolError(ToolErrorKind.INVALID_ARGUMENTS, describe_validation(tool, exc)) from None
    try:
        result: BaseModel = tool.run(parsed, context)
    except ToolError:
        raise
    except SakeSenseiError as exc:
        raise as_tool_error(exc) from exc
    except Exception as exc:
        # A model cannot act on a traceback; the operator finds it in the log instead.
        log.exception("tool %s failed", tool.name)
        raise ToolError(
            ToolErrorKind.INTERNAL,
            f"{tool.name} failed on our side; try again later or try another tool",
        ) from exc
    return result
