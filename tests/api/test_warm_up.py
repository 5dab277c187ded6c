"""What the api process makes ready in the background once it starts serving."""

from __future__ import annotations

import gc
import time
from pathlib import Path

import httpx
import pytest

from sakesensei.entrypoints.api.app import create_app
from sakesensei.services.telemetry import TELEMETRY
from tests.support.instances import instance_container
from tests.support.servers import serve


@pytest.mark.parametrize("freeze", [False, True])
def test_the_sommelier_and_the_route_table_are_ready_before_the_first_chat(
    tmp_path: Path, freeze: bool
) -> None:
    container = instance_container(tmp_path / "var")
    app = create_app(container, freeze_heap=freeze)
    frozen_before = gc.get_freeze_count()
    calls_before = _tool_calls()
    try:
        with serve(app) as base:
            templates = app.state.route_templates
            deadline = time.monotonic() + 120
            while templates._table is None:  # built by the warm-up, not by a request
                assert time.monotonic() < deadline, "the warm-up did not finish"
                time.sleep(0.05)
            if freeze:  # the heap is frozen right after the table is built
                while gc.get_freeze_count() <= frozen_before:
                    assert time.monotonic() < deadline, "the heap was not frozen"
                    time.sleep(0.05)
            else:
                time.sleep(0.5)
                assert gc.get_freeze_count() == frozen_before
            assert app.state.chat.sommelier._lexicons._lexicon is not None
            # It answered a few questions to warm up, uncounted and unstored.
            assert _tool_calls() == calls_before
            with container.uow() as uow:
                assert uow.memory.get_session("warm-up") is None
            answer = httpx.post(f"{base}/api/v1/chat", json={"message": "hello"}, timeout=30)
            assert answer.status_code == 200 and "event: done" in answer.text
    finally:
        gc.unfreeze()  # the test process builds many apps: give their memory back
        container.close()


def _tool_calls() -> float:
    return sum(
        sample.value
        for family in TELEMETRY.registry.collect()
        if family.name == "sakesensei_tool_calls"
        for sample in family.samples
        if sample.name.endswith("_total")
    )
