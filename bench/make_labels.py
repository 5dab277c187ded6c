"""Write synthetic sake-label photos for the label scanner's bench.

    uv run python bench/make_labels.py --out labels/clean --tier clean --count 500
    uv run python bench/make_labels.py --out labels/hard --tier hard --count 500 --seed 1
    uv run python bench/make_labels.py --out labels/new --tier clean --count 200 --catalog new.csv

Labels of catalog sake, 40% vertical, 40% horizontal, 20% romaji export labels, set in the
Japanese fonts scripts/ensure-fonts.sh installs. `clean`: square on, even light, 800-1400 px.
`hard`: a bottle on a shop shelf, turned, in perspective, blurred, unevenly lit, noisy, JPEG
quality 35-70, up to 4000 px. Mostly .jpg, every tenth .png and every tenth .webp.
By default the shipped catalog; --catalog takes any JSON or CSV catalog the importer accepts.
Writes DIR/manifest.jsonl (one line per image: file, sake_id, name, brewery, brand, tier,
style, font, width, height); sake_id is the sake's 1-based position in the catalog, which is
its id once that catalog is loaded into an empty database. Prints JSON with what was written.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from PIL import Image
from rich.console import Console
from rich.progress import Progress

from sakesensei.domain.errors import SakeSenseiError
from sakesensei.engines.vision.label_art import LabelSample, LabelSpec, make_label_set
from sakesensei.engines.vision.label_fonts import find_label_fonts
from sakesensei.services.catalog_files import decode, parse_catalog_text, read_catalog_file
from sakesensei.services.catalog_import import validate
from sakesensei.services.catalog_rows import CatalogEntry
from sakesensei.services.shipped_catalog import shipped_files

PNG_LONG_SIDE = 1600  # a PNG upload is a screenshot or an export, not a 12 MP camera file


def catalog_entries(path: Path | None) -> tuple[list[CatalogEntry], int]:
    """The valid sake of a catalog file (or of the shipped catalog), and how many were not."""
    raws = (
        [read_catalog_file(path)]
        if path is not None
        else [parse_catalog_text(*decode(f.read_bytes()), ".json") for f in shipped_files()]
    )
    entries: list[CatalogEntry] = []
    rejected = 0
    for raw in raws:
        valid, errors, _unknown = validate(raw)
        entries.extend(valid)
        rejected += len({e.line for e in errors})
    return entries, rejected


def label_spec(sake_id: int, entry: CatalogEntry) -> LabelSpec:
    sake, brewery = entry.sake, entry.brewery
    return LabelSpec(
        sake_id=sake_id,
        name=sake.name,
        brewery=brewery.name,
        prefecture=brewery.prefecture,
        category=sake.category,
        abv=sake.abv,
        polishing_ratio=sake.polishing_ratio,
        volume_ml=sake.volume_ml,
        romaji=sake.romaji,
        brewery_romaji=brewery.romaji,
        city=brewery.city,
        reading=sake.reading,
        brand=brewery.representative_sake,
    )


def save(
    photo: Image.Image, folder: Path, index: int, sample: LabelSample
) -> tuple[Path, tuple[int, int]]:
    """Every tenth photo as PNG, every tenth as WebP, the rest as JPEG; the file and its size."""
    stem = f"{index:05d}-{sample.tier}-{sample.style}-{sample.sake_id}"
    if index % 10 == 3:
        if max(photo.size) > PNG_LONG_SIDE:
            photo = photo.copy()
            photo.thumbnail((PNG_LONG_SIDE, PNG_LONG_SIDE), Image.Resampling.LANCZOS)
        path = folder / f"{stem}.png"
        photo.save(path, "PNG", optimize=False)
    elif index % 10 == 7:
        path = folder / f"{stem}.webp"
        photo.save(path, "WEBP", quality=90)
    else:
        path = folder / f"{stem}.jpg"
        photo.save(path, "JPEG", quality=95)  # the artefacts are already in the photo
    return path, photo.size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--tier", choices=["clean", "hard"], required=True)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--catalog", type=Path, help="a JSON or CSV catalog file")
    args = parser.parse_args()
    started = time.perf_counter()
    try:
        entries, rejected = catalog_entries(args.catalog)
        fonts = find_label_fonts()
    except SakeSenseiError as exc:  # an unreadable catalog, or no fonts: say which
        sys.exit(str(exc))
    if not entries:
        sys.exit(f"no valid sake in {args.catalog or 'the shipped catalog'}")
    specs = [label_spec(index, entry) for index, entry in enumerate(entries, start=1)]
    args.out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, Counter[str]] = {
        "styles": Counter(),
        "formats": Counter(),
        "fonts": Counter(),
    }
    samples = make_label_set(specs, args.tier, args.count, args.seed, fonts)
    progress = Progress(console=Console(stderr=True), transient=True)
    with (args.out / "manifest.jsonl").open("w", encoding="utf-8") as manifest, progress:
        task = progress.add_task(f"drawing {args.tier} labels", total=args.count)
        for index, (photo, sample) in enumerate(samples):
            path, (width, height) = save(photo, args.out, index, sample)
            row: dict[str, Any] = {
                "file": path.name,
                "sake_id": sample.sake_id,
                "name": sample.name,
                "brewery": specs[sample.sake_id - 1].brewery,
                "brand": sample.brand,
                "tier": sample.tier,
                "style": sample.style,
                "font": sample.font,
                "width": width,
                "height": height,
            }
            manifest.write(json.dumps(row, ensure_ascii=False) + "\n")
            counts["styles"][sample.style] += 1
            counts["formats"][path.suffix.lstrip(".")] += 1
            counts["fonts"][sample.font] += 1
            progress.advance(task)
    print(
        json.dumps(
            {
                "out": str(args.out),
                "tier": args.tier,
                "count": args.count,
                "seed": args.seed,
                "catalog": str(args.catalog) if args.catalog else "(shipped catalog)",
                "sakes": len(specs),
                "rejected_records": rejected,
                **{key: dict(sorted(c.items())) for key, c in counts.items()},
                "seconds": round(time.perf_counter() - started, 2),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
