"""In-memory implementations of the ports, for unit tests of services (not mocks)."""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from types import TracebackType
from typing import Self

from sakesensei.domain.api_keys import ApiKey
from sakesensei.domain.catalog import Brewery, CatalogStats, Sake, SakeWithBrewery
from sakesensei.domain.catalog_queries import BreweryListing, CatalogVersion, SakeFilter
from sakesensei.domain.errors import Conflict
from sakesensei.domain.memory import ChatSession, MemoryEvent, MemoryFact, SessionSummary
from sakesensei.domain.operations import AuditEntry
from sakesensei.domain.prefectures import PREFECTURES
from sakesensei.domain.scans import LabelScan
from sakesensei.domain.spelling import search_key
from sakesensei.domain.tastings import (
    JournalEntry,
    Rating,
    RatingsVersion,
    TastedSake,
    TastingFilter,
    TastingRecord,
)
from sakesensei.domain.users import PreferenceChange, Preferences, Role, User


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class FakeStore:
    """What a database would hold; a unit of work copies it and writes back on commit."""

    breweries: dict[int, Brewery] = field(default_factory=dict)
    sakes: dict[int, Sake] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    preferences: dict[str, Preferences] = field(default_factory=dict)
    history: list[PreferenceChange] = field(default_factory=list)
    tastings: dict[str, TastingRecord] = field(default_factory=dict)
    events: list[MemoryEvent] = field(default_factory=list)
    facts: dict[int, MemoryFact] = field(default_factory=dict)
    summaries: list[SessionSummary] = field(default_factory=list)
    sessions: dict[str, ChatSession] = field(default_factory=dict)
    audit: list[AuditEntry] = field(default_factory=list)
    scans: dict[str, LabelScan] = field(default_factory=dict)
    label_votes: dict[tuple[str, int], int] = field(default_factory=dict)
    api_keys: dict[str, ApiKey] = field(default_factory=dict)
    next_id: int = 1

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1


class FakeBreweries:
    def __init__(self, store: FakeStore) -> None:
        self.s = store

    def get(self, brewery_id: int) -> Brewery | None:
        return self.s.breweries.get(brewery_id)

    def get_by_key(self, name: str, prefecture: str) -> Brewery | None:
        return next((b for b in self.s.breweries.values() if b.key == (name, prefecture)), None)

    def update(self, brewery: Brewery) -> None:
        other = self.get_by_key(*brewery.key)
        if other is not None and other.id != brewery.id:
            raise Conflict(f"another brewery is already called {brewery.name}")
        self.s.breweries[brewery.id] = replace(brewery)  # type: ignore[index]

    def delete(self, brewery_id: int) -> bool:
        if any(s.brewery_id == brewery_id for s in self.s.sakes.values()):
            raise Conflict(f"brewery {brewery_id} still has sake")
        return self.s.breweries.pop(brewery_id, None) is not None

    def upsert_many(self, breweries: Sequence[Brewery]) -> dict[tuple[str, str], int]:
        by_key = {b.key: b for b in self.s.breweries.values()}
        ids = {}
        for new in breweries:
            old = by_key.get(new.key)
            if old is None:
                old = replace(new, id=self.s.new_id())
                self.s.breweries[old.id] = by_key[new.key] = old  # type: ignore[index]
            else:
                for name in ("romaji", "city", "founded", "description", "representative_sake"):
                    if getattr(new, name) is not None:
                        setattr(old, name, getattr(new, name))
            ids[new.key] = old.id  # type: ignore[assignment]
        return ids  # type: ignore[return-value]

    def list(self) -> list[Brewery]:
        return sorted(self.s.breweries.values(), key=lambda b: (b.prefecture, b.name))

    def count(self) -> int:
        return len(self.s.breweries)

    def find(
        self, prefectures: frozenset[str], limit: int, offset: int
    ) -> tuple[list[BreweryListing], int]:
        jis = {name: i for i, (name, _, _) in enumerate(PREFECTURES)}
        counts: dict[int, int] = {}
        for sake in self.s.sakes.values():
            counts[sake.brewery_id] = counts.get(sake.brewery_id, 0) + 1
        found = [
            BreweryListing(b, counts.get(b.id, 0))  # type: ignore[arg-type]
            for b in self.s.breweries.values()
            if not prefectures or b.prefecture in prefectures
        ]
        found.sort(key=lambda x: (jis.get(x.brewery.prefecture, 99), x.brewery.name, x.brewery.id))
        return found[offset : offset + limit], len(found)

    def delete_unused(self) -> int:
        used = {s.brewery_id for s in self.s.sakes.values()}
        unused = [i for i in self.s.breweries if i not in used]
        for i in unused:
            del self.s.breweries[i]
        return len(unused)


