"""GET /me/export (JSON and CSV) and DELETE /me erasing every record of the user, on both
databases."""

from __future__ import annotations

import csv
import io
import uuid
import zipfile
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from sakesensei.domain.memory import ChatSession, MemoryEvent, MemoryFact, SessionSummary
from tests.api.conftest import Api
from tests.api.test_tastings import log, pick

EXPORT = "/api/v1/me/export"
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
# Every table with a user_id column, and the users table itself.
USER_TABLES = (
    "preferences",
    "preference_history",
    "tastings",
    "memory_events",
    "memory_facts",
    "session_summaries",
    "chat_sessions",
    "refresh_tokens",
    "one_time_codes",
)


def _user_id(api: Api, headers: dict[str, str]) -> str:
    return str(api.http.get("/api/v1/me", headers=headers).json()["id"])


def _fill(api: Api, headers: dict[str, str], email_note: str) -> str:
    """Give the account preferences, a history, tastings and memory; returns its id."""
    user_id = _user_id(api, headers)
    for sweetness in (2, 4):
        answers = {"sweetness": sweetness, "experience": "beginner", "liked_aromas": ["fruity"]}
        assert (
            api.http.put("/api/v1/me/preferences", headers=headers, json=answers).status_code == 200
        )
    log(api, headers, pick(api, "純米").sake.id or 0, 5, notes=email_note)
    log(api, headers, pick(api, "吟醸").sake.id or 0, 2, notes="=1+1")
    with api.container.uow() as uow:
        uow.memory.put_fact(MemoryFact(user_id, "sweetness", "辛口が好き", NOW, NOW))
        uow.memory.add_event(MemoryEvent(user_id, "s1", "user", "おすすめは？", NOW))
        uow.memory.add_summary(SessionSummary(user_id, "s1", "talked about dry sake", NOW))
        uow.memory.save_session(ChatSession(f"s-{user_id}", user_id, NOW, NOW))
        uow.commit()
    return user_id


def test_json_export_is_one_document_of_the_users_own_data(api: Api) -> None:
    hana, ren = api.user("hana@example.com"), api.user("ren@example.com")
    hana_id = _fill(api, hana, "hana's note")
    _fill(api, ren, "ren's note")
    response = api.http.get(EXPORT, headers=hana)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert 'filename="sakesensei-export-' in response.headers["content-disposition"]
    doc = response.json()
    assert doc["version"] == 1 and doc["exported_at"]
    assert doc["account"]["id"] == hana_id and doc["account"]["email"] == "hana@example.com"
    assert "password" not in response.text and "argon2" not in response.text
    assert doc["preferences"]["sweetness"] == 4
    assert [c["preferences"]["sweetness"] for c in doc["preference_history"]] == [2, 4]
    assert {t["notes"] for t in doc["tastings"]} == {"hana's note", "=1+1"}
    assert all(t["sake"]["name"] for t in doc["tastings"])
    assert "ren's note" not in response.text
    memory = doc["memory"]
    assert [f["value"] for f in memory["facts"]] == ["辛口が好き"]
    assert [e["content"] for e in memory["events"]] == ["おすすめは？"]
    assert [s["summary"] for s in memory["summaries"]] == ["talked about dry sake"]


def test_an_account_with_nothing_yet_exports_empty_parts(api: Api) -> None:
    doc = api.http.get(EXPORT, headers=api.user(), params={"format": "json"}).json()
    assert doc["preferences"] is None and doc["preference_history"] == [] and doc["tastings"] == []
    assert doc["memory"] == {"facts": [], "events": [], "summaries": []}


def test_csv_export_is_a_zip_of_spreadsheet_ready_files(api: Api) -> None:
    hana = api.user("hana@example.com")
    _fill(api, hana, "香りが良い")
    response = api.http.get(EXPORT, headers=hana, params={"format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;") and disposition.endswith('.zip"')
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "README.txt" in archive.namelist() and "tastings.csv" in archive.namelist()
    raw = archive.read("tastings.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {r["notes"] for r in rows} == {"香りが良い", "'=1+1"}
    assert all(r["sake_name"] and r["prefecture"] for r in rows)
    history = list(
        csv.DictReader(io.StringIO(archive.read("preference_history.csv").decode("utf-8-sig")))
    )
    assert [h["sweetness"] for h in history] == ["2", "4"]
    account = archive.read("account.csv").decode("utf-8-sig")
    assert "hana@example.com" in account and "argon2" not in account


def test_an_unknown_format_is_a_422(api: Api) -> None:
    response = api.http.get(EXPORT, headers=api.user(), params={"format": "xlsx"})
    assert response.status_code == 422 and "format" in response.json()["detail"]


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_without_a_token_is_401(api: Api, fmt: str) -> None:
    response = api.http.get(EXPORT, params={"format": fmt})
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


def test_unverified_accounts_can_export(api: Api) -> None:
    assert api.http.get(EXPORT, headers=api.user(verified=False)).status_code == 200


def test_erasing_the_account_leaves_nothing_of_the_user(api: Api) -> None:
    hana, ren = api.user("hana@example.com"), api.user("ren@example.com")
    hana_id, ren_id = _fill(api, hana, "hana's"), _fill(api, ren, "ren's")
    assert api.http.delete("/api/v1/me", headers=hana).status_code == 204
    with api.container.engine.connect() as conn:
        for table in USER_TABLES:
            query = text(f"SELECT user_id, COUNT(*) FROM {table} GROUP BY user_id")
            counts = {row[0]: row[1] for row in conn.execute(query)}
            assert hana_id not in counts, f"{table} still holds rows of the erased user"
            if table not in ("refresh_tokens", "one_time_codes"):
                assert counts.get(ren_id, 0) > 0, f"{table} lost the other user's rows"
        users = conn.execute(text("SELECT id FROM users")).scalars().all()
    assert hana_id not in users and ren_id in users
    assert api.http.get("/api/v1/me", headers=hana).status_code == 401
    assert api.http.get(EXPORT, headers=ren).json()["tastings"]


def test_after_erasure_the_old_ids_are_unknown(api: Api) -> None:
    hana = api.user("hana@example.com")
    tasting = log(api, hana, pick(api, "純米").sake.id or 0)
    api.http.delete("/api/v1/me", headers=hana)
    again = api.user("hana@example.com")
    assert api.http.get(f"/api/v1/me/tastings/{tasting['id']}", headers=again).status_code == 404
    assert api.http.get(f"/api/v1/me/tastings/{uuid.uuid4()}", headers=again).status_code == 404
