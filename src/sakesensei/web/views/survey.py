"""Survey: the signed-in user's taste answers, read from and saved to the API."""

from __future__ import annotations

import streamlit as st

from sakesensei.web.client import ApiError
from sakesensei.web.state import go, page_setup, require_login, show_error, t
from sakesensei.web.survey_form import survey_form

page_setup("survey.title")
api = require_login()
if api is None:
    st.stop()

try:
    current = api.get("/api/v1/me/preferences")
except ApiError as error:
    show_error(error)
    st.stop()

answers = survey_form("account", current)
if answers is not None:
    try:
        api.put("/api/v1/me/preferences", answers)
    except ApiError as error:
        show_error(error)
    else:
        st.session_state["flash"] = t("survey.saved")
        go("views/picks.py")
