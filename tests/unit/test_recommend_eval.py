"""The evaluation service and the ratings reader on small files, in process."""

from __future__ import annotations

from pathlib import Path

import pytest

from sakesensei.domain.errors import InvalidInput
from sakesensei.services.rating_files import Columns, read_ratings
from sakesensei.services.recommend_eval import evaluate_file, evaluate_split


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def grid(users: int = 6, items: int = 8, sep: str = ",") -> list[str]:
    """Every user rates every item, 1-5 in a pattern, item order as time."""
    return [
        sep.join([f"u{u}", f"i{i}", str(1 + (u + i) % 5), str(100 + i)])
        for u in range(users)
        for i in range(items)
    ]


def test_custom_column_names_and_separators(tmp_path: Path) -> None:
    lines = ["who;what;stars;when", *grid(sep=";")]
    path = write(tmp_path / "custom.csv", "\n".join(lines))
    columns = Columns(user="who", item="what", rating="stars", timestamp="when")
    report = evaluate_file(path, columns)
    assert (report.ratings, report.users, report.items) == (48, 6, 8)
    assert [r.name for r in report.results] == ["product (EASE^R)", "popularity", "item-kNN"]


def test_common_header_names_are_recognised(tmp_path: Path) -> None:
    lines = ["userId,movieId,Rating,Date"] + [
        f"u{u},m{i},{1 + i % 5},2024-01-{1 + i:02d}" for u in range(3) for i in range(6)
    ]
    read = read_ratings(write(tmp_path / "ml.csv", "\n".join(lines)))
    assert len(read.data.ratings) == 18 and read.has_time
    assert read.data.timestamps is not None and read.data.timestamps[1] > read.data.timestamps[0]


def test_movielens_dat_and_headerless_files(tmp_path: Path) -> None:
    dat = write(tmp_path / "ratings.dat", "\n".join(grid(sep="::")))
    read = read_ratings(dat)
    assert len(read.data.ratings) == 48
    assert any("no header row" in note for note in read.notes)


def test_without_a_time_column_file_order_is_time(tmp_path: Path) -> None:
    lines = ["user,item,rating"] + [",".join(row.split(",")[:3]) for row in grid()]
    report = evaluate_file(write(tmp_path / "t.csv", "\n".join(lines)))
    assert any("order of the rows" in note for note in report.notes)
    assert report.test_users > 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "is empty"),
        ("\n\n  \n", "is empty"),
        ("user,item,rating,timestamp\n", "header but no ratings"),
        ("user,item,rating\na,b,x\nc,d,y\n", "no usable ratings"),
        ("user,item,rating\na,b,5\nc,d,4\n", "nothing to hold out"),
        ("name,brewery\n獺祭,旭酒造\n", "missing column(s) 'user' (--user-col)"),
    ],
)
def test_files_that_cannot_be_evaluated(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        evaluate_file(write(tmp_path / "f.csv", content))
    assert message in str(caught.value)


def test_a_missing_file_and_a_binary_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no such file"):
        evaluate_file(tmp_path / "nope.csv")
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\x00\x01\x02garbage")
    with pytest.raises(InvalidInput, match="binary file, not a CSV of ratings"):
        evaluate_file(binary)


def test_bad_cells_are_counted_with_their_lines(tmp_path: Path) -> None:
    lines = ["user,item,rating,timestamp", *grid()]
    lines += ["u1,i9,,5", "u2,i9,4,yesterday", ",i9,4,5", "u3,i9,nan,5"]
    report = evaluate_file(write(tmp_path / "bad.csv", "\n".join(lines)))
    assert report.ratings == 48
    (problem,) = report.problems
    assert "skipped 4 of 52 row(s)" in problem
    assert "line 50, rating: empty" in problem
    assert "line 51, timestamp: 'yesterday' is neither a number nor a date" in problem


def test_a_scale_other_than_1_to_5_is_noted(tmp_path: Path) -> None:
    lines = ["user,item,rating,timestamp"] + [
        f"u{u},i{i},{(u + i) % 10 + 1},{i}" for u in range(5) for i in range(10)
    ]
    report = evaluate_file(write(tmp_path / "ten.csv", "\n".join(lines)))
    assert any("ratings run from 1 to 10" in note for note in report.notes)


def test_given_split_notes_odd_test_rows(tmp_path: Path) -> None:
    train = write(tmp_path / "train.csv", "\n".join(["user,item,rating,timestamp", *grid()]))
    test = write(
        tmp_path / "test.csv",
        "user,item,rating\nu0,i0,5\nu1,new,5\nu2,i9,2\nstranger,i3,5\n",
    )
    report = evaluate_split(train, test)
    assert report.test_users == 4
    assert any("already rated in training" in note for note in report.notes)
    assert any("no relevant item" in note for note in report.notes)
    assert any("appear nowhere in the training data" in note for note in report.notes)
    # A stranger with no training ratings still gets a list (popular first).
    assert len(report.product.top["stranger"]) == 8
