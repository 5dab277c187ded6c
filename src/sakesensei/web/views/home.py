"""Home: what Sake Sensei does, and the survey a visitor can take for picks at once."""

from __future__ import annotations

import streamlit as st

from sakesensei.web.client import ApiError
from sakesensei.web.components import sake_card
from sakesensei.web.state import client, page_setup, show_error, t
from sakesensei.web.survey_form import survey_form

page_setup("home.title")
st.markdown(t("home.intro"))
for feature in ("survey", "scan", "journal", "chat"):
    st.markdown(f"- {t(f'home.feature.{feature}')}")

api = client()
st.header(t("home.try"))
answers = survey_form("visitor", st.session_state.get("visitor_answers"))
if answers is not None:
    st.session_state["visitor_answers"] = answers
    try:
        st.session_state["visitor_picks"] = api.post(
            "/api/v1/recommendations", {**answers, "limit": 5}
        )
    except ApiError as error:
        show_error(error)

found = st.session_state.get("visitor_picks")
if found is not None:
    st.header(t("picks.title"))
    if not found["items"]:
        st.info(t("picks.none"))
    for pick in found["items"]:
        sake_card(pick, None, f"visitor-{pick['sake']['id']}")
    if not api.signed_in:
        st.info(t("home.keep"))
