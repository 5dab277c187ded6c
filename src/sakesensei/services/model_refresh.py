"""The collaborative model each process keeps: refitted in a background thread from every
user's tastings when they changed, and swapped in whole, so a request never waits for a
fit and never sees half of one. Requests use the last model, or none before the first.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from sakesensei.domain.tastings import Rating, RatingsVersion
from sakesensei.engines.recommend.collaborative import CollaborativeModel, RatingData, fit_model
from sakesensei.engines.recommend.crowd import CommunityRatings, community_ratings
from sakesensei.ports import UnitOfWorkFactory

log = logging.getLogger("sakesensei.recommendations")
Fit = Callable[[RatingData], CollaborativeModel]


@dataclass(frozen=True, slots=True)
class Fitted:
    """One fit: the model with the community's ratings it was fitted on."""

    model: CollaborativeModel | None  # None while nobody has rated anything
    community: CommunityRatings
    version: RatingsVersion
    fitted_at: datetime
    ratings: int
    seconds: float


def rating_data(ratings: list[Rating]) -> RatingData:
    """The journal as the models take it; later rows win where one user rated a sake twice."""
    return RatingData(
        users=[r.user_id for r in ratings],
        items=[r.sake_id for r in ratings],
        ratings=np.array([r.rating for r in ratings], dtype=np.float32),
        # Rows come oldest first, so their order is the time order the models need.
        timestamps=np.arange(len(ratings), dtype=np.float64),
    )


class CrowdRefresher:
    """Keeps `current` up to date with the tastings; start() runs it in the background."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        now: Callable[[], datetime],
        interval_seconds: float,
        fit: Fit = fit_model,
    ) -> None:
        self._uow = uow_factory
        self._now = now
        self._fit = fit
        # Checking twice per interval keeps "within the interval" true when a fit is quick;
        # the check itself is one small query.
        self._poll = interval_seconds / 2
        self._current: Fitted | None = None
        # Ratings a fit failed on are not retried until they change: the same data would
        # fail the same way, and fill the log every poll.
        self._failed: RatingsVersion | None = None
        self._refreshing = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.fits = 0

    @property
    def current(self) -> Fitted | None:
        return self._current

    def refresh(self) -> bool:
        """Refit when the tastings changed since the last fit; True when a new fit is in place."""
        with self._refreshing:
            with self._uow() as uow:
                version = uow.tastings.ratings_version()
            current = self._current
            if version == self._failed or (current is not None and current.version == version):
                return False
            started = time.perf_counter()
            with self._uow() as uow:
                # Read after the version: a write in between only causes one more refit.
                ratings = uow.tastings.all_ratings()
            data = rating_data(ratings)
            try:
                model = self._fit(data) if ratings else None
            except Exception:
                self._failed = version
                raise
            fitted = Fitted(
                model=model,
                community=community_ratings(data),
                version=version,
                fitted_at=self._now(),
                ratings=len(ratings),
                seconds=time.perf_counter() - started,
            )
            self._current = fitted  # one reference swap: readers see the old fit or the new
            self.fits += 1
        log.info(
            "recommendation model fitted on %d ratings in %.2f s", fitted.ratings, fitted.seconds
        )
        return True

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, name="sakesensei-model-refresh", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.refresh()
            except Exception:
                # A database hiccup must not end the thread: keep serving the last model.
                log.exception("could not refit the recommendation model; keeping the last one")
            self._stop.wait(self._poll)
