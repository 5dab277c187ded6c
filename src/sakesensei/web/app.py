"""The Streamlit entry point: page setup and the navigation (`streamlit run` this file)."""

from __future__ import annotations

import streamlit as st

from sakesensei.web.state import client, t


def main() -> None:
    st.set_page_config(page_title="Sake Sensei 酒先生", page_icon="🍶", layout="centered")
    api = client()
    pages = [
        st.Page("pages/home.py", title=t("nav.home"), icon="🍶", default=True, url_path="home"),
        st.Page("pages/account.py", title=t("nav.account"), icon="🔑", url_path="account"),
        st.Page("pages/survey.py", title=t("nav.survey"), icon="📝", url_path="survey"),
        st.Page("pages/picks.py", title=t("nav.picks"), icon="⭐", url_path="picks"),
        st.Page("pages/chat.py", title=t("nav.chat"), icon="💬", url_path="chat"),
        st.Page("pages/scan.py", title=t("nav.scan"), icon="📷", url_path="scan"),
        st.Page("pages/journal.py", title=t("nav.journal"), icon="📔", url_path="journal"),
        st.Page("pages/sake.py", title=t("nav.sake"), icon="🔎", url_path="sake"),
        st.Page("pages/breweries.py", title=t("nav.breweries"), icon="🏯", url_path="breweries"),
        st.Page("pages/memory.py", title=t("nav.memory"), icon="🧠", url_path="memory"),
    ]
    if api.is_admin:
        pages.append(st.Page("pages/admin.py", title=t("nav.admin"), icon="🛠", url_path="admin"))
    navigation = st.navigation(pages)
    navigation.run()


if __name__ == "__main__":  # streamlit runs this file as __main__
    main()
