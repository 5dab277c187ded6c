"""Reading catalog files: encodings, JSON or CSV, and the line each record starts on."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sakesensei.domain.errors import UnreadableFile

MAX_FILE_BYTES = 512 * 1024 * 1024
# Where a CSV row keeps the cells it has beyond the header, so they can be reported.
EXTRA_CELLS = "__extra_cells__"


@dataclass(frozen=True, slots=True)
class RawRecord:
    line: int  # where the record starts in the file, 1-based
    fields: dict[str, Any]


@dataclass(frozen=True, slots=True)
class RawCatalog:
    format: str  # json | csv
    encoding: str
    records: list[RawRecord]
    breweries: list[RawRecord]  # only the {"breweries": [...], "sakes": [...]} form has these
    columns: list[str]


def decode(data: bytes) -> tuple[str, str]:
    """Text and its encoding: UTF-8 (with or without BOM), UTF-16 with BOM, or Shift_JIS."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", "UTF-8 (with BOM)"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", "UTF-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise UnreadableFile("this looks like a binary file, not a JSON or CSV catalog")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            # cp932 is what Windows and Excel in Japan write when they say "Shift_JIS".
            return data.decode("cp932"), "shift_jis"
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            raise UnreadableFile(
                f"the file is neither UTF-8 nor Shift_JIS (undecodable byte "
                f"0x{data[utf8_error.start]:02x} on line {line}); save it as UTF-8 and try again"
            ) from None


def _strict(data: bytes, codec: str, label: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"the file says it is {label} but byte {exc.start} is not") from None


def read_catalog_file(path: Path) -> RawCatalog:
    if not path.is_file():
        raise UnreadableFile(f"no such file: {path}")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise UnreadableFile(f"{path} is larger than {MAX_FILE_BYTES // 2**20} MB")
    text, encoding = decode(path.read_bytes())
    return parse_catalog_text(text, encoding, path.suffix.lower())


def parse_catalog_text(text: str, encoding: str, suffix: str = "") -> RawCatalog:
    stripped = text.lstrip()
    if not stripped:
        raise UnreadableFile("the file is empty")
    is_json = suffix == ".json" or (suffix not in (".csv", ".tsv", ".txt") and stripped[0] in "[{")
    if is_json:
        return _parse_json(text, encoding)
    return _parse_csv(text, encoding, delimiter="\t" if suffix == ".tsv" else None)


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _array_items(text: str, start: int) -> list[tuple[int, Any]]:
    """Decode the JSON array whose '[' is at `start`, keeping each item's start offset."""
    decoder = json.JSONDecoder()
    items: list[tuple[int, Any]] = []
    ws = re.compile(r"[\s,]*")
    pos = ws.match(text, start + 1).end()  # type: ignore[union-attr]
    while pos < len(text) and text[pos] != "]":
        value, end = decoder.raw_decode(text, pos)
        items.append((pos, value))
        pos = ws.match(text, end).end()  # type: ignore[union-attr]
    return items


def _records(text: str, items: list[tuple[int, Any]], what: str) -> list[RawRecord]:
    records = []
    for index, (offset, value) in enumerate(items, start=1):
        line = _line_of(text, offset)
        if not isinstance(value, dict):
            raise UnreadableFile(f"{what} {index} (line {line}) is not an object")
        records.append(RawRecord(line, value))
    return records


def _parse_json(text: str, encoding: str) -> RawCatalog:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    body = text.lstrip("\ufeff")
    offset = len(text) - len(body)
    breweries: list[RawRecord] = []
    if isinstance(document, list):
        items = _array_items(text, offset + len(body) - len(body.lstrip()))
        records = _records(text, items, "item")
    elif isinstance(document, dict):
        key = next(
            (k for k in ("sakes", "items", "sake") if isinstance(document.get(k), list)), None
        )
        if key is None:
            raise UnreadableFile(
                'a JSON catalog is a list of objects, or an object with a "sakes" list'
            )
        records = _records(text, _array_items(text, _key_array_start(text, key)), "sake")
        if isinstance(document.get("breweries"), list):
            breweries = _records(
                text, _array_items(text, _key_array_start(text, "breweries")), "brewery"
            )
    else:
        raise UnreadableFile("a JSON catalog is a list of objects, not a single value")
    columns = sorted({k for r in records for k in r.fields})
    return RawCatalog("json", encoding, records, breweries, columns)


def _key_array_start(text: str, key: str) -> int:
    match = re.search(rf'"{re.escape(key)}"\s*:\s*\[', text)
    if match is None:  # json.loads found it, so only odd escaping can hide it
        raise UnreadableFile(f'could not locate the "{key}" list in the file')
    return match.end() - 1


def _parse_csv(text: str, encoding: str, delimiter: str | None) -> RawCatalog:
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    if delimiter is None:
        delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise UnreadableFile("the CSV file has no header row") from None
    except csv.Error as exc:
        raise UnreadableFile(f"the CSV header cannot be read: {exc}") from None
    columns = [h.strip() for h in header]
    if len(set(columns)) != len(columns):
        repeated = sorted({c for c in columns if columns.count(c) > 1})
        raise UnreadableFile(f"the CSV header repeats column(s): {', '.join(repeated)}")
    records: list[RawRecord] = []
    start = reader.line_num + 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                extra = {EXTRA_CELLS: row[len(columns) :]} if len(row) > len(columns) else {}
                fields = dict(zip(columns, row, strict=False)) | extra
                records.append(RawRecord(start, fields))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise UnreadableFile(f"the CSV file breaks at line {reader.line_num}: {exc}") from None
    return RawCatalog("csv", encoding, records, [], columns)
