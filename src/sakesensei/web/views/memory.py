"""Memory: what the sommelier remembers about the user, each fact deletable, or all at once."""

from __future__ import annotations

import streamlit as st

from sakesensei.web.client import ApiError
from sakesensei.web.state import page_setup, require_login, show_error, t
from sakesensei.web.text import plain

page_setup("memory.title")
api = require_login()
if api is None:
    st.stop()

try:
    memory = api.get("/api/v1/memory")
except ApiError as error:
    show_error(error)
    st.stop()

st.caption(t("memory.intro"))
if not memory["facts"] and not memory["summaries"]:
    st.info(t("memory.empty"))
for fact in memory["facts"]:
    with st.container(border=True):
        st.markdown(f"**{plain(fact['key'])}**: {plain(fact['value'])}")
        if fact.get("source"):
            st.caption(t("memory.source", source=plain(fact["source"])))
        if st.button(t("memory.delete"), key=f"forget-{fact['id']}"):
            try:
                api.delete(f"/api/v1/memory/{fact['id']}")
            except ApiError as error:
                show_error(error)
            else:
                st.session_state["flash"] = t("memory.deleted")
                st.rerun()
if memory["summaries"]:
    st.subheader(t("memory.summaries"))
    for summary in memory["summaries"]:
        st.markdown(f"- {plain(summary['summary'])}")
if memory["facts"] or memory["summaries"]:
    confirm = st.checkbox(t("memory.confirm_all"), key="forget-all-confirm")
    if st.button(t("memory.delete_all"), key="forget-all", disabled=not confirm):
        try:
            api.delete("/api/v1/memory")
        except ApiError as error:
            show_error(error)
        else:
            st.session_state["flash"] = t("memory.deleted_all")
            st.rerun()
