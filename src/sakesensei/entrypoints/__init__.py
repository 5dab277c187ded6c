"""The ways in: the HTTP API, the MCP server and the command line."""
