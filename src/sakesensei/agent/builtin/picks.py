"""Picks: sake for a request with limits, more of the same, sake for a dish, sake alike."""

from __future__ import annotations

import re
from collections.abc import Generator
from dataclasses import replace

from sakesensei.agent.builtin import choosing, phrases
from sakesensei.agent.builtin.context import Ctx
from sakesensei.agent.builtin.slots import Constraints
from sakesensei.agent.conversation import Event
from sakesensei.agent.tools.errors import ToolError
from sakesensei.agent.tools.records import SakeSummary
from sakesensei.domain.dishes import DISH_FAMILIES

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
FAMILY_JA = {
    "raw_fish": ("刺身・寿司", "繊細な生の魚には、すっきり軽快で辛口寄りの酒が口をリセットしてくれます。"),
    "fried": ("揚げ物", "揚げ物の油は、酸味とキレのある辛口が切ってくれます。"),
    "rich_meat": ("肉料理", "脂と香ばしさには、旨味と酸のある骨太な酒（山廃・生酛など）が負けません。"),
    "cheese": ("チーズ・クリーム", "乳製品とは発酵由来の風味が通じ合うので、旨味とコクのある酒が好相性です。"),
    "tomato": ("トマト・酸味のある料理", "酸味の強い料理には、同じくらい酸のある酒を合わせると味がぼやけません。"),
    "spicy": ("辛い料理", "辛さはアルコールで強まり甘みで和らぐので、甘めで度数低めの酒（にごり・スパークリング）が合います。"),
    "sweets": ("スイーツ", "デザートには、料理と同じかそれ以上に甘い酒（貴醸酒・古酒・濃いにごり）を。"),
    "dashi": ("煮物・鍋・麺", "出汁の穏やかな旨味には、お米の味がする純米や本醸造を燗にすると寄り添います。"),
    "grilled_fish": ("焼き魚・塩気のあるつまみ", "塩気と焦げには、少し重みのある辛口が合い、後味もすっきりします。"),
    "vegetables": ("野菜・豆腐", "軽やかな野菜や豆腐には、爽やかで香りのある軽快な酒がよく合います。"),
    "shellfish": ("貝・甲殻類", "貝やエビの甘みと磯の香りは、旨味のあるきれいな酒が引き立てます。"),
}
_FAMILY_BY_LABEL = {f.label: f for f in DISH_FAMILIES}


def count_of(ctx: Ctx) -> int:
    return ctx.u.constraints.count or DEFAULT_PICKS


def recommend(ctx: Ctx, asked: Constraints | None = None, exclude: frozenset[int] = frozenset()) -> Steps:
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
        pool = [p.sake for p in found.items if choosing.fits(p.sake, c) and p.sake.id not in exclude]
        reasons = {p.sake.id: (p.reasons[0].ja if ctx.ja else p.reasons[0].en) for p in found.items if p.reasons}
        chosen = choosing.rank(pool, c, count, keep_order=True)
        personal = found.personal
    relaxed: str | None = None
    if len(chosen) < count:
        more, relaxed = yield from _search(ctx, c, count, exclude)
        chosen += [s for s in more if s.id not in {x.id for x in chosen}][: count - len(chosen)]
    if not chosen:
        _nothing_found(ctx, c)
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
            pool = yield from _by_temperature(ctx, choosing.rank(pool, attempt, _DETAIL_CHECKS), attempt)
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


def _nothing_found(ctx: Ctx, c: Constraints) -> None:
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
        what = f"{n} sake" if n > 1 else "one sake"
        lead = f"Here are {what} I'd suggest" + (f": {summary}" if summary else "")
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
        what_en = {"aroma": "aroma", "body": "body", "sweetness": "sweetness", "price": "lower price limit"}
        ctx.say(
            f"ぴったりのものがなかったので、{what_ja[relaxed]}の条件を少しゆるめています。",
            f"Nothing matched exactly, so I relaxed the {what_en[relaxed]} a little.",
        )
    used = _remembered_used(ctx, asked)
    if used:
        ctx.say(f"（覚えている好み「{used}」も考えに入れています）", f"(I kept in mind that you {used}.)")
    if personal:
        ctx.say("あなたの好みと記録をもとに選んでいます。", "They are chosen from your preferences and journal.")
    if c.experience == "beginner":
        ctx.say("はじめての方にも飲みやすいものを選びました。", "I chose approachable bottles for someone new to sake.")
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


