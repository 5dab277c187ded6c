"""Which OCR engine reads sake labels: RapidOCR's bundled PP-OCR models against Tesseract.

    uv run python bench/ocr_engines.py [--per-tier 40] [--seed 3]

Needs Tesseract with its Japanese models for the comparison (Debian: tesseract-ocr
tesseract-ocr-jpn tesseract-ocr-jpn-vert); without them only RapidOCR is measured.
Renders generated label photos (engines/vision/label_art.py) and scores what each
engine read, before any catalog matching: how often the brand (the large word) was read
whole, and the share of the name's characters that were read. Tesseract is given every
chance: horizontal Japanese (page segmentation 3) and vertical Japanese (5), and the
better of the two is kept for each photo. Prints JSON. Run by hand.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from typing import Any

from PIL import Image

from sakesensei.adapters.ocr.rapid import RapidOcrReader
from sakesensei.engines.vision.images import shrink
from sakesensei.engines.vision.label_art import LabelSpec, make_label_set
from sakesensei.engines.vision.label_fonts import find_label_fonts
from sakesensei.engines.vision.label_text import match_key
from sakesensei.services.shipped_catalog import shipped_files

OCR_SIDE = 1280


def _specs() -> list[LabelSpec]:
    specs: list[LabelSpec] = []
    for source in shipped_files():
        data = json.loads(source.read_text(encoding="utf-8"))
        breweries = {b["name"]: b for b in data["breweries"]}
        for sake in data["sakes"]:
            brewery = breweries[sake["brewery"]]
            specs.append(
                LabelSpec(
                    sake_id=len(specs) + 1,
                    name=sake["name"],
                    brewery=sake["brewery"],
                    prefecture=brewery["prefecture"],
                    category=sake["category"],
                    abv=sake.get("abv"),
                    polishing_ratio=sake.get("polishing_ratio"),
                    volume_ml=sake.get("volume_ml"),
                    romaji=sake.get("romaji"),
                    brewery_romaji=brewery.get("romaji"),
                    city=brewery.get("city"),
                )
            )
    return specs


def _tesseract(image: Image.Image) -> str:
    with tempfile.NamedTemporaryFile(suffix=".png") as handle:
        image.save(handle.name)
        texts = []
        for lang, psm in (("jpn+eng", "3"), ("jpn_vert", "5")):
            done = subprocess.run(
                ["tesseract", handle.name, "stdout", "-l", lang, "--psm", psm],
                capture_output=True,
                text=True,
                check=False,
            )
            texts.append(done.stdout)
        return "\n".join(texts)


def _covered(name: str, text: str) -> float:
    wanted = match_key(name)
    if not wanted:
        return 1.0
    have = match_key(text)
    return sum(1 for ch in wanted if ch in have) / len(wanted)


def _measure(read: Callable[[Image.Image], str], photos: list[Any]) -> dict[str, Any]:
    brand_hits, cover, seconds = 0, [], []
    for image, sample, name in photos:
        started = time.perf_counter()
        text = read(shrink(image, OCR_SIDE))
        seconds.append(time.perf_counter() - started)
        brand_hits += match_key(sample.brand) in match_key(text)
        cover.append(_covered(name, text))
    return {
        "brand_read": round(brand_hits / len(photos), 3),
        "name_chars_read": round(statistics.mean(cover), 3),
        "median_ms": round(statistics.median(seconds) * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-tier", type=int, default=40)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    specs = _specs()
    names = {s.sake_id: s.name for s in specs}
    fonts = find_label_fonts()
    reader = RapidOcrReader()
    reader.warm_up()

    def rapid(image: Image.Image) -> str:
        return "\n".join(line.text for line in reader.read(image))

    engines: dict[str, Callable[[Image.Image], str]] = {"rapidocr": rapid}
    if shutil.which("tesseract"):
        engines["tesseract"] = _tesseract
    result: dict[str, Any] = {"per_tier": args.per_tier, "ocr_side": OCR_SIDE, "tiers": {}}
    for tier in ("clean", "hard"):
        photos = [
            (image, sample, names[sample.sake_id])
            for image, sample in make_label_set(specs, tier, args.per_tier, args.seed, fonts)
            if sample.style != "export"  # the question is Japanese text; romaji both read
        ]
        result["tiers"][tier] = {
            "photos": len(photos),
            **{name: _measure(read, photos) for name, read in engines.items()},
        }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
