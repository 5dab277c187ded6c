"""The ports: what services need from storage and the outside world, as Protocols.

Adapters implement these; services receive them from bootstrap and never import adapters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Protocol, Self

from sakesensei.domain.accounts import CodePurpose, OneTimeCode, RefreshToken, SigningKey
from sakesensei.domain.api_keys import ApiKey
from sakesensei.domain.backups import SnapshotInfo
from sakesensei.domain.catalog import Brewery, CatalogStats, Sake, SakeWithBrewery
from sakesensei.domain.catalog_queries import BreweryListing, CatalogVersion, SakeFilter
from sakesensei.domain.llm import ModelChunk, ModelMessage, ToolSpec
from sakesensei.domain.memory import ChatSession, MemoryEvent, MemoryFact, SessionSummary
from sakesensei.domain.operations import AuditEntry, BlockRule
from sakesensei.domain.scans import LabelScan
from sakesensei.domain.tastings import (
    JournalEntry,
    Rating,
    RatingsVersion,
    TastingFilter,
    TastingRecord,
)
from sakesensei.domain.users import PreferenceChange, Preferences, User


class Clock(Protocol):
    def now(self) -> datetime: ...


class BreweryRepository(Protocol):
    def get(self, brewery_id: int) -> Brewery | None: ...

    def get_by_key(self, name: str, prefecture: str) -> Brewery | None:
        """The brewery with this natural key (name, prefecture), if there is one."""
        ...

    def upsert_many(self, breweries: Sequence[Brewery]) -> dict[tuple[str, str], int]:
        """Insert or update by (name, prefecture); empty fields never erase stored ones.

        Returns the id of every brewery passed, by its natural key.
        """
        ...

    def list(self) -> list[Brewery]: ...

    def count(self) -> int: ...

    def delete_unused(self) -> int:
        """Remove breweries no sake refers to; returns how many."""
        ...

    def update(self, brewery: Brewery) -> None:
        """Overwrite every field of the brewery with this id (Conflict on a taken natural key)."""
        ...

    def delete(self, brewery_id: int) -> bool:
        """Remove a brewery that has no sake (Conflict if it still has some)."""
        ...

    def find(
        self, prefectures: frozenset[str], limit: int, offset: int
    ) -> tuple[Sequence[BreweryListing], int]:
        """Breweries in any of the prefectures (all when empty), north to south, with the total."""
        ...


class SakeRepository(Protocol):
    def get(self, sake_id: int) -> SakeWithBrewery | None: ...

    def get_by_key(self, brewery_id: int, name: str) -> SakeWithBrewery | None:
        """The sake with this natural key (brewery, name), if there is one."""
        ...

    def upsert_many(self, sakes: Sequence[Sake]) -> tuple[int, int]:
        """Insert or update by (brewery_id, name); returns (inserted, updated)."""
        ...

    def iter_all(self) -> Iterator[SakeWithBrewery]: ...

    def search(
        self, terms: Sequence[str], limit: int, offset: int
    ) -> tuple[list[SakeWithBrewery], int]:
        """Sake whose folded search text holds every term; the page and the total."""
        ...

    def find(
        self, filters: SakeFilter, limit: int, offset: int
    ) -> tuple[list[SakeWithBrewery], int]:
        """Sake that pass every filter, in reading (gojūon) order; the page and the total."""
        ...

    def catalog_version(self) -> CatalogVersion: ...

    def count(self) -> int: ...

    def update(self, sake: Sake) -> None:
        """Overwrite every field of the sake with this id (Conflict on a taken natural key)."""
        ...

    def delete(self, sake_id: int) -> bool:
        """Remove a sake nobody has logged a tasting of (Conflict otherwise)."""
        ...

    def without_brewery(self) -> list[tuple[int, str]]:
        """(id, name) of sake whose brewery is gone."""
        ...

    def stats(self) -> CatalogStats: ...


class UserRepository(Protocol):
    def add(self, user: User) -> None: ...

    def get(self, user_id: str) -> User | None: ...

    def get_by_email(self, email: str) -> User | None: ...

    def update(self, user: User) -> None: ...

    def delete(self, user_id: str) -> None: ...

    def count_admins(self) -> int: ...

    # Kept last: in annotations after it, `list` would name this method, not the builtin.
    def list(
        self, limit: int, offset: int, email_contains: str | None = None
    ) -> tuple[list[User], int]:
        """Accounts ordered by email, with the total; the filter ignores case."""
        ...


class PreferencesRepository(Protocol):
    def get(self, user_id: str) -> Preferences | None: ...

    def save(self, preferences: Preferences, source: str) -> PreferenceChange:
        """Store the preferences and append them to the user's history."""
        ...

    def history(self, user_id: str) -> list[PreferenceChange]:
        """Every change, oldest first."""
        ...

    def history_page(
        self, user_id: str, limit: int, offset: int
    ) -> tuple[list[PreferenceChange], int]:
        """A page of the changes, newest first, with the total."""
        ...


