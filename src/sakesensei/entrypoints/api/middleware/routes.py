"""The route template a request path belongs to, for metrics and logs ("/sakes/{sake_id}").

Labels must be templates, never raw paths, or every id would become a new series. The
templates come from the app's OpenAPI paths (public and complete, whatever way the routers
were included) plus its top-level routes, read once on first use because routers are
added after the middleware is installed.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from fastapi import FastAPI
from starlette.types import Scope

log = logging.getLogger("sakesensei.api")

UNMATCHED = "<unmatched>"
_PARAM = re.compile(r"\{[^}/]+\}")


def _pattern(template: str) -> re.Pattern[str]:
    parts = _PARAM.split(template)
    params = _PARAM.findall(template)
    regex = re.escape(parts[0])
    for param, part in zip(params, parts[1:], strict=True):
        # {name:path} spans slashes; any other parameter is one segment.
        regex += (".+" if param.endswith(":path}") else "[^/]+") + re.escape(part)
    return re.compile(regex)


def _label(template: str) -> str:
    return _PARAM.sub(lambda m: m.group(0).split(":", 1)[0].rstrip("}") + "}", template)


class RouteTemplates:
    def __init__(self, app: FastAPI) -> None:
        self._app = app
        self._table: list[tuple[re.Pattern[str], str]] | None = None
        self.template_for = lru_cache(maxsize=4096)(self._lookup)

    def _build(self) -> list[tuple[re.Pattern[str], str]]:
        templates = {str(getattr(r, "path", "")) for r in self._app.routes} - {""}
        try:
            templates |= set(self._app.openapi().get("paths", {}))
        except Exception:  # a broken schema must not break every request's bookkeeping
            log.warning("could not read the OpenAPI paths for metrics labels", exc_info=True)
        # One entry per label: "/files/{rest:path}" (a route) and "/files/{rest}" (its OpenAPI
        # path) are the same route; the converter is kept for matching, dropped from the label.
        by_label: dict[str, str] = {}
        for raw in sorted(templates, key=lambda t: ":" not in t):
            by_label.setdefault(_label(raw), raw)
        # Static paths before templated ones: /me/tastings/stats is not /me/tastings/{id}.
        ordered = sorted(by_label.items(), key=lambda i: (len(_PARAM.findall(i[0])), -len(i[0])))
        return [(_pattern(raw), label) for label, raw in ordered]

    def _lookup(self, path: str) -> str | None:
        if self._table is None:
            self._table = self._build()
        return next((t for pattern, t in self._table if pattern.fullmatch(path)), None)

    def of(self, scope: Scope) -> str:
        template = self.template_for(scope["path"])
        if template is not None:
            return template
        route = scope.get("route")  # routes left out of the schema, e.g. /metrics
        fallback = getattr(route, "path_format", None) or getattr(route, "path", None)
        return str(fallback) if fallback else UNMATCHED
