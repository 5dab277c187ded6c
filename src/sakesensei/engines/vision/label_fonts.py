"""The Japanese and Latin fonts on this machine that synthetic sake labels are set in:
print faces (Mincho, Gothic), brush faces for brand names, and a Latin face for export labels.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from PIL import ImageFont

from sakesensei.domain.errors import ConfigurationError

FontKind = Literal["print", "brush", "latin"]

DEFAULT_FONT_DIRS = (Path("/usr/share/fonts"),)
ENSURE_SCRIPT = "scripts/ensure-fonts.sh"
_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
# A face must have these to set a label: kana, the grade words and the boilerplate.
_JAPANESE_PROBE = "あアー純米吟醸酒造株式会社内容量"
# Family names by what they look like on a label. Anything else that covers the probe is
# taken as a print face.
_BRUSH_FAMILIES = ("kouzan", "衡山", "aoyagi", "青柳", "brush", "毛筆", "kaisho", "楷書")
# Grass-script (草書) brush: beautiful, but few shoppers can read it, so it never sets a brand.
_CURSIVE_FAMILIES = ("sousyo", "sosho", "草書")
_LATIN_FAMILIES = ("dejavu sans", "dejavu serif", "liberation sans", "liberation serif")
_LATIN_STYLES = ("book", "regular", "bold")
_SKIPPED_FAMILIES = ("mono",)  # monospaced CJK faces only duplicate their proportional twin


class MissingFonts(ConfigurationError):
    """No Japanese font was found to set labels in."""


@dataclass(frozen=True, slots=True)
class LabelFont:
    """One face of a font file: a .ttc collection holds several, chosen by index."""

    name: str  # family and style, e.g. "Noto Serif CJK JP Bold"
    path: Path
    index: int
    kind: FontKind
    cursive: bool = False

    def at(self, size: float) -> ImageFont.FreeTypeFont:
        """The face at an optical size: one whose kanji are drawn small in their em square
        (brush faces are) is set larger, so that size means the same ink in every face."""
        scale = 1.0 if self.kind == "latin" else _ink_scale(str(self.path), self.index)
        return _load(str(self.path), self.index, max(4, round(size * scale)))

    def covers(self, text: str) -> bool:
        """Whether every character of text has a glyph in this face (spaces always do)."""
        return all(_has_glyph(str(self.path), self.index, ch) for ch in set(text) if ch.strip())


@dataclass(frozen=True, slots=True)
class FontSet:
    print: tuple[LabelFont, ...]
    brush: tuple[LabelFont, ...]
    latin: tuple[LabelFont, ...]
    cursive: tuple[LabelFont, ...] = field(default=())

    @property
    def all(self) -> tuple[LabelFont, ...]:
        return (*self.print, *self.brush, *self.latin, *self.cursive)


def find_label_fonts(dirs: Sequence[Path] = DEFAULT_FONT_DIRS) -> FontSet:
    """Every usable face under dirs, classified; MissingFonts when none sets Japanese."""
    print_faces: list[LabelFont] = []
    brush: list[LabelFont] = []
    cursive: list[LabelFont] = []
    latin: list[LabelFont] = []
    for path in _font_files(dirs):
        for face in _faces(path):
            if face.kind == "latin":
                latin.append(face)
            elif face.cursive:
                cursive.append(face)
            elif face.kind == "brush":
                brush.append(face)
            else:
                print_faces.append(face)
    if not print_faces and not brush:
        searched = ", ".join(str(d) for d in dirs)
        raise MissingFonts(
            f"no Japanese font found under {searched}; run {ENSURE_SCRIPT} (as root) "
            "to install the label fonts"
        )
    if not print_faces:  # a brush face can still set the small print, if poorly
        print_faces = list(brush)
    if not latin:  # CJK faces carry Latin letters too
        latin = [f for f in print_faces if f.covers("ABCabc0123%.")]
    return FontSet(
        print=tuple(sorted(print_faces, key=lambda f: f.name)),
        brush=tuple(sorted(brush, key=lambda f: f.name)),
        latin=tuple(sorted(latin, key=lambda f: f.name)),
        cursive=tuple(sorted(cursive, key=lambda f: f.name)),
    )


def _font_files(dirs: Iterable[Path]) -> list[Path]:
    """Font files under dirs, each once: Debian links the same file under several names."""
    seen: dict[str, Path] = {}
    for folder in dirs:
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder, followlinks=True):
            for name in files:
                if name.lower().endswith(_SUFFIXES):
                    real = os.path.realpath(os.path.join(root, name))
                    if os.path.isfile(real):
                        seen.setdefault(real, Path(real))
    return sorted(seen.values())


def _faces(path: Path) -> list[LabelFont]:
    """The faces of one file worth using. In a CJK collection that is the JP face only,
    since the KR, SC and TC faces draw some kanji the Chinese or Korean way."""
    names = _face_names(path)
    jp_only = any(" jp" in family.lower() for family, _style in names)
    faces = []
    for index, (family, style) in enumerate(names):
        if jp_only and " jp" not in family.lower():
            continue
        kind = _kind(path, index, family, style)
        if kind is None:
            continue
        lowered = family.lower()
        faces.append(
            LabelFont(
                name=f"{family} {style}".strip(),
                path=path,
                index=index,
                kind=kind,
                cursive=any(c in lowered for c in _CURSIVE_FAMILIES),
            )
        )
    return faces


def _kind(path: Path, index: int, family: str, style: str) -> FontKind | None:
    lowered = family.lower()
    if any(s in lowered for s in _SKIPPED_FAMILIES):
        return None
    if any(s in lowered for s in _LATIN_FAMILIES):
        condensed = "condensed" in lowered or "condensed" in style.lower()
        return "latin" if style.lower() in _LATIN_STYLES and not condensed else None
    probe = LabelFont(family, path, index, "print")
    if not probe.covers(_JAPANESE_PROBE):
        return None
    brush = any(s in lowered for s in (*_BRUSH_FAMILIES, *_CURSIVE_FAMILIES))
    return "brush" if brush else "print"


def _face_names(path: Path) -> list[tuple[str, str]]:
    names: list[tuple[str, str]] = []
    for index in range(64):  # collections hold a handful of faces; 64 is a safe ceiling
        try:
            family, style = ImageFont.truetype(str(path), 12, index=index).getname()
        except OSError:
            break
        names.append((family or path.stem, style or ""))
    return names


@lru_cache(maxsize=512)
def _load(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=index)


@lru_cache(maxsize=64)
def _ink_scale(path: str, index: int) -> float:
    """1 for a face whose kanji fill about 92% of the em square, as print faces' do; more for
    one that draws them smaller."""
    font = _load(path, index, 100)
    extents = []
    for char in "国酒鶴本":
        box = font.getmask(char).getbbox()
        if box and _has_glyph(path, index, char):
            extents.append(float(max(box[2] - box[0], box[3] - box[1])) / 100)
    if not extents:
        return 1.0
    return float(min(1.35, max(0.95, 0.92 / (sum(extents) / len(extents)))))


@lru_cache(maxsize=64)
def _notdef(path: str, index: int) -> tuple[tuple[int, int], bytes]:
    # U+10FFFF is a noncharacter no font maps, so it draws the "missing glyph" box.
    return _glyph_bitmap(path, index, "\U0010ffff")


@lru_cache(maxsize=65536)
def _has_glyph(path: str, index: int, char: str) -> bool:
    # Some fonts map a character they never drew to an empty glyph rather than to .notdef.
    glyph = _glyph_bitmap(path, index, char)
    return glyph != _notdef(path, index) and any(glyph[1])


def _glyph_bitmap(path: str, index: int, char: str) -> tuple[tuple[int, int], bytes]:
    mask = _load(path, index, 24).getmask(char)
    return mask.size, bytes(mask)
