"""The label tool: which sake a photo of a label shows, as POST /api/v1/scan answers it."""

from __future__ import annotations

import base64
import binascii

from pydantic import BaseModel, ConfigDict, Field

from sakesensei.agent.tools.base import ToolHints, tool
from sakesensei.agent.tools.context import ToolContext
from sakesensei.agent.tools.errors import ToolError, ToolErrorKind
from sakesensei.agent.tools.records import SakeSummary, sake_summary
from sakesensei.domain.errors import InvalidInput
from sakesensei.domain.scans import CONFIDENT

# Base64 is a third longer than the bytes; the scanner applies its own byte limit after.
MAX_BASE64 = 14_000_000


class LabelImageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    image_base64: str = Field(
        min_length=1,
        max_length=MAX_BASE64,
        description="the photo of the label: a JPEG, PNG or WebP file, base64-encoded "
        "(no data: prefix needed, but one is accepted); at most 10 MB",
    )


class LabelCandidate(BaseModel):
    sake: SakeSummary
    score: float = Field(description="0-1: how well what was read matches this sake")


class LabelFit(BaseModel):
    score: float = Field(description="0-100, as the recommendations score it for this user")
    reasons_en: list[str]
    reasons_ja: list[str]
    conflicts_en: list[str] = Field(description="the user's own rules it breaks")


class LabelIdentification(BaseModel):
    identified: bool = Field(description=f"true when confidence >= {CONFIDENT}")
    match: SakeSummary | None = Field(description="the sake, only when identified")
    confidence: float = Field(description="0-1: of answers this sure, this share are right")
    read_text: str = Field(description="what could be read off the label")
    candidates: list[LabelCandidate] = Field(
        description="the closest catalog sake, best first; when not identified, ask the user "
        "which one it is rather than picking one"
    )
    fit: LabelFit | None = Field(description="how well the match suits the signed-in user")


def _decode(text: str) -> bytes:
    if text.startswith("data:"):
        text = text.partition(",")[2]
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput("image_base64 is not valid base64") from None


@tool(
    "identify_sake_from_image",
    title="Identify a sake from a label photo",
    hints=ToolHints(read_only=True, idempotent=True),
)
def identify_sake_from_image(args: LabelImageIn, ctx: ToolContext) -> LabelIdentification:
    """Read a photo of a sake label (offline OCR) and find the sake in the catalog. Names a
    match only when confidence is at least 0.7; below that, show the candidates and ask the
    user which one it is. For a signed-in user it also says how well the sake suits them.
    Nothing is stored: to log the sake, call add_tasting_record with the chosen id."""
    if ctx.scanner is None:
        raise ToolError(ToolErrorKind.UNAVAILABLE, "label reading is not available here")
    found = ctx.scanner.identify(_decode(args.image_base64))
    fit = None
    if found.match is not None and ctx.user_id is not None:
        sake_id = found.match.item.sake.id
        judged = ctx.recommendations.fit_for_user(ctx.user_id, sake_id) if sake_id else None
        if judged is not None:
            fit = LabelFit(
                score=judged.pick.score,
                reasons_en=[r.en for r in judged.pick.reasons],
                reasons_ja=[r.ja for r in judged.pick.reasons],
                conflicts_en=[r.en for r in judged.conflicts],
            )
    return LabelIdentification(
        identified=found.match is not None,
        match=sake_summary(found.match.item) if found.match else None,
        confidence=found.confidence,
        read_text=found.read_text,
        candidates=[
            LabelCandidate(sake=sake_summary(c.item), score=c.score) for c in found.candidates
        ],
        fit=fit,
    )


TOOLS = (identify_sake_from_image,)
