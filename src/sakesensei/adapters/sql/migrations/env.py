"""Alembic environment: migrations run on the engine the caller hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine, create_engine

from sakesensei.adapters.sql.tables import metadata

config = context.config
engine: Engine | None = config.attributes.get("engine")
if engine is None:
    # `alembic` on the command line (for writing new revisions) reads the URL from the ini.
    engine = create_engine(
        config.get_main_option("sqlalchemy.url") or "sqlite:///var/sakesensei.db"
    )

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
