"""Time the catalog reads on the shipped catalog and print JSON: milliseconds per call.

    uv run python bench/catalog_search.py [--database-url URL] [--repeat 50]

Covers free-text search (exact and misspelt), filtered listing, similar sake and food
pairing through the services, plus the one-off index build. The goal on the embedded
default: a search under 20 ms. Run by hand; never a timed test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sakesensei.bootstrap import build_container
from sakesensei.config import load_settings
from sakesensei.services.catalog_cache import CatalogCache
from sakesensei.services.catalog_filters import SakeCriteria
from sakesensei.services.food_pairing import sake_for_dish
from sakesensei.services.sake_finder import find_sakes
from sakesensei.services.shipped_catalog import ensure_catalog
from sakesensei.services.similar_sake import similar_sakes


def _time(call: Callable[[], object], repeat: int) -> dict[str, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p99_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.99))], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(env="test", data_dir=Path(tmp), database_url=args.database_url)
        container = build_container(settings)
        container.upgrade_database()
        ensure_catalog(container.uow)
        catalog = CatalogCache(container.uow)
        start = time.perf_counter()
        catalog.snapshot()
        build_ms = (time.perf_counter() - start) * 1000
        dassai = find_sakes(catalog, SakeCriteria(text="dassai")).items[0].sake.id or 0
        cases: dict[str, Callable[[], object]] = {
            "search_exact": lambda: find_sakes(catalog, SakeCriteria(text="久保田")),
            "search_typo": lambda: find_sakes(catalog, SakeCriteria(text="hakaisan")),
            "search_with_filters": lambda: find_sakes(
                catalog, SakeCriteria(text="junmai", regions=["東北"], price_max=3000)
            ),
            "list_filtered_sql": lambda: find_sakes(
                catalog, SakeCriteria(regions=["東北"], sweetness_max=2, aromas=["rice"])
            ),
            "similar": lambda: similar_sakes(catalog, dassai, 5),
            "pairing_listed": lambda: sake_for_dish(catalog, "karaage"),
            "pairing_family": lambda: sake_for_dish(catalog, "カレー"),
        }
        report = {
            "database": container.engine.dialect.name,
            "sake": len(catalog.snapshot().sakes),
            "index_build_ms": round(build_ms, 1),
            **{name: _time(call, args.repeat) for name, call in cases.items()},
        }
        container.close()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