_CHEAPER = re.compile(r"cheaper|less expensive|安い|やすい|安め|低価格|お手頃")
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
    if _CHEAPER.search(kana) and prices:
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
    merged = asked.merged_over(base)
    exclude = frozenset(int(s["id"]) for s in shown)
    yield from recommend(ctx, merged, exclude)


def pairing(ctx: Ctx) -> Steps:
    dish = ctx.u.dish
    if dish is None:
        return
    asked = ctx.u.constraints
    # Remembered limits still hold for a dish; a remembered taste only ranks.
    remembered = replace(ctx.remembered, sweetness_min=None, sweetness_max=None)
    c = asked.merged_over(remembered)
    found = yield from ctx.box.for_dish(dish.text, limit=20)
    pool = [p for p in found.items if choosing.fits(p.sake, c)]
    if not found.items:
        ctx.say(
            f"「{dish.shown}」に合わせるお酒は見つけられませんでした。刺身、唐揚げ、チーズ、カレーのように料理名で聞いてみてください。",
            f"I couldn't match a sake to \"{dish.shown}\". Try a dish name such as sashimi, "
            "karaage, cheese or curry.",
        )
        return
    if not pool:
        _nothing_found(ctx, c)
        return
    ranked = choosing.rank([p.sake for p in pool], c, count_of(ctx), keep_order=True)
    why = {p.sake.id: p for p in pool}
    family = _FAMILY_BY_LABEL.get(found.dish_kinds[0]) if found.dish_kinds else None
    if ctx.ja:
        ctx.lines.append(f"「{dish.shown}」に合うお酒を{len(ranked)}本選びました。")
        if family is not None and family.key in FAMILY_JA:
            ctx.lines.append(FAMILY_JA[family.key][1])
    else:
        ctx.lines.append(f"For {dish.shown}, here are {len(ranked)} sake that go well with it.")
        if family is not None:
            ctx.lines.append(family.reason)
    for i, s in enumerate(ranked, 1):
        pick = why[s.id]
        if ctx.ja:
            note = (
                "この酒の相性のよい料理にも挙がっています。"
                if pick.source == "listed"
                else "味わいの傾向がこの料理に合います。"
            )
        else:
            note = pick.why
        ctx.lines.append(f"{i}. {phrases.sake_line(s, ctx.lang, note)}")
    ctx.show(ranked)
    ctx.state["last"] = c.to_state()
    ctx.summary = ctx.pick(f"{dish.shown}に合う酒を提案", f"suggested sake for {dish.shown}")


def similar(ctx: Ctx) -> Steps:
    target_id = yield from resolve_one(ctx)
    if target_id is None:
        return
    c = ctx.u.constraints
    found = yield from ctx.box.similar(target_id, limit=10)
    kana = ctx.u.text.kana
    asked = replace(c)
    if _CHEAPER.search(kana) and found.like.price_yen:
        asked.price_max, asked.price_min = found.like.price_yen - 1, None
    pool = [item for item in found.items if choosing.fits(item.sake, asked)]
    ranked = choosing.rank([i.sake for i in pool], asked, count_of(ctx), keep_order=True)
    like = found.like
    if not ranked:
        ctx.say(
            f"{phrases.title(like, 'ja')}に似たお酒で、条件に合うものは見つかりませんでした。",
            f"I found nothing like {phrases.title(like, 'en')} that fits what you asked.",
        )
        ctx.show([like])
        return
    why = {i.sake.id: i.why for i in pool}
    ctx.say(
        f"{phrases.title(like, 'ja')}（{phrases.taste(like, 'ja')}）に近いお酒です。",
        f"Sake close to {phrases.title(like, 'en')} ({phrases.taste(like, 'en')}):",
    )
    for i, s in enumerate(ranked, 1):
        ctx.lines.append(f"{i}. {phrases.sake_line(s, ctx.lang, None if ctx.ja else why.get(s.id))}")
    ctx.show(ranked)
    ctx.summary = ctx.pick(f"{like.name}に似た酒を提案", f"suggested sake like {like.name}")


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
        if found is None or not found.items:
            found = yield from ctx.box.search_sake(m.query.split()[0], limit=5)
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
