"""Drawing a flat sake label the way front labels are set: the paper, a border and a red seal,
and the words in columns (vertical), in lines (horizontal) or in romaji (export).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from sakesensei.engines.vision.label_type import (
    RGB,
    Fonts,
    column_cells,
    draw_column,
    draw_line,
    fit_size,
    line_width,
)
from sakesensei.engines.vision.label_words import ExportWords, LabelWords

Align = Literal["top", "middle", "bottom"]


@dataclass(frozen=True, slots=True)
class Paper:
    name: str
    ground: RGB
    ink: RGB
    accent: RGB  # the grade on some labels, rules and borders
    texture: Literal["washi", "plain", "kraft"]


# Weighted by how often each is seen on a shop shelf: cream washi and white lead.
PAPERS: tuple[tuple[Paper, int], ...] = (
    (Paper("washi", (243, 234, 211), (28, 24, 20), (170, 30, 30), "washi"), 6),
    (Paper("washi-white", (247, 244, 235), (20, 20, 20), (180, 25, 35), "washi"), 4),
    (Paper("white", (251, 251, 249), (15, 15, 15), (190, 20, 30), "plain"), 4),
    (Paper("black-gold", (24, 22, 21), (218, 184, 100), (218, 184, 100), "plain"), 2),
    (Paper("black-white", (20, 20, 22), (240, 238, 232), (205, 45, 45), "plain"), 2),
    (Paper("indigo", (30, 46, 92), (245, 242, 230), (222, 192, 112), "washi"), 2),
    (Paper("crimson", (124, 28, 32), (250, 244, 232), (232, 202, 122), "plain"), 1),
    (Paper("pale-blue", (218, 231, 240), (20, 30, 50), (30, 60, 130), "washi"), 1),
    (Paper("green", (38, 74, 54), (240, 236, 220), (222, 192, 112), "plain"), 1),
    (Paper("kraft", (201, 170, 124), (40, 28, 18), (150, 30, 25), "kraft"), 2),
    (Paper("sakura", (241, 216, 216), (60, 20, 30), (170, 30, 60), "washi"), 1),
)
_SEAL_RED = (188, 32, 36)


@dataclass(frozen=True, slots=True)
class Faces:
    brand: Fonts
    text: Fonts
    small: Fonts


def pick_paper(rng: random.Random) -> Paper:
    return rng.choices([p for p, _ in PAPERS], [w for _, w in PAPERS])[0]


def paper_image(size: tuple[int, int], paper: Paper, rng: random.Random) -> Image.Image:
    """The ground with a little texture: washi fibres, kraft mottling, or almost none."""
    width, height = size
    # Its own generator: how many fibres a size takes must not shift the layout's choices.
    rng = random.Random(rng.getrandbits(32))
    noise = np.random.default_rng(rng.getrandbits(32))
    amount = {"washi": 3.5, "kraft": 6.0, "plain": 1.2}[paper.texture]
    coarse = noise.normal(0, amount, (max(2, height // 40), max(2, width // 40)))
    mottle = Image.fromarray(coarse.astype(np.float32), mode="F").resize(
        size, Image.Resampling.BICUBIC
    )
    ground = np.asarray(paper.ground, dtype=np.float32)[None, None, :]
    pixels = ground + np.asarray(mottle)[:, :, None] + noise.normal(0, 1.2, (height, width, 1))
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")
    if paper.texture == "washi":
        draw = ImageDraw.Draw(image)
        shade = tuple(max(0, c - 14) for c in paper.ground)
        for _ in range(width * height // 4000):
            x, y = rng.uniform(0, width), rng.uniform(0, height)
            dx, dy = rng.uniform(-1, 1) * width * 0.03, rng.uniform(-1, 1) * width * 0.03
            draw.line([(x, y), (x + dx, y + dy)], fill=shade, width=1)
        image = image.filter(ImageFilter.GaussianBlur(0.6))
    return image


def _decorate(image: Image.Image, paper: Paper, rng: random.Random) -> float:
    """A border on about half the labels; the inset the text must keep clear of."""
    width, height = image.size
    if rng.random() < 0.45:
        return 0.0
    draw = ImageDraw.Draw(image)
    inset = min(width, height) * rng.uniform(0.025, 0.045)
    stroke = max(1, round(min(width, height) * rng.uniform(0.004, 0.01)))
    colour = paper.accent if rng.random() < 0.6 else paper.ink
    draw.rectangle((inset, inset, width - inset, height - inset), outline=colour, width=stroke)
    if rng.random() < 0.35:
        inner = inset + stroke * 3
        draw.rectangle((inner, inner, width - inner, height - inner), outline=colour, width=1)
    return inset + stroke * 4


def _seal(image: Image.Image, text: str, fonts: Fonts, box: tuple[float, float, float]) -> None:
    """A red square stamp with two characters of the brewery's name, white on red."""
    x, y, side = box
    draw = ImageDraw.Draw(image)
    draw.rectangle((x, y, x + side, y + side), fill=_SEAL_RED)
    chars = text[:2]
    cell = side * 0.9 / max(1, len(chars))
    draw_column(
        image, chars, fonts, cell, x + side / 2, y + (side - cell * len(chars)) / 2, (250,) * 3
    )


