"""`catalog export`: the stored catalog as JSON or CSV that `catalog import` reads back."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sakesensei.domain.catalog import SakeWithBrewery
from sakesensei.domain.errors import InvalidInput
from sakesensei.ports import UnitOfWorkFactory
from sakesensei.services.catalog_rows import OPTIONAL, REQUIRED

COLUMNS = (*REQUIRED, *OPTIONAL)
_LISTS = ("tags", "aroma", "temperature")


def export_record(item: SakeWithBrewery) -> dict[str, Any]:
    """One sake as a flat record in the import format."""
    s, b = item.sake, item.brewery
    return {
        "name": s.name,
        "brewery": b.name,
        "prefecture": b.prefecture,
        # The original text keeps what it said beyond the grade (山廃純米, にごり酒).
        "category": s.category_original or s.category,
        "reading": s.reading,
        "romaji": s.romaji,
        "tags": list(s.tags),
        "price_yen": s.price_yen,
        "volume_ml": s.volume_ml,
        "abv": s.abv,
        "polishing_ratio": s.polishing_ratio,
        "rice": s.rice,
        "smv": s.smv,
        "acidity": s.acidity,
        "sweetness": s.flavor.sweetness,
        "acidity_level": s.flavor.acidity,
        "body": s.flavor.body,
        "aroma": list(s.flavor.aroma),
        "pairings": [{"dish": p.dish, "why": p.why} for p in s.pairings],
        "temperature": list(s.temperatures),
        "where_to_buy": s.where_to_buy,
        "description": s.description,
        "source": s.source,
        "brewery_romaji": b.romaji,
        "brewery_city": b.city,
        "brewery_founded": b.founded,
        "brewery_description": b.description,
        "brewery_representative_sake": b.representative_sake,
    }


def _csv_cell(key: str, value: Any) -> str:
    if value is None:
        return ""
    if key in _LISTS:
        return "|".join(value)
    if key == "pairings":
        return json.dumps(value, ensure_ascii=False) if value else ""
    return str(value)


def _write(path: Path, records: Iterable[dict[str, Any]], fmt: str) -> int:
    count = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            if fmt == "json":
                handle.write("[\n")
                for record in records:
                    handle.write(",\n" if count else "")
                    handle.write("  " + json.dumps(record, ensure_ascii=False))
                    count += 1
                handle.write("\n]\n")
            else:
                writer = csv.writer(handle)
                writer.writerow(COLUMNS)
                for record in records:
                    writer.writerow([_csv_cell(k, record[k]) for k in COLUMNS])
                    count += 1
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def export_catalog(uow_factory: UnitOfWorkFactory, path: Path) -> int:
    """Write every sake to `path` (.json or .csv, by its suffix); returns how many."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("json", "csv"):
        raise InvalidInput(f"cannot export to {path.name}: the file name must end in .json or .csv")
    with uow_factory() as uow:
        return _write(path, (export_record(item) for item in uow.sakes.iter_all()), fmt)
