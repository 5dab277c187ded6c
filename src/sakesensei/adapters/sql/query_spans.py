"""A trace span for every SQL statement an engine runs (its text, never its parameters)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from opentelemetry.trace import SpanKind, Status, StatusCode, Tracer
from sqlalchemy import Engine, event

_SPANS = "sakesensei_query_spans"
_MAX_STATEMENT = 2000


def trace_queries(engine: Engine, tracer: Callable[[], Tracer | None]) -> None:
    """Open a span per statement while `tracer()` gives one (tracing is on); else no work."""
    system = engine.dialect.name

    def before(
        conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any, many: bool
    ) -> None:
        active = tracer()
        if active is None:
            return
        operation = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else "SQL"
        span = active.start_span(
            f"db {operation}",
            kind=SpanKind.CLIENT,
            attributes={
                "db.system": system,
                "db.operation": operation,
                "db.statement": statement[:_MAX_STATEMENT],
                "db.executemany": many,
            },
        )
        conn.info.setdefault(_SPANS, []).append(span)

    def after(conn: Any, *_args: Any) -> None:
        spans = conn.info.get(_SPANS)
        if spans:
            spans.pop().end()

    def failed(context: Any) -> None:
        conn = context.connection
        spans = conn.info.get(_SPANS) if conn is not None else None
        if spans:
            span = spans.pop()
            span.record_exception(context.original_exception)
            span.set_status(Status(StatusCode.ERROR, type(context.original_exception).__name__))
            span.end()

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    event.listen(engine, "handle_error", failed)
