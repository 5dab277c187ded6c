"""Chat: ask the sommelier; the answer streams in token by token, tools and cards as they come."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import streamlit as st

from sakesensei.web.client import ApiClient, ApiError, ChatEvent
from sakesensei.web.components import sake_card
from sakesensei.web.state import client, language, page_setup, show_error, t
from sakesensei.web.text import plain

page_setup("chat.title")
api = client()
if not api.signed_in:
    st.caption(t("chat.visitor"))

history: list[dict[str, Any]] = st.session_state.setdefault("chat_history", [])


def _cards(api: ApiClient, sake_ids: list[int], turn: int) -> None:
    for sake_id in sake_ids[:3]:
        try:
            sake = api.get(f"/api/v1/sakes/{sake_id}")
        except ApiError:
            continue
        sake_card({"sake": sake}, api, f"chat-{turn}-{sake_id}")


def _show(entry: dict[str, Any], turn: int) -> None:
    with st.chat_message(entry["role"]):
        for tool in entry.get("tools", []):
            st.caption(t("chat.tool", name=tool))
        st.markdown(plain(entry["text"]))
        for notice in entry.get("notices", []):
            st.caption(plain(notice))
        if entry.get("cards"):
            _cards(api, entry["cards"], turn)


def _tokens(events: Iterator[ChatEvent], reply: dict[str, Any], tools: Any) -> Iterator[str]:
    """The answer's text for st.write_stream; the other events are recorded as they pass."""
    for event in events:
        if event.name == "token":
            reply["text"] += event.data.get("text", "")
            yield event.data.get("text", "")
        elif event.name == "tool":
            name = event.data.get("name", "")
            # A tool asked several times in one answer is shown once.
            if event.data.get("status") == "started" and name not in reply["tools"]:
                reply["tools"].append(name)
                tools.caption(t("chat.tool", name=name))
        elif event.name == "cards":
            reply["cards"] = list(event.data.get("sake_ids", []))
        elif event.name == "notice":
            reply["notices"].append(event.data.get("message", ""))
        elif event.name == "done":
            st.session_state["chat_session"] = event.data.get("session_id")
        elif event.name == "error":
            reply["error"] = event.data.get("message", "")


def _chain(*streams: Iterator[str]) -> Iterator[str]:
    for stream in streams:
        yield from stream


for turn, entry in enumerate(history):
    _show(entry, turn)

if st.button(t("chat.new"), key="chat-new"):
    st.session_state["chat_history"] = []
    st.session_state.pop("chat_session", None)
    st.rerun()

question = st.chat_input(t("chat.placeholder"))
if question:
    history.append({"role": "user", "text": question})
    with st.chat_message("user"):
        st.markdown(plain(question))
    reply: dict[str, Any] = {"role": "assistant", "text": "", "tools": [], "notices": []}
    with st.chat_message("assistant"):
        tools = st.container()
        try:
            events = api.chat(question, st.session_state.get("chat_session"), language())
            tokens = _tokens(events, reply, tools)
            with st.spinner(t("chat.thinking")):
                # The spinner covers the wait for the first token; tool calls made
                # meanwhile already show above it.
                first = next(tokens, None)
            st.write_stream(_chain(iter([first] if first is not None else []), tokens))
        except ApiError as error:
            show_error(error)
        for notice in reply["notices"]:
            st.caption(plain(notice))
        if reply.get("error"):
            st.error(plain(reply["error"]))
    history.append(reply)
    if reply.get("cards"):
        _cards(api, reply["cards"], len(history))
