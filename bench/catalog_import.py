"""Import a generated catalog CSV and print JSON with the time it took.

    uv run python bench/catalog_import.py [--rows 10000] [--database-url URL]

Without --database-url it uses a fresh SQLite file in a temporary folder. The target on
the embedded default: 10,000 rows in under 10 s. Run by hand; never a timed test.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import tempfile
import time
from pathlib import Path

from sakesensei.bootstrap import build_container
from sakesensei.config import load_settings
from sakesensei.domain.catalog import AROMAS, TEMPERATURES
from sakesensei.domain.grades import GRADES
from sakesensei.domain.prefectures import PREFECTURES
from sakesensei.services.catalog_import import import_catalog

COLUMNS = [
    "name",
    "brewery",
    "prefecture",
    "category",
    "reading",
    "romaji",
    "price_yen",
    "volume_ml",
    "abv",
    "polishing_ratio",
    "rice",
    "smv",
    "acidity",
    "sweetness",
    "acidity_level",
    "body",
    "aroma",
    "pairings",
    "temperature",
    "where_to_buy",
    "description",
]
PAIRINGS = "冷奴: mild tofu lets the rice show | 焼き鳥 (塩): salt and fat meet the acidity"
RICE = ["山田錦", "五百万石", "美山錦", "雄町", "出羽燦々", "八反錦", "愛山", "国産米"]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    """Rows shaped like a real shop's export: ~1,000 breweries, every prefecture, every grade."""
    rng = random.Random(seed)
    aromas, temperatures = sorted(AROMAS), list(TEMPERATURES)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for i in range(rows):
            pref, romaji, _ = PREFECTURES[i % len(PREFECTURES)]
            brewery = f"試験酒造{i % 1000:04d}"
            grade = rng.choice(GRADES)
            writer.writerow(
                [
                    f"銘柄{i:05d} {grade}",
                    brewery,
                    rng.choice([pref, pref.removesuffix("県"), romaji]),
                    grade,
                    f"めいがら{i:05d}",
                    f"Meigara {i:05d}",
                    rng.randrange(900, 30000, 10),
                    rng.choice([300, 720, 1800]),
                    round(rng.uniform(12, 18), 1),
                    rng.randrange(35, 80),
                    rng.choice(RICE),
                    round(rng.uniform(-8, 12), 1),
                    round(rng.uniform(0.8, 2.2), 1),
                    rng.randint(1, 5),
                    rng.randint(1, 5),
                    rng.randint(1, 5),
                    "|".join(rng.sample(aromas, 2)),
                    PAIRINGS,
                    "|".join(rng.sample(temperatures, 2)),
                    "Sold by the brewery and online.",
                    "A generated record for the import benchmark.",
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = folder / "catalog.csv"
        generate(csv_path, args.rows)
        settings = load_settings(data_dir=folder, database_url=args.database_url)
        container = build_container(settings)
        container.upgrade_database()
        started = time.perf_counter()
        report = import_catalog(container.uow, csv_path)
        seconds = time.perf_counter() - started
        container.close()
    print(
        json.dumps(
            {
                "benchmark": "catalog_import",
                "database": container.engine.dialect.name,
                "rows": args.rows,
                "loaded": report.loaded,
                "rejected": report.rejected_records,
                "seconds": round(seconds, 3),
                "rows_per_second": round(args.rows / seconds, 1),
                "target_seconds": 10,
                "met": seconds < 10 and report.loaded == args.rows,
            }
        )
    )


if __name__ == "__main__":
    main()