class TastingRepository(Protocol):
    def add(self, record: TastingRecord) -> None: ...

    def get(self, record_id: str) -> TastingRecord | None: ...

    def update(self, record: TastingRecord) -> None: ...

    def delete(self, record_id: str) -> bool: ...

    def list_for_user(
        self, user_id: str, limit: int = 100, offset: int = 0
    ) -> list[TastingRecord]: ...

    def entry(self, user_id: str, record_id: str) -> JournalEntry | None:
        """The user's record with its sake; None when missing or someone else's."""
        ...

    def find(
        self, user_id: str, where: TastingFilter, limit: int | None = None, offset: int = 0
    ) -> tuple[list[JournalEntry], int]:
        """The user's records that match, newest tasting first (all when limit is None),
        with the total that match."""
        ...

    def ratings_version(self) -> RatingsVersion:
        """A fingerprint of every user's ratings, from one cheap query."""
        ...

    def all_ratings(self) -> list[Rating]:
        """Every tasting of every user, oldest first (by date, then by when it was logged)."""
        ...


class MemoryRepository(Protocol):
    def add_event(self, event: MemoryEvent) -> None: ...

    def events(self, user_id: str, session_id: str, limit: int | None = None) -> list[MemoryEvent]:
        """The session's events, oldest first; with a limit, the newest `limit` of them."""
        ...

    def all_events(self, user_id: str) -> list[MemoryEvent]:
        """Every event of every session of the user, oldest first."""
        ...

    def put_fact(self, fact: MemoryFact) -> MemoryFact:
        """Insert a fact or replace the value of the user's fact with the same key."""
        ...

    def facts(self, user_id: str) -> list[MemoryFact]: ...

    def delete_fact(self, user_id: str, fact_id: int) -> bool: ...

    def add_summary(self, summary: SessionSummary) -> None: ...

    def put_summary(self, summary: SessionSummary) -> None:
        """Insert the session's summary or replace its text (one summary per session)."""
        ...

    def summaries(self, user_id: str, session_id: str | None = None) -> list[SessionSummary]:
        """The user's session summaries, oldest first; with a session id, only its own."""
        ...

    def get_session(self, session_id: str) -> ChatSession | None:
        """The session with this id, whoever owns it (callers check the owner)."""
        ...

    def save_session(self, session: ChatSession) -> None:
        """Insert the session or replace its state, history and updated_at."""
        ...

    def add_session(self, session: ChatSession) -> None:
        """Insert a session known to be new (its id was just made): one statement."""
        ...

    def forget_idle_visitors(self, idle_since: datetime) -> int:
        """Delete visitors' sessions untouched since then; returns how many."""
        ...

    def forget_user(self, user_id: str) -> None:
        """Every event, fact, summary and session of the user."""
        ...


class RefreshTokenRepository(Protocol):
    def add(self, token: RefreshToken) -> None: ...

    def get_by_hash(self, token_hash: str) -> RefreshToken | None: ...

    def mark_used(self, token_id: str, when: datetime) -> bool:
        """Mark an unused token used; False if it was used already (a replay)."""
        ...

    def revoke_family(self, family_id: str, when: datetime) -> None: ...

    def revoke_user(self, user_id: str, when: datetime) -> None: ...


class CodeRepository(Protocol):
    def add(self, code: OneTimeCode) -> None: ...

    def latest(self, user_id: str, purpose: CodePurpose) -> OneTimeCode | None: ...

    def update(self, code: OneTimeCode) -> None: ...


class SigningKeyRepository(Protocol):
    def add(self, key: SigningKey) -> None: ...

    def list(self) -> list[SigningKey]:
        """Every key, newest first."""
        ...

    def retire(self, kid: str, when: datetime) -> None: ...


class BlocklistRepository(Protocol):
    def add(self, rule: BlockRule) -> BlockRule:
        """Store the rule (the network in canonical form); Conflict if it is listed already."""
        ...

    def remove(self, network: str) -> bool: ...

    def list(self) -> list[BlockRule]: ...


class AuditRepository(Protocol):
    def add(self, entry: AuditEntry) -> None: ...

    def list(self, limit: int, offset: int) -> tuple[list[AuditEntry], int]:
        """Newest first, with the total."""
        ...


class ScanRepository(Protocol):
    def add(self, scan: LabelScan) -> None: ...

    def get(self, scan_id: str) -> LabelScan | None: ...

    def record_choice(self, scan_id: str, sake_id: int, when: datetime) -> None: ...

    def list_for_user(self, user_id: str, limit: int) -> list[LabelScan]:
        """Newest first."""
        ...

    def vote(self, label_key: str, sake_id: int, when: datetime) -> None:
        """Count one more person choosing this sake for a label read this way."""
        ...

    def votes(self, label_key: str) -> dict[int, int]:
        """sake id -> how many chose it for a label read this way."""
        ...


