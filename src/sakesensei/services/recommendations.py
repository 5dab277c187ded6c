"""Sake picked for a person, with the reasons: for a signed-in user from their survey and
journal, or for a visitor from survey answers alone.

The journal is read on every request, so a new rating changes the next picks at once;
the collaborative model comes from the background refresher (services/model_refresh.py).
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sakesensei.domain.catalog import SakeWithBrewery
from sakesensei.domain.errors import InvalidInput
from sakesensei.domain.users import Preferences, preference_problems
from sakesensei.engines.recommend.collaborative import fit_model
from sakesensei.engines.recommend.crowd import CommunityRatings, Crowd, align
from sakesensei.engines.recommend.diversity import DEFAULT_EXPLORE_SHARE
from sakesensei.engines.recommend.features import CatalogFeatures, build_features
from sakesensei.engines.recommend.fit import Fit as SakeFit
from sakesensei.engines.recommend.fit import fit_of
from sakesensei.engines.recommend.history import Rated
from sakesensei.engines.recommend.picks import Options, Pick, recommend
from sakesensei.ports import UnitOfWorkFactory
from sakesensei.services.catalog_cache import CatalogCache, CatalogSnapshot
from sakesensei.services.model_refresh import CrowdRefresher, Fit, Fitted
from sakesensei.services.preference_memory import with_memory
from sakesensei.services.telemetry import TELEMETRY

MAX_LIMIT = 50
# A journal longer than this is a bulk import, not a drinker; the newest carry the taste.
MAX_JOURNAL = 100_000
VISITOR = "visitor"


@dataclass(frozen=True, slots=True)
class Recommendation:
    rank: int
    item: SakeWithBrewery
    pick: Pick


@dataclass(frozen=True, slots=True)
class Recommendations:
    items: list[Recommendation]
    candidates: int  # how many sake passed the hard constraints
    preferences: Preferences  # the answers the picks were made for
    model: Fitted | None  # the collaborative fit that was used, if any yet


def check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")


def _seed(*parts: object) -> int:
    # crc32, not hash(): Python salts str hashes per process, and the same request must
    # draw the same wild card on every replica.
    return zlib.crc32("|".join(map(str, parts)).encode())


class RecommendationService:
    """One per process; safe to share between the threads that serve requests."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        catalog: CatalogCache,
        now: Callable[[], datetime],
        refresh_seconds: float = 60.0,
        fit: Fit = fit_model,
        explore_share: float = DEFAULT_EXPLORE_SHARE,
    ) -> None:
        self._uow = uow_factory
        self._catalog = catalog
        self._now = now
        self._explore_share = explore_share
        self.refresher = CrowdRefresher(uow_factory, now, refresh_seconds, fit)
        self._features: tuple[CatalogSnapshot, CatalogFeatures] | None = None
        self._crowd: tuple[CatalogFeatures, Fitted | None, Crowd] | None = None
        self._building = threading.Lock()

    def start(self) -> None:
        """Fit the first model and keep refitting in the background."""
        self.refresher.start()

    def stop(self) -> None:
        self.refresher.stop()

    def for_user(
        self,
        user_id: str,
        limit: int = 10,
        *,
        explain: bool = True,
        include_tasted: bool = False,
        same_brewery: bool = False,
    ) -> Recommendations:
        """Picks from the user's survey (defaults if never answered) and their journal."""
        check_limit(limit)
        with self._uow() as uow:
            stored = uow.preferences.get(user_id)
            facts = uow.memory.facts(user_id)
            records = uow.tastings.list_for_user(user_id, limit=MAX_JOURNAL)
        # Where the survey is silent, what the user told the sommelier fills in.
        preferences = with_memory(stored, facts, user_id)
        # Oldest first, so that of two tastings on one day the later-logged verdict wins.
        journal = [Rated(r.sake_id, r.rating, r.tasted_on) for r in reversed(records)]
        newest = records[0].id if records else ""
        options = Options(
            limit=limit,
            include_tasted=include_tasted,
            same_brewery=same_brewery,
            explore_share=self._explore_share,
            seed=_seed(user_id, len(records), newest),
            explain=explain,
        )
        return self._recommend(preferences, journal, options)

    def for_visitor(
        self,
        answers: Preferences,
        limit: int = 10,
        *,
        explain: bool = True,
        same_brewery: bool = False,
    ) -> Recommendations:
        """Picks from survey answers alone, for someone without an account."""
        check_limit(limit)
        problems = preference_problems(answers)
        if problems:
            raise InvalidInput("; ".join(problems))
        options = Options(
            limit=limit,
            same_brewery=same_brewery,
            explore_share=self._explore_share,
            seed=_seed(
                answers.sweetness,
                answers.budget_yen,
                answers.experience.value,
                sorted(answers.avoid_categories),
                sorted(answers.liked_aromas),
            ),
            explain=explain,
        )
        return self._recommend(answers, [], options)

    def fit_for_user(self, user_id: str, sake_id: int) -> SakeFit | None:
        """How well this sake suits the user; None when it is not in the catalog."""
        with self._uow() as uow:
            stored = uow.preferences.get(user_id)
            facts = uow.memory.facts(user_id)
            records = uow.tastings.list_for_user(user_id, limit=MAX_JOURNAL)
        features = self._catalog_features()
        if sake_id not in features.position:
            return None
        journal = [Rated(r.sake_id, r.rating, r.tasted_on) for r in reversed(records)]
        crowd = self._aligned(features, self.refresher.current)
        preferences = with_memory(stored, facts, user_id)
        return fit_of(features, preferences, journal, crowd, sake_id, self._now().date())

    def _recommend(
        self, preferences: Preferences, journal: Sequence[Rated], options: Options
    ) -> Recommendations:
        audience = VISITOR if preferences.user_id == VISITOR else "user"
        with TELEMETRY.recommendation(audience):  # timed for /metrics, and a trace span
            return self._rank(preferences, journal, options)

    def _rank(
        self, preferences: Preferences, journal: Sequence[Rated], options: Options
    ) -> Recommendations:
        features = self._catalog_features()
        fitted = self.refresher.current
        crowd = self._aligned(features, fitted)
        ranking = recommend(features, preferences, journal, crowd, options, self._now().date())
        items = [
            Recommendation(rank, features.items[features.position[pick.sake_id]], pick)
            for rank, pick in enumerate(ranking.picks, start=1)
        ]
        return Recommendations(items, ranking.candidates, preferences, fitted)

    def _catalog_features(self) -> CatalogFeatures:
        snapshot = self._catalog.snapshot()
        cached = self._features
        if cached is not None and cached[0] is snapshot:
            return cached[1]
        with self._building:
            cached = self._features
            if cached is not None and cached[0] is snapshot:
                return cached[1]  # another thread built them while we waited
            features = build_features(list(snapshot.sakes.values()))
            self._features = (snapshot, features)
            return features

    def _aligned(self, features: CatalogFeatures, fitted: Fitted | None) -> Crowd:
        """The crowd lined up with this catalog; redone only when either of them changed."""
        cached = self._crowd
        if cached is not None and cached[0] is features and cached[1] is fitted:
            return cached[2]
        if fitted is None:
            crowd = align(features, None, CommunityRatings.empty())
        else:
            crowd = align(features, fitted.model, fitted.community)
        self._crowd = (features, fitted, crowd)
        return crowd
