"""GET /me/export: everything the product holds about the signed-in user, as JSON or CSV."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from sakesensei.entrypoints.api.deps import CurrentUser, UowFactory
from sakesensei.entrypoints.api.routes.preferences import (
    ChangeOut,
    PreferencesOut,
    change_out,
    preferences_out,
)
from sakesensei.entrypoints.api.routes.tastings import TastingOut, tasting_out
from sakesensei.services.data_export import UserData, collect_user_data, csv_zip

router = APIRouter(prefix="/me", tags=["me"])

EXPORT_VERSION = 1


class AccountExport(BaseModel):
    id: str
    email: str
    verified: bool
    role: str
    created_at: datetime | None


class FactOut(BaseModel):
    id: int | None
    key: str
    value: str
    source: str | None = Field(default=None, description="the message it was drawn from")
    session_id: str | None = None
    created_at: datetime
    updated_at: datetime


class EventOut(BaseModel):
    id: int | None
    session_id: str
    role: str
    content: str
    created_at: datetime


class SummaryOut(BaseModel):
    id: int | None
    session_id: str
    summary: str
    created_at: datetime


class MemoryExport(BaseModel):
    facts: list[FactOut]
    events: list[EventOut] = Field(description="conversation turns, oldest first")
    summaries: list[SummaryOut]


class ExportOut(BaseModel):
    version: int = Field(description="the layout of this document; changes only with notice")
    exported_at: datetime
    account: AccountExport = Field(description="the account; the password is never exported")
    preferences: PreferencesOut | None = Field(description="null if the survey was never answered")
    preference_history: list[ChangeOut] = Field(description="every change, oldest first")
    tastings: list[TastingOut] = Field(description="the journal, newest tasting first")
    memory: MemoryExport


def _document(data: UserData) -> ExportOut:
    u = data.user
    return ExportOut(
        version=EXPORT_VERSION,
        exported_at=data.exported_at,
        account=AccountExport(
            id=u.id, email=u.email, verified=u.verified, role=u.role.value, created_at=u.created_at
        ),
        preferences=preferences_out(data.preferences) if data.preferences else None,
        preference_history=[change_out(c) for c in data.history],
        tastings=[tasting_out(e) for e in data.tastings],
        memory=MemoryExport(
            facts=[
                FactOut(
                    id=f.id,
                    key=f.key,
                    value=f.value,
                    source=f.source,
                    session_id=f.session_id,
                    created_at=f.created_at,
                    updated_at=f.updated_at,
                )
                for f in data.facts
            ],
            events=[
                EventOut(
                    id=e.id,
                    session_id=e.session_id,
                    role=e.role,
                    content=e.content,
                    created_at=e.created_at,
                )
                for e in data.events
            ],
            summaries=[
                SummaryOut(
                    id=s.id, session_id=s.session_id, summary=s.summary, created_at=s.created_at
                )
                for s in data.summaries
            ],
        ),
    )


def _attachment(data: UserData, extension: str) -> dict[str, str]:
    name = f"sakesensei-export-{data.exported_at:%Y%m%d}.{extension}"
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get(
    "/export",
    response_model=ExportOut,
    responses={
        200: {
            "description": "JSON: one document. CSV: a zip of one CSV file per kind of record.",
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
def export(
    user: CurrentUser,
    uow_factory: UowFactory,
    format: Annotated[
        Literal["json", "csv"],
        Query(description="json: one document; csv: a zip of UTF-8 (with BOM) CSV files"),
    ] = "json",
) -> Response:
    """Download everything held about the account: the account itself (never the password),
    the survey answers and their history, the tasting journal with sake names, and what the
    sommelier remembers (facts, conversations, summaries). Both forms come as an attachment.
    The CSV zip holds account.csv, preferences.csv, preference_history.csv, tastings.csv,
    memory_facts.csv, memory_events.csv, memory_summaries.csv and a README.txt."""
    data = collect_user_data(uow_factory, user.id, lambda: datetime.now(UTC))
    if format == "csv":
        return Response(
            csv_zip(data), media_type="application/zip", headers=_attachment(data, "zip")
        )
    document = _document(data)
    return Response(
        document.model_dump_json(),
        media_type="application/json",
        headers=_attachment(data, "json"),
    )
