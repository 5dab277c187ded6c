"""Sake detail: everything about one sake, its label terms in plain words, similar sake, brewery."""

from __future__ import annotations

from typing import Any

import streamlit as st

from sakesensei.web.client import ApiError
from sakesensei.web.components import flavor_chart, pairings, sake_facts, sake_title, serving
from sakesensei.web.glossary import label_terms
from sakesensei.web.state import client, page_setup, show_error, t
from sakesensei.web.text import plain

page_setup("sake.title")
api = client()

query = st.text_input(t("sake.search"), key="sake-search")
if query.strip():
    try:
        found = api.get("/api/v1/sakes", q=query.strip(), limit=10)
    except ApiError as error:
        show_error(error)
    else:
        if not found["items"]:
            st.info(t("sake.none"))
        for item in found["items"]:
            if st.button(plain(sake_title(item)), key=f"sake-pick-{item['id']}"):
                st.session_state["sake_id"] = item["id"]

chosen = st.session_state.get("sake_id") or st.query_params.get("id")
if not chosen:
    st.stop()
try:
    sake: dict[str, Any] = api.get(f"/api/v1/sakes/{int(chosen)}")
    similar = api.get(f"/api/v1/sakes/{int(chosen)}/similar", limit=5)
except (ApiError, ValueError) as error:
    if isinstance(error, ApiError):
        show_error(error)
    st.stop()

st.header(plain(sake_title(sake)))
if sake.get("reading"):
    st.caption(plain(sake["reading"]))
sake_facts(sake)
if sake.get("description"):
    st.markdown(plain(sake["description"]))

facts = {
    t("sake.abv"): f"{sake['abv']}%" if sake.get("abv") is not None else None,
    t("sake.polishing"): f"{sake['polishing_ratio']}%" if sake.get("polishing_ratio") else None,
    t("sake.rice"): sake.get("rice"),
    t("sake.smv"): sake.get("smv"),
    t("sake.acidity"): sake.get("acidity"),
    t("sake.tags"): ", ".join(sake.get("tags") or []) or None,
}
for label, value in facts.items():
    if value is not None:
        st.markdown(f"**{plain(label)}**: {plain(value)}")

st.altair_chart(flavor_chart(sake.get("flavor") or {}), width="content")
aromas = (sake.get("flavor") or {}).get("aroma") or []
if aromas:
    st.markdown(f"**{t('flavor.aroma')}**: " + ", ".join(plain(t(f"aroma.{a}")) for a in aromas))
pairings(sake.get("pairings") or [])
serving(sake)

st.subheader(t("sake.terms"))
for term, meaning in label_terms(sake, t):
    st.markdown(f"- **{plain(term)}**: {plain(meaning)}")

if similar["items"]:
    st.subheader(t("sake.similar"))
    for item in similar["items"]:
        other = item["sake"]
        if st.button(plain(sake_title(other)), key=f"similar-{other['id']}"):
            st.session_state["sake_id"] = other["id"]
            st.rerun()
        st.caption(plain(item["why"]))

brewery_id = (sake.get("brewery") or {}).get("id")
if brewery_id:
    try:
        brewery = api.get(f"/api/v1/breweries/{brewery_id}")
    except ApiError as error:
        show_error(error)
    else:
        st.subheader(t("sake.brewery"))
        st.markdown(f"**{plain(brewery['name'])}** · {plain(brewery['prefecture'])}")
        if brewery.get("description"):
            st.markdown(plain(brewery["description"]))
