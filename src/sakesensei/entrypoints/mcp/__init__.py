"""The MCP gateway: build_server() (server.py), served over streamable HTTP at /mcp (http.py)
and over stdio by `sakesensei mcp` (stdio.py), with bearer tokens or API keys (auth.py)."""