class FakeSakes:
    def __init__(self, store: FakeStore) -> None:
        self.s = store

    def _with(self, sake: Sake) -> SakeWithBrewery:
        return SakeWithBrewery(sake, self.s.breweries[sake.brewery_id])

    def get(self, sake_id: int) -> SakeWithBrewery | None:
        sake = self.s.sakes.get(sake_id)
        return self._with(sake) if sake else None

    def get_by_key(self, brewery_id: int, name: str) -> SakeWithBrewery | None:
        key = (brewery_id, name)
        found = next((s for s in self.s.sakes.values() if (s.brewery_id, s.name) == key), None)
        return self._with(found) if found else None

    def update(self, sake: Sake) -> None:
        key = (sake.brewery_id, sake.name)
        if any((s.brewery_id, s.name) == key and i != sake.id for i, s in self.s.sakes.items()):
            raise Conflict(f"this brewery already has a sake called {sake.name}")
        self.s.sakes[sake.id] = replace(sake, updated_at=_now())  # type: ignore[index]

    def delete(self, sake_id: int) -> bool:
        if any(t.sake_id == sake_id for t in self.s.tastings.values()):
            raise Conflict(f"sake {sake_id} is in a tasting record")
        return self.s.sakes.pop(sake_id, None) is not None

    def upsert_many(self, sakes: Sequence[Sake]) -> tuple[int, int]:
        by_key = {(s.brewery_id, s.name): s for s in self.s.sakes.values()}
        inserted = updated = 0
        for new in sakes:
            old = by_key.get((new.brewery_id, new.name))
            if old is None:
                stored = replace(new, id=self.s.new_id(), created_at=_now(), updated_at=_now())
                self.s.sakes[stored.id] = by_key[(new.brewery_id, new.name)] = stored  # type: ignore[index]
                inserted += 1
            else:
                for name in Sake.__dataclass_fields__:
                    value = getattr(new, name)
                    if name not in ("id", "created_at") and value not in (None, ()):
                        setattr(old, name, value)
                old.updated_at = _now()
                updated += 1
        return inserted, updated

    def iter_all(self) -> Iterator[SakeWithBrewery]:
        items = [self._with(s) for s in self.s.sakes.values() if s.brewery_id in self.s.breweries]
        yield from sorted(items, key=lambda i: (i.brewery.prefecture, i.brewery.name, i.sake.name))

    def search(
        self, terms: Sequence[str], limit: int, offset: int
    ) -> tuple[list[SakeWithBrewery], int]:
        keys = [k for k in map(search_key, terms) if k]
        if not keys:
            return [], 0
        found = []
        for item in self.iter_all():
            text = "|".join(
                search_key(p or "")
                for p in (
                    item.sake.name,
                    item.sake.reading,
                    item.sake.romaji,
                    f"{item.brewery.name} {item.brewery.romaji or ''}",
                )
            )
            if all(k in text for k in keys):
                found.append(item)
        found.sort(key=lambda i: (len(i.sake.name), i.sake.name, i.sake.id))
        return found[offset : offset + limit], len(found)

    def count(self) -> int:
        return len(self.s.sakes)

    def find(
        self, filters: SakeFilter, limit: int, offset: int
    ) -> tuple[list[SakeWithBrewery], int]:
        found = [i for i in self.iter_all() if filters.matches(i)]
        found.sort(key=lambda i: (i.sake.reading is None, i.sake.reading or "", i.sake.name))
        return found[offset : offset + limit], len(found)

    def catalog_version(self) -> CatalogVersion:
        changed = [s.updated_at for s in self.s.sakes.values() if s.updated_at]
        return CatalogVersion(
            len(self.s.sakes), max(changed, default=None), len(self.s.breweries), None
        )

    def without_brewery(self) -> list[tuple[int, str]]:
        return [
            (i, s.name) for i, s in self.s.sakes.items() if s.brewery_id not in self.s.breweries
        ]

    def stats(self) -> CatalogStats:
        items = list(self.iter_all())
        by_category: dict[str, int] = {}
        by_prefecture: dict[str, int] = {}
        for item in items:
            by_category[item.sake.category] = by_category.get(item.sake.category, 0) + 1
            by_prefecture[item.brewery.prefecture] = (
                by_prefecture.get(item.brewery.prefecture, 0) + 1
            )
        return CatalogStats(
            len(items),
            len(self.s.breweries),
            len(by_prefecture),
            dict(sorted(by_category.items())),
            dict(sorted(by_prefecture.items())),
        )


