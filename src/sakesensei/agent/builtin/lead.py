"""The first words of an answer that needs the catalog or the journal: what the sommelier
is about to do, said as soon as the message is understood.

The answer's body waits for its tools (a search, a lookup, the journal); this line does
not, so the asker sees at once that they were heard and what is happening, as a person
behind a counter would say "let me look" before turning to the shelves.
"""

from __future__ import annotations

from sakesensei.agent.builtin import intents as i
from sakesensei.agent.builtin.context import Ctx

_LEADS: dict[str, tuple[str, str]] = {
    i.RECOMMEND: ("カタログから探しますね。", "Let me look through the catalog."),
    i.REFINE: ("もう一度探してみますね。", "Let me look again."),
    i.SIMILAR: ("似たお酒を探しますね。", "Let me find something similar."),
    i.SAKE_INFO: ("お調べしますね。", "Let me look that up."),
    i.BREWERY_INFO: ("お調べしますね。", "Let me look that up."),
    i.BREWERIES_IN: ("お調べしますね。", "Let me look that up."),
    i.COMPARE: ("それぞれ調べて比べますね。", "Let me look them up and compare."),
    i.HISTORY: ("記録を見てみますね。", "Let me check your journal."),
}
# Intents a visitor is asked to sign in for instead: no lead before that.
_SIGNED_IN_ONLY = frozenset({i.HISTORY})


def lead(ctx: Ctx, pending: bool) -> str | None:
    """The lead line for this message, or None when the answer starts with its body (a
    reply to a pending question, small talk, a term: nothing to wait for)."""
    if pending:
        return None
    intent = ctx.u.intent
    if intent in _SIGNED_IN_ONLY and not ctx.signed_in:
        return None
    if intent == i.PAIRING and ctx.u.dish is not None:
        shown = ctx.u.dish.shown
        return ctx.pick(f"{shown}に合うお酒を探しますね。", f"Let me find sake for {shown}.")
    if intent == i.PAIRING:
        return ctx.pick("合うお酒を探しますね。", "Let me find a good match.")
    found = _LEADS.get(intent)
    return ctx.pick(*found) if found else None
