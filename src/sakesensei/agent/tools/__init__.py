"""The tool registry shared by the sommelier and the MCP gateway: each tool defined once."""

from __future__ import annotations

from sakesensei.agent.tools.base import Tool, ToolHints, ToolRegistry
from sakesensei.agent.tools.context import ToolContext, tool_context
from sakesensei.agent.tools.errors import ToolError, ToolErrorKind
from sakesensei.agent.tools.registry import TOOLS, as_tool_error, run_tool

__all__ = [
    "TOOLS",
    "Tool",
    "ToolContext",
    "ToolError",
    "ToolErrorKind",
    "ToolHints",
    "ToolRegistry",
    "as_tool_error",
    "run_tool",
    "tool_context",
]
