"""The whole label-scan pipeline on generated label photos: accuracy, calibration, latency.

    uv run python bench/scan_accuracy.py [--per-tier 100] [--seed 11]
        [--size 100000] [--catalog FILE] [--dump FILE]

Renders --per-tier photos of catalog sake in each tier (clean, hard; vertical, horizontal
and romaji export labels) with engines/vision/label_art.py, then runs each through what
POST /api/v1/scan runs: decode and checks, EXIF, downscale, OCR, catalog match, confidence.

--size adds invented look-alike sake (real brands with other product words, spliced
brands and breweries) until the catalog holds that many, so the index has to find the
right one among 100,000. --catalog uses another catalog file instead of the shipped one
(a catalog the scanner has never seen). --dump writes one JSON line per photo with the
confidence features and whether the answer was right, for recalibration.

Prints JSON: top-1 / top-3 accuracy per tier, the share of answers at confidence >= 0.7
and their precision, and p50/p95 latency. Goals: top-1 >= 97% clean and >= 90% hard,
top-3 >= 95% hard, precision at >= 0.7 of at least 95%, p95 < 0.5 s (< 0.7 s at 100k).
Run by hand; never a timed test.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from label_match import distractors  # bench/label_match.py, beside this script
from PIL import Image

from sakesensei.bootstrap import build_container
from sakesensei.config import load_settings
from sakesensei.domain.prefectures import PREFECTURES
from sakesensei.domain.scans import CONFIDENT
from sakesensei.engines.vision.label_art import LabelSpec, make_label_set
from sakesensei.engines.vision.label_fonts import find_label_fonts
from sakesensei.services.catalog_cache import CatalogCache
from sakesensei.services.catalog_import import import_catalog
from sakesensei.services.label_scan import LabelScanner, label_entries
from sakesensei.services.shipped_catalog import ensure_catalog

FORMATS = ("JPEG", "JPEG", "JPEG", "PNG", "WEBP")  # phones send mostly JPEG


def _encode(image: Image.Image, index: int, tier: str) -> bytes:
    out = io.BytesIO()
    kind = FORMATS[index % len(FORMATS)]
    quality = 90 if tier == "clean" else 70
    if kind == "PNG":
        image.save(out, "PNG")
    else:
        image.save(out, kind, quality=quality)
    return out.getvalue()


def _specs(scanner: LabelScanner, real_ids: set[int]) -> list[LabelSpec]:
    snapshot = scanner.catalog.snapshot()
    specs = []
    for sake_id in sorted(real_ids):
        item = snapshot.sakes[sake_id]
        s, b = item.sake, item.brewery
        specs.append(
            LabelSpec(
                sake_id=sake_id,
                name=s.name,
                brewery=b.name,
                prefecture=b.prefecture,
                category=s.category,
                abv=s.abv,
                polishing_ratio=s.polishing_ratio,
                volume_ml=s.volume_ml,
                romaji=s.romaji,
                brewery_romaji=b.romaji,
                city=b.city,
                reading=s.reading,
            )
        )
    return specs


def _add_distractors(container: Any, scanner: LabelScanner, size: int, folder: Path) -> int:
    """Import invented look-alikes until the catalog holds `size` sake. Rounds repeat because
    the importer merges look-alikes that come out with an existing sake's name and brewery."""
    real = label_entries(scanner.catalog.snapshot())
    known = {
        i.brewery.name: i.brewery.prefecture for i in scanner.catalog.snapshot().sakes.values()
    }
    prefectures = sorted(PREFECTURES)
    added = 0
    for attempt in range(6):
        have = len(scanner.catalog.snapshot().sakes)
        if have >= size:
            break
        rng = random.Random(100 + attempt)
        invented = distractors(real, len(real) + size - have, rng)
        breweries = {e.brewery: (e.brewery_romaji, rng.choice(prefectures)) for e in invented}
        for name, (_, prefecture) in breweries.items():
            known.setdefault(name, prefecture)
        data = {
            "breweries": [
                {"name": name, "romaji": romaji, "prefecture": known[name]}
                for name, (romaji, _) in breweries.items()
            ],
            "sakes": [
                {
                    "name": e.name,
                    "romaji": e.romaji,
                    "brewery": e.brewery,
                    "prefecture": known[e.brewery],
                    "category": e.category,
                }
                for e in invented
            ],
        }
        path = folder / f"distractors-{attempt}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        added += import_catalog(container.uow, path).inserted
    return added


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-tier", type=int, default=100)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--size", type=int, default=0, help="fill the catalog to this many sake")
    parser.add_argument("--catalog", type=Path, help="a catalog file to use instead")
    parser.add_argument("--dump", type=Path, help="write per-photo features as JSON lines")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        settings = load_settings(env="test", data_dir=folder, load_catalog_on_start=False)
        container = build_container(settings)
        container.upgrade_database()
        if args.catalog:
            report = import_catalog(container.uow, args.catalog)
            if not report.loaded:
                sys.exit(f"{args.catalog}: nothing could be imported")
        else:
            ensure_catalog(container.uow)
        catalog = CatalogCache(container.uow)
        scanner = LabelScanner(
            container.uow,
            catalog,
            container.label_reader,
            container.blobs,
            lambda: time.time(),  # type: ignore[arg-type,return-value]
            ocr_side=settings.scan_ocr_side,
        )
        real_ids = set(catalog.snapshot().sakes)
        added = _add_distractors(container, scanner, args.size, folder) if args.size else 0
        started = time.perf_counter()
        scanner.warm_up()
        warm_up_s = time.perf_counter() - started
        specs = _specs(scanner, real_ids)
        fonts = find_label_fonts()
        dump = args.dump.open("w", encoding="utf-8") if args.dump else None
        tiers: dict[str, Any] = {}
        for tier in ("clean", "hard"):
            rows = []
            photos = make_label_set(specs, tier, args.per_tier, args.seed, fonts)  # type: ignore[arg-type]
            for index, (image, sample) in enumerate(photos):
                data = _encode(image, index, tier)
                started = time.perf_counter()
                found = scanner.identify(data)
                seconds = time.perf_counter() - started
                ranked = [c.item.sake.id for c in found.candidates]
                rows.append(
                    {
                        "sake_id": sample.sake_id,
                        "style": sample.style,
                        "font": sample.font,
                        "top1": bool(ranked) and ranked[0] == sample.sake_id,
                        "top3": sample.sake_id in ranked[:3],
                        "confidence": found.confidence,
                        "seconds": seconds,
                        "read": found.read_text,
                        "features": list(found.features),
                    }
                )
                if dump:
                    dump.write(json.dumps({"tier": tier, **rows[-1]}, ensure_ascii=False) + "\n")
            tiers[tier] = _summary(rows)
        if dump:
            dump.close()
        size = len(catalog.snapshot().sakes)
        container.close()
    print(
        json.dumps(
            {
                "catalog": str(args.catalog) if args.catalog else "shipped",
                "catalog_size": size,
                "distractors": added,
                "per_tier": args.per_tier,
                "seed": args.seed,
                "ocr_side": settings.scan_ocr_side,
                "warm_up_s": round(warm_up_s, 2),
                "tiers": tiers,
            },
            indent=2,
            ensure_ascii=False,
        )
    )


def _summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(rows)
    sure = [r for r in rows if r["confidence"] >= CONFIDENT]
    latency = [r["seconds"] for r in rows]
    by_style: dict[str, Any] = {}
    for style in sorted({r["style"] for r in rows}):
        mine = [r for r in rows if r["style"] == style]
        by_style[style] = {
            "photos": len(mine),
            "top1": round(sum(r["top1"] for r in mine) / len(mine), 3),
        }
    return {
        "photos": n,
        "top1": round(sum(r["top1"] for r in rows) / n, 3),
        "top3": round(sum(r["top3"] for r in rows) / n, 3),
        "confident_share": round(len(sure) / n, 3),
        "confident_precision": round(sum(r["top1"] for r in sure) / len(sure), 3) if sure else None,
        "p50_ms": round(statistics.median(latency) * 1000, 1),
        "p95_ms": round(_percentile(latency, 0.95) * 1000, 1),
        "by_style": by_style,
        "misses": [
            {k: r[k] for k in ("sake_id", "style", "font", "confidence", "read")}
            for r in rows
            if not r["top1"]
        ][:15],
    }


if __name__ == "__main__":
    main()
