"""The one place that reads settings and wires adapters into services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urlparse

from sqlalchemy import Engine

from sakesensei import __version__
from sakesensei.adapters.blobs.local import LocalBlobStore
from sakesensei.adapters.cache.memory_limiter import MemoryRateLimiter
from sakesensei.adapters.mail.senders import LogMailer, SmtpMailer
from sakesensei.adapters.ocr.rapid import RapidOcrReader
from sakesensei.adapters.security.argon2_hasher import Argon2Hasher
from sakesensei.adapters.sql import migrate
from sakesensei.adapters.sql.engine import build_engine
from sakesensei.adapters.sql.postgres_snapshots import PostgresSnapshots
from sakesensei.adapters.sql.query_spans import trace_queries
from sakesensei.adapters.sql.sqlite_snapshots import SqliteSnapshots
from sakesensei.adapters.sql.unit_of_work import SqlUnitOfWork
from sakesensei.config import Settings, load_settings
from sakesensei.domain.backups import RetentionPolicy
from sakesensei.domain.errors import ConfigurationError, StorageUnavailable
from sakesensei.ports import (
    BlobStore,
    ChatModel,
    DatabaseSnapshots,
    Mailer,
    RateLimiter,
    UnitOfWork,
)
from sakesensei.services import tracing
from sakesensei.services.accounts import Accounts
from sakesensei.services.backup_schedule import BackupScheduler
from sakesensei.services.backups import Backups
from sakesensei.services.keyring import KeyRing
from sakesensei.services.label_scan import LabelReader
from sakesensei.services.shipped_catalog import ensure_catalog


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Container:
    """What a running process needs: settings, the unit-of-work factory, the blob store."""

    settings: Settings
    engine: Engine
    blobs: BlobStore

    def uow(self) -> UnitOfWork:
        return SqlUnitOfWork(self.engine, utc_now)

    @cached_property
    def rate_limiter(self) -> RateLimiter:
        """Shared by every replica through Redis when SAKESENSEI_REDIS_URL is set."""
        s = self.settings
        if s.redis_url:
            # Imported here: the redis client costs a quarter second that CLI commands skip.
            from sakesensei.adapters.cache.redis_limiter import RedisRateLimiter

            return RedisRateLimiter.from_url(s.redis_url, s.redis_key_prefix)
        return MemoryRateLimiter()

    @cached_property
    def label_reader(self) -> LabelReader:
        """The OCR engine; its models load on first use, once per process."""
        return RapidOcrReader(self.settings.ocr_threads)

    @cached_property
    def keyring(self) -> KeyRing:
        s = self.settings
        return KeyRing(
            self.uow, s.secret_key, utc_now, timedelta(minutes=s.access_token_minutes), s.jwt_issuer
        )

    @cached_property
    def accounts(self) -> Accounts:
        s = self.settings
        mailer: Mailer = SmtpMailer(s.smtp_url, s.mail_from) if s.smtp_url else LogMailer()
        return Accounts(
            self.uow,
            Argon2Hasher(),
            mailer,
            self.keyring,
            utc_now,
            s.secret_key,
            refresh_ttl=timedelta(days=s.refresh_token_days),
            code_ttl=timedelta(minutes=s.code_minutes),
        )

    @cached_property
    def chat_model(self) -> ChatModel | None:
        """The language model of SAKESENSEI_LLM_PROVIDER; None for the built-in sommelier."""
        s = self.settings
        model, timeout = s.llm_model or "", s.llm_idle_timeout_seconds
        # Imported here: a process on the built-in sommelier never loads a provider client.
        if s.llm_provider == "openai":
            from sakesensei.adapters.llm.openai_compat import OpenAiCompatibleModel

            return OpenAiCompatibleModel(
                model,
                base_url=s.llm_base_url,
                api_key=s.llm_api_key,
                max_tokens=s.llm_max_tokens,
                read_timeout=timeout,
            )
        if s.llm_provider == "anthropic":
            from sakesensei.adapters.llm.anthropic_messages import AnthropicModel

            return AnthropicModel(
                model,
                base_url=s.llm_base_url,
                api_key=s.llm_api_key,
                max_tokens=s.llm_max_tokens,
                read_timeout=timeout,
            )
        if s.llm_provider == "bedrock":
            from sakesensei.adapters.llm.bedrock import BedrockModel

            return BedrockModel(
                model, region=s.llm_region, max_tokens=s.llm_max_tokens, read_timeout=timeout
            )
        return None

    def upgrade_database(self) -> None:
        try:
            migrate.upgrade(self.engine)
        except Exception as exc:  # the driver's own errors vary; the operator needs the cause
            raise StorageUnavailable(f"could not migrate the database: {exc}") from exc

    def database_revision(self) -> tuple[str | None, str | None]:
        """(current, head) migration revisions."""
        return migrate.current_revision(self.engine), migrate.head_revision(self.engine)

    def ping(self) -> None:
        """Fail early, with the address, when the database does not answer."""
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
        except Exception as exc:
            where = self.engine.url.render_as_string(hide_password=True)
            cause = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
            raise StorageUnavailable(f"cannot reach the database at {where}: {cause}") from exc

    @cached_property
    def backups(self) -> Backups:
        """Backups of this database and blob store into SAKESENSEI_BACKUP_DIR."""
        s = self.settings
        snapshots: DatabaseSnapshots
        if self.engine.dialect.name == "sqlite":
            snapshots = SqliteSnapshots(self.engine)
        else:
            snapshots = PostgresSnapshots(self.engine, s.pg_bin_dir)
        return Backups(snapshots, self.blobs, s.resolved_backup_dir, utc_now, __version__)

    def backup_scheduler(self) -> BackupScheduler:
        s = self.settings
        return BackupScheduler(
            self.backups,
            utc_now,
            timedelta(minutes=s.backup_interval_minutes),
            RetentionPolicy(hourly=s.backup_keep_hourly, daily=s.backup_keep_daily),
        )

    def close(self) -> None:
        self.engine.dispose()
        model = self.__dict__.get("chat_model")  # only if it was ever built
        close_model = getattr(model, "close", None)
        if close_model is not None:
            close_model()
        limiter = self.__dict__.get("rate_limiter")  # only if it was ever built
        close = getattr(limiter, "close", None)
        if close is not None:
            close()


def build_blob_store(url: str, settings: Settings | None = None) -> BlobStore:
    parsed = urlparse(url)
    if parsed.scheme == "file":
        return LocalBlobStore(Path(unquote(parsed.path)))
    if parsed.scheme == "s3":
        # Imported here: boto3 costs half a second that the embedded profile never needs.
        from sakesensei.adapters.blobs.s3 import S3BlobStore

        s = settings or load_settings()
        return S3BlobStore.from_url(url, s.s3_endpoint_url, s.s3_region, s.s3_addressing_style)
    raise ConfigurationError(
        f"SAKESENSEI_BLOB_URL {url!r} is not supported; use file:///path/to/folder "
        "or s3://bucket/prefix"
    )


def build_container(settings: Settings | None = None) -> Container:
    settings = settings or load_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = build_engine(settings.resolved_database_url)
    trace_queries(engine, tracing.active_tracer)
    return Container(settings, engine, build_blob_store(settings.resolved_blob_url, settings))


def start(settings: Settings | None = None) -> Container:
    """What every server does before it serves: migrate the embedded database, load the catalog."""
    container = build_container(settings)
    container.ping()
    if container.settings.is_embedded_database:
        container.upgrade_database()
    else:
        current, head = container.database_revision()
        if current != head:
            raise ConfigurationError(
                f"the database schema is at revision {current or 'none'} but this version needs "
                f"{head}; run `sakesensei db upgrade` first"
            )
    if container.settings.load_catalog_on_start:
        ensure_catalog(container.uow)
    return container
