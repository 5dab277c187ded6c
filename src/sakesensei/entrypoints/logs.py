"""Process logging: JSON lines in production, readable text in dev, secrets scrubbed from both;
with SAKESENSEI_LOG_FILE also JSON lines in a file rotated daily and kept for
SAKESENSEI_LOG_RETENTION_DAYS (30 by default).

Every record passes the RedactingFilter on the handler, whoever logged it (our code, uvicorn,
a driver's error message), so no password, token, Authorization header or email address
reaches the log however it got into a message.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import re
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from opentelemetry import trace

from sakesensei.config import Settings

# The id of the request being served, for every record logged while serving it.
REQUEST_ID: ContextVar[str | None] = ContextVar("sakesensei_request_id", default=None)

REDACTED = "[redacted]"

# Fields whose value is never logged, in `extra` or in key=value / "key": "value" text.
_SECRET_KEYS = (
    "password",
    "passwd",
    "secret",
    "token",
    "authorization",
    "cookie",
    "api_key",
    "apikey",
    "email",
    "smtp_url",
    "database_url",
)
_SECRET_KEY = re.compile("|".join(_SECRET_KEYS), re.IGNORECASE)
_KEY_VALUE = re.compile(
    r"""(?ix)
    (["']?[\w-]*(?:"""
    + "|".join(_SECRET_KEYS)
    + r""")[\w-]*["']?\s*[:=]\s*)  # a secret key
    ("[^"]*"|'[^']*'|[^\s,;&}\]]+)  # its value, quoted or bare
    """
)
_URL_PASSWORD = re.compile(r"(\b[a-z][\w+.-]*://[^:/@\s]*:)[^@\s/]+@", re.IGNORECASE)
_AUTH_SCHEME = re.compile(r"\b(Bearer|Basic)\s+[\w.~+/=-]+", re.IGNORECASE)
_JWT = re.compile(r"\beyJ[\w-]+\.[\w-]+\.[\w-]*")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)


def redact(text: str) -> str:
    """The text with credentials, tokens and email addresses replaced."""
    text = _URL_PASSWORD.sub(lambda m: m.group(1) + "***@", text)
    text = _AUTH_SCHEME.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    text = _JWT.sub(REDACTED, text)
    text = _KEY_VALUE.sub(lambda m: m.group(1) + REDACTED, text)
    return _EMAIL.sub("[email]", text)


def _redact_value(key: str, value: Any) -> Any:
    if _SECRET_KEY.search(key):
        return REDACTED
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: _redact_value(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact_value(key, v) for v in value]
    return value


# Attributes every LogRecord has; anything else on a record came in through `extra`.
_STANDARD = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "request_id",
}


def extra_fields(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in record.__dict__.items() if k not in _STANDARD}


class RedactingFilter(logging.Filter):
    """Scrubs the message, its arguments, `extra` fields and the traceback of every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit the format: log them raw
            message = f"{record.msg} {record.args}"
        record.msg = redact(message)
        record.args = None
        for key, value in extra_fields(record).items():
            setattr(record, key, _redact_value(key, value))
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text when it is set, so the traceback is scrubbed once here.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        record.request_id = REQUEST_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id:
            entry["request_id"] = request_id
        context = trace.get_current_span().get_span_context()
        if context.is_valid:  # the trace this line belongs to, when tracing is on
            entry["trace_id"] = format(context.trace_id, "032x")
        entry.update(extra_fields(record))
        if record.exc_info or record.exc_text:
            entry["exception"] = record.exc_text or self.formatException(record.exc_info)  # type: ignore[arg-type]
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """For a person at a terminal: time, level, logger, message, then the request id."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        request_id = getattr(record, "request_id", None)
        return f"{line} [{request_id}]" if request_id else line


def build_handler(settings: Settings, stream: TextIO | None = None) -> logging.Handler:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(JsonFormatter() if settings.json_logs else TextFormatter())
    return handler


def build_file_handler(path: Path, retention_days: int) -> logging.Handler:
    """JSON lines in `path`, a new file each midnight (UTC), the oldest past
    `retention_days` deleted."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.TimedRotatingFileHandler(
        path, when="midnight", backupCount=retention_days, encoding="utf-8", utc=True
    )
    handler.addFilter(RedactingFilter())
    handler.setFormatter(JsonFormatter())
    return handler


def configure_logging(settings: Settings) -> None:
    """Route every logger of the process (ours, uvicorn's) to one scrubbing handler, and to
    the log file when one is set."""
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
        old.close()
    root.addHandler(build_handler(settings))
    if settings.log_file is not None:
        root.addHandler(build_file_handler(settings.log_file, settings.log_retention_days))
    root.setLevel(settings.log_level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        # uvicorn's own handlers would print unscrubbed text beside ours.
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
