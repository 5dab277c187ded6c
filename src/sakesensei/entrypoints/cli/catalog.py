"""`sakesensei catalog ...`: import, export, check, stats and search the sake catalog."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from sakesensei import bootstrap
from sakesensei.entrypoints.cli.output import (
    EXIT_PROBLEMS,
    err,
    out,
    print_json,
    progress_bar,
    reported,
)
from sakesensei.services.catalog_check import check_catalog
from sakesensei.services.catalog_export import export_catalog
from sakesensei.services.catalog_import import import_catalog
from sakesensei.services.catalog_search import search_catalog

app = typer.Typer(help="Import, export, check and search the sake catalog.", no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A JSON (list of objects) or CSV file.")],
    as_json: JsonFlag = False,
) -> None:
    """Load sake from FILE; re-importing updates records instead of duplicating them."""
    with reported(as_json):
        container = bootstrap.start()
        with progress_bar(not as_json) as progress:
            report = import_catalog(container.uow, file, progress)
    if as_json:
        print_json(report.as_dict())
    else:
        out.print(
            f"{report.file}: {report.records} records ({report.format}, {report.encoding}); "
            f"{report.inserted} added, {report.updated} updated, "
            f"{report.rejected_records} rejected",
            highlight=False,
        )
        if report.ignored_columns:
            out.print(
                f"ignored unknown columns: {', '.join(report.ignored_columns)}", highlight=False
            )
        for e in report.rejected:
            name = f" ({e.name})" if e.name else ""
            err.print(
                f"line {e.line}{name}, field {e.field}: {e.reason}", highlight=False, markup=False
            )
    if report.rejected:
        raise typer.Exit(EXIT_PROBLEMS)


@app.command()
def export(
    file: Annotated[Path, typer.Argument(help="Where to write: a .json or .csv file name.")],
    as_json: JsonFlag = False,
) -> None:
    """Write the whole catalog to FILE in the format `catalog import` reads."""
    with reported(as_json):
        container = bootstrap.start()
        count = export_catalog(container.uow, file)
    if as_json:
        print_json({"file": str(file), "sake": count})
    else:
        out.print(f"wrote {count} sake to {file}", highlight=False)


@app.command()
def check(as_json: JsonFlag = False) -> None:
    """Find orphans, duplicates and out-of-range values in the stored catalog."""
    with reported(as_json):
        container = bootstrap.start()
        problems = check_catalog(container.uow)
    if as_json:
        print_json({"ok": not problems, "problems": [asdict(p) for p in problems]})
    elif not problems:
        out.print("catalog check: no problems found")
    else:
        for p in problems:
            field = f" {p.field}" if p.field else ""
            out.print(f"{p.kind}: {p.record}{field}: {p.message}", highlight=False, markup=False)
        out.print(f"catalog check: {len(problems)} problem(s)")
    if problems:
        raise typer.Exit(EXIT_PROBLEMS)


@app.command()
def stats(as_json: JsonFlag = False) -> None:
    """Count sake, breweries and prefectures, by category and by prefecture."""
    with reported(as_json):
        container = bootstrap.start()
        with container.uow() as uow:
            result = uow.sakes.stats()
    if as_json:
        print_json(asdict(result))
        return
    out.print(
        f"{result.sake} sake from {result.breweries} breweries in {result.prefectures} prefectures"
    )
    for name, count in sorted(result.by_category.items(), key=lambda kv: -kv[1]):
        out.print(f"  {name}: {count}", highlight=False)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Name in kanji, kana or romaji, e.g. dassai.")],
    limit: Annotated[int, typer.Option(min=1, max=100)] = 10,
    as_json: JsonFlag = False,
) -> None:
    """Find sake by name, reading, romaji or brewery."""
    with reported(as_json):
        container = bootstrap.start()
        page = search_catalog(container.uow, query, limit=limit)
    if as_json:
        print_json(
            {
                "total": page.total,
                "items": [
                    {
                        "id": i.sake.id,
                        "name": i.sake.name,
                        "romaji": i.sake.romaji,
                        "brewery": i.brewery.name,
                        "prefecture": i.brewery.prefecture,
                        "category": i.sake.category,
                        "price_yen": i.sake.price_yen,
                    }
                    for i in page.items
                ],
            }
        )
        return
    for i in page.items:
        out.print(
            f"#{i.sake.id} {i.sake.name} ({i.sake.romaji or '-'}) - {i.brewery.name}, "
            f"{i.brewery.prefecture} - {i.sake.category}",
            highlight=False,
            markup=False,
        )
    out.print(f"{page.total} found")
