"""The database schema as SQLAlchemy Core tables; Alembic migrations mirror it."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

# Named constraints keep migrations portable (SQLite batch mode needs the names).
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

breweries = Table(
    "breweries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("prefecture", String(10), nullable=False),
    Column("romaji", String(200)),
    Column("city", String(100)),
    Column("founded", Integer),
    Column("description", Text),
    Column("representative_sake", String(200)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("name", "prefecture"),
)

sakes = Table(
    "sakes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("brewery_id", Integer, ForeignKey("breweries.id", ondelete="RESTRICT"), nullable=False),
    Column("name", String(300), nullable=False),
    Column("reading", String(300)),
    Column("romaji", String(300)),
    Column("category", String(20), nullable=False),
    Column("category_original", String(100)),
    Column("tags", JSON, nullable=False),
    Column("price_yen", Integer),
    Column("volume_ml", Integer),
    Column("abv", Float),
    Column("polishing_ratio", Integer),
    Column("rice", String(200)),
    Column("smv", Float),
    Column("acidity", Float),
    Column("sweetness", Integer),
    Column("acidity_level", Integer),
    Column("body", Integer),
    Column("aroma", JSON, nullable=False),
    Column("pairings", JSON, nullable=False),
    Column("temperatures", JSON, nullable=False),
    Column("where_to_buy", Text),
    Column("description", Text),
    Column("source", Text),
    Column("search_text", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("brewery_id", "name"),
    Index("ix_sakes_category", "category"),
    Index("ix_sakes_price_yen", "price_yen"),
)

users = Table(
    "users",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("email", String(320), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("verified", Boolean, nullable=False),
    Column("role", String(10), nullable=False),
    Column("failed_logins", Integer, nullable=False),
    Column("locked_until", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

preferences = Table(
    "preferences",
    metadata,
    Column("user_id", String(36), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("sweetness", Integer, nullable=False),
    Column("budget_yen", Integer),
    Column("experience", String(20), nullable=False),
    Column("avoid_categories", JSON, nullable=False),
    Column("liked_aromas", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

preference_history = Table(
    "preference_history",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", String(36), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("source", String(20), nullable=False),
    Column("snapshot", JSON, nullable=False),
    Index("ix_preference_history_user", "user_id", "changed_at"),
)

tastings = Table(
    "tastings",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("user_id", String(36), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("sake_id", Integer, ForeignKey("sakes.id", ondelete="RESTRICT"), nullable=False),
    Column("rating", Integer, nullable=False),
    Column("notes", Text),
    Column("tasted_on", Date, nullable=False),
    Column("photo_key", String(500)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_tastings_user", "user_id", "tasted_on"),
    Index("ix_tastings_sake", "sake_id"),
)

memory_events = Table(
    "memory_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", String(36), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("session_id", String(100), nullable=False),
    Column("role", String(20), nullable=False),
    Column("content", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_memory_events_session", "user_id", "session_id", "created_at"),
)

memory_facts = Table(
    "memory_facts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", String(36), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("key", String(200), nullable=False),
    Column("value", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # The message the fact was drawn from, and the session it was said in.
    Column("source", Text),
    Column("session_id", String(100)),
    UniqueConstraint("user_id", "key"),
)

session_summaries = Table(
    "session_summaries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", String(36), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("session_id", String(100), nullable=False),
    Column("summary", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_session_summaries_user", "user_id", "created_at"),
    UniqueConstraint("user_id", "session_id"),
)

# Conversations: who owns each session id (NULL for a visitor's), and what the sommelier
# left pending in it (a tasting waiting to be confirmed), as JSON. A signed-in user's
# messages are memory_events; a visitor's last few are kept here, in `history`.
chat_sessions = Table(
    "chat_sessions",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("user_id", String(36), ForeignKey("users.id", ondelete="CASCADE")),
    Column("state", JSON, nullable=False),
    Column("history", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_chat_sessions_user", "user_id", "updated_at"),
)

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("user_id", String(36), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("family_id", String(36), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
    Index("ix_refresh_tokens_family", "family_id"),
    Index("ix_refresh_tokens_user", "user_id"),
)

one_time_codes = Table(
    "one_time_codes",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("user_id", String(36), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("purpose", String(10), nullable=False),
    Column("code_hash", String(64), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("used_at", DateTime(timezone=True)),
    Index("ix_one_time_codes_user", "user_id", "purpose", "created_at"),
)

signing_keys = Table(
    "signing_keys",
    metadata,
    Column("kid", String(64), primary_key=True),
    Column("algorithm", String(10), nullable=False),
    Column("private_key", Text, nullable=False),
    Column("public_jwk", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("retired_at", DateTime(timezone=True)),
)

blocklist = Table(
    "blocklist",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("network", String(64), nullable=False, unique=True),
    Column("reason", String(500)),
    Column("created_by", String(36)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("actor_id", String(36)),
    Column("action", String(50), nullable=False),
    Column("target_type", String(30), nullable=False),
    Column("target_id", String(64)),
    Column("details", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_audit_log_created", "created_at"),
)

# One row per label photo scanned; the image itself is in the blob store (signed-in users only).
label_scans = Table(
    "label_scans",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("user_id", String(36), ForeignKey("users.id", ondelete="CASCADE")),
    Column("blob_key", String(500)),
    Column("read_text", Text, nullable=False),
    Column("label_key", String(200), nullable=False),
    Column("matched_sake_id", Integer, ForeignKey("sakes.id", ondelete="SET NULL")),
    Column("confidence", Float, nullable=False),
    Column("chosen_sake_id", Integer, ForeignKey("sakes.id", ondelete="SET NULL")),
    Column("chosen_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_label_scans_user", "user_id", "created_at"),
)

# What people chose for a label read a given way: later scans of that label lean towards it.
label_choices = Table(
    "label_choices",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("label_key", String(200), nullable=False),
    Column("sake_id", Integer, ForeignKey("sakes.id", ondelete="CASCADE"), nullable=False),
    Column("votes", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("label_key", "sake_id"),
)

# Per-user keys for AI assistants reaching the MCP gateway; only a hash is kept.
api_keys = Table(
    "api_keys",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("user_id", String(36), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(100), nullable=False),
    Column("prefix", String(16), nullable=False),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
    Index("ix_api_keys_user", "user_id"),
)
