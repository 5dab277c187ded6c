"""Scan: photograph or upload a label; see what was read, the match, how it suits you, log it."""

from __future__ import annotations

from typing import Any

import streamlit as st

from sakesensei.web.client import ApiClient, ApiError
from sakesensei.web.components import reason_text, sake_card
from sakesensei.web.state import client, page_setup, show_error, t
from sakesensei.web.text import plain

page_setup("scan.title")
api = client()

sources = {v: t(f"scan.{v}") for v in ("upload", "camera")}
source = st.radio(
    t("scan.source"),
    ("upload", "camera"),
    format_func=sources.__getitem__,
    horizontal=True,
    key="scan-source",
)
if source == "camera":
    photo = st.camera_input(t("scan.camera"), key="scan-camera")
else:
    photo = st.file_uploader(t("scan.upload"), type=["jpg", "jpeg", "png", "webp"], key="scan-file")

if photo is not None and st.session_state.get("scan_photo_id") != photo.file_id:
    try:
        with st.spinner(t("scan.reading")):
            result = api.scan(photo.getvalue(), photo.name, photo.type or "image/jpeg")
    except ApiError as error:
        show_error(error)
    else:
        st.session_state["scan_photo_id"] = photo.file_id
        st.session_state["scan_result"] = result


def _log_form(api: ApiClient, scan: dict[str, Any], options: list[dict[str, Any]]) -> None:
    """Confirm which sake it is and (with a rating) put it in the journal."""
    with st.form("scan-log"):
        chosen = st.radio(
            t("scan.which"),
            [o["sake_id"] for o in options],
            format_func=lambda i: next(
                f"{o['name']} — {o['brewery']}" for o in options if o["sake_id"] == i
            ),
            key="scan-choice",
        )
        rating = st.slider(t("rate.rating"), 1, 5, 4, key="scan-rating")
        notes = st.text_area(t("rate.notes"), key="scan-notes", max_chars=2000)
        if st.form_submit_button(t("scan.log")):
            body: dict[str, Any] = {"sake_id": chosen, "rating": rating}
            if notes.strip():
                body["notes"] = notes.strip()
            try:
                api.post(f"/api/v1/scan/{scan['scan_id']}/choice", body)
            except ApiError as error:
                show_error(error)
            else:
                st.session_state["flash"] = t("scan.logged")
                st.session_state.pop("scan_result", None)
                st.rerun()


scan = st.session_state.get("scan_result")
if scan is not None:
    st.subheader(t("scan.read"))
    st.code(scan["read_text"] or t("scan.nothing_read"), language=None)
    st.progress(
        min(max(float(scan["confidence"]), 0.0), 1.0),
        text=t("scan.confidence", percent=round(100 * float(scan["confidence"]))),
    )
    if scan["match"]:
        st.success(
            t(
                "scan.match",
                name=plain(scan["match"]["name"]),
                brewery=plain(scan["match"]["brewery"]),
            )
        )
    else:
        st.warning(t("scan.unsure"))
    fit = scan.get("fit")
    if fit:
        st.markdown(f"**{t('scan.fit', score=round(fit['score']))}**")
        for reason in fit["reasons"]:
            st.markdown(f"- {plain(reason_text(reason))}")
        for conflict in fit["conflicts"]:
            st.markdown(f"- ⚠️ {plain(reason_text(conflict))}")
    if scan.get("sake"):
        sake_card({"sake": scan["sake"]}, None, "scan-match")
    options = [scan["match"]] if scan["match"] else []
    options += [
        c for c in scan["candidates"] if not options or c["sake_id"] != options[0]["sake_id"]
    ]
    if not scan["match"] and scan["candidates"]:
        st.markdown(f"**{t('scan.candidates')}**")
        for candidate in scan["candidates"]:
            st.markdown(
                f"- {plain(candidate['name'])} — {plain(candidate['brewery'])} "
                f"({round(100 * candidate['score'])}%)"
            )
    if scan.get("similar"):
        with st.expander(t("scan.similar")):
            for item in scan["similar"]:
                st.markdown(f"- {plain(item['sake']['name'])}: {plain(item['why'])}")
    if not api.signed_in or not scan.get("scan_id"):
        st.info(t("scan.login_to_log"))
    elif options:
        _log_form(api, scan, options)