class FakeUsers:
    def __init__(self, store: FakeStore) -> None:
        self.s = store

    def add(self, user: User) -> None:
        user.email = user.email.strip().lower()
        if any(u.email == user.email for u in self.s.users.values()):
            raise Conflict(f"an account with the email {user.email} already exists")
        user.created_at = user.created_at or _now()
        self.s.users[user.id] = user

    def get(self, user_id: str) -> User | None:
        return self.s.users.get(user_id)

    def get_by_email(self, email: str) -> User | None:
        return next((u for u in self.s.users.values() if u.email == email.strip().lower()), None)

    def update(self, user: User) -> None:
        self.s.users[user.id] = user

    def delete(self, user_id: str) -> None:
        self.s.users.pop(user_id, None)
        self.s.preferences.pop(user_id, None)
        self.s.history = [h for h in self.s.history if h.user_id != user_id]
        self.s.tastings = {k: t for k, t in self.s.tastings.items() if t.user_id != user_id}
        self.s.api_keys = {k: a for k, a in self.s.api_keys.items() if a.user_id != user_id}
        FakeMemory(self.s).forget_user(user_id)

    def count_admins(self) -> int:
        return sum(u.role is Role.ADMIN for u in self.s.users.values())

    def list(
        self, limit: int, offset: int, email_contains: str | None = None
    ) -> tuple[list[User], int]:
        needle = (email_contains or "").strip().lower()
        found = sorted(
            (u for u in self.s.users.values() if needle in u.email), key=lambda u: u.email
        )
        return found[offset : offset + limit], len(found)


class FakePreferences:
    def __init__(self, store: FakeStore) -> None:
        self.s = store

    def get(self, user_id: str) -> Preferences | None:
        return self.s.preferences.get(user_id)

    def save(self, preferences: Preferences, source: str) -> PreferenceChange:
        preferences.updated_at = _now()
        self.s.preferences[preferences.user_id] = preferences
        change = PreferenceChange(
            preferences.user_id,
            preferences.updated_at,
            replace(preferences),
            source,
            id=self.s.new_id(),
        )
        self.s.history.append(change)
        return change

    def history(self, user_id: str) -> list[PreferenceChange]:
        return [h for h in self.s.history if h.user_id == user_id]

    def history_page(
        self, user_id: str, limit: int, offset: int
    ) -> tuple[list[PreferenceChange], int]:
        mine = sorted(self.history(user_id), key=lambda h: (h.changed_at, h.id or 0), reverse=True)
        return mine[offset : offset + limit], len(mine)


