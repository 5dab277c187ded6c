"""`sakesensei identify`: which sake a label photo shows, from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from sakesensei import bootstrap
from sakesensei.domain.errors import InvalidInput, SakeSenseiError
from sakesensei.entrypoints.cli.output import out, print_json, reported
from sakesensei.services.catalog_cache import CatalogCache
from sakesensei.services.label_scan import Identification, LabelScanner, identification_json


def _scanner() -> LabelScanner:
    container = bootstrap.start()
    s = container.settings
    return LabelScanner(
        container.uow,
        CatalogCache(container.uow),
        container.label_reader,
        container.blobs,
        bootstrap.utc_now,
        max_bytes=s.scan_max_bytes,
        max_pixels=s.scan_max_pixels,
        ocr_side=s.scan_ocr_side,
    )


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path}: is a directory, not an image") from None
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot be read ({exc.strerror})") from None


def _show(found: Identification) -> None:
    if found.match is not None:
        sake = found.match.item
        out.print(
            f"{sake.sake.name} — {sake.brewery.name} (id {sake.sake.id}), "
            f"confidence {found.confidence:.2f}",
            highlight=False,
        )
    else:
        out.print(f"not sure (confidence {found.confidence:.2f}); candidates:", highlight=False)
        for c in found.candidates:
            item = c.item
            name = f"{item.sake.name} — {item.brewery.name} (id {item.sake.id})"
            out.print(f"  {c.score:.2f}  {name}", highlight=False)
    out.print(f"read: {found.read_text or '(nothing)'}", highlight=False)


def identify(
    image: Annotated[
        Path | None, typer.Argument(help="a JPEG, PNG or WebP photo of a label")
    ] = None,
    batch: Annotated[
        bool, typer.Option("--batch", help="read image paths from stdin, one JSON line each")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Identify the sake on a label photo (offline OCR, matched against the catalog)."""
    if batch == (image is not None):
        with reported(as_json):
            raise InvalidInput("give either one IMAGE or --batch (paths on standard input)")
    with reported(as_json and not batch):
        scanner = _scanner()
        scanner.warm_up()
    if not batch:
        assert image is not None
        with reported(as_json):
            found = scanner.identify(_read(image))
        if as_json:
            print_json(identification_json(found))
        else:
            _show(found)
        return
    failures = 0
    for raw in sys.stdin:
        path = raw.strip()
        if not path:
            continue
        line: dict[str, object]
        try:
            line = {"file": path, **identification_json(scanner.identify(_read(Path(path))))}
        except SakeSenseiError as exc:
            failures += 1
            line = {"file": path, "error": type(exc).__name__, "message": str(exc)}
        # One line per image, written at once: a caller piping images in reads answers
        # as they come rather than when the batch ends.
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    if failures:
        raise typer.Exit(1)
