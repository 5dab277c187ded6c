"""`sakesensei eval` as a person runs it: on generated ratings, on a given split, on bad files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from sakesensei.engines.recommend.splits import leave_last_out
from sakesensei.engines.recommend.synthetic import Shape, generate, sake_features
from sakesensei.services.synthetic_ratings import write_ratings_csv
from tests.e2e.conftest import Cli

SHAPE = Shape(users=150, ratings=4000, min_per_user=8)


@pytest.fixture
def ratings_csv(tmp_path: Path) -> Path:
    path = tmp_path / "ratings.csv"
    write_ratings_csv(path, generate(sake_features(120, seed=1), SHAPE, seed=1))
    return path


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_json_report_has_the_product_and_both_baselines(cli: Cli, ratings_csv: Path) -> None:
    result = cli("eval", "--ratings", str(ratings_csv), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ratings"] == 4000 and report["users"] == 150 and report["k"] == 10
    assert report["test_users"] == 150
    names = [m["name"] for m in report["models"]]
    assert names == ["product (EASE^R)", "popularity", "item-kNN"]
    for model in report["models"]:
        assert 0 <= model["ndcg@10"] <= model["hr@10"] <= 1
        assert model["ndcg_se"] > 0 and model["hr_se"] > 0
        assert 0 < model["coverage@10"] <= 1
        assert model["fit_seconds"] >= 0 and model["ranking_seconds"] >= 0
    assert {c["baseline"] for c in report["comparisons"]} == {"popularity", "item-kNN"}
    assert report["problems"] == []


def test_text_report_prints_the_table_and_standard_errors(cli: Cli, ratings_csv: Path) -> None:
    result = cli("eval", "--ratings", str(ratings_csv))
    assert result.returncode == 0, result.stderr
    assert "NDCG@10" in result.stdout and "coverage@10" in result.stdout
    assert "product vs popularity: NDCG@10" in result.stdout
    assert "standard error" in result.stdout
    assert "Traceback" not in result.stderr


def test_given_split_writes_the_top_10_per_test_user(cli: Cli, tmp_path: Path) -> None:
    synthetic = generate(sake_features(120, seed=2), SHAPE, seed=2)
    split = leave_last_out(synthetic.as_rating_data())
    train, test, recs = tmp_path / "train.csv", tmp_path / "test.csv", tmp_path / "recs.csv"
    with train.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["userId", "movieId", "rating", "timestamp"])  # aliases are recognised
        data = split.train
        assert data.timestamps is not None
        for row in zip(data.users, data.items, data.ratings, data.timestamps, strict=True):
            writer.writerow([row[0], row[1], int(row[2]), int(row[3])])
    held = [(user, item) for user, items in split.test.items() for item in items]
    write(test, "user,item\n" + "".join(f"{u},{i}\n" for u, i in held))

    result = cli(
        "eval", "--train", str(train), "--test", str(test), "--recs-out", str(recs), "--json"
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["test_users"] == len(split.test)
    rows = list(csv.DictReader(recs.open()))
    assert list(rows[0]) == ["user_id", "item_id", "rank"]
    rated: dict[str, set[str]] = {}
    for user, item in zip(split.train.users, split.train.items, strict=True):
        rated.setdefault(str(user), set()).add(str(item))
    by_user: dict[str, list[tuple[int, str]]] = {}
    for row in rows:
        by_user.setdefault(row["user_id"], []).append((int(row["rank"]), row["item_id"]))
    assert len(by_user) == len(split.test)
    for user, ranked in by_user.items():
        assert [rank for rank, _ in ranked] == list(range(1, 11))
        assert not {item for _, item in ranked} & rated[user]


def test_missing_column_is_named_with_the_option_to_fix_it(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path / "bad.csv", "user,item,score_given\n1,2,5\n")
    result = cli("eval", "--ratings", str(path))
    assert result.returncode == 2
    assert "missing column(s) 'rating' (--rating-col)" in result.stderr
    assert "user, item, score_given" in result.stderr
    assert "Traceback" not in result.stderr


def test_text_in_the_rating_column_skips_the_row_and_says_where(cli: Cli, tmp_path: Path) -> None:
    lines = ["user,item,rating,timestamp"]
    lines += [f"u{u},i{i},{1 + (u + i) % 5},{i}" for u in range(5) for i in range(8)]
    lines.insert(3, "u1,i9,five,3")
    path = write(tmp_path / "text.csv", "\n".join(lines) + "\n")
    result = cli("eval", "--ratings", str(path), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert any("line 4, rating: 'five' is not a number" in p for p in report["problems"])
    assert report["ratings"] == 40


def test_duplicates_and_a_single_user_are_reported(cli: Cli, tmp_path: Path) -> None:
    lines = ["user,item,rating,timestamp"] + [f"solo,i{i},{4 + i % 2},{i}" for i in range(8)]
    lines += ["solo,i1,5,1", "solo,i2,3,20"]
    path = write(tmp_path / "solo.csv", "\n".join(lines) + "\n")
    result = cli("eval", "--ratings", str(path), "--json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert any("2 repeated (user, item)" in note for note in report["notes"])
    assert any("only one user" in problem for problem in report["problems"])


def test_an_empty_file_gets_a_message(cli: Cli, tmp_path: Path) -> None:
    result = cli("eval", "--ratings", str(write(tmp_path / "f.csv", "")), "--json")
    assert result.returncode == 2
    assert "is empty" in json.loads(result.stdout)["message"]
    assert "Traceback" not in result.stderr


def test_usage_mistakes_are_explained(cli: Cli, ratings_csv: Path) -> None:
    both = cli("eval", "--ratings", str(ratings_csv), "--train", str(ratings_csv))
    assert both.returncode == 2 and "either --ratings" in both.stderr
