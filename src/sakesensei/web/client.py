"""An HTTP client of the Sake Sensei API, with tokens kept in a mapping the caller owns.

The web app hands in Streamlit's session state, so each browser session holds its own
login; a 401 is answered by one quiet refresh and a retry before giving up.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

import httpx

ACCESS = "access_token"
REFRESH = "refresh_token"
EMAIL = "email"
ROLE = "role"


class ApiError(Exception):
    """The API refused or could not answer; `detail` is its message for a person."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


@dataclass(frozen=True, slots=True)
class ChatEvent:
    """One server-sent event of the sommelier's answer."""

    name: str
    data: dict[str, Any]


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text or response.reason_phrase
    if isinstance(body, dict):
        for key in ("detail", "title", "message"):
            value = body.get(key)
            if isinstance(value, str):
                return value
            if isinstance(value, list):
                return "; ".join(str(item.get("msg", item)) for item in value)
    return str(body)


class ApiClient:
    """Calls the API; `tokens` holds the login (access and refresh token, email, role)."""

    def __init__(
        self,
        base_url: str,
        tokens: MutableMapping[str, Any],
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 60,
    ) -> None:
        self._http = httpx.Client(base_url=base_url, timeout=timeout, transport=transport)
        self.tokens = tokens

    # ---- the login ----------------------------------------------------------------------

    @property
    def signed_in(self) -> bool:
        return bool(self.tokens.get(ACCESS))

    @property
    def is_admin(self) -> bool:
        return self.tokens.get(ROLE) == "admin"

    def _keep(self, pair: dict[str, Any]) -> None:
        self.tokens[ACCESS] = pair["access_token"]
        self.tokens[REFRESH] = pair["refresh_token"]

    def clear(self) -> None:
        for key in (ACCESS, REFRESH, EMAIL, ROLE):
            self.tokens.pop(key, None)

    def login(self, email: str, password: str) -> dict[str, Any]:
        pair = self._call("POST", "/api/v1/auth/login", json={"email": email, "password": password})
        self._keep(pair)
        me: dict[str, Any] = self._call("GET", "/api/v1/me")
        self.tokens[EMAIL] = me["email"]
        self.tokens[ROLE] = me["role"]
        return me

    def logout(self) -> None:
        refresh = self.tokens.get(REFRESH)
        self.clear()
        if refresh:
            # The local login is gone either way; an unrevoked token expires by itself.
            with contextlib.suppress(ApiError, httpx.HTTPError):
                self._call("POST", "/api/v1/auth/logout", json={"refresh_token": refresh})

    def _refresh(self) -> bool:
        refresh = self.tokens.get(REFRESH)
        if not refresh:
            return False
        response = self._http.post("/api/v1/auth/refresh", json={"refresh_token": refresh})
        if response.status_code != 200:
            self.clear()
            return False
        self._keep(response.json())
        return True

    # ---- requests -------------------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        access = self.tokens.get(ACCESS)
        return {"Authorization": f"Bearer {access}"} if access else {}

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        response = self._http.request(method, path, headers=self._headers(), **kwargs)
        if response.status_code == 401 and self.tokens.get(ACCESS) and self._refresh():
            response = self._http.request(method, path, headers=self._headers(), **kwargs)
        if response.status_code >= 400:
            raise ApiError(response.status_code, _detail(response))
        return response

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self._send(method, path, **kwargs)
        if response.status_code == 204 or not response.content:
            return None
        return response.json()

    def get(self, path: str, **params: Any) -> Any:
        clean = {k: v for k, v in params.items() if v is not None and v != []}
        return self._call("GET", path, params=clean)

    def post(self, path: str, body: Any = None) -> Any:
        return self._call("POST", path, json=body)

    def put(self, path: str, body: Any) -> Any:
        return self._call("PUT", path, json=body)

    def patch(self, path: str, body: Any) -> Any:
        return self._call("PATCH", path, json=body)

    def delete(self, path: str, **params: Any) -> None:
        self._call("DELETE", path, params=params)

    def download(self, path: str, **params: Any) -> tuple[bytes, str]:
        """The body and the file name the API suggests."""
        response = self._send("GET", path, params=params)
        disposition = response.headers.get("content-disposition", "")
        name = disposition.split("filename=")[-1].strip('"') if "filename=" in disposition else ""
        return response.content, name

    def scan(self, data: bytes, filename: str, content_type: str) -> Any:
        return self._call("POST", "/api/v1/scan", files={"file": (filename, data, content_type)})

    def chat(
        self, message: str, session_id: str | None, language: str | None
    ) -> Iterator[ChatEvent]:
        """The sommelier's answer, event by event, as the server sends them."""
        body: dict[str, Any] = {"message": message, "language": language}
        if session_id:
            body["session_id"] = session_id
        for attempt in (1, 2):
            with self._http.stream(
                "POST", "/api/v1/chat", json=body, headers=self._headers()
            ) as response:
                retry = response.status_code == 401 and attempt == 1 and self.signed_in
                if retry and self._refresh():
                    continue
                if response.status_code >= 400:
                    response.read()
                    raise ApiError(response.status_code, _detail(response))
                yield from _events(response.iter_lines())
                return


def _events(lines: Iterator[str]) -> Iterator[ChatEvent]:
    name, data = "message", ""
    for line in lines:
        if line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data += line[5:].strip()
        elif not line and data:
            yield ChatEvent(name, json.loads(data))
            name, data = "message", ""
    if data:
        yield ChatEvent(name, json.loads(data))
