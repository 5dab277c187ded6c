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
    # How soon a new rating reaches the collaborative part of everyone's recommendations:
    # each process refits its model this often, and only when the tastings changed.
    reco_refresh_seconds: float = Field(default=60.0, gt=0, le=86_400)

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
