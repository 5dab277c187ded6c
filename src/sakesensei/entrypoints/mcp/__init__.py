"""The MCP server (built by the sommelier issue)."""
