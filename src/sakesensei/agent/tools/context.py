"""What a tool call runs with: storage, the process's services, and who is asking."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from sakesensei.agent.tools.errors import ToolError, ToolErrorKind
from sakesensei.ports import UnitOfWorkFactory
from sakesensei.services.catalog_cache import CatalogCache, PinnedCatalog
from sakesensei.services.glossary import Glossary, shipped_glossary
from sakesensei.services.label_scan import LabelScanner
from sakesensei.services.recommendations import RecommendationService
from sakesensei.services.tastings import TastingJournal

SIGN_IN_NEEDED = (
    "this needs a signed-in user: connect with an access token or an API key "
    "(over HTTP 'Authorization: Bearer <token>'; for `sakesensei mcp` SAKESENSEI_API_KEY); "
    "a signed-in user creates keys with POST /api/v1/me/api-keys"
)


@dataclass(frozen=True, slots=True)
class ToolContext:
    """One per process (built with tool_context); `as_caller` gives each call its user."""

    uow_factory: UnitOfWorkFactory
    catalog: CatalogCache
    recommendations: RecommendationService
    journal: TastingJournal
    # Read from the package on first use, not while an app is being built.
    glossary: Callable[[], Glossary]
    # Reads label photos; None where no OCR is wired (label tools then say so).
    scanner: LabelScanner | None = None
    user_id: str | None = None
    verified: bool = False
    # Where a preference change came from, as its history records it.
    source: str = "chat"

    def as_caller(self, user_id: str | None, verified: bool = False) -> ToolContext:
        return replace(self, user_id=user_id, verified=verified and user_id is not None)

    def for_one_turn(self) -> ToolContext:
        """This context with the catalog read once for a whole chat turn (PinnedCatalog)."""
        return replace(self, catalog=PinnedCatalog(self.catalog))

    def require_user(self) -> str:
        if self.user_id is None:
            raise ToolError(ToolErrorKind.SIGN_IN_REQUIRED, SIGN_IN_NEEDED)
        return self.user_id

    def require_verified_user(self) -> str:
        user_id = self.require_user()
        if not self.verified:
            raise ToolError(
                ToolErrorKind.FORBIDDEN,
                "verify your email address before changing your data "
                "(POST /api/v1/auth/verify with the code you were mailed)",
            )
        return user_id


def tool_context(
    uow_factory: UnitOfWorkFactory,
    catalog: CatalogCache,
    recommendations: RecommendationService,
    now: Callable[[], datetime],
    glossary: Callable[[], Glossary] = shipped_glossary,
    scanner: LabelScanner | None = None,
) -> ToolContext:
    """The anonymous context of a process; callers are attached per call with as_caller."""
    return ToolContext(
        uow_factory=uow_factory,
        catalog=catalog,
        recommendations=recommendations,
        journal=TastingJournal(uow_factory, now),
        glossary=glossary,
        scanner=scanner,
    )