# --- vertical ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Column:
    text: str
    fonts: Fonts
    cell: float
    align: Align
    fill: RGB
    gap: float = 0.3  # space before this column (to its right), in its own cells
    spacing: float = 0.0  # between characters, in cells

    @property
    def cells(self) -> float:
        return column_cells(self.text, self.spacing)


def _pack(words: Sequence[str], capacity: float) -> list[str]:
    """Words into columns of at most capacity cells, a full-width space between words."""
    columns: list[str] = []
    for word in words:
        if columns and column_cells(columns[-1] + "　" + word) <= capacity:
            columns[-1] += "　" + word
        else:
            columns.append(word)
    return columns


def _split_long(word: str, limit: int) -> list[str]:
    if len(word) <= limit:
        return [word]
    half = (len(word) + 1) // 2
    return [word[:half], word[half:]]


def draw_vertical(
    words: LabelWords, faces: Faces, paper: Paper, size: tuple[int, int], rng: random.Random
) -> Image.Image:
    """Columns right to left: the grade and the rest of the name, the brand large, the brewery
    set low; the small print in narrow columns at the left or in lines along the bottom."""
    width, height = size
    image = paper_image(size, paper, rng)
    inset = max(_decorate(image, paper, rng), min(width, height) * 0.04)
    margin = inset + width * rng.uniform(0.02, 0.05)
    small = max(9.0, height * rng.uniform(0.019, 0.025))
    strip = rng.random() < 0.4
    strip_height = len(words.small_print) * small * 1.35 if strip else 0.0
    usable = height - 2 * margin - (strip_height + small if strip else 0.0)

    brand_columns = [part for word in words.brand for part in _split_long(word, 6)]
    spacing = rng.choice((0.0, 0.03, 0.06, 0.1))
    longest = max(column_cells(c, spacing) for c in brand_columns)
    brand = min(
        usable * rng.uniform(0.62, 0.86) / longest, width * 0.4 / len(brand_columns), width * 0.36
    )
    medium = max(small * 1.3, brand * rng.uniform(0.28, 0.4))
    named = [*([words.grade] if words.grade else []), *words.name_rest]
    packed = _pack(named, usable * 0.92 / medium)
    while len(packed) > 3 and medium > small * 1.2:  # a long name: smaller, not cut
        medium *= 0.85
        packed = _pack(named, usable * 0.92 / medium)
    rest = [_Column(text, faces.text, medium, "top", paper.ink) for text in packed]
    align: Align = rng.choice(("top", "middle"))
    brand_set = [
        _Column(text, faces.brand, brand, align, paper.ink, 0.25, spacing) for text in brand_columns
    ]
    brand_set[0].gap = 0.45
    brewery = _Column(words.brewery, faces.text, medium * 0.8, "bottom", paper.ink, 0.5)
    prints = [] if strip else _pack(words.small_print, usable / small)
    fine = [_Column(t, faces.small, small, "top", paper.ink, 0.6) for t in prints]
    columns = (
        [*rest, *brand_set, brewery, *fine]
        if rng.random() < 0.7
        else [*brand_set, *rest, brewery, *fine]
    )
    for column in columns:
        column.cell = min(column.cell, usable / max(1.0, column.cells))
    # Clear air on both sides of the brand, as on real labels (and OCR needs it too).
    after = columns.index(brand_set[-1]) + 1
    if after < len(columns):
        columns[after].gap = max(columns[after].gap, 0.45 * brand / columns[after].cell)
    total = sum(c.cell * (1 + c.gap) for c in columns)
    scale = min(1.0, (width - 2 * margin) / total)
    slack = (width - 2 * margin) - total * scale
    x = width - margin - slack * rng.uniform(0.25, 0.75)
    placed: list[tuple[_Column, float, float]] = []
    for column in columns:
        cell = column.cell * scale
        x -= cell * column.gap
        length = column.cells * cell
        drop = {"top": 0.0, "middle": 0.5, "bottom": 1.0}[column.align]
        top = margin + (usable - length) * drop
        draw_column(
            image, column.text, column.fonts, cell, x - cell / 2, top, column.fill, column.spacing
        )
        placed.append((column, x - cell / 2, top + length))
        x -= cell
    brand_column, brand_x, brand_bottom = next(p for p in placed if p[0] in brand_set)
    side = brand_column.cell * scale * 0.5
    if rng.random() < 0.5 and brand_bottom + side * 1.3 < margin + usable:
        box = (brand_x - side / 2, brand_bottom + side * 0.3, side)
        _seal(image, words.seal, faces.text, box)
    if strip:
        top = height - margin - strip_height
        for line in words.small_print:
            fitted = fit_size(line, faces.small.face_for(line), width - 2 * margin, small)
            draw_line(image, line, faces.small, fitted, margin, top, paper.ink)
            top += small * 1.35
    return image


