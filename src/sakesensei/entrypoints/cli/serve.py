"""`sakesensei up` and `sakesensei serve api|web`: run the servers."""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import logging
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from sakesensei import bootstrap
from sakesensei.config import load_settings
from sakesensei.entrypoints.cli.output import out, reported
from sakesensei.entrypoints.cli.workers import listening_socket, serve_workers, stop_with_parent
from sakesensei.entrypoints.logs import configure_logging
from sakesensei.entrypoints.tracing import configure_tracing

log = logging.getLogger("sakesensei.serve")

# Japanese text in a plain Gothic face wherever one is installed: left to choose, a browser
# may take any font that covers kana (on a machine with brush fonts, one lacking 獺).
JAPANESE_FONTS = "sans-serif, Noto Sans CJK JP, Noto Sans JP, Hiragino Sans, Yu Gothic, IPAexGothic"

serve_app = typer.Typer(help="Run one server process.", no_args_is_help=True)

HostOption = Annotated[
    str | None, typer.Option(help="Address to listen on (default from settings).")
]
PortOption = Annotated[int | None, typer.Option(help="Port to listen on (default from settings).")]


def _run_api(host: str | None, port: int | None, workers: int | None = None) -> None:
    with reported(False):
        settings = load_settings()
        configure_logging(settings)
        configure_tracing(settings)
        container = bootstrap.start(settings)
        container.keyring.ensure_key()
    settings = container.settings
    host = host or settings.api_host
    port = port or settings.api_port
    workers = workers or settings.api_workers
    with container.uow() as uow:
        count = uow.sakes.count()
    processes = f" in {workers} worker processes" if workers > 1 else ""
    out.print(
        f"Sake Sensei API with {count} sake{processes}: http://{host}:{port}/api/v1/docs",
        highlight=False,
    )
    if workers == 1:
        _serve(container, host, port, None)
        return
    # The database is migrated and the catalog loaded: the workers only serve.
    container.close()
    if not settings.redis_url and settings.rate_limit_requests:
        log.warning(
            "%d workers without SAKESENSEI_REDIS_URL: each counts the rate limits on its own, "
            "so a client may make up to %d times as many requests",
            workers,
            workers,
        )
    with reported(False):
        status = serve_workers(functools.partial(_worker, host, port), workers, host, port)
    if status:
        raise typer.Exit(status)


def _worker(host: str, port: int, index: int, shared: socket.socket | None) -> None:
    """One of several API processes (started by serve_workers, in a fresh interpreter)."""
    stop_with_parent()
    settings = load_settings()
    if index > 0 and settings.backup_schedule:
        # One scheduler per server is enough; the first worker runs it.
        settings = settings.model_copy(update={"backup_schedule": False})
    configure_logging(settings)
    configure_tracing(settings)
    container = bootstrap.build_container(settings)
    sock = shared or listening_socket(host, port, reuse_port=True)
    _serve(container, host, port, sock)


def _serve(
    container: bootstrap.Container, host: str, port: int, sock: socket.socket | None
) -> None:
    # The server stack loads only for the commands that serve, keeping the others quick.
    import uvicorn

    from sakesensei.entrypoints.api.app import create_app

    config = uvicorn.Config(
        create_app(container, freeze_heap=True),
        host=host,
        port=port,
        log_level=container.settings.log_level.lower(),
        # Our middleware writes the access log (scrubbed, with request ids) and decides which
        # proxies to believe (SAKESENSEI_TRUSTED_PROXIES); uvicorn's own versions would log
        # twice and trust X-Forwarded-For from 127.0.0.1 by default.
        log_config=None,
        access_log=False,
        proxy_headers=False,
    )
    server = uvicorn.Server(config)
    with contextlib.suppress(KeyboardInterrupt):
        server.run(sockets=[sock] if sock is not None else None)
    if not server.started:  # the port was taken, say (uvicorn has logged why)
        raise SystemExit(3)


@serve_app.command("api")
def serve_api(
    host: HostOption = None,
    port: PortOption = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=64,
            help="Processes serving the port, one CPU core each (default from settings: "
            "SAKESENSEI_API_WORKERS, 1).",
        ),
    ] = None,
) -> None:
    """Run the HTTP API (REST under /api/v1, /healthz, /readyz)."""
    _run_api(host, port, workers)


@serve_app.command("web")
def serve_web(host: HostOption = None, port: PortOption = None) -> None:
    """Run the Streamlit web app, which calls the API at SAKESENSEI_API_URL."""
    # Without SAKESENSEI_API_URL the app calls the API at its own host and port settings.
    with reported(False):
        settings = load_settings()
    host = host or settings.api_host
    port = port or settings.web_port
    env = dict(os.environ)
    env.setdefault("SAKESENSEI_API_URL", f"http://{settings.api_host}:{settings.api_port}")
    spec = importlib.util.find_spec("sakesensei.web")
    assert spec is not None and spec.origin is not None
    script = Path(spec.origin).parent / "app.py"
    out.print(
        f"Sake Sensei web app on http://{host}:{port} (API at {env['SAKESENSEI_API_URL']})",
        highlight=False,
    )
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.address", host, "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "minimal",
        "--theme.font", JAPANESE_FONTS, "--theme.headingFont", JAPANESE_FONTS,
    ]  # fmt: skip
    # Streamlit takes over this process, so signals (Ctrl-C, a supervisor's TERM) reach it.
    # Our own fixed argument list, no shell (bandit B606).
    os.execve(sys.executable, command, env)  # nosec B606


def up(
    host: HostOption = None,
    port: PortOption = None,
    web_port: Annotated[
        int | None, typer.Option(help="Port of the web app (default from settings).")
    ] = None,
    web: Annotated[bool, typer.Option(help="Also start the web app.")] = True,
) -> None:
    """Start Sake Sensei on this machine with the embedded defaults (SQLite, local files):
    the API, and the web app beside it."""
    # uvicorn stops gracefully on TERM and then raises the signal again; by default that
    # ends the process on the spot, before the finally below, and the web app would be
    # left running. As an exception it unwinds through the finally instead.
    signal.signal(signal.SIGTERM, _exit_on_term)
    child = _start_web(host, port, web_port) if web else None
    try:
        _run_api(host, port)
    finally:
        if child is not None:
            child.terminate()
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()


def _exit_on_term(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _start_web(host: str | None, port: int | None, web_port: int | None) -> subprocess.Popen[bytes]:
    """`serve web` in a child process, pointed at the API this process is about to serve."""
    with reported(False):
        settings = load_settings()
    api = f"http://{host or settings.api_host}:{port or settings.api_port}"
    env = {**os.environ, "SAKESENSEI_API_URL": os.environ.get("SAKESENSEI_API_URL", api)}
    command = [sys.executable, "-m", "sakesensei", "serve", "web"]
    if host:
        command += ["--host", host]
    command += ["--port", str(web_port or settings.web_port)]
    return subprocess.Popen(command, env=env)
