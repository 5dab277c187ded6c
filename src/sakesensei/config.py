"""Settings from SAKESENSEI_* environment variables, built on demand (never at import)."""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from sakesensei.domain.errors import ConfigurationError

DEV_SECRET = "dev-only-insecure-secret-change-me"
MIB = 1024 * 1024

# Lists may be written as JSON or, more naturally in an environment variable, comma-separated.
CommaList = Annotated[list[str], NoDecode]


class Settings(BaseSettings):
    """Everything an operator can set. The defaults run one machine with no setup at all."""

    model_config = SettingsConfigDict(env_prefix="SAKESENSEI_", extra="ignore")

    env: Literal["dev", "test", "prod"] = "dev"
    data_dir: Path = Path("./var")
    database_url: str | None = Field(default=None, description="default: SQLite in data_dir")
    blob_url: str | None = Field(default=None, description="file:///path or s3://bucket/prefix")
    redis_url: str | None = None
    llm_provider: Literal["builtin", "bedrock", "anthropic", "openai"] = "builtin"
    secret_key: str = DEV_SECRET
    api_host: str = "127.0.0.1"
    api_port: int = Field(default=8000, ge=1, le=65535)
    web_port: int = Field(default=8501, ge=1, le=65535)
    api_workers: int = Field(
        default=1, ge=1, le=64, description="API processes sharing the port (one CPU core each)"
    )
    log_level: str = "INFO"
    load_catalog_on_start: bool = True
    smtp_url: str | None = Field(
        default=None, description="smtp://user:pass@host:port?starttls=true"
    )
    mail_from: str = "Sake Sensei <no-reply@sakesensei.local>"
    access_token_minutes: int = Field(default=60, ge=1, le=24 * 60)
    refresh_token_days: int = Field(default=30, ge=1, le=365)
    code_minutes: int = Field(default=30, ge=1, le=24 * 60)
    jwt_issuer: str = "sakesensei"

    # Protections and operability of the API (entrypoints/api/middleware).
    rate_limit_requests: int = Field(default=2000, ge=0, description="per client IP; 0 = off")
    rate_limit_window_seconds: int = Field(default=300, ge=1)
    auth_rate_limit_requests: int = Field(default=20, ge=0, description="login/register; 0 = off")
    auth_rate_limit_window_seconds: int = Field(default=300, ge=1)
    redis_key_prefix: str = Field(default="sakesensei", min_length=1)
    trusted_proxies: CommaList = Field(default_factory=list, description="CIDRs sending XFF")
    blocklist_refresh_seconds: float = Field(default=5.0, gt=0, le=10)
    cors_origins: CommaList = Field(default_factory=list)
    max_body_bytes: int = Field(default=MIB, ge=0)
    body_limits: dict[str, int] = Field(default_factory=dict, description="path prefix -> bytes")
    https: bool = Field(default=False, description="served over HTTPS: send HSTS")
    log_format: Literal["auto", "json", "text"] = "auto"
    # Operability (entrypoints/logs.py, entrypoints/tracing.py, docs/operations.md).
    log_file: Path | None = Field(default=None, description="also JSON lines here, rotated daily")
    log_retention_days: int = Field(default=30, ge=1, le=3650, description="rotated files kept")
    otlp_endpoint: str | None = Field(
        default=None, description="send traces over OTLP/HTTP, e.g. http://collector:4318"
    )
    trace_sample_ratio: float = Field(default=1.0, ge=0.0, le=1.0, description="traces kept")
    # How soon a new rating reaches the collaborative part of everyone's recommendations:
    # each process refits its model this often, and only when the tastings changed.
    reco_refresh_seconds: float = Field(default=60.0, gt=0, le=86_400)

    # Label scan: what an upload may be, and how large a photo the OCR sees.
    scan_max_bytes: int = Field(default=10 * MIB, ge=1024)
    scan_max_pixels: int = Field(default=40_000_000, ge=10_000)
    scan_ocr_side: int = Field(default=1280, ge=320, le=4096, description="longest side read")
    ocr_threads: int = Field(default=0, ge=0, le=64, description="0 = onnxruntime's choice")

    # S3-compatible blob store (SAKESENSEI_BLOB_URL=s3://bucket/prefix); credentials come
    # from the standard AWS variables, profile or instance role.
    s3_endpoint_url: str | None = Field(default=None, description="e.g. http://minio:9000")
    s3_region: str | None = None
    s3_addressing_style: Literal["auto", "path", "virtual"] = "auto"

    # Backups (`sakesensei backup ...`) and their scheduler.
    backup_dir: Path | None = Field(default=None, description="default: data_dir/backups")
    backup_schedule: bool = Field(default=False, description="run the scheduler in the api")
    backup_interval_minutes: int = Field(default=60, ge=1, le=7 * 24 * 60)
    backup_keep_hourly: int = Field(default=24, ge=0, le=10_000)
    backup_keep_daily: int = Field(default=7, ge=0, le=10_000)
    pg_bin_dir: Path | None = Field(default=None, description="folder of pg_dump and pg_restore")

    # The sommelier chat and its optional language model (agent/, adapters/llm/).
    llm_base_url: str | None = Field(
        default=None, description="the provider's API; e.g. http://127.0.0.1:11434/v1 for Ollama"
    )
    llm_model: str | None = Field(default=None, description="needed for every provider but builtin")
    llm_api_key: str | None = Field(default=None, repr=False)
    llm_region: str | None = Field(default=None, description="bedrock: the AWS region")
    llm_first_token_timeout_seconds: float = Field(
        default=2.0, gt=0, le=120, description="slower than this, the built-in sommelier answers"
    )
    llm_idle_timeout_seconds: float = Field(
        default=30.0, gt=0, le=600, description="a longer pause mid-answer counts as a failure"
    )
    llm_max_tokens: int = Field(default=1024, ge=64, le=32_000)
    chat_max_chars: int = Field(default=4000, ge=1, le=100_000, description="per message")
    chat_rate_limit_requests: int = Field(
        default=30, ge=0, description="chat messages per user (visitors: per IP); 0 = off"
    )
    chat_rate_limit_window_seconds: int = Field(default=60, ge=1)
    chat_history_events: int = Field(
        default=20, ge=0, le=200, description="earlier messages of a session the sommelier sees"
    )
    chat_threads: int = Field(
        default=1,
        ge=1,
        le=64,
        description="threads of a process that write the built-in sommelier's answers",
    )

    @field_validator("trusted_proxies", "cors_origins", mode="before")
    @classmethod
    def _split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [part.strip() for part in text.split(",") if part.strip()]
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _valid_networks(cls, value: list[str]) -> list[str]:
        try:
            return [str(ipaddress.ip_network(v, strict=False)) for v in value]
        except ValueError as exc:
            raise ValueError(f"SAKESENSEI_TRUSTED_PROXIES: {exc}") from None

    @field_validator("cors_origins")
    @classmethod
    def _bare_origins(cls, value: list[str]) -> list[str]:
        # Browsers send the Origin header without a trailing slash; so must we compare.
        return [v.rstrip("/") for v in value]

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        if self.env == "prod" and self.secret_key == DEV_SECRET:
            raise ValueError(
                "SAKESENSEI_SECRET_KEY is still the development default; "
                "set a long random value before running with SAKESENSEI_ENV=prod"
            )
        return self

    @model_validator(mode="after")
    def _llm_needs_a_model(self) -> Settings:
        if self.llm_provider != "builtin" and not self.llm_model:
            raise ValueError(
                f"SAKESENSEI_LLM_PROVIDER={self.llm_provider} needs SAKESENSEI_LLM_MODEL "
                "(the model's name at the provider, e.g. llama3.1 for Ollama)"
            )
        return self

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'sakesensei.db').resolve()}"

    @property
    def resolved_blob_url(self) -> str:
        if self.blob_url:
            return self.blob_url
        return (self.data_dir / "blobs").resolve().as_uri()

    @property
    def resolved_backup_dir(self) -> Path:
        return (self.backup_dir or self.data_dir / "backups").resolve()

    @property
    def json_logs(self) -> bool:
        return self.log_format == "json" or (self.log_format == "auto" and self.env == "prod")

    @property
    def is_embedded_database(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")


def load_settings(**overrides: object) -> Settings:
    """Read the environment now; a bad value becomes a ConfigurationError with the reason."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValueError as exc:
        raise ConfigurationError(str(exc)) from exc
