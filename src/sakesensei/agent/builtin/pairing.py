"""Sake for a dish, and sake like one the user names."""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import replace

from sakesensei.agent.builtin import choosing, phrases
from sakesensei.agent.builtin.context import Ctx
from sakesensei.agent.builtin.picks import CHEAPER, count_of, nothing_found, recommend
from sakesensei.agent.builtin.resolve import resolve_one
from sakesensei.agent.conversation import Event
from sakesensei.domain.dishes import DISH_FAMILIES

Steps = Generator[Event, None, None]

FAMILY_JA = {
    "raw_fish": (
        "刺身・寿司",
        "繊細な生の魚には、すっきり軽快で辛口寄りの酒が口をリセットしてくれます。",
    ),
    "fried": ("揚げ物", "揚げ物の油は、酸味とキレのある辛口が切ってくれます。"),
    "rich_meat": (
        "肉料理",
        "脂と香ばしさには、旨味と酸のある骨太な酒（山廃・生酛など）が負けません。",
    ),
    "cheese": (
        "チーズ・クリーム",
        "乳製品とは発酵由来の風味が通じ合うので、旨味とコクのある酒が好相性です。",
    ),
    "tomato": (
        "トマト・酸味のある料理",
        "酸味の強い料理には、同じくらい酸のある酒を合わせると味がぼやけません。",
    ),
    "spicy": (
        "辛い料理",
        "辛さはアルコールで強まり甘みで和らぐので、甘めで度数低めの酒（にごり・スパークリング）が合います。",
    ),
    "sweets": (
        "スイーツ",
        "デザートには、料理と同じかそれ以上に甘い酒（貴醸酒・古酒・濃いにごり）を。",
    ),
    "dashi": (
        "煮物・鍋・麺",
        "出汁の穏やかな旨味には、お米の味がする純米や本醸造を燗にすると寄り添います。",
    ),
    "grilled_fish": (
        "焼き魚・塩気のあるつまみ",
        "塩気と焦げには、少し重みのある辛口が合い、後味もすっきりします。",
    ),
    "vegetables": (
        "野菜・豆腐",
        "軽やかな野菜や豆腐には、爽やかで香りのある軽快な酒がよく合います。",
    ),
    "shellfish": ("貝・甲殻類", "貝やエビの甘みと磯の香りは、旨味のあるきれいな酒が引き立てます。"),
}
_FAMILY_BY_LABEL = {f.label: f for f in DISH_FAMILIES}
_VERSATILE = ("純米", "特別純米")


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
        # A dish no table knows still gets an answer: sake that go with most food.
        ctx.say(
            f"「{dish.shown}」にぴったりの組み合わせは手元の表にありませんが、"
            "食事に合わせやすい純米系の中口なら幅広い料理に寄り添います。",
            f'I have no pairing notes for "{dish.shown}", but a medium-dry junmai goes with '
            "most food.",
        )
        versatile = replace(
            c, categories=list(c.categories or _VERSATILE), sweetness_min=2, sweetness_max=3
        )
        yield from recommend(ctx, versatile)
        return
    if not pool:
        nothing_found(ctx, c)
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
    if CHEAPER.search(kana) and found.like.price_yen:
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
        ctx.lines.append(
            f"{i}. {phrases.sake_line(s, ctx.lang, None if ctx.ja else why.get(s.id))}"
        )
    ctx.show(ranked)
    ctx.summary = ctx.pick(f"{like.name}に似た酒を提案", f"suggested sake like {like.name}")
