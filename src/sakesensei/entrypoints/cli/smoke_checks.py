"""The smoke test of a live deployment, over HTTP only: health, readiness, a throwaway
account (erased afterwards), picks, search, a chat stream and metrics.

Shared by `sakesensei smoke --base-url URL` and `pytest tests/smoke --base-url URL`. The
throwaway account is never verified: an unverified account may log in, get picks and erase
itself, which is all these checks need, so no mail and no verification code are involved.
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Any, Literal

import httpx

from sakesensei import __version__

Status = Literal["ok", "failed", "skipped"]
CHAT_PATH = "/api/v1/chat"
CHAT_MESSAGE = "I am new to sake. Which one should I try first, with dinner tonight?"
EMAIL_DOMAIN = "example.com"  # reserved for examples: a verification mail goes nowhere


class Unreachable(Exception):
    """Nothing usable answers at the base URL; the message is one line for the operator."""


class CheckFailed(Exception):
    """A check ran and found the deployment wrong; the message says what it saw."""


class Skipped(Exception):
    """A check that does not apply to this deployment (or could not run); the reason why."""


@dataclass(frozen=True, slots=True)
class Outcome:
    check: str
    status: Status
    detail: str
    ms: float

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _describe(response: httpx.Response) -> str:
    """`GET /readyz answered 503: the database does not answer`."""
    detail = ""
    if response.headers.get("content-type", "").startswith(
        ("application/problem+json", "application/json")
    ):
        try:
            body = response.json()
            detail = str(body.get("detail") or "") if isinstance(body, dict) else ""
        except ValueError:
            detail = ""
    if not detail:
        detail = response.text.strip().splitlines()[0][:200] if response.text.strip() else ""
    request = response.request
    said = f"{request.method} {request.url.path} answered {response.status_code}"
    return f"{said}: {detail}" if detail else said


def _expect(response: httpx.Response, *statuses: int) -> httpx.Response:
    if response.status_code not in statuses:
        raise CheckFailed(_describe(response))
    return response


class Smoke:
    """One run against one deployment. Use as a context manager; run() does every check."""

    CHECKS = ("health", "ready", "account", "picks", "search", "chat", "metrics", "cleanup")

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.run_id = secrets.token_hex(4)
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=timeout,
            transport=transport,
            headers={"User-Agent": f"sakesensei-smoke/{__version__}"},
        )
        self._token: str | None = None
        self._account_tried = False

    def __enter__(self) -> Smoke:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        # Best effort: the cleanup check reports a failure when it is run.
        with contextlib.suppress(CheckFailed, Skipped, httpx.HTTPError):
            self.erase_account()
        self._http.close()

    # ---- plumbing -------------------------------------------------------------------------

    def _request(self, method: str, path: str, check: str, **kwargs: Any) -> httpx.Response:
        headers = {"X-Request-ID": f"smoke-{self.run_id}-{check}", **kwargs.pop("headers", {})}
        try:
            return self._http.request(method, path, headers=headers, **kwargs)
        except httpx.TimeoutException:
            raise CheckFailed(f"{method} {path} did not answer in time") from None
        except httpx.HTTPError as exc:
            raise CheckFailed(f"{method} {path} failed: {exc}") from None

    def _auth(self) -> dict[str, str]:
        if self._token is None:
            if self._account_tried:
                raise Skipped("needs the throwaway account, which could not be made")
            self.account()
        return {"Authorization": f"Bearer {self._token}"}

    def reach(self) -> None:
        """Raise Unreachable, in one line, when the base URL is wrong or nothing answers."""
        url = self.base_url
        try:
            response = self._http.get("/healthz")
        except (httpx.UnsupportedProtocol, httpx.InvalidURL):
            raise Unreachable(f"{url!r} is not an http:// or https:// URL") from None
        except httpx.ConnectError as exc:
            raise Unreachable(f"cannot reach {url}: {_reason(exc)}") from None
        except httpx.TimeoutException:
            raise Unreachable(f"{url} did not answer in time") from None
        except httpx.HTTPError as exc:
            raise Unreachable(f"cannot talk to {url}: {_reason(exc)}") from None
        if response.status_code == 404:
            raise Unreachable(f"{url} answers, but is not Sake Sensei (no /healthz there)")

    # ---- the checks -----------------------------------------------------------------------

    def health(self) -> str:
        body = _expect(self._request("GET", "/healthz", "health"), 200).json()
        if body.get("status") != "ok":
            raise CheckFailed(f"/healthz said {body!r}")
        return "the process is up"

    def ready(self) -> str:
        body = _expect(self._request("GET", "/readyz", "ready"), 200).json()
        return f"database ok at revision {body.get('revision')}, {body.get('sake')} sake"

    def account(self) -> str:
        self._account_tried = True
        email = f"smoke-{self.run_id}-{secrets.token_hex(4)}@{EMAIL_DOMAIN}"
        password = f"Smoke-{secrets.token_urlsafe(12)}-9!"
        credentials = {"email": email, "password": password}
        _expect(self._request("POST", "/api/v1/auth/register", "account", json=credentials), 201)
        login = self._request("POST", "/api/v1/auth/login", "account", json=credentials)
        self._token = _expect(login, 200).json()["access_token"]
        me = _expect(self._request("GET", "/api/v1/me", "account", headers=self._auth()), 200)
        if me.json().get("email") != email:
            raise CheckFailed("GET /api/v1/me answered for another account")
        return "registered and logged in a throwaway account"

    def picks(self) -> str:
        mine = self._request(
            "GET", "/api/v1/recommendations", "picks", params={"limit": 3}, headers=self._auth()
        )
        items = _expect(mine, 200).json().get("items", [])
        if not items:
            raise CheckFailed("GET /api/v1/recommendations gave no picks")
        survey = {"sweetness": 3, "budget_yen": 5000, "experience": "beginner", "limit": 3}
        visitor = self._request("POST", "/api/v1/recommendations", "picks", json=survey)
        if not _expect(visitor, 200).json().get("items"):
            raise CheckFailed("POST /api/v1/recommendations gave a visitor no picks")
        return f"{len(items)} picks, the first scoring {items[0].get('score')}"

    def search(self) -> str:
        page = _expect(
            self._request("GET", "/api/v1/sakes", "search", params={"limit": 1}), 200
        ).json()
        if not page.get("items"):
            raise CheckFailed("the catalog is empty (GET /api/v1/sakes listed no sake)")
        first = page["items"][0]
        found = _expect(
            self._request("GET", "/api/v1/sakes", "search", params={"q": first["name"]}), 200
        ).json()
        if first["id"] not in [item["id"] for item in found.get("items", [])]:
            raise CheckFailed(f"searching for {first['name']!r} did not find it")
        return f"{page.get('total')} sake; searching {first['name']!r} finds it"

    def chat(self) -> str:
        """The answer streams as server-sent events: tokens, then `done` (or `error`)."""
        headers = {
            **self._auth(),
            "Accept": "text/event-stream",
            "X-Request-ID": f"smoke-{self.run_id}-chat",
        }
        started = time.perf_counter()
        first_ms: float | None = None
        events: list[tuple[str, str]] = []
        try:
            with self._http.stream(
                "POST", CHAT_PATH, json={"message": CHAT_MESSAGE}, headers=headers
            ) as response:
                if response.status_code == 404:
                    raise Skipped(f"not available (POST {CHAT_PATH} answered 404)")
                if response.status_code != 200:
                    response.read()
                    raise CheckFailed(_describe(response))
                name = "message"
                for line in response.iter_lines():
                    if line.startswith("event:"):
                        name = line.removeprefix("event:").strip()
                    elif line.startswith("data:"):
                        if first_ms is None:
                            first_ms = (time.perf_counter() - started) * 1000
                        events.append((name, line.removeprefix("data:").strip()))
                        name = "message"
        except httpx.TimeoutException:
            raise CheckFailed(f"POST {CHAT_PATH} stopped answering mid-stream") from None
        except httpx.HTTPError as exc:
            raise CheckFailed(f"POST {CHAT_PATH} failed: {exc}") from None
        return _chat_verdict(events, first_ms)

    def metrics(self) -> str:
        text = _expect(self._request("GET", "/metrics", "metrics"), 200).text
        for name in ("sakesensei_http_requests_total", "sakesensei_build_info"):
            if name not in text:
                raise CheckFailed(f"/metrics does not show {name}")
        return f"{sum(1 for line in text.splitlines() if line and line[0] != '#')} samples"

    def cleanup(self) -> str:
        if self._token is None:
            raise Skipped("no throwaway account was made")
        self.erase_account()
        return "the throwaway account is erased"

    def erase_account(self) -> None:
        if self._token is None:
            return
        headers = {"Authorization": f"Bearer {self._token}"}
        _expect(self._request("DELETE", "/api/v1/me", "cleanup", headers=headers), 204)
        self._token = None

    # ---- running them ---------------------------------------------------------------------

    def check(self, name: str) -> Callable[[], str]:
        if name not in self.CHECKS:
            raise ValueError(f"there is no smoke check called {name!r}")
        method: Callable[[], str] = getattr(self, name)
        return method

    def run_one(self, name: str) -> Outcome:
        started = time.perf_counter()
        status: Status = "ok"
        try:
            detail = self.check(name)()
        except CheckFailed as exc:
            detail, status = str(exc), "failed"
        except Skipped as exc:
            detail, status = str(exc), "skipped"
        except Exception as exc:  # an answer we did not expect at all: still one line
            detail, status = f"unexpected answer: {type(exc).__name__}: {exc}", "failed"
        ms = round((time.perf_counter() - started) * 1000, 1)
        return Outcome(name, status, detail, ms)

    def run(self) -> Iterator[Outcome]:
        """Every check in order; reach() first tells whether there is anything to check."""
        for name in self.CHECKS:
            yield self.run_one(name)


def _chat_verdict(events: list[tuple[str, str]], first_ms: float | None) -> str:
    if not events or first_ms is None:
        raise CheckFailed(f"POST {CHAT_PATH} answered 200 with no events")
    last_name, last_data = events[-1]
    if last_name == "error":
        raise CheckFailed(f"the answer broke off: {_field(last_data, 'message')}")
    tokens = sum(1 for name, _ in events if name == "token")
    if last_name != "done" or not tokens:
        raise CheckFailed(
            f"the stream ended with {last_name!r} after {tokens} tokens, not with 'done'"
        )
    ttft = _field(last_data, "ttft_ms")
    said = f"first token after {ttft} ms" if ttft else f"first event after {first_ms:.0f} ms"
    return f"{said}, {tokens} tokens"


def _field(data: str, key: str) -> str:
    try:
        value = json.loads(data)
    except ValueError:
        return ""
    return str(value.get(key, "")) if isinstance(value, dict) else ""


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return re.sub(r"^\[Errno -?\d+\]\s*", "", text.splitlines()[0])
