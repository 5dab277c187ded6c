"""What a tool is: a name, typed pydantic input and output, a description a model can use,
hints about its effects, and one function over the services.

A tool's docstring is its description: the sommelier's language model and every MCP client
read it to decide when to call the tool, so it is written for them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, get_type_hints

from pydantic import BaseModel

from sakesensei.agent.tools.context import ToolContext

In = TypeVar("In", bound=BaseModel)
Out = TypeVar("Out", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class ToolHints:
    """How a tool affects stored data; clients use these to decide what needs confirming."""

    read_only: bool
    idempotent: bool = True
    destructive: bool = False


READ_ONLY = ToolHints(read_only=True)


@dataclass(frozen=True, slots=True)
class Tool(Generic[In, Out]):
    name: str
    title: str
    description: str
    input_model: type[In]
    output_model: type[Out]
    hints: ToolHints
    user_scoped: bool  # works on the caller's own data, so it needs a signed-in user
    run: Callable[[In, ToolContext], Out]

    def input_schema(self) -> dict[str, Any]:
        return self.input_model.model_json_schema()

    def output_schema(self) -> dict[str, Any]:
        return self.output_model.model_json_schema(mode="serialization")


def tool(
    name: str, *, title: str, hints: ToolHints = READ_ONLY, user_scoped: bool = False
) -> Callable[[Callable[[In, ToolContext], Out]], Tool[In, Out]]:
    """Make a Tool of a function `(arguments, context) -> result`; the models come from its
    annotations and the description from its docstring."""

    def make(run: Callable[[In, ToolContext], Out]) -> Tool[In, Out]:
        hints_of = get_type_hints(run)
        first = next(iter(inspect.signature(run).parameters))
        description = inspect.getdoc(run)
        if not description:
            raise TypeError(f"tool {name} needs a docstring: it is what a model reads")
        return Tool(
            name=name,
            title=title,
            description=description,
            input_model=hints_of[first],
            output_model=hints_of["return"],
            hints=hints,
            user_scoped=user_scoped,
            run=run,
        )

    return make


class ToolRegistry:
    """The tools by name, in the order they are listed to a model."""

    def __init__(self, tools: Iterable[Tool[Any, Any]]) -> None:
        self._tools: dict[str, Tool[Any, Any]] = {}
        for t in tools:
            if t.name in self._tools:
                raise ValueError(f"two tools are called {t.name}")
            self._tools[t.name] = t

    def get(self, name: str) -> Tool[Any, Any] | None:
        return self._tools.get(name)

    def names(self) -> list[str]:
        return list(self._tools)

    def __iter__(self) -> Iterator[Tool[Any, Any]]:
        return iter(self._tools.values())

    def __len__(self) -> int:
        return len(self._tools)
