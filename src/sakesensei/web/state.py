"""What every page shares: the API client of this browser session, the language, errors."""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from typing import Any, cast

import streamlit as st
from streamlit.errors import StreamlitAPIException

from sakesensei.web.client import ApiClient, ApiError
from sakesensei.web.i18n import DEFAULT, LANGUAGES, translate
from sakesensei.web.text import plain

API_URL_ENV = "SAKESENSEI_API_URL"
DEFAULT_API_URL = "http://127.0.0.1:8000"


def api_url() -> str:
    return os.environ.get(API_URL_ENV, DEFAULT_API_URL).rstrip("/")


def language() -> str:
    chosen = st.session_state.get("language", DEFAULT)
    return chosen if chosen in LANGUAGES else DEFAULT


def t(key: str, **values: Any) -> str:
    """The message `key` in the language this session chose."""
    return translate(language(), key, **values)


def client() -> ApiClient:
    """This session's client; its tokens live in the session state, so they survive reruns."""
    tokens = cast(MutableMapping[str, Any], st.session_state.setdefault("auth", {}))
    return ApiClient(api_url(), tokens)


def show_error(error: ApiError) -> None:
    # The API's message may quote what the user typed; st.error renders markdown.
    st.error(t("error.api", status=error.status, detail=plain(error.detail)))


def language_switch() -> None:
    """The 日本語/English switch; every string on the page follows it."""
    st.session_state.setdefault("language", DEFAULT)
    st.sidebar.radio(
        "Language / 言語",
        list(LANGUAGES),
        format_func=lambda code: LANGUAGES[code],
        key="language",
        horizontal=True,
    )


def require_login() -> ApiClient | None:
    """The client when signed in; otherwise a note pointing at the log-in page."""
    api = client()
    if not api.signed_in:
        st.info(t("auth.needed"))
        return None
    return api


def page_setup(title_key: str) -> None:
    """The first lines of every page: the language switch, who is signed in, the title."""
    language_switch()
    api = client()
    if api.signed_in:
        st.sidebar.caption(t("auth.signed_in_as", email=plain(api.tokens.get("email", ""))))
        if st.sidebar.button(t("auth.logout"), key="logout"):
            api.logout()
            st.session_state["flash"] = t("auth.logged_out")
            st.rerun()
    st.title(t(title_key))
    message = st.session_state.pop("flash", None)
    if message:
        st.success(message)


def go(page: str) -> None:
    """Open another page ("views/picks.py"); a no-op where the page is run on its own."""
    try:
        st.switch_page(page)
    except StreamlitAPIException:
        # A page run by itself (as the page tests run it) has no navigation to switch in.
        st.rerun()
