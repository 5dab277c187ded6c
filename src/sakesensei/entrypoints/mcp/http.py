"""The MCP gateway over streamable HTTP, as one ASGI endpoint of the API (mounted at /mcp).

Stateless and answering in plain JSON: no session lives in one process, so any replica
behind a load balancer can serve any request, as the rest of the API does. Every request
is authenticated on its own, so a revoked API key stops working at its next call. With
no sessions there is nothing to send unasked, so the GET stream of the protocol is
declined with 405, as the transport allows (the SDK would hold it open forever).
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Any

from mcp.server import ServerRequestContext
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from starlette.datastructures import Headers
from starlette.types import Receive, Scope, Send

from sakesensei.agent.tools import ToolContext, tool_context
from sakesensei.bootstrap import Container, utc_now
from sakesensei.domain.errors import SakeSenseiError, StorageUnavailable, Unauthorized
from sakesensei.entrypoints.api.middleware.offload import run_blocking
from sakesensei.entrypoints.api.problems import problem
from sakesensei.entrypoints.mcp.auth import Authenticate, Caller, bearer_authenticator
from sakesensei.entrypoints.mcp.server import build_server
from sakesensei.services.api_keys import ApiKeys
from sakesensei.services.catalog_cache import CatalogCache
from sakesensei.services.label_scan import LabelScanner
from sakesensei.services.recommendations import RecommendationService

# Where the endpoint leaves the caller for the tool handler, in the request's ASGI state.
_CALLER = "mcp_caller"


class McpGateway:
    """The ASGI endpoint; run() must wrap the application's lifespan."""

    def __init__(self, context: ToolContext, authenticate: Authenticate) -> None:
        self._context = context
        self._authenticate = authenticate
        self.server = build_server(self._context_for)
        self._sessions = StreamableHTTPSessionManager(
            app=self.server, stateless=True, json_response=True
        )

    def run(self) -> AbstractAsyncContextManager[None]:
        """The session manager's task group, for the lifespan of the application."""
        return self._sessions.run()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        if scope["method"] != "POST":
            detail = "the MCP endpoint takes JSON-RPC messages by POST only"
            response = problem(405, "Method not allowed", detail, scope["path"])
            response.headers["Allow"] = "POST"
            await response(scope, receive, send)
            return
        header = Headers(scope=scope).get("authorization")
        caller: Caller | None = None
        if header is not None:
            try:
                caller = await self._caller(header)
            except SakeSenseiError as exc:
                await self._refuse(exc, scope, receive, send)
                return
        scope.setdefault("state", {})[_CALLER] = caller
        await self._sessions.handle_request(scope, receive, send)

    async def _caller(self, header: str) -> Caller:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized(
                "send 'Authorization: Bearer <token>' with an access token or an API key, "
                "or no Authorization header to use only the catalog tools"
            )
        return await run_blocking(lambda: self._authenticate(token))

    @staticmethod
    async def _refuse(exc: SakeSenseiError, scope: Scope, receive: Receive, send: Send) -> None:
        if isinstance(exc, StorageUnavailable):
            await problem(503, "Storage unavailable", str(exc), scope["path"])(scope, receive, send)
            return
        response = problem(401, "Unauthorized", str(exc), scope["path"])
        response.headers["WWW-Authenticate"] = 'Bearer realm="sakesensei"'
        await response(scope, receive, send)

    async def _context_for(self, ctx: ServerRequestContext[Any, Any]) -> ToolContext:
        request = ctx.request
        state = getattr(request, "scope", {}).get("state", {})
        caller = state.get(_CALLER)
        if not isinstance(caller, Caller):
            return self._context
        return self._context.as_caller(caller.user_id, caller.verified)


def mcp_gateway(
    container: Container,
    catalog: CatalogCache,
    recommendations: RecommendationService,
    *,
    scanner: LabelScanner | None = None,
) -> McpGateway:
    """The gateway of an API application, sharing its catalog cache and recommender."""
    return McpGateway(
        tool_context(container.uow, catalog, recommendations, utc_now, scanner=scanner),
        # The account service is built on first use: building it hashes a password.
        bearer_authenticator(
            lambda token: container.accounts.user_for_token(token),
            ApiKeys(container.uow, utc_now),
        ),
    )
