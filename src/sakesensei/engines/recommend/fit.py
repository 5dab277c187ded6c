"""How well one given sake suits a person (a label they scanned), whether or not it would
ever have been picked for them: the same four-part score, plus the rules it breaks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from sakesensei.domain.users import Preferences
from sakesensei.engines.recommend.crowd import Crowd
from sakesensei.engines.recommend.features import CATEGORIES, CatalogFeatures
from sakesensei.engines.recommend.history import Rated, history_of
from sakesensei.engines.recommend.picks import Options, Pick, build_pick
from sakesensei.engines.recommend.reasons import Reason
from sakesensei.engines.recommend.scoring import score_parts


@dataclass(frozen=True, slots=True)
class Fit:
    pick: Pick
    # The hard rules this sake breaks (over budget, an avoided category); picks never would.
    conflicts: tuple[Reason, ...]


def fit_of(
    features: CatalogFeatures,
    preferences: Preferences,
    journal: Sequence[Rated],
    crowd: Crowd,
    sake_id: int,
    today: date,
) -> Fit:
    row = features.position[sake_id]
    history = history_of(features, journal, today)
    only = np.zeros(len(features), dtype=np.bool_)
    only[row] = True
    parts = score_parts(features, preferences, history, crowd, only)
    pick = build_pick(features, row, False, preferences, history, crowd, parts, Options())
    return Fit(pick, _conflicts(features, row, preferences))


def _conflicts(features: CatalogFeatures, row: int, preferences: Preferences) -> tuple[Reason, ...]:
    found = []
    price = float(features.price[row])
    budget = preferences.budget_yen
    if budget is not None and not np.isnan(price) and price > budget:
        found.append(
            Reason(
                f"予算{budget:,}円を{price - budget:,.0f}円超えています",
                f"¥{price - budget:,.0f} over your {budget:,} yen budget",
            )
        )
    category = CATEGORIES[int(features.category[row])]
    if category in preferences.avoid_categories:
        found.append(
            Reason(f"避けたい種類 ({category}) です", f"a category you avoid ({category})")
        )
    return tuple(found)
