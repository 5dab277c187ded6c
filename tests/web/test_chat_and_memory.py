"""Chat streams the sommelier's answer with its cards; memory shows and forgets facts."""

from __future__ import annotations

from sakesensei.web.messages.en import MESSAGES as EN
from tests.web.conftest import Page, WebApi, button, texts


def test_a_visitor_asks_and_the_answer_streams_in(page: Page) -> None:
    app = page("chat").run()
    assert EN["chat.visitor"] in texts(app)
    app.chat_input[0].set_value("Recommend a dry sake under 3000 yen").run()
    assert not app.exception
    history = app.session_state["chat_history"]
    assert [h["role"] for h in history] == ["user", "assistant"]
    answer = history[1]
    assert answer["text"].strip(), answer
    assert not answer.get("error")
    if answer.get("cards"):
        assert app.get("vega_lite_chart"), "named sake are shown as cards"


def test_a_signed_in_conversation_is_remembered_and_can_be_forgotten(
    page: Page, web_api: WebApi
) -> None:
    _, tokens = web_api.user()
    app = page("chat", tokens).run()
    app.chat_input[0].set_value("I prefer dry sake and my budget is 3000 yen").run()
    assert not app.exception
    assert app.session_state["chat_session"]
    app.chat_input[0].set_value("What would you pick for grilled fish?").run()
    assert [h["role"] for h in app.session_state["chat_history"]] == ["user", "assistant"] * 2
    # The second message continued the same conversation; the page replays the first.
    assert "I prefer dry sake" in texts(app)

    memory = page("memory", tokens).run()
    assert not memory.exception
    facts = web_api.client(tokens).get("/api/v1/memory")["facts"]
    assert facts, "the sommelier learns the sweetness and the budget"
    assert facts[0]["value"] in texts(memory)
    button(memory, EN["memory.delete"]).click().run()
    assert len(web_api.client(tokens).get("/api/v1/memory")["facts"]) == len(facts) - 1
    memory.checkbox(key="forget-all-confirm").check().run()
    button(memory, EN["memory.delete_all"]).click().run()
    assert web_api.client(tokens).get("/api/v1/memory") == {"facts": [], "summaries": []}
    assert EN["memory.empty"] in texts(memory)
