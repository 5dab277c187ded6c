"""The built-in sommelier: no language model, offline, the default and the fallback.

It reads the message (language, names, limits, intent), runs tools on the caller's own
context, and writes the answer in the user's language from the tool results alone.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Generator, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from sakesensei.agent.builtin import intents, policy, talk
from sakesensei.agent.builtin.context import Ctx
from sakesensei.agent.builtin.facts import constraints_from, merge
from sakesensei.agent.builtin.language import detect_language
from sakesensei.agent.builtin.lead import lead
from sakesensei.agent.builtin.names import LexiconCache
from sakesensei.agent.builtin.text import has_japanese, normalise, pieces, tokenize
from sakesensei.agent.builtin.toolbox import RunTool, ToolBox
from sakesensei.agent.conversation import (
    Cards,
    Event,
    LearnedFact,
    Reply,
    Response,
    Token,
    Turn,
)
from sakesensei.agent.tools.context import ToolContext
from sakesensei.agent.tools.errors import ToolError, ToolErrorKind
from sakesensei.agent.tools.registry import run_tool

log = logging.getLogger("sakesensei.sommelier")

# Dates the user says ("yesterday") are read on the Japanese calendar day.
JST = timezone(timedelta(hours=9))


def japan_today() -> date:
    return datetime.now(UTC).astimezone(JST).date()


# One question of each kind the sommelier answers, in both languages.
_WARM_UP_QUESTIONS = (
    "やや甘口で香りが華やかな純米吟醸を5000円まで",
    "a dry sake for warming up in winter, not too expensive",
    "焼き鳥に合うお酒は？",
    "what pairs with grilled fish?",
    "山廃ってどういう意味？",
    "what is the difference between ginjo and daiginjo?",
    "広島の酒蔵について教えて",
    "こんにちは",
)


class BuiltinSommelier:
    """Implements conversation.Sommelier. One instance serves every session of a process."""

    def __init__(self, run: RunTool = run_tool, today: Callable[[], date] = japan_today) -> None:
        self._run = run
        self._today = today
        self._lexicons = LexiconCache()

    def warm_up(self, tools: ToolContext) -> None:
        """Build what the first answers would: the catalog's lexicon, the tokenizer, and
        each kind of answer's tables, patterns and queries, by answering a few questions
        as a visitor (nothing is stored, and the tools' metrics do not count them)."""
        self._lexicons.get(tools.catalog.snapshot())
        tokenize(normalise("辛口の日本酒を飲みたい").norm)
        visitor = tools.as_caller(None)

        def quiet(name: str, arguments: Mapping[str, Any] | None, context: ToolContext) -> Any:
            return run_tool(name, arguments, context, counted=False)

        for message in _WARM_UP_QUESTIONS:
            turn = Turn(message, "warm-up", None, [], [], {}, visitor.for_one_turn())
            try:
                for _ in Response(self._events(turn, quiet)):
                    pass
            except Exception:  # a warm-up that fails only leaves the first answer slower
                log.warning("warming up on %r failed", message, exc_info=True)

    def respond(self, turn: Turn) -> Response:
        return Response(self._events(turn))

    def learned(self, turn: Turn) -> list[LearnedFact]:
        """What the message says about the user, without answering it (no tool is run):
        memory for the turns a language model answers."""
        if turn.tools.user_id is None:
            return []
        try:
            ctx = self._understand(turn, ToolBox(turn.tools, self._run), {})
            policy.learn(ctx)
        except Exception:
            log.exception("reading facts from a message failed")
            return []
        return list(ctx.learned)

    def _events(self, turn: Turn, run: RunTool | None = None) -> Generator[Event, None, Reply]:
        box = ToolBox(turn.tools, run or self._run)
        # The turn's state belongs to the caller: work on a copy.
        given = copy.deepcopy(turn.state)
        state = {k: v for k, v in given.items() if k != "pending"}
        pending = given.get("pending")
        ctx: Ctx | None = None
        lang = _fallback_language(turn)
        try:
            ctx = self._understand(turn, box, state)
            lang = ctx.lang
            first = lead(ctx, isinstance(pending, dict))
            if first is not None:
                # Said before the tools run; the body follows on the next line.
                for piece in pieces(first + "\n"):
                    yield Token(piece)
            yield from policy.handle(ctx, pending if isinstance(pending, dict) else None)
        except ToolError as exc:
            if ctx is None:
                raise
            _tool_failed(ctx, exc)
        except Exception:
            # Whatever went wrong, the user gets an answer, never a broken stream.
            log.exception("the built-in sommelier failed on a message")
            if ctx is None:
                ctx = self._bare(turn, box, state, lang)
            ctx.lines.clear()
            ctx.say(
                "すみません、うまく答えられませんでした。言い方を変えてもう一度聞いてみてください。",
                "Sorry, something went wrong while I was answering. Could you ask again, "
                "perhaps in other words?",
            )
        for piece in pieces("\n".join(ctx.lines)):
            yield Token(piece)
        if ctx.cards:
            yield Cards(list(ctx.cards))
        if ctx.u.intent != intents.OTHER_LANGUAGE:
            ctx.state["language"] = ctx.lang
        return Reply(
            state=ctx.state,
            learned=ctx.learned,
            summary_hint=ctx.summary,
            language=ctx.lang,
            intent=ctx.u.intent,
        )

    def _understand(self, turn: Turn, box: ToolBox, state: dict[str, Any]) -> Ctx:
        too_long = len(turn.message) > intents.MAX_MESSAGE
        # A huge message is refused, but still read far enough to answer in its language.
        text = normalise(turn.message[: intents.MAX_MESSAGE] if too_long else turn.message)
        detected = detect_language(text)
        lang = detected if detected in ("ja", "en") else _fallback_language(turn)
        if detected == "other":
            lang = "en"
        today = self._today()
        glossary = turn.tools.glossary()
        lexicon = self._lexicons.get(turn.tools.catalog.snapshot())
        mentions = [] if too_long else lexicon.find(text)
        u = intents.read(
            text,
            detected or lang,  # type: ignore[arg-type]
            mentions,
            glossary,
            today,
            pending=isinstance(turn.state.get("pending"), dict),
            has_shown=bool(turn.state.get("shown")),
        )
        if too_long:
            u.intent = intents.TOO_LONG
        stored = [(f.key, f.value) for f in turn.facts] if turn.tools.user_id else []
        facts = merge(stored, policy.session_facts(state))
        return Ctx(
            turn=turn,
            u=u,
            lang=lang,
            box=box,
            today=today,
            facts=facts,
            remembered=constraints_from((f.key, f.value) for f in facts),
            state=state,
        )

    def _bare(self, turn: Turn, box: ToolBox, state: dict[str, Any], lang: str) -> Ctx:
        text = normalise(turn.message[: intents.MAX_MESSAGE])
        u = intents.Understanding(text=text, language="en", intent=intents.UNKNOWN)
        return Ctx(
            turn=turn,
            u=u,
            lang=lang,
            box=box,
            today=self._today(),
            facts=[],
            remembered=constraints_from([]),
            state=state,
        )


def _fallback_language(turn: Turn) -> str:
    """The language to answer in when the message itself does not tell."""
    if turn.language in ("ja", "en"):
        return turn.language
    previous = turn.state.get("language")
    if previous in ("ja", "en"):
        return str(previous)
    for role, content in reversed(list(turn.history)):
        if role == "user" and content.strip():
            return "ja" if has_japanese(content) else "en"
    return "en"


def _tool_failed(ctx: Ctx, exc: ToolError) -> None:
    if exc.kind == ToolErrorKind.SIGN_IN_REQUIRED:
        talk.sign_in_needed(ctx, "この操作", "do that")
        return
    log.warning("a tool failed for the built-in sommelier: %s", exc.message)
    ctx.say(
        "すみません、いまその情報を取り出せませんでした。少し時間をおいてもう一度お試しください。",
        "Sorry, I couldn't get that information just now. Please try again in a moment.",
    )
