"""Write a synthetic ratings CSV for `sakesensei eval --ratings FILE`.

    uv run python bench/make_ratings.py --out ratings.csv                  # MovieLens-100k shape
    uv run python bench/make_ratings.py --out sake.csv --shape catalog --users 2000 --ratings 40000

`movielens-100k`: 943 users, 1,682 generated sake, 100,000 ratings, at least 20 per user,
MovieLens-100k's long popularity tail and share of each star. `catalog`: users with tastes
over the shipped catalog's flavour space rating its real sake (items named "name / brewery").
Prints JSON with what was written.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from sakesensei.services.synthetic_ratings import (
    catalog_shaped,
    movielens_shaped,
    write_ratings_csv,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--shape", choices=["movielens-100k", "catalog"], default="movielens-100k")
    parser.add_argument("--users", type=int, default=2000, help="catalog shape only")
    parser.add_argument("--ratings", type=int, default=40_000, help="catalog shape only")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    started = time.perf_counter()
    if args.shape == "catalog":
        labels, synthetic = catalog_shaped(args.users, args.ratings, args.seed)
        rows = write_ratings_csv(args.out, synthetic, labels)
    else:
        rows = write_ratings_csv(args.out, movielens_shaped(args.seed))
    print(
        json.dumps(
            {
                "file": str(args.out),
                "shape": args.shape,
                "ratings": rows,
                "users": len(set(synthetic.users.tolist())) if args.shape == "catalog" else 943,
                "seconds": round(time.perf_counter() - started, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
