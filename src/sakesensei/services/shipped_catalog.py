"""The catalog that ships inside the package, loaded into an empty database on first start."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable

from sakesensei.domain.errors import SakeSenseiError
from sakesensei.ports import UnitOfWorkFactory
from sakesensei.services.catalog_files import decode, parse_catalog_text
from sakesensei.services.catalog_import import (
    ImportReport,
    Progress,
    load_entries,
    no_progress,
    validate,
)
from sakesensei.services.catalog_rows import CatalogEntry


def shipped_files() -> list[Traversable]:
    folder = resources.files("sakesensei") / "data" / "catalog"
    return sorted((f for f in folder.iterdir() if f.name.endswith(".json")), key=lambda f: f.name)


def load_shipped_catalog(
    uow_factory: UnitOfWorkFactory, progress: Progress = no_progress
) -> ImportReport:
    """Validate every shipped file, then load them all in one transaction."""
    report = ImportReport(file="(shipped catalog)", format="json", encoding="utf-8")
    entries: list[CatalogEntry] = []
    for source in shipped_files():
        text, encoding = decode(source.read_bytes())
        raw = parse_catalog_text(text, encoding, ".json")
        valid, errors, _unknown = validate(raw)
        report.records += len(raw.records)
        entries.extend(valid)
        report.rejected.extend(errors)
    if report.rejected:
        # A shipped record that fails validation is our bug; refuse rather than load part.
        first = report.rejected[0]
        raise SakeSenseiError(
            f"the shipped catalog has {len(report.rejected)} invalid field(s), first: "
            f"line {first.line} {first.field}: {first.reason}"
        )
    report.inserted, report.updated, report.breweries = load_entries(uow_factory, entries, progress)
    return report


def ensure_catalog(uow_factory: UnitOfWorkFactory) -> ImportReport | None:
    """Load the shipped catalog if the database has no sake yet; None when it already had some."""
    with uow_factory() as uow:
        if uow.sakes.count() > 0:
            return None
    return load_shipped_catalog(uow_factory)
