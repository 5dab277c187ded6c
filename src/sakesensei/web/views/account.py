"""Sign up, verify the address, log in, reset the password, log out."""

from __future__ import annotations

import streamlit as st

from sakesensei.web.client import ApiError
from sakesensei.web.state import client, page_setup, show_error, t
from sakesensei.web.text import plain

page_setup("account.title")
api = client()

if api.signed_in:
    st.success(t("auth.signed_in_as", email=plain(api.tokens.get("email", ""))))
    if st.button(t("auth.logout"), key="logout-main"):
        api.logout()
        st.session_state["flash"] = t("auth.logged_out")
        st.rerun()
    st.stop()

login, signup, verify, reset = st.tabs(
    [t("account.login"), t("account.signup"), t("account.verify"), t("account.reset")]
)

with login, st.form("login"):
    email = st.text_input(t("account.email"), key="login-email")
    password = st.text_input(t("account.password"), type="password", key="login-password")
    if st.form_submit_button(t("account.login")):
        try:
            api.login(email.strip(), password)
        except ApiError as error:
            show_error(error)
        else:
            st.session_state["flash"] = t("account.welcome")
            st.rerun()

with signup, st.form("signup"):
    email = st.text_input(t("account.email"), key="signup-email")
    password = st.text_input(t("account.password"), type="password", key="signup-password")
    keep = st.checkbox(t("account.keep_survey"), value=True, key="signup-keep")
    if st.form_submit_button(t("account.signup")):
        body: dict[str, object] = {"email": email.strip(), "password": password}
        answers = st.session_state.get("visitor_answers")
        if keep and answers:
            body["preferences"] = answers
        try:
            api.post("/api/v1/auth/register", body)
        except ApiError as error:
            show_error(error)
        else:
            # The verify form is drawn below in this same run, so its field can be filled.
            st.session_state["verify-email"] = email.strip()
            st.success(t("account.registered"))

with verify, st.form("verify"):
    email = st.text_input(t("account.email"), key="verify-email")
    code = st.text_input(t("account.code"), key="verify-code")
    if st.form_submit_button(t("account.verify")):
        try:
            api.post("/api/v1/auth/verify", {"email": email.strip(), "code": code.strip()})
        except ApiError as error:
            show_error(error)
        else:
            st.success(t("account.verified"))
    if st.form_submit_button(t("account.resend")):
        try:
            api.post("/api/v1/auth/verify/resend", {"email": email.strip()})
        except ApiError as error:
            show_error(error)
        else:
            st.info(t("account.resent"))

with reset:
    with st.form("reset-request"):
        email = st.text_input(t("account.email"), key="reset-email")
        if st.form_submit_button(t("account.reset_send")):
            try:
                api.post("/api/v1/auth/password-reset", {"email": email.strip()})
            except ApiError as error:
                show_error(error)
            else:
                st.info(t("account.reset_sent"))
    with st.form("reset-confirm"):
        email = st.text_input(t("account.email"), key="reset-confirm-email")
        code = st.text_input(t("account.code"), key="reset-code")
        password = st.text_input(t("account.new_password"), type="password", key="reset-password")
        if st.form_submit_button(t("account.reset_confirm")):
            try:
                api.post(
                    "/api/v1/auth/password-reset/confirm",
                    {"email": email.strip(), "code": code.strip(), "new_password": password},
                )
            except ApiError as error:
                show_error(error)
            else:
                st.success(t("account.reset_done"))
