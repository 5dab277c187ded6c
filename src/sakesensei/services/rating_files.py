"""Reading ratings files for offline evaluation: any CSV of user, item, rating and time.

Header names are configurable and common ones are recognised (user_id, movieId, ...);
comma, tab, semicolon, pipe and MovieLens's `::` separators are detected, and a file with
no header row (MovieLens's u.data) is read as user, item, rating, timestamp. Rows that
cannot be used are counted and reported with their line, never fatal on their own.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from sakesensei.domain.errors import InvalidInput, UnreadableFile
from sakesensei.engines.recommend.ratings import RatingData
from sakesensei.services.catalog_files import MAX_FILE_BYTES, decode

ROLES = ("user", "item", "rating", "timestamp")
# Names other tools give these columns, recognised when the default name is not in use.
ALIASES: dict[str, tuple[str, ...]] = {
    "user": ("user_id", "userid", "user id", "uid", "customer_id", "account_id"),
    "item": ("item_id", "itemid", "item id", "iid", "movie_id", "movieid", "sake_id", "product_id"),
    "rating": ("score", "stars", "rating_value", "value"),
    "timestamp": ("time", "date", "datetime", "ts", "tasted_on", "created_at", "rated_at"),
}
EXAMPLES_KEPT = 10  # rejected rows quoted in a report; the rest are only counted


@dataclass(frozen=True, slots=True)
class Columns:
    """The header names of each role, as given on the command line."""

    user: str = "user"
    item: str = "item"
    rating: str = "rating"
    timestamp: str = "timestamp"

    def name(self, role: str) -> str:
        value: str = getattr(self, role)
        return value


@dataclass(frozen=True, slots=True)
class Rejected:
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.reason}"


@dataclass(slots=True)
class RatingFile:
    path: str
    data: RatingData
    has_rating: bool
    has_time: bool
    rows: int = 0  # data rows in the file, used or not
    rejected_rows: int = 0
    rejected: list[Rejected] = field(default_factory=list)  # the first EXAMPLES_KEPT
    notes: list[str] = field(default_factory=list)

    def rejection(self) -> str | None:
        """One sentence on the rows that were skipped, with examples; None if none were."""
        if not self.rejected_rows:
            return None
        examples = "; ".join(str(r) for r in self.rejected[:3])
        return (
            f"{self.path}: skipped {self.rejected_rows} of {self.rows} row(s) that cannot be "
            f"used, e.g. {examples}"
        )


DEFAULT_COLUMNS = Columns()


def read_ratings(
    path: Path, columns: Columns = DEFAULT_COLUMNS, *, need_rating: bool = True
) -> RatingFile:
    """The usable ratings in `path`; InvalidInput when there are none or a column is missing."""
    if not path.is_file():
        raise UnreadableFile(f"no such file: {path}")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise UnreadableFile(f"{path} is larger than {MAX_FILE_BYTES // 2**20} MB")
    raw = path.read_bytes()
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile(f"{path} looks like a binary file, not a CSV of ratings")
    text, _ = decode(raw)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InvalidInput(f"{path} is empty: it needs a header and rows of user, item, rating")
    first_line = text.lstrip().split("\n", 1)[0]
    if "::" in first_line:
        text = text.replace("::", "\t")
        first_line = first_line.replace("::", "\t")
    delimiter = max(",\t;|", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [(reader.line_num, row) for row in reader if any(c.strip() for c in row)]
    except csv.Error as exc:
        raise UnreadableFile(f"{path}: the CSV breaks at line {reader.line_num}: {exc}") from None
    positions, body, notes = _locate(rows, columns, need_rating, path)
    result = _parse(body, positions, str(path))
    result.notes[:0] = notes
    return result


def _locate(
    rows: list[tuple[int, list[str]]], columns: Columns, need_rating: bool, path: Path
) -> tuple[dict[str, int], list[tuple[int, list[str]]], list[str]]:
    """Which cell holds each role, the data rows, and notes on how the file was read."""
    header = [cell.strip().lower() for cell in rows[0][1]]
    positions: dict[str, int] = {}
    for role in ROLES:
        wanted = columns.name(role).strip().lower()
        names = (wanted, *ALIASES[role]) if wanted == role else (wanted,)
        found = next((header.index(n) for n in names if n in header), None)
        if found is not None:
            positions[role] = found
    customised = any(columns.name(role) != role for role in ROLES)
    if not positions and not customised and _looks_like_data(rows[0][1]):
        count = min(len(rows[0][1]), 4)
        positions = {role: index for index, role in enumerate(ROLES[:count])}
        note = "no header row: columns read in order as " + ", ".join(ROLES[:count])
        return positions, rows, [note]
    required = ("user", "item", "rating") if need_rating else ("user", "item")
    missing = [role for role in required if role not in positions]
    if missing:
        named = ", ".join(f"'{columns.name(role)}' (--{_option(role)})" for role in missing)
        shown = ", ".join(cell.strip() for cell in rows[0][1]) or "(nothing)"
        raise InvalidInput(
            f"{path}: missing column(s) {named}; the header has: {shown}. "
            f"Name the columns with the options in brackets."
        )
    notes = []
    if "timestamp" not in positions:
        notes.append(
            f"{path.name}: no '{columns.timestamp}' column, so the order of the rows is "
            f"taken as the order in time"
        )
    if len(rows) == 1:
        raise InvalidInput(f"{path}: the file has a header but no ratings")
    return positions, rows[1:], notes


def _option(role: str) -> str:
    return "time-col" if role == "timestamp" else f"{role}-col"


def _looks_like_data(cells: list[str]) -> bool:
    return len(cells) >= 3 and _number(cells[2]) is not None


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _time(text: str) -> float | None:
    number = _number(text)
    if number is not None:
        return number
    try:
        moment = datetime.fromisoformat(text.replace("/", "-"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _parse(rows: list[tuple[int, list[str]]], positions: dict[str, int], path: str) -> RatingFile:
    users: list[str] = []
    items: list[str] = []
    ratings: list[float] = []
    times: list[float] = []
    rejected: list[Rejected] = []
    count = 0
    for line, row in rows:
        problem = _row(line, row, positions, users, items, ratings, times)
        if problem is not None:
            count += 1
            if len(rejected) < EXAMPLES_KEPT:
                rejected.append(problem)
    if not users:
        shown = "; ".join(str(r) for r in rejected[:3])
        raise InvalidInput(f"{path}: no usable ratings in {len(rows)} row(s): {shown}")
    has_rating, has_time = "rating" in positions, "timestamp" in positions
    data = RatingData(
        users=users,
        items=items,
        ratings=np.asarray(ratings, dtype=np.float32),
        timestamps=np.asarray(times if has_time else range(len(users)), dtype=np.float64),
    )
    return RatingFile(path, data, has_rating, has_time, len(rows), count, rejected)


def _row(
    line: int,
    row: list[str],
    positions: dict[str, int],
    users: list[str],
    items: list[str],
    ratings: list[float],
    times: list[float],
) -> Rejected | None:
    """Append one row's values, or say why it cannot be used."""
    cells: dict[str, str] = {}
    for role, index in positions.items():
        if index >= len(row) or not row[index].strip():
            return Rejected(line, role, "empty")
        cells[role] = row[index].strip()
    rating = 5.0
    if "rating" in cells:
        value = _number(cells["rating"])
        if value is None:
            return Rejected(line, "rating", f"'{cells['rating'][:40]}' is not a number")
        rating = value
    moment = 0.0
    if "timestamp" in cells:
        parsed = _time(cells["timestamp"])
        if parsed is None:
            return Rejected(
                line, "timestamp", f"'{cells['timestamp'][:40]}' is neither a number nor a date"
            )
        moment = parsed
    users.append(cells["user"])
    items.append(cells["item"])
    ratings.append(rating)
    times.append(moment)
    return None
