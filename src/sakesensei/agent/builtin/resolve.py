"""Which catalog sake a message points at: by name, through the search tool, or "the first"."""

from __future__ import annotations

from collections.abc import Generator

from sakesensei.agent.builtin.context import Ctx
from sakesensei.agent.conversation import Event
from sakesensei.agent.tools.errors import ToolError


def resolve_one(
    ctx: Ctx, index: int = 0, avoid: frozenset[int] = frozenset()
) -> Generator[Event, None, int | None]:
    """The catalog id of the sake the message points at: by name (via search) or "the first"."""
    mentions = [m for m in ctx.u.mentions if m.kind == "sake"] or ctx.u.mentions
    if len(mentions) > index:
        m = mentions[index]
        try:
            found = yield from ctx.box.search_sake(m.query, limit=5)
        except ToolError:
            found = None
        first_word = m.query.split()[0]
        if (found is None or not found.items) and first_word != m.query:
            found = yield from ctx.box.search_sake(first_word, limit=5)
        if found is None:
            return None
        # "Dassai 45 vs Dassai 23": a second mention of one brand means another of its sake.
        fresh = [s for s in found.items if s.id not in avoid]
        if fresh:
            return fresh[0].id
        ctx.say(
            f"「{m.surface}」はカタログに見つかりませんでした。",
            f'I couldn\'t find "{m.surface}" in the catalog.',
        )
        return None
    shown_id = ctx.shown_id(ctx.u.ordinal)
    if shown_id is not None:
        return shown_id
    ctx.say("どのお酒のことか教えてください。", "Which sake do you mean? Tell me its name.")
    return None