class FakeTastings:
    def __init__(self, store: FakeStore) -> None:
        self.s = store

    def add(self, record: TastingRecord) -> None:
        record.created_at = record.created_at or _now()
        self.s.tastings[record.id] = record

    def get(self, record_id: str) -> TastingRecord | None:
        return self.s.tastings.get(record_id)

    def update(self, record: TastingRecord) -> None:
        self.s.tastings[record.id] = record

    def delete(self, record_id: str) -> bool:
        return self.s.tastings.pop(record_id, None) is not None

    def list_for_user(self, user_id: str, limit: int = 100, offset: int = 0) -> list[TastingRecord]:
        mine = [t for t in self.s.tastings.values() if t.user_id == user_id]
        mine.sort(key=lambda t: (t.tasted_on, t.created_at or _now()), reverse=True)
        return mine[offset : offset + limit]

    def _entry(self, record: TastingRecord) -> JournalEntry:
        sake = self.s.sakes[record.sake_id]
        brewery = self.s.breweries[sake.brewery_id]
        tasted = TastedSake(
            id=record.sake_id,
            name=sake.name,
            category=sake.category,
            brewery_id=sake.brewery_id,
            brewery=brewery.name,
            prefecture=brewery.prefecture,
            reading=sake.reading,
            romaji=sake.romaji,
            sweetness=sake.flavor.sweetness,
            acidity=sake.flavor.acidity,
            body=sake.flavor.body,
            aroma=sake.flavor.aroma,
        )
        return JournalEntry(record, tasted)

    def entry(self, user_id: str, record_id: str) -> JournalEntry | None:
        record = self.s.tastings.get(record_id)
        if record is None or record.user_id != user_id:
            return None
        return self._entry(record)

    def find(
        self, user_id: str, where: TastingFilter, limit: int | None = None, offset: int = 0
    ) -> tuple[list[JournalEntry], int]:
        mine = [self._entry(t) for t in self.s.tastings.values() if t.user_id == user_id]
        found = [e for e in mine if where.matches(e)]
        found.sort(
            key=lambda e: (e.record.tasted_on, e.record.created_at or _now(), e.record.id),
            reverse=True,
        )
        end = None if limit is None else offset + limit
        return found[offset:end], len(found)

    def ratings_version(self) -> RatingsVersion:
        records = self.s.tastings.values()
        return RatingsVersion(
            len(records),
            max((t.created_at for t in records if t.created_at), default=None),
            sum(t.rating * t.sake_id for t in records),
        )

    def all_ratings(self) -> list[Rating]:
        ordered = sorted(
            self.s.tastings.values(), key=lambda t: (t.tasted_on, t.created_at or _now(), t.id)
        )
        return [Rating(t.user_id, t.sake_id, t.rating, t.tasted_on) for t in ordered]


class FakeMemory:
    def __init__(self, store: FakeStore) -> None:
        self.s = store

    def add_event(self, event: MemoryEvent) -> None:
        event.id = self.s.new_id()
        self.s.events.append(event)

    def events(self, user_id: str, session_id: str, limit: int | None = None) -> list[MemoryEvent]:
        found = [e for e in self.s.events if (e.user_id, e.session_id) == (user_id, session_id)]
        return found if limit is None else found[-limit:] if limit else []

    def all_events(self, user_id: str) -> list[MemoryEvent]:
        return sorted(
            (e for e in self.s.events if e.user_id == user_id),
            key=lambda e: (e.created_at, e.id or 0),
        )

    def put_fact(self, fact: MemoryFact) -> MemoryFact:
        for old in self.s.facts.values():
            if (old.user_id, old.key) == (fact.user_id, fact.key):
                old.value, old.updated_at = fact.value, fact.updated_at
                old.source, old.session_id = fact.source, fact.session_id
                return old
        fact.id = self.s.new_id()
        self.s.facts[fact.id] = fact
        return fact

    def facts(self, user_id: str) -> list[MemoryFact]:
        return sorted(
            (f for f in self.s.facts.values() if f.user_id == user_id), key=lambda f: f.key
        )

    def delete_fact(self, user_id: str, fact_id: int) -> bool:
        fact = self.s.facts.get(fact_id)
        if fact is None or fact.user_id != user_id:
            return False
        del self.s.facts[fact_id]
        return True

    def add_summary(self, summary: SessionSummary) -> None:
        summary.id = self.s.new_id()
        self.s.summaries.append(summary)

    def put_summary(self, summary: SessionSummary) -> None:
        for old in self.s.summaries:
            if (old.user_id, old.session_id) == (summary.user_id, summary.session_id):
                old.summary = summary.summary
                summary.id = old.id
                return
        self.add_summary(summary)

    def summaries(self, user_id: str, session_id: str | None = None) -> list[SessionSummary]:
        return [
            s
            for s in self.s.summaries
            if s.user_id == user_id and session_id in (None, s.session_id)
        ]

    def get_session(self, session_id: str) -> ChatSession | None:
        return copy.deepcopy(self.s.sessions.get(session_id))

    def save_session(self, session: ChatSession) -> None:
        stored = self.s.sessions.get(session.id)
        if stored is not None and stored.user_id != session.user_id:
            return
        saved = copy.deepcopy(session)
        if stored is not None:
            saved.created_at = stored.created_at
        self.s.sessions[session.id] = saved

    def add_session(self, session: ChatSession) -> None:
        assert session.id not in self.s.sessions, "a new session's id was taken"
        self.s.sessions[session.id] = copy.deepcopy(session)

    def forget_idle_visitors(self, idle_since: datetime) -> int:
        idle = [
            k for k, v in self.s.sessions.items() if v.user_id is None and v.updated_at < idle_since
        ]
        for key in idle:
            del self.s.sessions[key]
        return len(idle)

    def forget_user(self, user_id: str) -> None:
        self.s.events = [e for e in self.s.events if e.user_id != user_id]
        self.s.facts = {k: f for k, f in self.s.facts.items() if f.user_id != user_id}
        self.s.summaries = [s for s in self.s.summaries if s.user_id != user_id]
        self.s.sessions = {k: v for k, v in self.s.sessions.items() if v.user_id != user_id}


