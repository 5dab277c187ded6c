"""A user's own data, gathered in one read for export: the account (never its password hash),
preferences and their history, the journal, and what the sommelier remembers.

The CSV form is a zip of one file per kind of record, each UTF-8 with a byte-order mark so
Excel reads the Japanese correctly, with a README.txt saying what each file holds.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sakesensei.domain.errors import NotFound
from sakesensei.domain.memory import MemoryEvent, MemoryFact, SessionSummary
from sakesensei.domain.tastings import JournalEntry, TastingFilter
from sakesensei.domain.users import PreferenceChange, Preferences, User
from sakesensei.ports import UnitOfWorkFactory

Cell = str | int | float | bool | None

# A text cell starting with one of these is run as a formula by spreadsheets; a leading
# apostrophe makes it plain text again (the OWASP advice for CSV exports).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_README = """Sake Sensei: your data, exported {when}

account.csv             your account (the password is never exported)
preferences.csv         your current survey answers (empty if you never answered)
preference_history.csv  every change of your answers, oldest first
tastings.csv            your tasting journal, newest tasting first
memory_facts.csv        what the sommelier remembers about you
memory_events.csv       your conversations with the sommelier, oldest first
memory_summaries.csv    summaries of those conversations

Every file is UTF-8 with a byte-order mark, comma separated. Lists inside a cell are
separated by "|". Text that a spreadsheet would run as a formula starts with an apostrophe.
"""


@dataclass(frozen=True, slots=True)
class UserData:
    exported_at: datetime
    user: User
    preferences: Preferences | None
    history: list[PreferenceChange]
    tastings: list[JournalEntry]
    facts: list[MemoryFact]
    events: list[MemoryEvent]
    summaries: list[SessionSummary]


def collect_user_data(
    uow_factory: UnitOfWorkFactory, user_id: str, now: Callable[[], datetime]
) -> UserData:
    """Everything of the user, read in one transaction so the parts agree with each other."""
    with uow_factory() as uow:
        user = uow.users.get(user_id)
        if user is None:
            raise NotFound("this account no longer exists")
        tastings, _ = uow.tastings.find(user_id, TastingFilter())
        return UserData(
            exported_at=now(),
            user=user,
            preferences=uow.preferences.get(user_id),
            history=uow.preferences.history(user_id),
            tastings=tastings,
            facts=uow.memory.facts(user_id),
            events=uow.memory.all_events(user_id),
            summaries=uow.memory.summaries(user_id),
        )


def _cell(value: Cell | datetime) -> Cell:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _csv(header: Sequence[str], rows: Iterable[Sequence[Cell | datetime]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def _answers(p: Preferences) -> list[Cell]:
    return [
        p.sweetness,
        p.budget_yen,
        p.experience.value,
        "|".join(p.avoid_categories),
        "|".join(p.liked_aromas),
    ]


_ANSWER_COLUMNS = ("sweetness", "budget_yen", "experience", "avoid_categories", "liked_aromas")


def csv_files(data: UserData) -> dict[str, bytes]:
    """File name -> content of every CSV of the export."""
    u = data.user
    prefs = [data.preferences] if data.preferences else []
    return {
        "account.csv": _csv(
            ("id", "email", "verified", "role", "created_at"),
            [(u.id, u.email, u.verified, u.role.value, u.created_at)],
        ),
        "preferences.csv": _csv(
            (*_ANSWER_COLUMNS, "updated_at"), [[*_answers(p), p.updated_at] for p in prefs]
        ),
        "preference_history.csv": _csv(
            ("changed_at", "source", *_ANSWER_COLUMNS),
            [[h.changed_at, h.source, *_answers(h.preferences)] for h in data.history],
        ),
        "tastings.csv": _csv(
            (
                "id",
                "tasted_on",
                "rating",
                "sake_id",
                "sake_name",
                "sake_romaji",
                "category",
                "brewery",
                "prefecture",
                "notes",
                "created_at",
            ),
            [
                (
                    e.record.id,
                    e.record.tasted_on.isoformat(),
                    e.record.rating,
                    e.sake.id,
                    e.sake.name,
                    e.sake.romaji,
                    e.sake.category,
                    e.sake.brewery,
                    e.sake.prefecture,
                    e.record.notes,
                    e.record.created_at,
                )
                for e in data.tastings
            ],
        ),
        "memory_facts.csv": _csv(
            ("key", "value", "created_at", "updated_at", "source", "session_id"),
            [
                (f.key, f.value, f.created_at, f.updated_at, f.source, f.session_id)
                for f in data.facts
            ],
        ),
        "memory_events.csv": _csv(
            ("session_id", "role", "content", "created_at"),
            [(e.session_id, e.role, e.content, e.created_at) for e in data.events],
        ),
        "memory_summaries.csv": _csv(
            ("session_id", "summary", "created_at"),
            [(s.session_id, s.summary, s.created_at) for s in data.summaries],
        ),
    }


def csv_zip(data: UserData) -> bytes:
    """The export as a zip of CSV files and a README.txt."""
    t = data.exported_at
    stamp = (t.year, t.month, t.day, t.hour, t.minute, t.second)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        files = {"README.txt": _README.format(when=data.exported_at.isoformat()).encode()}
        for name, content in {**files, **csv_files(data)}.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()
