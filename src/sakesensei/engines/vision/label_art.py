"""Synthetic photos of sake labels, the label scanner's test set: catalog sake set the way
real labels are (vertical, horizontal, romaji for export) and photographed clean or hard.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from PIL import Image

from sakesensei.engines.vision.label_fonts import FontSet, LabelFont
from sakesensei.engines.vision.label_layout import (
    Faces,
    draw_export,
    draw_horizontal,
    draw_vertical,
    pick_paper,
)
from sakesensei.engines.vision.label_photo import Tier, photograph, plan_shot
from sakesensei.engines.vision.label_type import with_fallback
from sakesensei.engines.vision.label_words import (
    LabelSpec,
    export_words,
    japanese_words,
)

Style = Literal["vertical", "horizontal", "export"]
STYLES: tuple[Style, ...] = ("vertical", "horizontal", "export")
# Every run of five labels holds two vertical, two horizontal and one export label.
_STYLE_BLOCK: tuple[Style, ...] = ("vertical", "horizontal", "vertical", "horizontal", "export")
_BRUSH_SHARE = 0.5  # of Japanese labels whose brand is brushed rather than printed
# The plain Kouzan brush reads best of the brush faces; the others are there for variety.
_BRUSH_WEIGHTS = {"KouzanBrushFont Regular": 2.0}

__all__ = ["STYLES", "LabelSample", "LabelSpec", "Style", "Tier", "make_label_set", "render_label"]


@dataclass(frozen=True, slots=True)
class LabelSample:
    """What one generated photo shows."""

    sake_id: int
    name: str
    brand: str  # the text set large: what a reader (or OCR) should find first
    tier: Tier
    style: Style
    font: str  # the face the brand is set in


def make_label_set(
    specs: Sequence[LabelSpec], tier: Tier, count: int, seed: int, fonts: FontSet
) -> Iterator[tuple[Image.Image, LabelSample]]:
    """count label photos of specs, the same ones for the same seed. Each sake comes round
    once before any comes twice, and a seed gives the same sake, style and design in both
    tiers, so a clean and a hard set differ only in the photography."""
    if not specs:
        raise ValueError("no sake to draw labels for")
    order: list[int] = []
    for index in range(count):
        if index % len(specs) == 0:
            order = list(range(len(specs)))
            random.Random(f"{seed}:order:{index // len(specs)}").shuffle(order)
        if index % len(_STYLE_BLOCK) == 0:
            block = list(_STYLE_BLOCK)
            random.Random(f"{seed}:styles:{index // len(_STYLE_BLOCK)}").shuffle(block)
        spec = specs[order[index % len(specs)]]
        yield render_label(spec, block[index % len(_STYLE_BLOCK)], tier, fonts, f"{seed}:{index}")


def render_label(
    spec: LabelSpec, style: Style, tier: Tier, fonts: FontSet, key: str = "0"
) -> tuple[Image.Image, LabelSample]:
    """One photo of spec's label in style (vertical when an export label has no romaji)."""
    design = random.Random(f"{key}:design")
    camera = random.Random(f"{key}:{tier}:camera")
    paper = pick_paper(design)
    exported = export_words(spec, design) if style == "export" else None
    if exported is not None:
        faces = _latin_faces(fonts, design)
        aspect = design.uniform(0.7, 1.3)
        shot = plan_shot(tier, aspect, camera)
        label = draw_export(exported, faces, paper, shot.label, design)
        brand = exported.brand
    else:
        if style == "export":
            style = design.choice(("vertical", "horizontal"))
        words = japanese_words(spec, design)
        brand = "".join(words.brand)
        faces = _japanese_faces(fonts, brand, design)
        if style == "vertical":
            aspect = design.uniform(0.55, 0.85)
            shot = plan_shot(tier, aspect, camera)
            label = draw_vertical(words, faces, paper, shot.label, design)
        else:
            aspect = (
                design.uniform(1.15, 1.7) if design.random() < 0.7 else design.uniform(0.85, 1.1)
            )
            shot = plan_shot(tier, aspect, camera)
            label = draw_horizontal(words, faces, paper, shot.label, design)
    photo = photograph(label, shot, tier, camera)
    font = faces.brand.face_for(brand).name
    return photo, LabelSample(spec.sake_id, spec.name, brand, tier, style, font)


def _japanese_faces(fonts: FontSet, brand: str, rng: random.Random) -> Faces:
    printed = list(fonts.print)
    fallback = [*printed, *fonts.brush]
    brushes = [f for f in fonts.brush if f.covers(brand)]
    if brushes and rng.random() < _BRUSH_SHARE:
        brand_face = rng.choices(brushes, [_BRUSH_WEIGHTS.get(f.name, 1.0) for f in brushes])[0]
    else:
        brand_face = rng.choice([f for f in printed if f.covers(brand)] or printed)
    text_face = rng.choice(printed)
    gothic = [f for f in printed if _is_gothic(f)] or printed
    small_face = rng.choice(gothic) if rng.random() < 0.6 else text_face
    return Faces(
        brand=with_fallback(brand_face, fallback),
        text=with_fallback(text_face, fallback),
        small=with_fallback(small_face, fallback),
    )


def _latin_faces(fonts: FontSet, rng: random.Random) -> Faces:
    latin = list(fonts.latin)
    fallback = [*latin, *fonts.print]
    bold = [f for f in latin if "bold" in f.name.lower()] or latin
    return Faces(
        brand=with_fallback(rng.choice(bold), fallback),
        text=with_fallback(rng.choice(latin), fallback),
        small=with_fallback(rng.choice(latin), fallback),
    )


def _is_gothic(face: LabelFont) -> bool:
    name = face.name.lower()
    return "gothic" in name or "sans" in name
