"""The chat with an OpenAI-compatible provider: a local fake server over real HTTP.

Tool calls flow through the registry with the caller's own context, the answer streams,
and a provider that is down, slow to start, or killed mid-answer hands the answer to
the built-in sommelier with a notice and never an error.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from sakesensei.agent.tools import TOOLS
from sakesensei.bootstrap import Container
from sakesensei.services.shipped_catalog import ensure_catalog
from tests.api.conftest import PASSWORD
from tests.api.test_tastings import log, pick
from tests.support.chat_client import ChatResult, chat
from tests.support.fake_llm import INVENTED, FakeLlm
from tests.support.instances import app_instance, instance_container
from tests.support.servers import free_port


@dataclass
class LlmApi:
    base: str
    container: Container
    http: httpx.Client
    fake: FakeLlm

    def user(self, email: str) -> dict[str, str]:
        self.container.accounts.create_user(email, PASSWORD, verified=True)
        response = self.http.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    def last_request(self) -> dict[str, Any]:
        return self.fake.requests()[-1]


@pytest.fixture(scope="module")
def _llm_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlmApi]:
    fake = FakeLlm(free_port()).start()
    container = instance_container(
        tmp_path_factory.mktemp("chat-llm"),
        llm_provider="openai",
        llm_base_url=f"{fake.base}/v1",
        llm_model="fake-model",
        llm_api_key="sk-fake",
        # The fake's slow start takes 10 s; a second is plenty for its normal answers.
        llm_first_token_timeout_seconds=1.0,
        chat_rate_limit_requests=0,
    )
    ensure_catalog(container.uow)
    try:
        with app_instance(container) as base, httpx.Client(base_url=base, timeout=60) as http:
            yield LlmApi(base, container, http, fake)
    finally:
        fake.stop()
        container.close()


@pytest.fixture
def llm(_llm_api: LlmApi) -> LlmApi:
    if not _llm_api.fake.alive:  # an earlier test killed it
        _llm_api.fake.start()
    return _llm_api


def _answered(result: ChatResult) -> None:
    assert result.status == 200, result.problem
    names = [name for name, _ in result.events]
    assert names[-1] == "done" and "error" not in names, names


def _tool_steps(result: ChatResult) -> list[tuple[str, str]]:
    return [(t["name"], t["status"]) for t in result.named("tool")]


def test_tool_calls_flow_through_and_the_answer_streams(llm: LlmApi) -> None:
    result = chat(llm.http, "[search dassai] which one?")
    _answered(result)
    assert _tool_steps(result) == [("search_sake", "started"), ("search_sake", "ok")]
    assert result.named("tool")[0]["arguments"] == {"query": "dassai", "limit": 3}
    assert len(result.named("token")) > 3 and not result.named("notice")
    assert result.text.startswith("I found ")
    # The card is the sake the answer names, out of what the tool returned.
    sent = llm.last_request()
    found = json.loads(sent["messages"][-1]["content"])
    first = found["items"][0]
    assert result.cards == [first["id"]] and first["name"] in result.text
    # The model was offered the registry's tools, with their own schemas.
    offered = {t["function"]["name"]: t["function"] for t in sent["tools"]}
    catalog_tools = {t.name for t in TOOLS if not t.user_scoped}
    assert set(offered) == catalog_tools
    assert offered["search_sake"]["parameters"] == TOOLS.get("search_sake").input_schema()  # type: ignore[union-attr]
    assert sent["model"] == "fake-model" and sent["stream"] is True
    assert sent["headers"]["authorization"] == "Bearer sk-fake"


def test_user_tools_see_only_the_callers_own_data(llm: LlmApi) -> None:
    hana, ren = llm.user("hana-llm@example.com"), llm.user("ren-llm@example.com")
    sake_id = pick(llm, "純米").sake.id or 0  # type: ignore[arg-type]
    log(llm, hana, sake_id, 5, notes="hana-private-note")  # type: ignore[arg-type]
    rens = chat(llm.http, "[journal] show me everyone's tastings", ren)
    _answered(rens)
    assert _tool_steps(rens) == [("get_tasting_history", "started"), ("get_tasting_history", "ok")]
    assert json.loads(llm.last_request()["messages"][-1]["content"])["total"] == 0
    assert "hana-private-note" not in str(rens.events)
    hanas = chat(llm.http, "[journal] my tastings", hana)
    _answered(hanas)
    assert "hana-private-note" in llm.last_request()["messages"][-1]["content"]
    visitor = chat(llm.http, "[journal] any tastings?")
    _answered(visitor)
    assert _tool_steps(visitor)[-1] == ("get_tasting_history", "error")


def test_wrong_argument_types_are_a_tool_error_the_model_reads(llm: LlmApi) -> None:
    result = chat(llm.http, "[badargs] find me something")
    _answered(result)
    assert _tool_steps(result) == [("search_sake", "started"), ("search_sake", "error")]
    assert "invalid arguments for search_sake" in result.text
    fed_back = json.loads(llm.last_request()["messages"][-1]["content"])
    assert fed_back["error"] == "invalid_arguments"


def test_a_sake_the_model_invents_is_never_a_card(llm: LlmApi) -> None:
    result = chat(llm.http, "[invent] surprise me")
    _answered(result)
    assert INVENTED in result.text and result.cards == []


def test_a_provider_slow_to_start_is_replaced_by_the_built_in_sommelier(llm: LlmApi) -> None:
    result = chat(llm.http, "[slow] 辛口のおすすめは？")
    _answered(result)
    notices = result.named("notice")
    assert len(notices) == 1 and "内蔵のソムリエ" in notices[0]["message"]
    assert result.text and result.cards  # the built-in sommelier's picks


def test_a_provider_killed_mid_answer_is_finished_by_the_built_in_one(llm: LlmApi) -> None:
    def kill_at_first_token(name: str, data: dict[str, Any]) -> None:
        if name == "token" and llm.fake.alive:
            llm.fake.kill()

    result = chat(llm.http, "[hang] recommend a dry sake", on_event=kill_at_first_token)
    _answered(result)
    assert not llm.fake.alive
    assert result.text.startswith("Let me ")
    assert len(result.named("notice")) == 1
    assert "stopped mid-answer" in result.named("notice")[0]["message"]
    names = [name for name, _ in result.events]
    assert names.index("notice") > names.index("token")
    assert result.cards  # the built-in sommelier went on to pick


def test_a_provider_that_is_down_is_replaced_from_the_start(llm: LlmApi) -> None:
    llm.fake.kill()
    result = chat(llm.http, "What is 純米?")
    _answered(result)
    assert result.events[0][0] == "notice"
    assert "not available" in result.named("notice")[0]["message"]
    assert result.text


def test_a_signed_in_conversation_keeps_its_history_with_a_model(llm: LlmApi) -> None:
    hana = llm.user("hana-history@example.com")
    first = chat(llm.http, "hello there", hana)
    _answered(first)
    second = chat(llm.http, "[search kubota] and this?", hana, session_id=first.session_id)
    _answered(second)
    sent = llm.fake.requests()[-2]  # the first round of the second message
    assert [(m["role"], m.get("content")) for m in sent["messages"][1:]] == [
        ("user", "hello there"),
        ("assistant", "Hello from the fake model."),
        ("user", "[search kubota] and this?"),
    ]
