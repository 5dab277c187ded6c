"""The survey form, shared by the visitor's home page and the signed-in survey page."""

from __future__ import annotations

from typing import Any

import streamlit as st

from sakesensei.web.state import t

# The API's accepted values (its OpenAPI schema lists them); copied, as the web app may
# not import the domain.
CATEGORIES = (
    "純米大吟醸",
    "大吟醸",
    "純米吟醸",
    "吟醸",
    "特別純米",
    "純米",
    "特別本醸造",
    "本醸造",
    "普通酒",
    "other",
)
AROMAS = (
    "fruity",
    "floral",
    "apple",
    "pear",
    "melon",
    "banana",
    "peach",
    "citrus",
    "grape",
    "tropical",
    "rice",
    "cereal",
    "nutty",
    "lactic",
    "yogurt",
    "umami",
    "earthy",
    "mushroom",
    "herbal",
    "mineral",
    "woody",
    "spice",
    "caramel",
    "honey",
    "dried-fruit",
)
EXPERIENCES = ("beginner", "intermediate", "advanced")
NO_BUDGET = 0


def survey_form(key: str, current: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The answers once submitted (as the API takes them), else None."""
    now = current or {}
    # Labels are looked up now, not in format_func, which may run outside this script run.
    sweetness_labels = {v: t(f"survey.sweetness.{v}") for v in range(1, 6)}
    experience_labels = {v: t(f"experience.{v}") for v in EXPERIENCES}
    category_labels = {v: t("category.other") if v == "other" else v for v in CATEGORIES}
    aroma_labels = {v: t(f"aroma.{v}") for v in AROMAS}
    with st.form(f"survey-{key}"):
        sweetness = st.select_slider(
            t("survey.sweetness"),
            options=[1, 2, 3, 4, 5],
            value=int(now.get("sweetness") or 3),
            format_func=sweetness_labels.__getitem__,
            key=f"{key}-sweetness",
        )
        budget = st.number_input(
            t("survey.budget"),
            min_value=0,
            max_value=1_000_000,
            step=500,
            value=int(now.get("budget_yen") or 3000),
            help=t("survey.budget_help"),
            key=f"{key}-budget",
        )
        experience = st.radio(
            t("survey.experience"),
            EXPERIENCES,
            index=EXPERIENCES.index(now.get("experience") or "beginner"),
            format_func=experience_labels.__getitem__,
            horizontal=True,
            key=f"{key}-experience",
        )
        avoid = st.multiselect(
            t("survey.avoid"),
            CATEGORIES,
            default=[c for c in now.get("avoid_categories") or [] if c in CATEGORIES],
            format_func=category_labels.__getitem__,
            key=f"{key}-avoid",
        )
        aromas = st.multiselect(
            t("survey.aromas"),
            AROMAS,
            default=[a for a in now.get("liked_aromas") or [] if a in AROMAS],
            format_func=aroma_labels.__getitem__,
            key=f"{key}-aromas",
        )
        if not st.form_submit_button(t("survey.submit")):
            return None
    return {
        "sweetness": int(sweetness),
        "budget_yen": int(budget) if budget else None,
        "experience": experience,
        "avoid_categories": list(avoid),
        "liked_aromas": list(aromas),
    }
