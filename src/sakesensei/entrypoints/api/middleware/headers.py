"""Security headers on every response, with a Content-Security-Policy the docs page can live with.

The API answers JSON, so its policy forbids everything. The interactive docs are the one
HTML page: Swagger UI loads from the jsDelivr CDN and starts from one inline script, which
is allowed by its hash, computed from the page as served (so a FastAPI upgrade that changes
the script cannot silently break the docs or force 'unsafe-inline' for scripts).
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
_CDN = "https://cdn.jsdelivr.net"
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.I)
HSTS = "max-age=31536000; includeSubDomains"

_ALWAYS = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)


def docs_policy(html: bytes) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(html)
    )
    return (
        f"default-src 'none'; script-src {_CDN} {hashes}; "
        # Swagger UI sets inline styles on the elements it draws.
        f"style-src {_CDN} 'unsafe-inline'; img-src 'self' data: https://fastapi.tiangolo.com; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, hsts: bool, docs_paths: frozenset[str]) -> None:
        self.app = app
        self.headers = (*_ALWAYS, ("Strict-Transport-Security", HSTS)) if hsts else _ALWAYS
        self.docs_paths = docs_paths

    def _add(self, message: Message, policy: str) -> None:
        headers = MutableHeaders(scope=message)
        for name, value in self.headers:
            headers.setdefault(name, value)
        headers.setdefault("Content-Security-Policy", policy)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] in self.docs_paths:
            await self._docs(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                self._add(message, API_POLICY)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _docs(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Hold the (small) page until it is complete, to hash the scripts in it."""
        start: Message | None = None
        body: list[bytes] = []

        async def send_after_hashing(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] == "http.response.body" and start is not None:
                body.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                self._add(start, docs_policy(b"".join(body)))
                await send(start)
                await send({"type": "http.response.body", "body": b"".join(body)})
                return
            await send(message)

        await self.app(scope, receive, send_after_hashing)
