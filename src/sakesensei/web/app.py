"""The Streamlit entry point: page setup and the navigation (`streamlit run` this file)."""

from __future__ import annotations

import streamlit as st

from sakesensei.web.state import client, t


def main() -> None:
    st.set_page_config(page_title="Sake Sensei 酒先生", page_icon="🍶", layout="centered")
    api = client()
    pages = [
        st.Page("views/home.py", title=t("nav.home"), icon="🍶", default=True, url_path="home"),
        st.Page("views/account.py", title=t("nav.account"), icon="🔑", url_path="account"),
        st.Page("views/survey.py", title=t("nav.survey"), icon="📝", url_path="survey"),
        st.Page("views/picks.py", title=t("nav.picks"), icon="⭐", url_path="picks"),
        st.Page("views/chat.py", title=t("nav.chat"), icon="💬", url_path="chat"),
        st.Page("views/scan.py", title=t("nav.scan"), icon="📷", url_path="scan"),
        st.Page("views/journal.py", title=t("nav.journal"), icon="📔", url_path="journal"),
        st.Page("views/sake.py", title=t("nav.sake"), icon="🔎", url_path="sake"),
        st.Page("views/breweries.py", title=t("nav.breweries"), icon="🏯", url_path="breweries"),
        st.Page("views/memory.py", title=t("nav.memory"), icon="🧠", url_path="memory"),
    ]
    if api.is_admin:
        pages.append(st.Page("views/admin.py", title=t("nav.admin"), icon="🛠", url_path="admin"))
    navigation = st.navigation(pages)
    navigation.run()


# Streamlit runs this file as a script (its __name__ is not "__main__"), once per rerun.
main()
