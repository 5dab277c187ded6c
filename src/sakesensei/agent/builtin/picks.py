"""Picks: sake for a request with limits, more of the same, sake for a dish, sake alike."""

from __future__ import annotations

import re
from collections.abc import Generator
from dataclasses import replace

from sakesensei.agent.builtin import choosing, phrases
from sakesensei.agent.builtin.constraints import Constraints
from sakesensei.agent.builtin.context import Ctx
from sakesensei.agent.conversation import Event
from sakesensei.agent.tools.records import SakeSummary

Steps = Generator[Event, None, None]
DEFAULT_PICKS = 3
_PAGE = 50
_MAX_PAGES = 8
_DETAIL_CHECKS = 12

OCCASION_JA = {
    "gift": "贈り物",
    "celebration": "乾杯・お祝い",
    "summer": "夏",
    "winter": "寒い日",
    "everyday": "普段の晩酌",
    "date": "デート",
    "aperitif": "食前酒",
    "dessert": "食後",
}
OCCASION_EN = {
    "gift": "a gift",
    "celebration": "a celebration",
    "summer": "summer",
    "winter": "a cold evening",
    "everyday": "everyday drinking",
    "date": "a date",
    "aperitif": "an aperitif",
    "dessert": "after dinner",
}


def count_of(ctx: Ctx) -> int:
    return ctx.u.constraints.count or DEFAULT_PICKS


def recommend(
    ctx: Ctx, asked: Constraints | None = None, exclude: frozenset[int] = frozenset()
) -> Steps:
    """Sake for a request: the message's limits over what is remembered about the user."""
    asked = asked if asked is not None else ctx.u.constraints
    c = asked.merged_over(ctx.remembered)
    count = count_of(ctx)
    chosen: list[SakeSummary] = []
    personal = False
    reasons: dict[int, str] = {}
    if not asked.hard() and not c.tags and c.temperature is None:
        found = yield from ctx.box.recommendations(
            {"limit": 20, **({} if ctx.signed_in else choosing.visitor_survey(c))}
        )
        pool = [
            p.sake for p in found.items if choosing.fits(p.sake, c) and p.sake.id not in exclude
        ]
        reasons = {
            p.sake.id: (p.reasons[0].ja if ctx.ja else p.reasons[0].en)
            for p in found.items
            if p.reasons
        }
        chosen = choosing.rank(pool, c, count, keep_order=True)
        personal = found.personal
    relaxed: str | None = None
    if len(chosen) < count:
        more, relaxed = yield from _search(ctx, c, count, exclude)
        chosen += [s for s in more if s.id not in {x.id for x in chosen}][: count - len(chosen)]
    if not chosen:
        nothing_found(ctx, c)
        ctx.state["last"] = c.to_state()
        return
    _write_picks(ctx, c, asked, chosen, personal and not relaxed, relaxed, reasons)
    ctx.show(chosen)
    ctx.state["last"] = c.to_state()
    ctx.summary = ctx.pick("おすすめを提案: ", "suggested: ") + phrases.join(
        [s.name for s in chosen], ctx.lang
    )


def _search(
    ctx: Ctx, c: Constraints, count: int, exclude: frozenset[int]
) -> Generator[Event, None, tuple[list[SakeSummary], str | None]]:
    """Candidates that keep every limit, ranked; relaxing the mildest wish if none do."""
    attempts: list[tuple[str | None, Constraints]] = [(None, c), *choosing.relaxations(c)]
    for relaxed, attempt in attempts:
        pool = yield from _candidates(ctx, attempt, exclude)
        if attempt.temperature is not None:
            pool = yield from _by_temperature(
                ctx, choosing.rank(pool, attempt, _DETAIL_CHECKS), attempt
            )
        picks = choosing.rank(pool, attempt, count)
        if picks:
            return picks, relaxed
    return [], None


def _candidates(
    ctx: Ctx, c: Constraints, exclude: frozenset[int]
) -> Generator[Event, None, list[SakeSummary]]:
    items: list[SakeSummary] = []
    if c.tags:
        # Styles are not a search filter: find them by name and tag words, then filter.
        for tag in c.tags:
            found = yield from ctx.box.search_sake(tag, limit=_PAGE)
            items += found.items
    else:
        args = choosing.search_arguments(c)
        for page in range(_MAX_PAGES):
            found = yield from ctx.box.search_characteristics(
                {**args, "limit": _PAGE, "offset": page * _PAGE}
            )
            items += found.items
            if (page + 1) * _PAGE >= found.total:
                break
    seen: set[int] = set()
    out = []
    for s in items:
        if s.id not in seen and s.id not in exclude and choosing.fits(s, c):
            seen.add(s.id)
            out.append(s)
    return out


def _by_temperature(
    ctx: Ctx, ranked: list[SakeSummary], c: Constraints
) -> Generator[Event, None, list[SakeSummary]]:
    kept = []
    for s in ranked:
        details = yield from ctx.box.sake_details(s.id)
        if choosing.temperature_fits(details.temperatures, c.temperature):
            kept.append(s)
        if len(kept) >= count_of(ctx):
            break
    return kept


def nothing_found(ctx: Ctx, c: Constraints) -> None:
    summary = phrases.ask_summary(c, ctx.lang)
    ctx.say(
        f"すみません、{summary or 'その条件'}に合うお酒はカタログに見つかりませんでした。"
        "価格や地域などの条件を少し広げてみませんか？",
        f"Sorry, I found no sake in the catalog that is {summary or 'like that'}. "
        "Could we loosen something, such as the price or the region?",
    )


