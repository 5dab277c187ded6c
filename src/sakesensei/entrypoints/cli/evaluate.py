"""`sakesensei eval`: offline accuracy of the recommender on a ratings file or a given split."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sakesensei.domain.errors import InvalidInput
from sakesensei.entrypoints.cli.output import (
    EXIT_PROBLEMS,
    err,
    out,
    print_json,
    progress_bar,
    reported,
)

if TYPE_CHECKING:
    from sakesensei.services.recommend_eval import EvalReport


def eval_command(
    ratings: Annotated[
        Path | None,
        typer.Option(
            "--ratings", dir_okay=False, help="CSV of user,item,rating,timestamp to split."
        ),
    ] = None,
    train: Annotated[
        Path | None, typer.Option("--train", dir_okay=False, help="Training ratings (CSV).")
    ] = None,
    test: Annotated[
        Path | None, typer.Option("--test", dir_okay=False, help="Test ratings (CSV).")
    ] = None,
    recs_out: Annotated[
        Path | None,
        typer.Option(
            "--recs-out", dir_okay=False, help="Write the top 10 per test user here (CSV)."
        ),
    ] = None,
    user_col: Annotated[str, typer.Option("--user-col", help="Header of the user column.")] = (
        "user"
    ),
    item_col: Annotated[str, typer.Option("--item-col", help="Header of the item column.")] = (
        "item"
    ),
    rating_col: Annotated[
        str, typer.Option("--rating-col", help="Header of the rating column.")
    ] = "rating",
    time_col: Annotated[str, typer.Option("--time-col", help="Header of the time column.")] = (
        "timestamp"
    ),
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
) -> None:
    """Measure HR@10, NDCG@10 and coverage@10 of the product's model and two baselines.

    With --ratings FILE: temporal leave-last-out (each user with 5+ ratings has their
    latest rating of 4+ held out). With --train and --test: the given split.
    """
    # Imported here: numpy and scipy take a moment, which other commands should not pay.
    from sakesensei.services.rating_files import Columns
    from sakesensei.services.recommend_eval import evaluate_file, evaluate_split

    columns = Columns(user=user_col, item=item_col, rating=rating_col, timestamp=time_col)
    with reported(as_json), progress_bar(not as_json) as progress:
        if ratings is not None and train is None and test is None:
            report = evaluate_file(ratings, columns, recs_out, progress)
        elif ratings is None and train is not None and test is not None:
            report = evaluate_split(train, test, columns, recs_out, progress)
        else:
            raise InvalidInput("give either --ratings FILE, or both --train FILE and --test FILE")
    if as_json:
        print_json(report.as_dict())
    else:
        show(report)
    if report.problems:
        raise typer.Exit(EXIT_PROBLEMS)


def show(report: EvalReport) -> None:
    """The report as a table a person reads, with the notes under it."""
    files = ", ".join(f"{role} {path}" for role, path in report.files.items())
    out.print(
        f"{files}: {report.ratings:,} ratings, {report.users:,} users, {report.items:,} items; "
        f"{report.test_users:,} test users",
        highlight=False,
        markup=False,
    )
    out.print(report.protocol, highlight=False, markup=False)
    # Plain fixed-width lines: a pipe or a log file keeps every digit.
    width = max(len(r.name) for r in report.results) + 2
    header = ("model", "HR@10", "NDCG@10", "coverage@10", "fit s", "ranking s")
    lines = [f"{header[0]:<{width}}" + "".join(f"{h:<16}" for h in header[1:3])]
    lines[0] += f"{header[3]:<13}{header[4]:<10}{header[5]}"
    for r in report.results:
        lines.append(
            f"{r.name:<{width}}{_with_se(r.hr, r.hr_se):<16}{_with_se(r.ndcg, r.ndcg_se):<16}"
            f"{r.coverage:<13.3f}{r.fit_seconds:<10.2f}{r.score_seconds:.2f}"
        )
    for line in lines:
        out.print(line, highlight=False, markup=False)
    for row in report.comparisons():
        se, paired = row["product_ndcg_se"], row["paired_se"]
        verdict = (
            "better by more than its standard error"
            if row["beats_by_more_than_se"]
            else "NOT better by more than its standard error"
        )
        out.print(
            f"product vs {row['baseline']}: NDCG@10 {row['ndcg_margin']:+.4f} "
            f"(product's standard error {se if se is not None else 'n/a'}, "
            f"paired {paired if paired is not None else 'n/a'}): {verdict}",
            highlight=False,
            markup=False,
        )
    for note in report.notes:
        out.print(f"note: {note}", highlight=False, markup=False)
    for problem in report.problems:
        err.print(f"problem: {problem}", highlight=False, markup=False)
    out.print(f"done in {report.seconds:.1f} s", highlight=False)


def _with_se(value: float, se: float | None) -> str:
    return f"{value:.4f}±{se:.4f}" if se is not None else f"{value:.4f}"
