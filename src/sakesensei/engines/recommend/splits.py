"""Train/test splits for offline evaluation: temporal leave-last-out, and duplicate removal."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sakesensei.engines.recommend.ratings import Index, Item, RatingData

MIN_RATINGS = 5
RELEVANT_FROM = 4.0


@dataclass(frozen=True, slots=True)
class Split:
    train: RatingData
    test: dict[Hashable, set[Item]]  # user -> the items held out for them
    users: int  # users in the data
    too_few: int  # users with fewer than MIN_RATINGS ratings: not tested, all in train
    no_high_rating: int  # users with enough ratings but none high enough to hold out


def order_of(data: RatingData) -> npt.NDArray[np.int64]:
    """Row positions from oldest to newest; equal times keep file order."""
    if data.timestamps is None:
        return np.arange(len(data.ratings), dtype=np.int64)
    return np.argsort(data.timestamps, kind="stable").astype(np.int64)


def take(data: RatingData, rows: npt.NDArray[np.int64]) -> RatingData:
    """The ratings at these row positions, in that order."""
    return RatingData(
        users=[data.users[i] for i in rows],
        items=[data.items[i] for i in rows],
        ratings=np.asarray(data.ratings, dtype=np.float32)[rows],
        timestamps=None if data.timestamps is None else data.timestamps[rows],
    )


def deduplicate(data: RatingData) -> tuple[RatingData, int]:
    """One rating per (user, item), the latest; and how many earlier ones were dropped."""
    users, items = Index.of(data.users), Index.of(data.items)
    user_pos = np.fromiter((users.positions[u] for u in data.users), np.int64, len(data.users))
    item_pos = np.fromiter((items.positions[i] for i in data.items), np.int64, len(data.items))
    order = order_of(data)
    keys = (user_pos * max(len(items), 1) + item_pos)[order]
    # The last occurrence in time order of each key is the one to keep.
    _, last_from_end = np.unique(keys[::-1], return_index=True)
    keep = np.sort(order[len(keys) - 1 - last_from_end])
    dropped = len(keys) - keep.size
    return (data if dropped == 0 else take(data, keep)), dropped


def leave_last_out(
    data: RatingData, min_ratings: int = MIN_RATINGS, relevant_from: float = RELEVANT_FROM
) -> Split:
    """Hold out, for each user with at least `min_ratings` ratings, their latest rating of
    `relevant_from` or more; everything else (low ratings included) is training data."""
    users = Index.of(data.users)
    owner = np.fromiter((users.positions[u] for u in data.users), np.int64, len(data.users))
    counts = np.bincount(owner, minlength=len(users))
    ratings = np.asarray(data.ratings, dtype=np.float64)
    order = order_of(data)
    # Walk from newest to oldest; the first high rating met for each eligible user is held out.
    newest_first = order[::-1]
    eligible = (counts[owner[newest_first]] >= min_ratings) & (
        ratings[newest_first] >= relevant_from
    )
    candidates = newest_first[eligible]
    _, first = np.unique(owner[candidates], return_index=True)
    held = candidates[first]
    train_rows = np.setdiff1d(np.arange(len(data.ratings)), held)
    test: dict[Hashable, set[Item]] = {}
    for row in held:
        test.setdefault(data.users[row], set()).add(data.items[row])
    enough = int((counts >= min_ratings).sum())
    return Split(
        train=take(data, train_rows),
        test=test,
        users=len(users),
        too_few=len(users) - enough,
        no_high_rating=enough - len(test),
    )
