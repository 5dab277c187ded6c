"""Settings from SAKESENSEI_* environment variables, built on demand (never at import)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from sakesensei.domain.errors import ConfigurationError

DEV_SECRET = "dev-only-insecure-secret-change-me"


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
    def is_embedded_database(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")


def load_settings(**overrides: object) -> Settings:
    """Read the environment now; a bad value becomes a ConfigurationError with the reason."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValueError as exc:
        raise ConfigurationError(str(exc)) from exc
