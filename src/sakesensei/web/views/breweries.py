"""Breweries: browse by region and prefecture; open one to see its sake."""

from __future__ import annotations

import streamlit as st

from sakesensei.web.client import ApiError
from sakesensei.web.components import sake_title
from sakesensei.web.state import client, page_setup, show_error, t
from sakesensei.web.text import plain

# The API's regions, north to south (it accepts these names as the `region` filter).
REGIONS = ("北海道", "東北", "関東", "中部", "北陸", "近畿", "中国", "四国", "九州", "沖縄")

page_setup("breweries.title")
api = client()

region_labels = {"": t("journal.any"), **{r: r for r in REGIONS}}
left, right = st.columns(2)
region = left.selectbox(
    t("breweries.region"),
    ["", *REGIONS],
    format_func=region_labels.__getitem__,
    key="breweries-region",
)
prefecture = right.text_input(t("breweries.prefecture"), key="breweries-prefecture")
query = st.text_input(t("breweries.search"), key="breweries-search")
try:
    found = api.get(
        "/api/v1/breweries",
        region=[region] if region else None,
        prefecture=[prefecture.strip()] if prefecture.strip() else None,
        q=query.strip() or None,
        limit=100,
    )
except ApiError as error:
    show_error(error)
    st.stop()

st.caption(t("breweries.count", total=found["total"]))
by_prefecture: dict[str, list[dict[str, object]]] = {}
for brewery in found["items"]:
    by_prefecture.setdefault(str(brewery["prefecture"]), []).append(brewery)
for name, breweries in by_prefecture.items():
    st.subheader(plain(name))
    for brewery in breweries:
        label = (
            f"{brewery['name']} ({brewery['romaji']})"
            if brewery.get("romaji")
            else str(brewery["name"])
        )
        with st.expander(f"{label} · {t('breweries.sake_count', count=brewery['sake_count'])}"):
            if brewery.get("city") or brewery.get("founded"):
                st.caption(
                    plain(
                        " · ".join(
                            str(x) for x in (brewery.get("city"), brewery.get("founded")) if x
                        )
                    )
                )
            if brewery.get("description"):
                st.markdown(plain(brewery["description"]))
            if st.button(t("breweries.show_sake"), key=f"brewery-{brewery['id']}"):
                st.session_state["brewery_open"] = brewery["id"]
            if st.session_state.get("brewery_open") == brewery["id"]:
                try:
                    detail = api.get(f"/api/v1/breweries/{brewery['id']}")
                except ApiError as error:
                    show_error(error)
                else:
                    for sake in detail["sakes"]:
                        st.markdown(f"- {plain(sake_title(sake))} · {plain(sake['category'])}")