# --- horizontal and export -----------------------------------------------------------------


@dataclass(slots=True)
class _Row:
    text: str
    fonts: Fonts
    size: float
    fill: RGB
    tracking: float = 0.0
    space: float = 0.3  # space above this row, in its own size


def _stack(
    image: Image.Image, rows: list[_Row], margin: float, rng: random.Random, centred: bool
) -> tuple[float, float]:
    """Draw rows top to bottom, scaled to fit; returns the brand row's (right edge, top)."""
    width, height = image.size
    room = width - 2 * margin
    for row in rows:
        face = row.fonts.face_for(row.text)
        row.size = fit_size(row.text, face, room, row.size, row.tracking)
    total = sum(r.size * (1.2 + r.space) for r in rows)
    scale = min(1.0, (height - 2 * margin) / total)
    y = margin + (height - 2 * margin - total * scale) * rng.uniform(0.3, 0.7)
    brand_edge = (0.0, 0.0)
    for index, row in enumerate(rows):
        size = row.size * scale
        y += row.space * size
        used = line_width(row.text, row.fonts.face_for(row.text), size, row.tracking)
        left = margin + (room - used) / 2 if centred else margin
        draw_line(image, row.text, row.fonts, size, left, y, row.fill, row.tracking)
        if index == 1:
            brand_edge = (left + used, y)
        y += size * 1.2
    return brand_edge


def _small_rows(lines: Sequence[str], fonts: Fonts, size: float, ink: RGB) -> list[_Row]:
    return [_Row(line, fonts, size, ink, 0.0, 0.15) for line in lines]


def draw_horizontal(
    words: LabelWords, faces: Faces, paper: Paper, size: tuple[int, int], rng: random.Random
) -> Image.Image:
    """Lines top to bottom: a small tag, the brand large, the grade and name, the brewery,
    then the small print."""
    width, height = size
    image = paper_image(size, paper, rng)
    margin = max(_decorate(image, paper, rng), min(width, height) * 0.04) + width * 0.03
    brand_text = "　".join(words.brand)
    brand = min(height * rng.uniform(0.2, 0.3), width * 0.8 / max(1, len(brand_text)))
    tracking = rng.choice((0.0, 0.05, 0.12)) if len(brand_text) <= 4 else 0.0
    medium = brand * rng.uniform(0.3, 0.42)
    small = max(9.0, height * rng.uniform(0.03, 0.04))
    named = "　".join([*([words.grade] if words.grade else []), *words.name_rest])
    tag = rng.choice(("清酒", "日本酒", ""))
    grade_ink = paper.accent if rng.random() < 0.3 else paper.ink
    rows = [
        _Row(tag or " ", faces.text, small * 1.1, paper.ink, 0.4, 0.0),
        _Row(brand_text, faces.brand, brand, paper.ink, tracking, 0.2),
        *([_Row(named, faces.text, medium, grade_ink, 0.05, 0.25)] if named else []),
        _Row(words.brewery, faces.text, medium * 0.75, paper.ink, 0.0, 0.4),
        *_small_rows(words.small_print, faces.small, small, paper.ink),
    ]
    rows[-len(words.small_print)].space = 0.8
    centred = rng.random() < 0.75
    right, top = _stack(image, rows, margin, rng, centred)
    side = brand * 0.45
    if rng.random() < 0.45 and right + side * 1.4 < width - margin:
        _seal(image, words.seal, faces.text, (right + side * 0.4, top, side))
    return image


def draw_export(
    words: ExportWords, faces: Faces, paper: Paper, size: tuple[int, int], rng: random.Random
) -> Image.Image:
    """An importer's label in Latin letters: the brand in capitals, the grade, the facts."""
    width, height = size
    image = paper_image(size, paper, rng)
    margin = max(_decorate(image, paper, rng), min(width, height) * 0.04) + width * 0.04
    brand = min(height * rng.uniform(0.11, 0.16), width * 1.4 / max(4, len(words.brand)))
    small = max(9.0, height * rng.uniform(0.026, 0.034))
    tag = rng.choice(("JAPANESE SAKE", "SAKE", "PREMIUM SAKE", "JUNMAI SAKE"))
    if not words.grade or "JUNMAI" not in words.grade:
        tag = tag.replace("JUNMAI ", "")
    rows = [
        _Row(tag, faces.text, small * 1.1, paper.accent, 0.3, 0.0),
        _Row(words.brand, faces.brand, brand, paper.ink, rng.choice((0.0, 0.05, 0.12)), 0.6),
        *(
            [_Row(words.name_rest, faces.text, brand * 0.42, paper.ink, 0.0, 0.3)]
            if words.name_rest
            else []
        ),
        *(
            [_Row(words.grade, faces.text, brand * 0.38, paper.accent, 0.15, 0.4)]
            if words.grade
            else []
        ),
        *_small_rows(words.small_print, faces.small, small, paper.ink),
    ]
    rows[-len(words.small_print)].space = 1.0
    _stack(image, rows, margin, rng, centred=rng.random() < 0.8)
    return image
