"""Setting label text with Pillow: vertical columns (tategaki) and horizontal lines, with the
font fallback that keeps rare kanji from printing as empty boxes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from sakesensei.engines.vision.label_fonts import LabelFont

RGB = tuple[int, int, int]

# In a column these turn a quarter (ー becomes a vertical stroke, brackets open downward).
_ROTATED = set("ー－-—―～〜~…‥()（）「」『』[]［］【】〈〉《》=＝:：;；")
# Small kana and the ideographic comma and full stop sit in the upper right of their cell.
_SMALL = set("ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")
_PUNCT = set("、。，．,")
_TCY_MAX = 4  # runs of Latin letters and digits this short sit upright in one cell


@dataclass(frozen=True, slots=True)
class Fonts:
    """A preferred face and the faces to fall back on when it lacks a character."""

    chain: tuple[LabelFont, ...]

    def face_for(self, text: str) -> LabelFont:
        return next((f for f in self.chain if f.covers(text)), self.chain[0])

    @property
    def first(self) -> LabelFont:
        return self.chain[0]


def with_fallback(preferred: LabelFont, others: Sequence[LabelFont]) -> Fonts:
    return Fonts((preferred, *(f for f in others if f != preferred)))


def _pieces(text: str) -> list[str]:
    """A column's text cut into what takes one cell: a character, or a short Latin run."""
    pieces: list[str] = []
    run = ""
    for char in text:
        if (char.isascii() and char.isalnum()) or (run and char in ".%"):
            run += char
            continue
        if run:
            pieces.append(run)
            run = ""
        pieces.append(char)
    if run:
        pieces.append(run)
    return pieces


def _piece_length(piece: str) -> float:
    """Height of a piece in cells: a space is half a cell, a long Latin run lies on its side."""
    if piece.isspace():
        return 0.5
    if len(piece) > _TCY_MAX:
        return 0.55 * len(piece)
    return 1.0


def column_cells(text: str, spacing: float = 0.0) -> float:
    """How many cells tall a column of text is, with spacing cells between characters."""
    pieces = _pieces(text)
    return sum(_piece_length(p) for p in pieces) + spacing * max(0, len(pieces) - 1)


def draw_column(
    canvas: Image.Image,
    text: str,
    fonts: Fonts,
    cell: float,
    center_x: float,
    top: float,
    fill: RGB,
    spacing: float = 0.0,
) -> float:
    """Set text top to bottom in one column, spacing (in cells) between characters; the
    height used."""
    face = fonts.face_for(text)
    y = top
    for piece in _pieces(text):
        length = _piece_length(piece) * cell
        if y > top:
            y += spacing * cell
        if not piece.isspace():
            glyph = _piece_mask(piece, face, cell)
            x0 = center_x - glyph.width / 2
            y0 = y + (length - glyph.height) / 2
            if piece in _SMALL:
                x0 += cell * 0.1
                y0 -= cell * 0.08
            elif piece in _PUNCT:
                x0 += cell * 0.3
                y0 -= cell * 0.3
            if glyph.getbbox():
                canvas.paste(fill, (round(x0), round(y0)), glyph)
        y += length
    return y - top


def _piece_mask(piece: str, face: LabelFont, cell: float) -> Image.Image:
    """The ink of one piece as an L mask, cropped to its cell (not to its ink)."""
    size = max(4, round(cell * 0.92))
    box = round(cell * 1.3)  # room for a brush stroke that reaches past its cell
    if len(piece) == 1 and piece not in _ROTATED:
        return _glyph(piece, face, size, box)
    if len(piece) == 1:
        return _glyph(piece, face, size, box).rotate(-90)
    if len(piece) <= _TCY_MAX:
        # tate-chu-yoko: the run upright across the column, squeezed to the cell's width
        font = face.at(size)
        scale = min(1.0, cell * 0.95 / max(1.0, font.getlength(piece)))
        return _line_mask(piece, face.at(max(4, round(size * scale))), round(cell))
    sideways = _line_mask(piece, face.at(round(size * 0.8)), round(cell))
    return sideways.rotate(-90, expand=True)


@lru_cache(maxsize=4096)
def _glyph(char: str, face: LabelFont, size: int, box: int) -> Image.Image:
    """One character centred by its ink in a box x box mask: metrics differ between fonts,
    the ink does not lie."""
    font = face.at(size)
    scratch = Image.new("L", (box * 3, box * 3), 0)
    ImageDraw.Draw(scratch).text((box, box), char, font=font, fill=255)
    mask = Image.new("L", (box, box), 0)
    ink = scratch.getbbox()
    if ink is None:
        return mask
    left, top, right, bottom = ink
    mask.paste(scratch.crop(ink), ((box - (right - left)) // 2, (box - (bottom - top)) // 2))
    return mask


def _line_mask(text: str, font: ImageFont.FreeTypeFont, height: int) -> Image.Image:
    width = max(1, round(font.getlength(text)))
    mask = Image.new("L", (width, height), 0)
    ImageDraw.Draw(mask).text((width / 2, height / 2), text, font=font, fill=255, anchor="mm")
    return mask


def line_width(text: str, face: LabelFont, size: float, tracking: float = 0.0) -> float:
    """Width of a horizontal line; tracking is extra space after each character, in ems."""
    font = face.at(round(size))
    return font.getlength(text) + tracking * size * max(0, len(text) - 1)


def fit_size(
    text: str, face: LabelFont, max_width: float, max_size: float, tracking: float = 0.0
) -> float:
    """The largest size up to max_size at which the line fits in max_width."""
    width = line_width(text, face, max_size, tracking)
    return max_size if width <= max_width else max(4.0, max_size * max_width / width)


def draw_line(
    canvas: Image.Image,
    text: str,
    fonts: Fonts,
    size: float,
    left: float,
    top: float,
    fill: RGB,
    tracking: float = 0.0,
) -> float:
    """Set one horizontal line with its em box's top at top; the width used."""
    face = fonts.face_for(text)
    font = face.at(round(size))
    draw = ImageDraw.Draw(canvas)
    # The em box's middle, not the ink's: a line of mixed kana and kanji keeps one baseline.
    middle = top + size / 2
    if tracking == 0.0:
        draw.text((left, middle), text, font=font, fill=fill, anchor="lm")
        return font.getlength(text)
    x = left
    for char in text:
        draw.text((x, middle), char, font=font, fill=fill, anchor="lm")
        x += font.getlength(char) + tracking * size
    return x - left - tracking * size
