"""One sommelier world per test session: a real SQLite database with the shipped catalog."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.agent.world import SommelierWorld, build_world


@pytest.fixture(scope="session")
def sommelier_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SommelierWorld]:
    world = build_world(tmp_path_factory.mktemp("sommelier"))
    yield world
    world.container.close()


@pytest.fixture
def world(sommelier_world: SommelierWorld) -> SommelierWorld:
    """The shared world with both users' data back at the seed."""
    sommelier_world.reset()
    return sommelier_world


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from tests.agent import report

    if report.lines:
        terminalreporter.section("sommelier utterances")
        for line in report.lines:
            terminalreporter.write_line(line)
