"""Label scan: upload a photo of a label, learn which sake it is and whether it suits you."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from sakesensei.domain.errors import TooLarge
from sakesensei.domain.scans import CONFIDENT
from sakesensei.engines.recommend.fit import Fit as SakeFit
from sakesensei.entrypoints.api.deps import OptionalUser, Scanner, VerifiedUser
from sakesensei.entrypoints.api.routes.recommendations import ReasonOut
from sakesensei.entrypoints.api.routes.sakes import sake_json
from sakesensei.entrypoints.api.routes.tastings import (
    Notes,
    Rating,
    SakeId,
    TastedOn,
    TastingOut,
    tasting_out,
)
from sakesensei.services.label_scan import ScanCandidate, ScanResult
from sakesensei.services.telemetry import TELEMETRY

router = APIRouter(prefix="/scan", tags=["label scan"])


class BriefOut(BaseModel):
    sake_id: int
    name: str
    brewery: str


class CandidateOut(BriefOut):
    score: float = Field(description="0-1: how well what was read matches this sake")


class FitOut(BaseModel):
    score: float = Field(description="0-100, as the recommendations score it for you")
    reasons: list[ReasonOut]
    conflicts: list[ReasonOut] = Field(description="your own rules it breaks (budget, avoided)")


class SimilarOut(BaseModel):
    sake: dict[str, Any]
    score: float
    why: str


class ScanOut(BaseModel):
    scan_id: str | None = Field(description="kept for signed-in users; null for visitors")
    match: BriefOut | None = Field(description=f"named only at confidence {CONFIDENT} or more")
    confidence: float = Field(description="0-1: the share of answers this sure that are right")
    read_text: str = Field(description="what could be read off the label")
    candidates: list[CandidateOut]
    sake: dict[str, Any] | None = Field(description="the matched sake in full")
    fit: FitOut | None = Field(description="how well the matched sake suits you (signed in)")
    similar: list[SimilarOut] = Field(description="when unsure: sake alike in taste")
    timings_ms: dict[str, float]


class ChoiceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sake_id: SakeId = Field(description="the sake the photo really shows")
    rating: Rating | SkipJsonSchema[None] = Field(
        default=None, description="with a rating (1-5) the sake goes into your journal"
    )
    notes: Notes | SkipJsonSchema[None] = None
    tasted_on: TastedOn | SkipJsonSchema[None] = None


class ChoiceOut(BaseModel):
    scan_id: str
    sake_id: int
    fit: FitOut | None
    journal_entry: TastingOut | None


def _fit(fit: SakeFit | None) -> FitOut | None:
    if fit is None:
        return None
    return FitOut(
        score=fit.pick.score,
        reasons=[ReasonOut(ja=r.ja, en=r.en) for r in fit.pick.reasons],
        conflicts=[ReasonOut(ja=r.ja, en=r.en) for r in fit.conflicts],
    )


def _brief(candidate: ScanCandidate) -> BriefOut:
    return BriefOut(
        sake_id=candidate.item.sake.id or 0,
        name=candidate.item.sake.name,
        brewery=candidate.item.brewery.name,
    )


def _scan_out(result: ScanResult) -> ScanOut:
    found = result.identification
    return ScanOut(
        scan_id=result.scan_id,
        match=_brief(found.match) if found.match else None,
        confidence=found.confidence,
        read_text=found.read_text,
        candidates=[
            CandidateOut(**_brief(c).model_dump(), score=c.score) for c in found.candidates
        ],
        sake=sake_json(found.match.item) if found.match else None,
        fit=_fit(result.fit),
        similar=[
            SimilarOut(sake=sake_json(s.item), score=s.score, why=s.why) for s in result.similar
        ],
        timings_ms={"ocr": found.ocr_ms, "match": found.match_ms},
    )


@router.post("", response_model=ScanOut)
def scan_label(
    scanner: Scanner,
    user: OptionalUser,
    file: Annotated[UploadFile, File(description="a JPEG, PNG or WebP photo of the label")],
) -> ScanOut:
    """Identify a sake from a photo of its label. Signed-in users' photos are kept (with no
    location data) so they can confirm the match or pick the right one."""
    data = file.file.read(scanner.max_bytes + 1)
    if len(data) > scanner.max_bytes:
        raise TooLarge(f"the file is over the {scanner.max_bytes / 1e6:.0f} MB limit")
    with TELEMETRY.label_scan() as counted:  # by outcome on /metrics, and a trace span
        result = scanner.scan(data, user.id if user else None)
        counted.found(
            result.identification.match is not None, len(result.identification.candidates)
        )
    return _scan_out(result)


@router.post("/{scan_id}/choice", response_model=ChoiceOut)
def choose_sake(scan_id: str, body: ChoiceIn, user: VerifiedUser, scanner: Scanner) -> ChoiceOut:
    """Say which sake the photo shows (confirming the match or picking a candidate); with a
    rating it is logged in your journal too. Later scans of the same label learn from it."""
    fit, entry = scanner.choose(
        user.id, scan_id, body.sake_id, body.rating, body.notes, body.tasted_on
    )
    return ChoiceOut(
        scan_id=scan_id,
        sake_id=body.sake_id,
        fit=_fit(fit),
        journal_entry=tasting_out(entry) if entry else None,
    )


@router.get(
    "/{scan_id}/photo",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}}, "description": "the photo as kept"}},
)
def scan_photo(scan_id: str, user: VerifiedUser, scanner: Scanner) -> Response:
    """The photo of one of your scans, as it was kept (upright, without EXIF)."""
    return Response(scanner.photo(user.id, scan_id), media_type="image/jpeg")
