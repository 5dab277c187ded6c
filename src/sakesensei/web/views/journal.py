"""Journal: what the user drank, filtered; charts of their ratings and taste; export."""

from __future__ import annotations

from datetime import date
from typing import Any

import altair as alt
import streamlit as st

from sakesensei.web.client import ApiError
from sakesensei.web.components import flavor_chart, records
from sakesensei.web.state import page_setup, require_login, show_error, t
from sakesensei.web.survey_form import CATEGORIES
from sakesensei.web.text import plain

page_setup("journal.title")
api = require_login()
if api is None:
    st.stop()

category_labels = {"": t("journal.any"), **{c: c for c in CATEGORIES}}
with st.expander(t("journal.filters"), expanded=False):
    left, right = st.columns(2)
    date_from = left.date_input(t("journal.from"), value=None, key="journal-from")
    date_to = right.date_input(t("journal.to"), value=None, key="journal-to")
    rating_min, rating_max = st.slider(t("journal.ratings"), 1, 5, (1, 5), key="journal-ratings")
    category = st.selectbox(
        t("journal.category"),
        ["", *CATEGORIES],
        format_func=category_labels.__getitem__,
        key="journal-category",
    )

params: dict[str, Any] = {
    "date_from": date_from.isoformat() if isinstance(date_from, date) else None,
    "date_to": date_to.isoformat() if isinstance(date_to, date) else None,
    "rating_min": rating_min,
    "rating_max": rating_max,
    "category": category or None,
    "limit": 100,
}
try:
    found = api.get("/api/v1/me/tastings", **params)
    stats = api.get("/api/v1/me/tastings/stats")
except ApiError as error:
    show_error(error)
    st.stop()

st.caption(t("journal.count", shown=len(found["items"]), total=found["total"]))
if not found["items"]:
    st.info(t("journal.empty"))
for item in found["items"]:
    with st.container(border=True):
        sake = item["sake"]
        st.markdown(
            f"**{plain(sake['name'])}** · {plain(sake['brewery']['name'])} · "
            f"{plain(sake['brewery']['prefecture'])} · {plain(sake['category'])}"
        )
        st.markdown(f"{'★' * item['rating']}{'☆' * (5 - item['rating'])} · {item['tasted_on']}")
        if item.get("notes"):
            st.text(item["notes"])

if stats["count"]:
    st.header(t("journal.stats"))
    points = [{"date": i["tasted_on"], "rating": i["rating"]} for i in found["items"]]
    if points:
        st.subheader(t("journal.over_time"))
        st.altair_chart(
            alt.Chart(records(points))
            .mark_line(point=True)
            .encode(
                x=alt.X("date:T", title=t("journal.date")),
                y=alt.Y("rating:Q", scale=alt.Scale(domain=[1, 5]), title=t("rate.rating")),
            ),
            width="stretch",
        )
    for group, field in (("by_category", "category"), ("by_prefecture", "prefecture")):
        rows = stats[group]
        if rows:
            st.subheader(t(f"journal.{group}"))
            st.altair_chart(
                alt.Chart(records(rows))
                .mark_bar()
                .encode(
                    x=alt.X(f"{field}:N", title=None, sort="-y"),
                    y=alt.Y(
                        "average_rating:Q",
                        scale=alt.Scale(domain=[0, 5]),
                        title=t("journal.average"),
                    ),
                    tooltip=[f"{field}:N", "count:Q", "average_rating:Q"],
                ),
                width="stretch",
            )
    liked = stats["rated_high"]
    if liked["count"]:
        st.subheader(t("journal.liked_flavor"))
        aroma = [a["aroma"] for a in liked["top_aromas"]]
        st.altair_chart(flavor_chart({**liked, "aroma": aroma}), width="content")

st.header(t("journal.export"))
kind = st.radio(t("journal.format"), ("csv", "json"), horizontal=True, key="journal-format")
if st.button(t("journal.prepare"), key="journal-prepare"):
    try:
        data, name = api.download("/api/v1/me/export", format=kind)
    except ApiError as error:
        show_error(error)
    else:
        st.session_state["export"] = (
            data,
            name or f"sakesensei-export.{'zip' if kind == 'csv' else 'json'}",
            kind,
        )
export = st.session_state.get("export")
if export is not None:
    data, name, exported = export
    st.download_button(
        t("journal.download", name=name),
        data=data,
        file_name=name,
        mime="application/zip" if exported == "csv" else "application/json",
        key="journal-download",
    )
