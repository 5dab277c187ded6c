"""Admin (admins only): edit and import the catalog, manage users and the blocklist."""

from __future__ import annotations

from typing import Any

import streamlit as st

from sakesensei.web.catalog_import import import_records, read_records
from sakesensei.web.client import ApiClient, ApiError
from sakesensei.web.components import sake_title
from sakesensei.web.state import page_setup, require_login, show_error, t
from sakesensei.web.text import plain

page_setup("admin.title")
api = require_login()
if api is None:
    st.stop()
if not api.is_admin:
    st.warning(t("admin.only"))
    st.stop()


def _catalog(api: ApiClient) -> None:
    query = st.text_input(t("admin.find_sake"), key="admin-sake-q")
    if not query.strip():
        return
    try:
        found = api.get("/api/v1/sakes", q=query.strip(), limit=5)
    except ApiError as error:
        show_error(error)
        return
    for sake in found["items"]:
        with st.expander(plain(sake_title(sake))), st.form(f"edit-{sake['id']}"):
            price = st.number_input(
                t("admin.price"),
                min_value=0,
                value=int(sake.get("price_yen") or 0),
                key=f"price-{sake['id']}",
            )
            where = st.text_input(
                t("sake.where"), value=sake.get("where_to_buy") or "", key=f"where-{sake['id']}"
            )
            description = st.text_area(
                t("admin.description"),
                value=sake.get("description") or "",
                key=f"desc-{sake['id']}",
            )
            if st.form_submit_button(t("admin.save")):
                body: dict[str, Any] = {
                    "where_to_buy": where or None,
                    "description": description or None,
                }
                if price:
                    body["price_yen"] = price
                try:
                    api.patch(f"/api/v1/admin/sakes/{sake['id']}", body)
                except ApiError as error:
                    show_error(error)
                else:
                    st.success(t("admin.saved"))


def _import(api: ApiClient) -> None:
    upload = st.file_uploader(t("admin.import_file"), type=["json", "csv"], key="admin-import")
    if upload is None or not st.button(t("admin.import"), key="admin-import-go"):
        return
    try:
        records = read_records(upload.getvalue(), upload.name)
    except (ValueError, UnicodeDecodeError) as error:
        st.error(t("admin.import_unreadable", detail=plain(error)))
        return
    report = import_records(api, records)
    st.success(t("admin.import_report", loaded=len(report.loaded), rejected=len(report.rejected)))
    for row, name, why in report.rejected:
        st.markdown(f"- {t('admin.row', row=row)} {plain(name)}: {plain(why)}")


def _users(api: ApiClient) -> None:
    email = st.text_input(t("admin.user_search"), key="admin-user-q")
    try:
        users = api.get("/api/v1/admin/users", email=email.strip() or None, limit=50)
    except ApiError as error:
        show_error(error)
        return
    st.caption(t("admin.user_count", total=users["total"]))
    for user in users["items"]:
        with st.container(border=True):
            flags = [
                user["role"],
                t("admin.verified") if user["verified"] else t("admin.unverified"),
            ]
            if user["locked"]:
                flags.append(t("admin.locked"))
            st.markdown(f"**{plain(user['email'])}** · {plain(' · '.join(flags))}")
            verify, unlock = st.columns(2)
            if not user["verified"] and verify.button(
                t("admin.verify"), key=f"verify-{user['id']}"
            ):
                _patch_user(api, user["id"], {"verified": True})
            if user["locked"] and unlock.button(t("admin.unlock"), key=f"unlock-{user['id']}"):
                _patch_user(api, user["id"], {"unlock": True})


def _patch_user(api: ApiClient, user_id: str, body: dict[str, Any]) -> None:
    try:
        api.patch(f"/api/v1/admin/users/{user_id}", body)
    except ApiError as error:
        show_error(error)
    else:
        st.rerun()


def _blocklist(api: ApiClient) -> None:
    with st.form("block-add"):
        network = st.text_input(t("admin.network"), key="block-network")
        reason = st.text_input(t("admin.reason"), key="block-reason")
        if st.form_submit_button(t("admin.block")):
            try:
                api.post(
                    "/api/v1/admin/blocklist",
                    {"network": network.strip(), "reason": reason or None},
                )
            except ApiError as error:
                show_error(error)
    try:
        rules = api.get("/api/v1/admin/blocklist")
    except ApiError as error:
        show_error(error)
        return
    for rule in rules["items"]:
        left, right = st.columns([3, 1])
        left.markdown(f"`{rule['network']}` {plain(rule.get('reason') or '')}")
        if right.button(t("admin.unblock"), key=f"unblock-{rule['network']}"):
            try:
                api.delete("/api/v1/admin/blocklist", network=rule["network"])
            except ApiError as error:
                show_error(error)
            else:
                st.rerun()


catalog, importing, users, blocklist = st.tabs(
    [t("admin.catalog"), t("admin.import"), t("admin.users"), t("admin.blocklist")]
)
with catalog:
    _catalog(api)
with importing:
    _import(api)
with users:
    _users(api)
with blocklist:
    _blocklist(api)
