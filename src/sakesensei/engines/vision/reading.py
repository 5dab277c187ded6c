"""What an OCR engine read off a label: lines of text with where they were and how sure it was."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReadLine:
    """One line (or column, on a vertical label) of text as the OCR engine returned it."""

    text: str
    score: float  # the engine's own confidence for the line, 0-1
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in the pixels of the image read

    @property
    def vertical(self) -> bool:
        x0, y0, x1, y1 = self.box
        return (y1 - y0) > 1.5 * (x1 - x0) and len(self.text) > 1

    @property
    def glyph_size(self) -> float:
        """The size of one character: the short side of the box. Brand names are set large."""
        x0, y0, x1, y1 = self.box
        return min(x1 - x0, y1 - y0)
