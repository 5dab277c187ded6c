"""`sakesensei eval`: the product's collaborative model against popularity and item-kNN.

Either one ratings file split by temporal leave-last-out, or a given train/test split
(whose top-10 lists can be written out for an outside scorer). Everything a person should
know about the data (skipped rows, duplicates, a single user) ends up in the report.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sakesensei.domain.errors import InvalidInput
from sakesensei.engines.recommend.collaborative import ItemKNN, Popularity, fit_model, model_kind
from sakesensei.engines.recommend.evaluation import ModelResult, Progress, evaluate, no_progress
from sakesensei.engines.recommend.metrics import paired_standard_error
from sakesensei.engines.recommend.ratings import Item, RatingData
from sakesensei.engines.recommend.splits import (
    MIN_RATINGS,
    RELEVANT_FROM,
    deduplicate,
    leave_last_out,
)
from sakesensei.services.rating_files import (
    DEFAULT_COLUMNS,
    Columns,
    RatingFile,
    read_ratings,
)

K = 10
LEAVE_LAST_OUT = (
    f"temporal leave-last-out: each user with at least {MIN_RATINGS} ratings has their latest "
    f"rating of {RELEVANT_FROM:g} or more held out; everything else (low ratings included) "
    f"is training data; every item the user has not rated is ranked"
)
GIVEN_SPLIT = (
    f"given split: trained on the train file; for each test user every item they have not "
    f"rated in training is ranked; test rows rated {RELEVANT_FROM:g} or more (all rows when "
    f"the test file has no rating column) are the relevant items"
)


@dataclass(slots=True)
class EvalReport:
    protocol: str
    files: dict[str, str]
    ratings: int
    users: int
    items: int
    test_users: int
    results: list[ModelResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how the data was read and split
    problems: list[str] = field(default_factory=list)  # what makes the numbers less useful
    seconds: float = 0.0

    @property
    def product(self) -> ModelResult:
        return next(r for r in self.results if r.role == "product")

    def comparisons(self) -> list[dict[str, Any]]:
        """The product against each baseline on NDCG@10, with the standard errors."""
        product = self.product
        rows = []
        for baseline in (r for r in self.results if r.role == "baseline"):
            margin = product.ndcg - baseline.ndcg
            paired = paired_standard_error(product.per_user_ndcg, baseline.per_user_ndcg)
            se = product.ndcg_se
            rows.append(
                {
                    "baseline": baseline.name,
                    "ndcg_margin": round(margin, 4),
                    "product_ndcg_se": None if se is None else round(se, 4),
                    "paired_se": None if paired is None else round(paired, 4),
                    "beats_by_more_than_se": se is not None and margin > se,
                }
            )
        return rows

    def as_dict(self) -> dict[str, Any]:
        return {
            "protocol": self.protocol,
            "files": self.files,
            "ratings": self.ratings,
            "users": self.users,
            "items": self.items,
            "test_users": self.test_users,
            "k": K,
            "models": [_result_dict(r) for r in self.results],
            "comparisons": self.comparisons() if self.results else [],
            "notes": self.notes,
            "problems": self.problems,
            "seconds": round(self.seconds, 2),
        }


def _result_dict(result: ModelResult) -> dict[str, Any]:
    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    return {
        "name": result.name,
        "role": result.role,
        "users": result.users,
        "hr@10": rounded(result.hr),
        "hr_se": rounded(result.hr_se),
        "ndcg@10": rounded(result.ndcg),
        "ndcg_se": rounded(result.ndcg_se),
        "coverage@10": rounded(result.coverage),
        "fit_seconds": round(result.fit_seconds, 3),
        "ranking_seconds": round(result.score_seconds, 3),
    }


def evaluate_file(
    path: Path,
    columns: Columns = DEFAULT_COLUMNS,
    recs_out: Path | None = None,
    progress: Progress = no_progress,
) -> EvalReport:
    """Temporal leave-last-out on one ratings file; optionally write the product's top 10."""
    started = time.perf_counter()
    progress("reading", 0, 1)
    source = read_ratings(path, columns)
    data, notes = _clean(source)
    problems = _rejections(source)
    split = leave_last_out(data)
    items = len(set(data.items))
    report = EvalReport(
        protocol=LEAVE_LAST_OUT,
        files={"ratings": str(path)},
        ratings=len(data.ratings),
        users=split.users,
        items=items,
        test_users=len(split.test),
        notes=notes,
        problems=problems,
    )
    if split.too_few:
        report.notes.append(
            f"{split.too_few} user(s) with fewer than {MIN_RATINGS} ratings are not tested "
            f"(their ratings still train the models)"
        )
    if split.no_high_rating:
        report.notes.append(
            f"{split.no_high_rating} user(s) have no rating of {RELEVANT_FROM:g} or more to "
            f"hold out and are not tested"
        )
    if not split.test:
        raise InvalidInput(
            f"{path}: no user has {MIN_RATINGS} or more ratings with one of "
            f"{RELEVANT_FROM:g} or more, so there is nothing to hold out and test"
        )
    _check_people(report, split.users)
    _unseen(report, split.train, split.test)
    _run_models(report, split.train, split.test, items, progress)
    if recs_out is not None:
        write_recommendations(recs_out, report.product.top)
        report.files["recs_out"] = str(recs_out)
    report.seconds = time.perf_counter() - started
    return report