class ApiKeyRepository(Protocol):
    def add(self, key: ApiKey) -> None: ...

    def get(self, key_id: str) -> ApiKey | None: ...

    def get_by_hash(self, key_hash: str) -> ApiKey | None: ...

    def list_for_user(self, user_id: str) -> list[ApiKey]:
        """Every key of the user, revoked ones included, newest first."""
        ...

    def revoke(self, key_id: str, when: datetime) -> bool:
        """Revoke a key that is still active; False if it was revoked already or is missing."""
        ...

    def touch(self, key_id: str, when: datetime) -> None:
        """Record that the key was just used."""
        ...


class UnitOfWork(Protocol):
    """One transaction over every repository: commit all of it, or nothing."""

    breweries: BreweryRepository
    sakes: SakeRepository
    users: UserRepository
    preferences: PreferencesRepository
    tastings: TastingRepository
    memory: MemoryRepository
    refresh_tokens: RefreshTokenRepository
    codes: CodeRepository
    signing_keys: SigningKeyRepository
    blocklist: BlocklistRepository
    audit: AuditRepository
    scans: ScanRepository
    api_keys: ApiKeyRepository

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...

    def needs_rehash(self, password_hash: str) -> bool: ...


class Mailer(Protocol):
    def send(self, to: str, subject: str, body: str) -> None: ...


class RateLimiter(Protocol):
    # Whether hit() waits on the network (Redis): then it runs off the event loop. One that
    # counts in memory is quicker to call in place than to hand to a thread.
    blocking: bool

    def hit(self, key: str, limit: int, window_seconds: int) -> int:
        """Count one request against `key`; the seconds to wait when over `limit`, else 0."""
        ...


class ChatModel(Protocol):
    """A language model behind a provider's streaming API, with tool calling."""

    @property
    def name(self) -> str:
        """The provider and model, for notices and logs ("openai:llama3.1")."""
        ...

    def stream(
        self, system: str, messages: Sequence[ModelMessage], tools: Sequence[ToolSpec]
    ) -> Iterator[ModelChunk]:
        """The model's answer as it is written; ProviderUnavailable when the provider fails
        (before or during the answer). Closing the iterator ends the request."""
        ...


class BlobStore(Protocol):
    """Images by key ("users/<id>/scans/<id>.jpg"); failures to reach it are StorageUnavailable."""

    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def get(self, key: str) -> bytes: ...

    def delete(self, key: str) -> None: ...

    def exists(self, key: str) -> bool: ...

    def list_keys(self, prefix: str = "") -> Iterator[str]:
        """Every stored key that starts with `prefix`, in no promised order."""
        ...

    def check(self) -> None:
        """One cheap call that proves the store answers (StorageUnavailable if not)."""
        ...

    def describe(self) -> str:
        """Where the blobs are, for messages (no credentials)."""
        ...


# (stage, done, total): long work reports how far it is.
ProgressFn = Callable[[str, int, int], None]


class DatabaseSnapshots(Protocol):
    """Consistent copies of the whole database in one file, and the way back.

    SQLite uses its online backup API, PostgreSQL pg_dump/pg_restore; either runs while the
    service keeps writing. Failures are StorageUnavailable with the cause.
    """

    kind: str  # "sqlite" or "postgresql": a snapshot restores only into its own kind
    file_name: str  # the snapshot's name inside a backup folder

    def describe(self) -> str:
        """The live database, for messages (no password)."""
        ...

    def snapshot(self, target: Path, progress: ProgressFn) -> SnapshotInfo:
        """Copy the database as of one moment into `target`; what that moment held."""
        ...

    def trial_restore(self, source: Path, scratch: Path, progress: ProgressFn) -> SnapshotInfo:
        """Restore a snapshot into a throwaway database (a file under `scratch`, or a
        temporary PostgreSQL database), read what it holds, and remove it."""
        ...

    def live_tables(self) -> dict[str, int]:
        """Rows per table of the live database (the migration table left out)."""
        ...

    def other_sessions(self) -> list[str]:
        """Other connections to the live database that a restore would pull the data from
        under; always empty where the restore itself is safe for them (SQLite)."""
        ...

    def restore(self, source: Path, progress: ProgressFn) -> None:
        """Replace the live database with the snapshot, all or nothing."""
        ...

    def known_revisions(self) -> list[str]:
        """Every schema revision this version's migrations know, oldest first."""
        ...

    def upgrade(self) -> str | None:
        """Migrate the live database to the newest revision; returns it."""
        ...
