"""The synthetic label set is legible: RapidOCR, the engine the scanner uses, reads the brand
off a clean vertical and a clean horizontal label."""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import pytest

from sakesensei.engines.vision.label_art import Style, render_label
from sakesensei.engines.vision.label_fonts import FontSet, MissingFonts, find_label_fonts
from sakesensei.engines.vision.label_words import LabelSpec

HAKKAISAN = LabelSpec(
    1, "八海山 特別本醸造", "八海醸造", "新潟県", "特別本醸造", 15.5, 55, 720,
    "Hakkaisan Tokubetsu Honjozo", "Hakkai Jozo", "南魚沼市",
    "はっかいさん とくべつほんじょうぞう", "八海山",
)  # fmt: skip


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    try:
        return find_label_fonts()
    except MissingFonts as exc:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{exc} (CI=true: missing label fonts are a failure)")
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def ocr() -> Any:
    from rapidocr import RapidOCR

    return RapidOCR(params={"Global.log_level": "warning"})


@pytest.mark.parametrize("style", ["vertical", "horizontal"])
def test_ocr_reads_the_brand_off_a_clean_label(style: Style, fonts: FontSet, ocr: Any) -> None:
    photo, sample = render_label(HAKKAISAN, style, "clean", fonts, key="legible")
    assert sample.style == style
    result = ocr(np.asarray(photo)[:, :, ::-1])  # RapidOCR takes BGR arrays
    read = "".join(result.txts or ()).replace(" ", "")
    assert sample.brand in read, f"{sample.font}: read {result.txts}"
