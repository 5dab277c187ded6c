"""The user's data export: what it gathers and how the CSV zip opens in a spreadsheet."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from sakesensei.domain.catalog import Brewery, Sake
from sakesensei.domain.errors import NotFound
from sakesensei.domain.memory import MemoryEvent, MemoryFact, SessionSummary
from sakesensei.domain.tastings import TastingRecord
from sakesensei.domain.users import Preferences, User
from sakesensei.ports import UnitOfWork
from sakesensei.services.data_export import collect_user_data, csv_files, csv_zip
from tests.support.fakes import FakeStore, FakeUnitOfWork

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def factory(store: FakeStore) -> Callable[[], UnitOfWork]:
    return lambda: FakeUnitOfWork(store)  # type: ignore[return-value]


@pytest.fixture
def store() -> FakeStore:
    store = FakeStore()
    with factory(store)() as uow:
        for user_id in ("u1", "u2"):
            uow.users.add(User(user_id, f"{user_id}@example.com", "argon2-secret-hash"))
        ids = uow.breweries.upsert_many([Brewery("旭酒造", "山口県")])
        uow.sakes.upsert_many(
            [Sake("獺祭 45", ids[("旭酒造", "山口県")], "純米大吟醸", romaji="Dassai 45")]
        )
        (sake_id,) = [i.sake.id or 0 for i in uow.sakes.iter_all()]
        uow.preferences.save(
            Preferences("u1", sweetness=2, liked_aromas=("fruity", "floral")), "survey"
        )
        uow.preferences.save(Preferences("u1", sweetness=4, budget_yen=5000), "chat")
        uow.tastings.add(
            TastingRecord("t1", "u1", sake_id, 5, date(2026, 11, 1), notes='=HYPERLINK("x")')
        )
        uow.tastings.add(
            TastingRecord("t2", "u2", sake_id, 1, date(2026, 11, 2), notes="not yours")
        )
        uow.memory.put_fact(MemoryFact("u1", "sweetness", "辛口が好き", NOW, NOW))
        uow.memory.add_event(MemoryEvent("u1", "s1", "user", "おすすめは？", NOW))
        uow.memory.add_event(MemoryEvent("u2", "s9", "user", "someone else", NOW))
        uow.memory.add_summary(SessionSummary("u1", "s1", "talked about dry sake", NOW))
        uow.commit()
    return store


def test_only_the_users_own_records_are_gathered(store: FakeStore) -> None:
    data = collect_user_data(factory(store), "u1", lambda: NOW)
    assert data.user.email == "u1@example.com" and data.exported_at == NOW
    assert data.preferences is not None and data.preferences.sweetness == 4
    assert [h.source for h in data.history] == ["survey", "chat"]
    assert [t.record.id for t in data.tastings] == ["t1"] and data.tastings[
        0
    ].sake.name == "獺祭 45"
    assert [e.content for e in data.events] == ["おすすめは？"]
    assert len(data.facts) == 1 and len(data.summaries) == 1


def test_a_missing_account_has_nothing_to_export(store: FakeStore) -> None:
    with pytest.raises(NotFound):
        collect_user_data(factory(store), "gone", lambda: NOW)


def _rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_csv_files_open_in_a_spreadsheet_without_secrets_or_formulas(store: FakeStore) -> None:
    files = csv_files(collect_user_data(factory(store), "u1", lambda: NOW))
    account = _rows(files["account.csv"])
    assert account[0] == ["id", "email", "verified", "role", "created_at"]
    assert "argon2-secret-hash" not in files["account.csv"].decode("utf-8-sig")
    tastings = _rows(files["tastings.csv"])
    assert tastings[1][4:9] == ["獺祭 45", "Dassai 45", "純米大吟醸", "旭酒造", "山口県"]
    assert tastings[1][9] == '\'=HYPERLINK("x")'  # a formula stays text
    history = _rows(files["preference_history.csv"])
    assert [r[1] for r in history[1:]] == ["survey", "chat"]
    assert history[1][6] == "fruity|floral"
    assert _rows(files["memory_facts.csv"])[1][:2] == ["sweetness", "辛口が好き"]


def test_the_zip_holds_every_file_and_a_readme(store: FakeStore) -> None:
    archive = zipfile.ZipFile(
        io.BytesIO(csv_zip(collect_user_data(factory(store), "u1", lambda: NOW)))
    )
    assert set(archive.namelist()) == {
        "README.txt",
        "account.csv",
        "preferences.csv",
        "preference_history.csv",
        "tastings.csv",
        "memory_facts.csv",
        "memory_events.csv",
        "memory_summaries.csv",
    }
    assert archive.testzip() is None


def test_an_account_with_no_records_still_exports_headers(store: FakeStore) -> None:
    with factory(store)() as uow:
        uow.users.add(User("u3", "u3@example.com", "hash"))
        uow.commit()
    files = csv_files(collect_user_data(factory(store), "u3", lambda: NOW))
    assert _rows(files["preferences.csv"]) == [
        ["sweetness", "budget_yen", "experience", "avoid_categories", "liked_aromas", "updated_at"]
    ]
    assert len(_rows(files["tastings.csv"])) == 1
