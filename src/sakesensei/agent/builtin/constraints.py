"""A sake request as limits and wishes: what the message asks, what memory adds."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass
class Constraints:
    """Hard limits (price, sweetness, grade, place, style) and soft wishes (the rest)."""

    price_min: int | None = None
    price_max: int | None = None
    sweetness_min: int | None = None
    sweetness_max: int | None = None
    categories: list[str] = field(default_factory=list)
    avoid_categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    avoid_tags: list[str] = field(default_factory=list)
    prefectures: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    aromas: list[str] = field(default_factory=list)
    avoid_aromatic: bool = False
    # Remembered likes: they rank picks, never rule any out.
    prefer_aromas: list[str] = field(default_factory=list)
    prefer_tags: list[str] = field(default_factory=list)
    body: str | None = None  # light | rich
    temperature: str | None = None  # warm | chilled | room
    occasions: list[str] = field(default_factory=list)
    experience: str | None = None  # beginner | advanced
    count: int | None = None
    cheap: bool = False
    premium: bool = False
    converted_from: str | None = None  # "$30": a budget given in another currency

    def hard(self) -> bool:
        """Whether anything here narrows the catalog (rather than only ranks it)."""
        return bool(
            self.price_min is not None
            or self.price_max is not None
            or self.sweetness_min is not None
            or self.sweetness_max is not None
            or self.categories
            or self.tags
            or self.prefectures
            or self.regions
            or self.aromas
        )

    def any(self) -> bool:
        return self.hard() or bool(
            self.avoid_tags
            or self.avoid_categories
            or self.avoid_aromatic
            or self.prefer_aromas
            or self.prefer_tags
            or self.body
            or self.temperature
            or self.occasions
            or self.experience
            or self.cheap
            or self.premium
        )

    def merged_over(self, base: Constraints) -> Constraints:
        """These constraints, with anything they leave open taken from `base`."""
        out = replace(base)
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if value not in (None, False, []):
                setattr(out, name, value)
        # A sweetness asked for now replaces the remembered one as a whole.
        if self.sweetness_min is not None or self.sweetness_max is not None:
            out.sweetness_min, out.sweetness_max = self.sweetness_min, self.sweetness_max
        if self.price_min is not None or self.price_max is not None:
            out.price_min, out.price_max = self.price_min, self.price_max
        return out

    def to_state(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__ if getattr(self, k)}

    @classmethod
    def from_state(cls, data: object) -> Constraints:
        out = cls()
        if isinstance(data, dict):
            for key, value in data.items():
                if key in cls.__dataclass_fields__ and isinstance(value, (int, str, list, bool)):
                    setattr(out, key, value)
        return out
