"""Recommendations for one person: the hard constraints, the four-part score, the re-rank for
variety, and the reasons behind each pick. Pure: the catalog, the survey, the journal and
the crowd come in as values; services fetch them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from sakesensei.domain.users import Preferences
from sakesensei.engines.recommend import reasons as why
from sakesensei.engines.recommend.crowd import Crowd
from sakesensei.engines.recommend.diversity import DEFAULT_EXPLORE_SHARE, rerank
from sakesensei.engines.recommend.features import BoolArray, CatalogFeatures, FloatArray, IntArray
from sakesensei.engines.recommend.history import HISTORY_MAX, History, Rated, history_of
from sakesensei.engines.recommend.scoring import (
    COLLABORATIVE_MAX,
    DIVERSITY_MAX,
    PREFERENCE_MAX,
    Parts,
    eligible,
    score_parts,
)

PART_NAMES = ("preference", "history", "collaborative", "diversity")
# Beyond this many eligible sake only the best are sorted; the re-rank never reaches further.
SORT_AT_MOST = 2_000
TOP_REASONS = 4


@dataclass(frozen=True, slots=True)
class Options:
    limit: int = 10
    include_tasted: bool = False
    same_brewery: bool = False  # allow two picks from one brewery
    explore_share: float = DEFAULT_EXPLORE_SHARE
    seed: int = 0  # the wild cards' draw; the same seed gives the same list
    explain: bool = True  # build the reasons (and ask the model about neighbours)


@dataclass(frozen=True, slots=True)
class Part:
    points: float
    max: int
    reasons: tuple[why.Reason, ...]


@dataclass(frozen=True, slots=True)
class Pick:
    sake_id: int
    score: float  # 0-100, the sum of the parts
    parts: dict[str, Part]
    explored: bool  # a wild card, placed for variety rather than by score

    @property
    def reasons(self) -> tuple[why.Reason, ...]:
        """The strongest reason of each part, the best-scoring parts first."""
        ranked = sorted(
            (p for p in self.parts.values() if p.reasons and p.points > 0),
            key=lambda p: -p.points / p.max,
        )
        lead = (why.WILD_CARD,) if self.explored else ()
        return (*lead, *(p.reasons[0] for p in ranked))[:TOP_REASONS]


@dataclass(frozen=True, slots=True)
class Ranking:
    picks: list[Pick]
    candidates: int  # how many sake passed the hard constraints


def _order(total: FloatArray, mask: BoolArray, seed: int) -> IntArray:
    """Eligible positions, best first.

    A survey alone leaves many sake tied; they are shuffled by the request's seed; ids
    follow the catalog's regional files, and id order would fill the top from one region.
    """
    positions = np.flatnonzero(mask)
    if positions.size > SORT_AT_MOST:
        keep = np.argpartition(-total[positions], SORT_AT_MOST)[:SORT_AT_MOST]
        positions = np.sort(positions[keep])
    shuffle = np.random.default_rng(seed).random(total.size)[positions]
    order: IntArray = positions[np.lexsort((shuffle, -total[positions]))]
    return order


def recommend(
    features: CatalogFeatures,
    preferences: Preferences,
    journal: Sequence[Rated],
    crowd: Crowd,
    options: Options,
    today: date,
) -> Ranking:
    history = history_of(features, journal, today)
    mask = eligible(features, preferences, history, options.include_tasted)
    parts = score_parts(features, preferences, history, crowd, mask)
    total = parts.total
    order = _order(total, parts.considered, options.seed)
    novel = parts.new_category | parts.new_region if not history.empty else mask
    slots = rerank(
        features,
        order,
        total,
        options.limit,
        novel=novel,
        same_brewery=options.same_brewery,
        explore_share=options.explore_share,
        seed=options.seed,
    )
    picks = [
        build_pick(
            features, slot.position, slot.explored, preferences, history, crowd, parts, options
        )
        for slot in slots
    ]
    return Ranking(picks, int(mask.sum()))


def build_pick(
    features: CatalogFeatures,
    row: int,
    explored: bool,
    preferences: Preferences,
    history: History,
    crowd: Crowd,
    parts: Parts,
    options: Options,
) -> Pick:
    points = {
        "preference": (float(parts.preference[row]), PREFERENCE_MAX),
        "history": (float(parts.history[row]), HISTORY_MAX),
        "collaborative": (float(parts.collaborative[row]), COLLABORATIVE_MAX),
        "diversity": (float(parts.diversity[row]), DIVERSITY_MAX),
    }
    explained: dict[str, list[why.Reason]] = {name: [] for name in PART_NAMES}
    if options.explain:
        explained = {
            "preference": why.preference_reasons(features, row, preferences, parts),
            "history": why.history_reasons(features, row, preferences, history, parts),
            "collaborative": why.collaborative_reasons(features, row, crowd, history, parts),
            "diversity": why.diversity_reasons(features, row, parts),
        }
        if explored:
            explained["diversity"].append(why.WILD_CARD)
    rounded = {name: round(value, 1) for name, (value, _) in points.items()}
    return Pick(
        sake_id=int(features.ids[row]),
        score=round(sum(rounded.values()), 1),
        parts={
            name: Part(rounded[name], limit, tuple(explained[name]))
            for name, (_, limit) in points.items()
        },
        explored=explored,
    )
