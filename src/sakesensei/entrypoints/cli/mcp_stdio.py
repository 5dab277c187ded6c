"""`sakesensei mcp`: the sommelier's tools for an AI assistant, over stdio (MCP)."""

from __future__ import annotations

from typing import Annotated

import typer

from sakesensei import bootstrap
from sakesensei.config import load_settings
from sakesensei.domain.errors import InvalidInput, Unauthorized
from sakesensei.entrypoints.cli.output import reported
from sakesensei.entrypoints.logs import configure_logging

ApiKeyOption = Annotated[
    str | None,
    typer.Option(
        "--api-key",
        envvar="SAKESENSEI_API_KEY",
        show_envvar=True,
        help="An API key (create one at POST /api/v1/me/api-keys) for the tools that read or "
        "change the user's own data; prefer the environment variable, which other users of "
        "the machine cannot see. Without one, only the catalog tools work.",
    ),
]


def mcp_command(api_key: ApiKeyOption = None) -> None:
    """Serve the tools to an AI assistant over stdio (Model Context Protocol).

    Add it to an assistant as a stdio server running `sakesensei mcp`; logs go to stderr.
    """
    # The server stack loads only for this command, keeping the others quick.
    import anyio

    from sakesensei.agent.tools import tool_context
    from sakesensei.entrypoints.mcp.server import build_server
    from sakesensei.entrypoints.mcp.stdio import api_key_context, serve_stdio
    from sakesensei.services.api_keys import ApiKeys
    from sakesensei.services.catalog_cache import CatalogCache
    from sakesensei.services.label_scan import LabelScanner
    from sakesensei.services.recommendations import RecommendationService

    key = (api_key or "").strip() or None
    with reported(False):
        settings = load_settings()
        configure_logging(settings)
        container = bootstrap.start(settings)
        api_keys = ApiKeys(container.uow, bootstrap.utc_now)
        if key is not None:
            try:
                api_keys.authenticate(key)
            except Unauthorized as exc:
                raise InvalidInput(f"--api-key (or SAKESENSEI_API_KEY): {exc}") from None
    catalog = CatalogCache(container.uow)
    recommendations = RecommendationService(
        container.uow, catalog, bootstrap.utc_now, refresh_seconds=settings.reco_refresh_seconds
    )
    scanner = LabelScanner(
        container.uow,
        catalog,
        container.label_reader,
        container.blobs,
        bootstrap.utc_now,
        max_bytes=settings.scan_max_bytes,
        max_pixels=settings.scan_max_pixels,
        ocr_side=settings.scan_ocr_side,
    )
    context = tool_context(
        container.uow, catalog, recommendations, bootstrap.utc_now, scanner=scanner
    )
    server = build_server(api_key_context(context, api_keys, key))
    recommendations.start()
    try:
        anyio.run(serve_stdio, server)
    except KeyboardInterrupt:
        pass
    finally:
        recommendations.stop()
        container.close()