def evaluate_split(
    train_path: Path,
    test_path: Path,
    columns: Columns = DEFAULT_COLUMNS,
    recs_out: Path | None = None,
    progress: Progress = no_progress,
) -> EvalReport:
    """Train on one file, test on another; optionally write the product's top 10 per test user."""
    started = time.perf_counter()
    progress("reading", 0, 1)
    train_file = read_ratings(train_path, columns)
    train, notes = _clean(train_file)
    test_file = read_ratings(test_path, columns, need_rating=False)
    notes += test_file.notes
    problems = _rejections(train_file, test_file)
    test, already = _relevant(test_file, train)
    items = len(set(train.items) | set(test_file.data.items))
    report = EvalReport(
        protocol=GIVEN_SPLIT,
        files={"train": str(train_path), "test": str(test_path)},
        ratings=len(train.ratings),
        users=len(set(train.users) | set(test)),
        items=items,
        test_users=len(test),
        notes=notes,
        problems=problems,
    )
    if already:
        report.notes.append(
            f"{already} test rating(s) are of items the user already rated in training; "
            f"those items are not ranked, so they were left out of the relevant items"
        )
    without = sum(1 for held in test.values() if not held)
    if without:
        report.notes.append(
            f"{without} test user(s) have no relevant item; they get recommendations but no score"
        )
    if not any(test.values()):
        report.problems.append("no test user has a relevant item: every score is 0")
    _check_people(report, len(set(train.users)))
    _unseen(report, train, test)
    _run_models(report, train, test, items, progress)
    if recs_out is not None:
        write_recommendations(recs_out, report.product.top)
        report.files["recs_out"] = str(recs_out)
    report.seconds = time.perf_counter() - started
    return report


def _clean(source: RatingFile) -> tuple[RatingData, list[str]]:
    """Ratings with one per (user, item), and notes on what was read."""
    notes = list(source.notes)
    data, dropped = deduplicate(source.data)
    if dropped:
        notes.append(
            f"{source.path}: {dropped} repeated (user, item) rating(s); the latest of each was kept"
        )
    low, high = float(data.ratings.min()), float(data.ratings.max())
    if low < 1 or high > 5:
        notes.append(
            f"ratings run from {low:g} to {high:g}; the models read them on a 1-5 scale "
            f"(1-2 count against an item, 4-5 for it) and {RELEVANT_FROM:g} or more is relevant"
        )
    return data, notes


def _rejections(*files: RatingFile) -> list[str]:
    return [text for text in (f.rejection() for f in files) if text is not None]


def _relevant(test_file: RatingFile, train: RatingData) -> tuple[dict[Hashable, set[Item]], int]:
    """Each test user's relevant items, leaving out items they already rated in training."""
    rated = set(zip(train.users, train.items, strict=True))
    test: dict[Hashable, set[Item]] = {}
    already = 0
    data = test_file.data
    for user, item, rating in zip(data.users, data.items, data.ratings.tolist(), strict=True):
        held = test.setdefault(user, set())
        if (user, item) in rated:
            already += 1
        elif not test_file.has_rating or rating >= RELEVANT_FROM:
            held.add(item)
    return test, already


def _check_people(report: EvalReport, train_users: int) -> None:
    if train_users < 2:
        report.problems.append(
            "only one user: collaborative models learn from other people's ratings, so "
            "these numbers say nothing about how well they work"
        )


def _unseen(report: EvalReport, train: RatingData, test: dict[Hashable, set[Item]]) -> None:
    known = set(train.items)
    unseen = sum(1 for held in test.values() for item in held if item not in known)
    if unseen:
        report.notes.append(
            f"{unseen} held-out item(s) appear nowhere in the training data; no model can "
            f"rank them, so they count as misses"
        )


def _run_models(
    report: EvalReport,
    train: RatingData,
    test: dict[Hashable, set[Item]],
    items: int,
    progress: Progress,
) -> None:
    product = f"product ({'EASE^R' if model_kind(train) == 'ease' else 'iALS'})"
    runs = (
        (product, "product", fit_model),
        ("popularity", "baseline", lambda d: Popularity().fit(d)),
        ("item-kNN", "baseline", lambda d: ItemKNN().fit(d)),
    )
    for name, role, fit in runs:
        report.results.append(evaluate(name, role, fit, train, test, items, K, progress))


def write_recommendations(path: Path, top: dict[Hashable, list[Item]]) -> None:
    """user_id,item_id,rank for every test user, best first (rank 1)."""
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["user_id", "item_id", "rank"])
            for user, items in top.items():
                writer.writerows([user, item, rank] for rank, item in enumerate(items, start=1))
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror}") from None
