"""Lasting facts about the user: drawn from what they say, and read back into picks.

A fact is (key, value) in plain English ("sweetness" -> "prefers dry"), so the user can
read it under /api/v1/memory and an LLM sommelier can use it as it is. Facts written by
anyone else are read loosely, by their words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sakesensei.agent.builtin.constraints import Constraints
from sakesensei.domain.catalog import AROMAS
from sakesensei.domain.grades import GRADE_ROMAJI

MAX_SOURCE = 500

STYLE_EN: dict[str, str] = {
    "スパークリング": "sparkling",
    "にごり": "nigori",
    "生酒": "nama",
    "原酒": "genshu",
    "山廃": "yamahai",
    "生酛": "kimoto",
    "古酒": "aged",
    "ひやおろし": "hiyaoroshi",
    "無濾過": "muroka",
    "貴醸酒": "kijoshu",
    "低アルコール": "low alcohol",
}
_STYLE_BY_EN = {en: tag for tag, en in STYLE_EN.items()}
_GRADE_BY_EN = {en.lower(): ja for ja, en in GRADE_ROMAJI.items()}


@dataclass(frozen=True, slots=True)
class Fact:
    key: str
    value: str


def facts_from(c: Constraints, budget_said: bool) -> list[Fact]:
    """What a preference statement tells about the user, as facts worth keeping."""
    out: list[Fact] = []
    if c.sweetness_max is not None and c.sweetness_max <= 2:
        out.append(Fact("sweetness", "prefers dry"))
    elif c.sweetness_min is not None and c.sweetness_min >= 3:
        out.append(Fact("sweetness", "prefers sweet"))
    if budget_said and c.price_max is not None:
        out.append(Fact("budget", f"budget {c.price_max} yen"))
    if c.experience is not None:
        out.append(Fact("experience", c.experience))
    if c.body is not None:
        out.append(Fact("body", f"prefers {c.body}"))
    liked = _main_aromas(c.aromas)
    for aroma in liked:
        out.append(Fact(f"likes.{aroma}", f"likes {aroma}"))
    for tag in c.tags:
        name = STYLE_EN.get(tag, tag)
        out.append(Fact(f"likes.{name}", f"likes {name}"))
    for tag in c.avoid_tags:
        name = STYLE_EN.get(tag, tag)
        out.append(Fact(f"dislikes.{name}", f"dislikes {name}"))
    if c.avoid_aromatic:
        out.append(Fact("dislikes.strong_aroma", "dislikes strong aroma"))
    for grade in c.avoid_categories:
        name = GRADE_ROMAJI.get(grade, grade).lower()
        out.append(Fact(f"dislikes.{name.replace(' ', '_')}", f"dislikes {name}"))
    return out


def _main_aromas(aromas: list[str]) -> list[str]:
    # "fruity" arrives expanded into every fruit; remember the word the user used.
    if "fruity" in aromas:
        return ["fruity"]
    return aromas[:3]


def constraints_from(facts: Iterable[tuple[str, str]]) -> Constraints:
    """The limits and wishes remembered facts imply, read by their words."""
    c = Constraints()
    for key, value in facts:
        text = f"{key} {value}".lower()
        if key == "sweetness" or "prefers dry" in text or "prefers sweet" in text:
            if "dry" in text or "辛口" in text:
                c.sweetness_max, c.sweetness_min = 2, None
            elif "sweet" in text or "甘口" in text:
                c.sweetness_min, c.sweetness_max = 3, None
        elif key == "budget" or "budget" in text:
            m = re.search(r"(\d[\d,]*)", value)
            if m is not None:
                c.price_max = int(m.group(1).replace(",", ""))
        elif key == "experience" or "beginner" in text:
            if "beginner" in text:
                c.experience = "beginner"
            elif "advanced" in text or "expert" in text:
                c.experience = "advanced"
        elif key.startswith("dislikes") or "dislike" in text:
            _dislike(c, text)
        elif key.startswith("likes") or text.startswith("likes"):
            _like(c, text)
        elif key == "body":
            c.body = "light" if "light" in text else "rich" if "rich" in text else None
    return c


def _dislike(c: Constraints, text: str) -> None:
    if "aroma" in text or "fragran" in text:
        c.avoid_aromatic = True
    for en, tag in _STYLE_BY_EN.items():
        if en in text and tag not in c.avoid_tags:
            c.avoid_tags.append(tag)
    for en, grade in _GRADE_BY_EN.items():
        if re.search(rf"\b{re.escape(en)}\b", text.replace("_", " ")) and grade not in (
            c.avoid_categories
        ):
            c.avoid_categories.append(grade)


def _like(c: Constraints, text: str) -> None:
    for aroma in sorted(AROMAS):
        if re.search(rf"\b{re.escape(aroma)}\b", text) and aroma not in c.prefer_aromas:
            c.prefer_aromas.append(aroma)
    for en, tag in _STYLE_BY_EN.items():
        if en in text and tag not in c.prefer_tags:
            c.prefer_tags.append(tag)


def merge(stored: Iterable[tuple[str, str]], session: Iterable[tuple[str, str]]) -> list[Fact]:
    """Stored facts with this session's newer ones replacing those of the same key."""
    by_key = {k: Fact(k, v) for k, v in stored}
    by_key.update({k: Fact(k, v) for k, v in session})
    return list(by_key.values())


def source_of(message: str) -> str:
    return message.strip()[:MAX_SOURCE]
