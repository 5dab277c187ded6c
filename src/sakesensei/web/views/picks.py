"""Picks: the signed-in user's recommendations as cards, with "tried it" and "not for me"."""

from __future__ import annotations

import streamlit as st

from sakesensei.web.client import ApiError
from sakesensei.web.components import sake_card
from sakesensei.web.state import page_setup, require_login, show_error, t

page_setup("picks.title")
api = require_login()
if api is None:
    st.stop()

limit = st.slider(t("picks.how_many"), 3, 20, 5, key="picks-limit")
try:
    found = api.get("/api/v1/recommendations", limit=limit)
except ApiError as error:
    show_error(error)
    st.stop()

st.caption(t("picks.candidates", candidates=found["candidates"]))
if not found["items"]:
    st.info(t("picks.none"))
for pick in found["items"]:
    sake_card(pick, api, f"pick-{pick['sake']['id']}")