class FakeAudit:
    def __init__(self, store: FakeStore) -> None:
        self.s = store

    def add(self, entry: AuditEntry) -> None:
        entry.id = self.s.new_id()
        self.s.audit.append(entry)

    def list(self, limit: int, offset: int) -> tuple[list[AuditEntry], int]:
        newest = sorted(self.s.audit, key=lambda e: (e.created_at, e.id or 0), reverse=True)
        return newest[offset : offset + limit], len(newest)


class FakeScans:
    def __init__(self, store: FakeStore) -> None:
        self.s = store

    def add(self, scan: LabelScan) -> None:
        self.s.scans[scan.id] = scan

    def get(self, scan_id: str) -> LabelScan | None:
        return self.s.scans.get(scan_id)

    def record_choice(self, scan_id: str, sake_id: int, when: datetime) -> None:
        scan = self.s.scans.get(scan_id)
        if scan is not None:
            self.s.scans[scan_id] = replace(scan, chosen_sake_id=sake_id, chosen_at=when)

    def list_for_user(self, user_id: str, limit: int) -> list[LabelScan]:
        mine = [s for s in self.s.scans.values() if s.user_id == user_id]
        return sorted(mine, key=lambda s: s.created_at, reverse=True)[:limit]

    def vote(self, label_key: str, sake_id: int, when: datetime) -> None:
        key = (label_key, sake_id)
        self.s.label_votes[key] = self.s.label_votes.get(key, 0) + 1

    def votes(self, label_key: str) -> dict[int, int]:
        return {sid: n for (key, sid), n in self.s.label_votes.items() if key == label_key}


class FakeApiKeys:
    def __init__(self, store: FakeStore) -> None:
        self.s = store

    def add(self, key: ApiKey) -> None:
        if any(k.key_hash == key.key_hash for k in self.s.api_keys.values()):
            raise Conflict("an API key with this hash exists already")
        self.s.api_keys[key.id] = replace(key)

    def get(self, key_id: str) -> ApiKey | None:
        key = self.s.api_keys.get(key_id)
        return replace(key) if key else None

    def get_by_hash(self, key_hash: str) -> ApiKey | None:
        key = next((k for k in self.s.api_keys.values() if k.key_hash == key_hash), None)
        return replace(key) if key else None

    def list_for_user(self, user_id: str) -> list[ApiKey]:
        mine = [replace(k) for k in self.s.api_keys.values() if k.user_id == user_id]
        return sorted(mine, key=lambda k: (k.created_at, k.id), reverse=True)

    def revoke(self, key_id: str, when: datetime) -> bool:
        key = self.s.api_keys.get(key_id)
        if key is None or key.revoked_at is not None:
            return False
        key.revoked_at = when
        return True

    def touch(self, key_id: str, when: datetime) -> None:
        key = self.s.api_keys.get(key_id)
        if key is not None:
            key.last_used_at = when


class FakeUnitOfWork:
    """Works on a copy of the store; commit() makes the copy the store's content."""

    def __init__(self, store: FakeStore) -> None:
        self._store = store
        self.commits = 0

    def __enter__(self) -> Self:
        self._work = copy.deepcopy(self._store)
        self.breweries = FakeBreweries(self._work)
        self.sakes = FakeSakes(self._work)
        self.users = FakeUsers(self._work)
        self.preferences = FakePreferences(self._work)
        self.tastings = FakeTastings(self._work)
        self.memory = FakeMemory(self._work)
        self.audit = FakeAudit(self._work)
        self.scans = FakeScans(self._work)
        self.api_keys = FakeApiKeys(self._work)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def commit(self) -> None:
        self._store.__dict__.update(copy.deepcopy(self._work).__dict__)
        self.commits += 1

    def rollback(self) -> None:
        self._work.__dict__.update(copy.deepcopy(self._store).__dict__)
