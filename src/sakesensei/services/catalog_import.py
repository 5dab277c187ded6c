"""`catalog import`: validate every record, then load all valid ones in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sakesensei.domain.catalog import Brewery
from sakesensei.domain.errors import UnreadableFile
from sakesensei.ports import UnitOfWorkFactory
from sakesensei.services.catalog_files import (
    EXTRA_CELLS,
    RawCatalog,
    RawRecord,
    read_catalog_file,
)
from sakesensei.services.catalog_rows import (
    REQUIRED,
    CatalogEntry,
    FieldError,
    canonical_columns,
    read_entry,
)

Progress = Callable[[str, int, int], None]


def no_progress(stage: str, done: int, total: int) -> None:
    return None


@dataclass(slots=True)
class ImportReport:
    file: str
    format: str
    encoding: str
    records: int = 0
    inserted: int = 0
    updated: int = 0
    breweries: int = 0
    rejected: list[FieldError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def rejected_records(self) -> int:
        return len({e.line for e in self.rejected})

    @property
    def loaded(self) -> int:
        return self.inserted + self.updated

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "encoding": self.encoding,
            "records": self.records,
            "loaded": self.loaded,
            "inserted": self.inserted,
            "updated": self.updated,
            "breweries": self.breweries,
            "rejected_records": self.rejected_records,
            "rejected": [
                {"line": e.line, "field": e.field, "reason": e.reason, "name": e.name}
                for e in self.rejected
            ],
            "ignored_columns": self.ignored_columns,
        }


def _brewery_details(raw: RawCatalog) -> dict[str, dict[str, Any]]:
    """Brewery objects of the {"breweries", "sakes"} form, by name, as brewery_* fields."""
    details: dict[str, dict[str, Any]] = {}
    for record in raw.breweries:
        fields = record.fields
        name = str(fields.get("name") or "").strip()
        if name:
            details[name] = {
                "prefecture": fields.get("prefecture"),
                **{
                    f"brewery_{k}": fields.get(k)
                    for k in ("romaji", "city", "founded", "description", "representative_sake")
                },
            }
    return details


def validate(
    raw: RawCatalog, progress: Progress = no_progress
) -> tuple[list[CatalogEntry], list[FieldError], list[str]]:
    """Every valid entry, every problem, and the columns we did not recognise."""
    _require_columns(raw)
    breweries = _brewery_details(raw)
    entries: list[CatalogEntry] = []
    errors: list[FieldError] = []
    unknown: dict[str, None] = {}
    seen: dict[tuple[str, str, str], int] = {}
    total = len(raw.records)
    for index, record in enumerate(raw.records, start=1):
        fields, extra = _fields_of(record, breweries)
        unknown.update(dict.fromkeys(extra))
        entry, problems = read_entry(record.line, fields)
        if EXTRA_CELLS in record.fields:
            cells = len(record.fields[EXTRA_CELLS])
            problems = [
                *problems,
                FieldError(
                    record.line,
                    "(row)",
                    f"has {cells} more cell(s) than the header has columns; "
                    "is a comma inside a value missing its quotes?",
                    str(fields.get("name") or ""),
                ),
            ]
            entry = None
        errors.extend(problems)
        if entry is not None:
            key = (entry.sake.name, entry.brewery.name, entry.brewery.prefecture)
            if key in seen:
                errors.append(
                    FieldError(
                        record.line,
                        "name",
                        f"duplicate of line {seen[key]} (same name and brewery); the first is kept",
                        entry.sake.name,
                    )
                )
            else:
                seen[key] = record.line
                entries.append(entry)
        if index % 1000 == 0 or index == total:
            progress("validating", index, total)
    return entries, errors, list(unknown)


def _require_columns(raw: RawCatalog) -> None:
    """A CSV without a required column fails as a whole, with one message instead of N."""
    if raw.format != "csv":
        return
    present, _ = canonical_columns(dict.fromkeys(raw.columns, ""))
    missing = [c for c in REQUIRED if c not in present]
    if missing:
        raise UnreadableFile(
            f"the CSV header lacks the required column(s) {', '.join(missing)}; "
            f"required are {', '.join(REQUIRED)} (found: {', '.join(raw.columns)})"
        )


def _fields_of(
    record: RawRecord, breweries: dict[str, dict[str, Any]]
) -> tuple[dict[str, Any], list[str]]:
    fields, unknown = canonical_columns(record.fields)
    unknown = [u for u in unknown if u != EXTRA_CELLS]
    details = breweries.get(str(fields.get("brewery") or "").strip())
    if details:
        for key, value in details.items():
            if fields.get(key) in (None, ""):
                fields[key] = value
    return fields, unknown


def _merge_breweries(entries: list[CatalogEntry]) -> list[Brewery]:
    """One brewery per natural key, each field taken from the first record that has it."""
    merged: dict[tuple[str, str], Brewery] = {}
    for entry in entries:
        b = entry.brewery
        known = merged.get(b.key)
        if known is None:
            merged[b.key] = replace(b)
            continue
        for name in ("romaji", "city", "founded", "description", "representative_sake"):
            if getattr(known, name) is None:
                setattr(known, name, getattr(b, name))
    return list(merged.values())


def load_entries(
    uow_factory: UnitOfWorkFactory, entries: list[CatalogEntry], progress: Progress = no_progress
) -> tuple[int, int, int]:
    """Write the entries in one transaction; (inserted, updated, breweries touched)."""
    breweries = _merge_breweries(entries)
    inserted = updated = 0
    with uow_factory() as uow:
        ids = uow.breweries.upsert_many(breweries)
        step = 1000
        for start in range(0, len(entries), step):
            chunk = entries[start : start + step]
            for entry in chunk:
                entry.sake.brewery_id = ids[entry.brewery.key]
            new, changed = uow.sakes.upsert_many([e.sake for e in chunk])
            inserted += new
            updated += changed
            progress("loading", min(start + step, len(entries)), len(entries))
        uow.commit()
    return inserted, updated, len(breweries)


def import_catalog(
    uow_factory: UnitOfWorkFactory, path: Path, progress: Progress = no_progress
) -> ImportReport:
    """Read, validate and load a catalog file. Rejected records never stop the valid ones."""
    raw = read_catalog_file(path)
    return import_raw(uow_factory, raw, str(path), progress)


def import_raw(
    uow_factory: UnitOfWorkFactory, raw: RawCatalog, name: str, progress: Progress = no_progress
) -> ImportReport:
    report = ImportReport(
        file=name, format=raw.format, encoding=raw.encoding, records=len(raw.records)
    )
    entries, errors, unknown = validate(raw, progress)
    report.rejected = errors
    report.ignored_columns = unknown
    if entries:
        report.inserted, report.updated, report.breweries = load_entries(
            uow_factory, entries, progress
        )
    return report