def _write_picks(
    ctx: Ctx,
    c: Constraints,
    asked: Constraints,
    chosen: list[SakeSummary],
    personal: bool,
    relaxed: str | None,
    reasons: dict[int, str],
) -> None:
    summary = phrases.ask_summary(c, ctx.lang)
    occasions = [o for o in c.occasions if o in OCCASION_JA]
    n = len(chosen)
    if ctx.ja:
        lead = f"{summary}のお酒" if summary else "おすすめ"
        if occasions:
            lead = f"{OCCASION_JA[occasions[0]]}に、{lead}"
        ctx.lines.append(f"{lead}を{n}本選びました。")
    else:
        lead = (f"Here are {n} sake" if n > 1 else "Here is one sake") + " I'd suggest"
        lead += f": {summary}" if summary else ""
        if occasions:
            lead += f", for {OCCASION_EN[occasions[0]]}"
        ctx.lines.append(lead + ".")
    if c.converted_from:
        ctx.say(
            f"（{c.converted_from}は約{c.price_max:,}円として探しました）",
            f"(I read {c.converted_from} as about ¥{c.price_max:,}.)",
        )
    if relaxed:
        what_ja = {"aroma": "香り", "body": "味の重さ", "sweetness": "甘さ", "price": "価格の下限"}
        what_en = {
            "aroma": "aroma",
            "body": "body",
            "sweetness": "sweetness",
            "price": "lower price limit",
        }
        ctx.say(
            f"ぴったりのものがなかったので、{what_ja[relaxed]}の条件を少しゆるめています。",
            f"Nothing matched exactly, so I relaxed the {what_en[relaxed]} a little.",
        )
    used = _remembered_used(ctx, asked)
    if used:
        ctx.say(
            f"（覚えている好み「{used}」も考えに入れています）",
            f"(I kept in mind that you {used}.)",
        )
    if personal:
        ctx.say(
            "あなたの好みと記録をもとに選んでいます。",
            "They are chosen from your preferences and journal.",
        )
    if c.experience == "beginner":
        ctx.say(
            "はじめての方にも飲みやすいものを選びました。",
            "I chose approachable bottles for someone new to sake.",
        )
    for i, s in enumerate(chosen, 1):
        ctx.lines.append(f"{i}. {phrases.sake_line(s, ctx.lang, reasons.get(s.id))}")
    ctx.say(
        "気になるものがあれば「1番目について詳しく」のように聞いてください。",
        'Ask about any of them, e.g. "tell me more about the first one".',
    )


def _remembered_used(ctx: Ctx, asked: Constraints) -> str:
    r = ctx.remembered
    parts_ja: list[str] = []
    parts_en: list[str] = []
    if asked.sweetness_min is None and asked.sweetness_max is None:
        if r.sweetness_max is not None:
            parts_ja.append("辛口好き")
            parts_en.append("prefer dry sake")
        elif r.sweetness_min is not None:
            parts_ja.append("甘口好き")
            parts_en.append("prefer sweeter sake")
    if asked.price_max is None and r.price_max is not None:
        parts_ja.append(f"予算{r.price_max:,}円")
        parts_en.append(f"keep to ¥{r.price_max:,}")
    if r.avoid_tags:
        parts_ja.append("・".join(r.avoid_tags) + "は苦手")
        parts_en.append("avoid " + phrases.styles(r.avoid_tags, "en"))
    if r.avoid_aromatic:
        parts_ja.append("香りが強いものは苦手")
        parts_en.append("avoid strong aromas")
    return "、".join(parts_ja) if ctx.ja else phrases.join(parts_en, "en")


CHEAPER = re.compile(r"cheaper|less expensive|安い|やすい|安め|低価格|お手頃")
_PRICIER = re.compile(r"pricier|more expensive|fancier|高い|高め|高級")
_SWEETER = re.compile(r"sweeter|甘い|甘め|甘口")
_DRIER = re.compile(r"drier|dryer|辛い|辛め|辛口")


def refine(ctx: Ctx) -> Steps:
    """More of what was asked last turn: others, cheaper, sweeter, drier."""
    base = Constraints.from_state(ctx.turn.state.get("last"))
    shown = ctx.shown()
    kana = ctx.u.text.kana
    asked = replace(ctx.u.constraints)
    prices = [s["price"] for s in shown if isinstance(s.get("price"), int)]
    sweets = [s["sweetness"] for s in shown if isinstance(s.get("sweetness"), int)]
    if CHEAPER.search(kana) and prices:
        # Cheaper than what was typical of the last picks (the shown ones are left out).
        asked.price_max, asked.price_min = sorted(prices)[len(prices) // 2], None
        asked.cheap = False
    elif _PRICIER.search(kana) and prices:
        asked.price_min, asked.price_max = max(prices) + 1, None
        asked.premium = False
    if _SWEETER.search(kana) and sweets:
        asked.sweetness_min, asked.sweetness_max = min(5, max(sweets) + 1), None
    elif _DRIER.search(kana) and sweets:
        asked.sweetness_max, asked.sweetness_min = max(1, min(sweets) - 1), None
    if asked.prefectures or asked.regions:
        # "Any from Kyushu?" moves the picks there: the last place is dropped, not added to.
        base.prefectures, base.regions = [], []
    merged = asked.merged_over(base)
    exclude = frozenset(int(s["id"]) for s in shown)
    yield from recommend(ctx, merged, exclude)
