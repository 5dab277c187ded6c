"""The dialogue policy: answer a pending question first, learn what the user said about
themselves, then hand the message to the handler of its intent."""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

from sakesensei.agent.builtin import intents as i
from sakesensei.agent.builtin import journal, lookup, pairing, picks, profile, talk
from sakesensei.agent.builtin.context import Ctx
from sakesensei.agent.builtin.facts import Fact, facts_from, source_of
from sakesensei.agent.conversation import Event, LearnedFact

Steps = Generator[Event, None, None]

_SIGN_IN: dict[str, tuple[str, str]] = {
    i.LOG_TASTING: ("飲んだお酒の記録", "log a tasting"),
    i.HISTORY: ("記録の確認", "look at your tasting journal"),
    i.SHOW_PREFERENCES: ("好みの設定の確認", "see your saved preferences"),
    i.MEMORY: ("覚えていることの確認", "see what I remember about you"),
}
_REPLIES: dict[str, Callable[[Ctx], None]] = {
    i.EMPTY: talk.empty,
    i.TOO_LONG: talk.too_long,
    i.OTHER_LANGUAGE: talk.other_language,
    i.INJECTION: talk.injection,
    i.GREETING: talk.greeting,
    i.THANKS: talk.thanks,
    i.BYE: talk.bye,
    i.SMALL_TALK: talk.small_talk,
    i.HELP: talk.help_text,
    i.OFF_TOPIC: talk.off_topic,
    i.UNKNOWN: talk.unknown,
}
_HANDLERS: dict[str, Callable[[Ctx], Steps]] = {
    i.RECOMMEND: picks.recommend,
    i.REFINE: picks.refine,
    i.PAIRING: pairing.pairing,
    i.SIMILAR: pairing.similar,
    i.SAKE_INFO: lookup.sake_info,
    i.BREWERY_INFO: lookup.brewery_info,
    i.BREWERIES_IN: lookup.breweries_in,
    i.COMPARE: lookup.compare,
    i.EXPLAIN: lookup.explain,
    i.LOG_TASTING: journal.start_log,
    i.HISTORY: journal.history,
    i.SHOW_PREFERENCES: profile.show_preferences,
    i.MEMORY: profile.memory,
}
# Intents after which a statement about the user is worth offering to save.
_OFFER_AFTER = frozenset({i.RECOMMEND, i.REFINE, i.PAIRING})


def handle(ctx: Ctx, pending: dict[str, Any] | None) -> Steps:
    intent = ctx.u.intent
    if pending is not None:
        done = yield from _answer_pending(ctx, pending)
        if done:
            return
    if intent in _REPLIES:
        _REPLIES[intent](ctx)
        return
    if intent == i.ACK:
        ctx.say("了解です。ほかに何かお手伝いできますか？", "OK! What else can I do for you?")
        return
    if intent in (i.CONFIRM, i.DENY):
        ctx.say("了解です。", "OK.")
        return
    learned = learn(ctx)
    if intent == i.PREFERENCE_CHANGE:
        yield from profile.preference_statement(ctx, learned)
        return
    if intent in _SIGN_IN and not ctx.signed_in:
        what_ja, what_en = _SIGN_IN[intent]
        talk.sign_in_needed(ctx, what_ja, what_en)
        return
    yield from _HANDLERS[intent](ctx)
    if learned and intent in _OFFER_AFTER and "pending" not in ctx.state:
        yield from profile.offer_update(ctx, ctx.u.constraints)


def _answer_pending(ctx: Ctx, pending: dict[str, Any]) -> Generator[Event, None, bool]:
    """Handle the reply to a question the last turn asked; True when nothing else is left."""
    action = pending.get("action")
    intent = ctx.u.intent
    if intent == i.CONFIRM:
        if action == journal.LOG:
            if ctx.u.rating is not None:
                pending["rating"] = ctx.u.rating
            yield from journal.write_log(ctx, pending)
        elif action == profile.UPDATE:
            yield from profile.apply_update(ctx, pending)
        return True
    if intent == i.DENY:
        if action == journal.LOG:
            ctx.say("わかりました、記録はしません。", "OK, I won't log it.")
        else:
            ctx.say(
                "わかりました、設定はそのままにします（お話しいただいたことは覚えておきます）。",
                "OK, I'll leave your preferences as they are (I'll still keep in mind what you "
                "said).",
            )
        return True
    if action == journal.LOG and intent not in (i.INJECTION, i.EMPTY, i.TOO_LONG):
        changed = yield from journal.update_pending_log(ctx, pending)
        if changed:
            return True
    if action == journal.LOG:
        ctx.say("（さきほどのお酒は記録していません）", "(I haven't logged that tasting.)")
    elif action == profile.UPDATE:
        ctx.say("（好みの設定は変えていません）", "(I left your preferences unchanged.)")
    return False


def learn(ctx: Ctx) -> list[Fact]:
    """Facts the message states about the user: kept for them, or for this chat for visitors."""
    u = ctx.u
    if not i.states_preference(u):
        return []
    found = facts_from(u.constraints, i.budget_said(u))
    if not found:
        return []
    if ctx.signed_in:
        source = source_of(ctx.turn.message)
        ctx.learned.extend(LearnedFact(f.key, f.value, source) for f in found)
        return found
    # A visitor has no memory: what they say is kept in the session's state only.
    kept = dict(session_facts(ctx.state))
    kept.update({f.key: f.value for f in found})
    ctx.state["facts"] = [[k, v] for k, v in kept.items()]
    return found


def session_facts(state: dict[str, Any]) -> list[tuple[str, str]]:
    raw = state.get("facts")
    if not isinstance(raw, list):
        return []
    return [
        (x[0], x[1])
        for x in raw
        if isinstance(x, list) and len(x) == 2 and isinstance(x[0], str) and isinstance(x[1], str)
    ]
