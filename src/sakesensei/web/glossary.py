"""Which label terms a sake carries, each with its plain-words meaning from the catalogs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Terms with an entry "term.<term>" in the message catalogs.
GRADES = (
    "純米大吟醸",
    "大吟醸",
    "純米吟醸",
    "吟醸",
    "特別純米",
    "純米",
    "特別本醸造",
    "本醸造",
    "普通酒",
)
STYLES = (
    "スパークリング",
    "にごり",
    "生酛",
    "山廃",
    "古酒",
    "生酒",
    "生詰",
    "ひやおろし",
    "原酒",
    "無濾過",
    "樽酒",
    "貴醸酒",
)


def label_terms(sake: dict[str, Any], t: Callable[..., str]) -> list[tuple[str, str]]:
    """(term, meaning) for the grade, the numbers on the label and each style tag."""
    terms: list[tuple[str, str]] = []
    if sake.get("category") in GRADES:
        terms.append((sake["category"], t(f"term.{sake['category']}")))
    if sake.get("polishing_ratio"):
        terms.append(("精米歩合", t("term.精米歩合", value=sake["polishing_ratio"])))
    if sake.get("smv") is not None:
        terms.append(("日本酒度", t("term.日本酒度", value=sake["smv"])))
    if sake.get("acidity") is not None:
        terms.append(("酸度", t("term.酸度", value=sake["acidity"])))
    for tag in sake.get("tags") or []:
        if tag in STYLES:
            terms.append((tag, t(f"term.{tag}")))
    return terms
