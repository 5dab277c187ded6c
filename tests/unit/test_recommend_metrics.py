"""Top-N metrics and splits on examples small enough to check by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sakesensei.engines.recommend.metrics import (
    coverage,
    hit_at_k,
    ndcg_at_k,
    paired_standard_error,
    standard_error,
    top_k,
)
from sakesensei.engines.recommend.ratings import RatingData
from sakesensei.engines.recommend.splits import deduplicate, leave_last_out


@pytest.mark.parametrize(
    ("ranked", "relevant", "expected"),
    [
        ([7, 1, 2], {7}, 1.0),  # first place is perfect
        ([1, 2, 7], {7}, 0.5),  # rank 3: 1 / log2(4)
        ([1, 7, 2], {7}, 1 / math.log2(3)),
        ([1, 2, 3], {7}, 0.0),
        # Two relevant at ranks 1 and 3 against the ideal ranks 1 and 2.
        ([7, 1, 8], {7, 8}, (1 + 0.5) / (1 + 1 / math.log2(3))),
    ],
)
def test_ndcg_of_known_rankings(ranked: list[int], relevant: set[int], expected: float) -> None:
    assert ndcg_at_k(ranked, relevant, 10) == pytest.approx(expected)


def test_ndcg_and_hits_only_look_at_the_first_k() -> None:
    ranked = list(range(20))
    assert ndcg_at_k(ranked, {10}, 10) == 0.0
    assert hit_at_k(ranked, {10}, 10) == 0.0
    assert hit_at_k(ranked, {9}, 10) == 1.0
    assert ndcg_at_k(ranked, {9}, 10) == pytest.approx(1 / math.log2(11))
    assert ndcg_at_k(ranked, set(), 10) == 0.0


def test_coverage_counts_distinct_items_over_the_catalog() -> None:
    assert coverage([[0, 1], [1, 2]], 10) == pytest.approx(0.3)
    assert coverage([], 10) == 0.0
    assert coverage([[1]], 0) == 0.0


def test_standard_errors() -> None:
    assert standard_error([0.0, 1.0]) == pytest.approx(0.5)  # sd 0.7071 / sqrt(2)
    assert standard_error([1.0]) is None
    # Same users: the paired error sees that B trails A by exactly 0.1 everywhere.
    a = np.array([0.1, 0.5, 0.9, 0.3])
    assert paired_standard_error(a, a - 0.1) == pytest.approx(0.0)


def test_top_k_ranks_best_first_and_skips_excluded() -> None:
    scores = np.array([0.1, 0.9, 0.5, 0.7, 0.3])
    assert top_k(scores, [], 3).tolist() == [1, 3, 2]
    assert top_k(scores, [1, 3], 3).tolist() == [2, 4, 0]
    assert top_k(scores, [0, 1, 2, 3], 3).tolist() == [4]  # fewer left than asked for
    assert top_k(np.array([np.nan, 1.0]), [], 2).tolist() == [1]


def test_top_k_breaks_ties_by_the_tiebreak_then_position() -> None:
    zeros = np.zeros(5)
    assert top_k(zeros, [], 3).tolist() == [0, 1, 2]
    popularity = np.array([1.0, 5.0, 3.0, 5.0, 0.0])
    assert top_k(zeros, [], 3, tiebreak=popularity).tolist() == [1, 3, 2]
    # Clear winners stay first; only the tied tail is ordered by the tiebreak.
    assert top_k(np.array([0, 0, 2, 0, 0.0]), [], 2, tiebreak=popularity).tolist() == [2, 1]


def _data(rows: list[tuple[str, str, float, float]]) -> RatingData:
    return RatingData(
        users=[r[0] for r in rows],
        items=[r[1] for r in rows],
        ratings=np.array([r[2] for r in rows], dtype=np.float32),
        timestamps=np.array([r[3] for r in rows]),
    )


def test_leave_last_out_holds_out_the_latest_high_rating_only() -> None:
    rows = [
        # ann: six ratings; her latest is a 2, so the 5 before it is held out.
        ("ann", "a", 4, 1),
        ("ann", "b", 3, 2),
        ("ann", "c", 5, 3),
        ("ann", "d", 2, 4),
        ("ann", "e", 1, 5),
        ("ann", "f", 4, 0),
        # bob: four ratings is too few to test.
        ("bob", "a", 5, 1),
        ("bob", "b", 5, 2),
        ("bob", "c", 5, 3),
        ("bob", "d", 5, 4),
        # cid: five ratings, none of 4 or more.
        ("cid", "a", 3, 1),
        ("cid", "b", 3, 2),
        ("cid", "c", 2, 3),
        ("cid", "d", 1, 4),
        ("cid", "e", 3, 5),
    ]
    split = leave_last_out(_data(rows))
    assert split.test == {"ann": {"c"}}
    assert (split.users, split.too_few, split.no_high_rating) == (3, 1, 1)
    train = set(zip(split.train.users, split.train.items, strict=True))
    assert ("ann", "c") not in train
    assert {("ann", "d"), ("ann", "e")} <= train  # later low ratings still train
    assert len(split.train.ratings) == len(rows) - 1


def test_leave_last_out_breaks_equal_times_by_file_order() -> None:
    rows = [("ann", item, 5, 7) for item in "abcde"]
    assert leave_last_out(_data(rows)).test == {"ann": {"e"}}


def test_deduplicate_keeps_the_latest_rating_of_a_pair() -> None:
    rows = [("ann", "a", 2, 5), ("ann", "a", 5, 1), ("ann", "b", 4, 2), ("ann", "a", 3, 3)]
    data, dropped = deduplicate(_data(rows))
    assert dropped == 2
    kept = sorted(zip(data.items, data.ratings.tolist(), strict=True))
    assert kept == [("a", 2.0), ("b", 4.0)]
