"""Pieces several pages show: a sake card, its flavour chart, the score bar, safe text."""

from __future__ import annotations

import math
from typing import Any

import altair as alt
import streamlit as st

from sakesensei.web.client import ApiClient, ApiError
from sakesensei.web.state import go, language, show_error, t
from sakesensei.web.text import plain


def reason_text(reason: dict[str, str]) -> str:
    return reason.get(language()) or reason.get("en") or ""


def yen(value: int | None) -> str:
    return f"¥{value:,}" if value is not None else t("common.unknown")


def records(rows: list[dict[str, Any]]) -> alt.Data:
    """Rows as inline chart data (no data frame library needed)."""
    data: alt.Data = alt.Data(values=rows)  # type: ignore[no-untyped-call]
    return data


def _point(axis: int, count: int, value: float) -> tuple[float, float]:
    angle = 2 * math.pi * axis / count
    return round(value * math.sin(angle), 3), round(value * math.cos(angle), 3)


def flavor_chart(flavor: dict[str, Any]) -> alt.LayerChart:
    """A radar of sweetness, acidity, body and aroma, each axis 0-5."""
    axes = [
        (t("flavor.sweetness"), flavor.get("sweetness")),
        (t("flavor.acidity"), flavor.get("acidity")),
        (t("flavor.body"), flavor.get("body")),
        # Aroma has no 1-5 score; how many notes it shows stands for its strength.
        (t("flavor.aroma"), min(5, 1 + len(flavor.get("aroma") or []))),
    ]
    count = len(axes)
    shape = []
    for i, (name, value) in enumerate([*axes, axes[0]]):  # back to the start to close it
        x, y = _point(i % count, count, float(value or 0))
        shape.append({"x": x, "y": y, "order": i, "axis": name, "value": float(value or 0)})
    grid = []
    for i in range(count):
        x, y = _point(i, count, 5.0)
        grid += [{"x": 0.0, "y": 0.0, "line": i, "o": 0}, {"x": x, "y": y, "line": i, "o": 1}]
    for i in range(count + 1):
        x, y = _point(i % count, count, 5.0)
        grid.append({"x": x, "y": y, "line": count, "o": i})
    labels = []
    for i, (name, _) in enumerate(axes):
        x, y = _point(i, count, 6.2)
        labels.append({"x": x, "y": y, "axis": name})
    scale = alt.Scale(domain=[-7, 7])
    across = alt.X("x:Q", scale=scale, axis=None)
    up = alt.Y("y:Q", scale=scale, axis=None)
    frame = (
        alt.Chart(records(grid))
        .mark_line(color="#ccc", strokeWidth=1)
        .encode(x=across, y=up, detail="line:N", order="o:Q")
    )
    area = (
        alt.Chart(records(shape))
        .mark_line(point=True, color="#c0392b", strokeWidth=2)
        .encode(x=across, y=up, order="order:Q", tooltip=["axis:N", "value:Q"])
    )
    text = alt.Chart(records(labels)).mark_text(fontSize=12).encode(x=across, y=up, text="axis:N")
    chart: alt.LayerChart = (frame + area + text).properties(width=220, height=220)
    return chart


def score_bar(score: float, parts: dict[str, Any] | None, reasons: list[dict[str, str]]) -> None:
    st.progress(min(max(score / 100, 0.0), 1.0), text=t("picks.score", score=round(score)))
    for reason in reasons:
        st.markdown(f"- {plain(reason_text(reason))}")
    if parts:
        with st.expander(t("picks.parts")):
            for name, part in parts.items():
                label = t(f"part.{name}")
                st.markdown(f"**{plain(label)}**: {part['points']:.0f} / {part['max']}")
                for reason in part.get("reasons", []):
                    st.markdown(f"  - {plain(reason_text(reason))}")


def sake_facts(sake: dict[str, Any]) -> None:
    brewery = sake.get("brewery") or {}
    st.markdown(
        " · ".join(
            plain(x)
            for x in (
                brewery.get("name"),
                brewery.get("prefecture"),
                sake.get("category"),
                yen(sake.get("price_yen"))
                + (f" / {sake['volume_ml']}ml" if sake.get("volume_ml") else ""),
            )
            if x
        )
    )


def pairings(items: list[dict[str, str]]) -> None:
    if not items:
        return
    st.markdown(f"**{t('sake.pairings')}**")
    for pairing in items[:5]:
        st.markdown(f"- **{plain(pairing['dish'])}**: {plain(pairing.get('why', ''))}")


def serving(sake: dict[str, Any]) -> None:
    temperatures = ", ".join(sake.get("temperatures") or []) or t("common.unknown")
    st.markdown(f"**{t('sake.temperature')}**: {plain(temperatures)}")
    st.markdown(f"**{t('sake.where')}**: {plain(sake.get('where_to_buy') or t('common.unknown'))}")


def sake_title(sake: dict[str, Any]) -> str:
    english = sake.get("romaji")
    return f"{sake['name']} ({english})" if english else str(sake["name"])


def rating_form(api: ApiClient, sake_id: int, key: str) -> None:
    """The "tried it" form: stars and notes, saved to the journal."""
    with st.form(f"rate-{key}"):
        rating = st.slider(t("rate.rating"), 1, 5, 4, key=f"rating-{key}")
        notes = st.text_area(t("rate.notes"), key=f"notes-{key}", max_chars=2000)
        if st.form_submit_button(t("rate.save")):
            body: dict[str, Any] = {"sake_id": sake_id, "rating": rating}
            if notes.strip():
                body["notes"] = notes.strip()
            try:
                api.post("/api/v1/me/tastings", body)
            except ApiError as error:
                show_error(error)
            else:
                st.session_state.pop(f"rating-open-{key}", None)
                st.session_state["flash"] = t("rate.saved")
                st.rerun()


def not_for_me(api: ApiClient, sake_id: int) -> None:
    """A dislike is a 1-star journal entry: the recommender then steers away from its traits."""
    try:
        api.post(
            "/api/v1/me/tastings",
            {"sake_id": sake_id, "rating": 1, "notes": t("picks.disliked_note")},
        )
    except ApiError as error:
        show_error(error)
    else:
        st.session_state["flash"] = t("picks.disliked")
        st.rerun()


def sake_card(pick: dict[str, Any], api: ApiClient | None, key: str) -> None:
    """One pick: facts, score with reasons, flavour, pairings, serving, and the actions."""
    sake = pick["sake"]
    with st.container(border=True):
        st.subheader(plain(sake_title(sake)))
        sake_facts(sake)
        if "score" in pick:
            score_bar(pick["score"], pick.get("parts"), pick.get("reasons", []))
        left, right = st.columns([1, 1])
        with left:
            st.altair_chart(flavor_chart(sake.get("flavor") or {}), width="content")
        with right:
            pairings(pick.get("pairings") or sake.get("pairings") or [])
            serving(sake)
        if st.button(t("sake.details"), key=f"detail-{key}"):
            st.session_state["sake_id"] = sake["id"]
            go("views/sake.py")
        if api is None or not api.signed_in:
            return
        tried, dislike = st.columns(2)
        if tried.button(t("picks.tried"), key=f"tried-{key}"):
            st.session_state[f"rating-open-{key}"] = True
        if dislike.button(t("picks.not_for_me"), key=f"dislike-{key}"):
            not_for_me(api, sake["id"])
        if st.session_state.get(f"rating-open-{key}"):
            rating_form(api, sake["id"], key)
