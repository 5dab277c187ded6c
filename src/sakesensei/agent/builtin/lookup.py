"""Answers about named things: a sake, a brewery, breweries of a region, two sake side by
side, and sake words from the glossary."""

from __future__ import annotations

import re
from collections.abc import Generator

from sakesensei.agent.builtin import phrases
from sakesensei.agent.builtin.context import Ctx
from sakesensei.agent.builtin.resolve import resolve_one
from sakesensei.agent.conversation import Event
from sakesensei.agent.tools.errors import ToolError, ToolErrorKind
from sakesensei.agent.tools.records import SakeDetails, SakeSummary
from sakesensei.domain.spelling import search_key

Steps = Generator[Event, None, None]
_MAX_COMPARED = 3
_DESCRIPTION_CHARS = 320

_PRICE_Q = re.compile(r"いくら|値段|価格|how much|price|cost")
_TEMP_Q = re.compile(
    r"温度|燗|冷や|冷やして|何度|飲み方|temperature|warm|chilled|cold|serve|how to drink"
)
_SWEET_Q = re.compile(r"甘い|辛い|甘口|辛口|sweet|dry")
_BUY_Q = re.compile(r"どこで買|買える|売って|where (?:to|can i) buy|where to get|buy it")


def sake_info(ctx: Ctx) -> Steps:
    sake_id = yield from resolve_one(ctx)
    if sake_id is None:
        return
    d = yield from ctx.box.sake_details(sake_id)
    kana = ctx.u.text.kana
    if ctx.u.dish is not None:
        yield from _fits_dish(ctx, d)
    elif _PRICE_Q.search(kana):
        ctx.say(
            f"{phrases.title(d, 'ja')}は{_size_price(d, 'ja')}です。",
            f"{phrases.title(d, 'en')} costs {_size_price(d, 'en')}.",
        )
    elif _SWEET_Q.search(kana) and d.taste.sweetness:
        ctx.say(
            f"{phrases.title(d, 'ja')}は{phrases.SWEETNESS_JA[d.taste.sweetness]}です"
            + (f"（日本酒度{d.smv:+g}）。" if d.smv is not None else "。"),
            f"{phrases.title(d, 'en')} is {phrases.SWEETNESS_EN[d.taste.sweetness]}"
            + (f" (SMV {d.smv:+g})." if d.smv is not None else "."),
        )
    _describe(ctx, d)
    if _BUY_Q.search(kana):
        ctx.say(
            "酒販店（特約店）や蔵元の通販で探すのが確実です。",
            f"Where to buy: {d.where_to_buy}" if d.where_to_buy else "Try a specialist sake shop.",
        )
    others = yield from _same_brand(ctx, d)
    ctx.show([d, *others])
    ctx.summary = ctx.pick(f"{d.name}について説明", f"explained {d.name}")


def _size_price(d: SakeSummary, lang: str) -> str:
    price = phrases.yen(d.price_yen, lang)
    if d.volume_ml:
        return f"{d.volume_ml}mlで{price}" if lang == "ja" else f"{price} for {d.volume_ml} ml"
    return price


def _describe(ctx: Ctx, d: SakeDetails) -> None:
    ja = ctx.ja
    grade = d.category if d.category != "other" else ("その他" if ja else "")
    style = phrases.styles(d.tags, ctx.lang)
    if ja:
        reading = f"（{d.reading}）" if d.reading else ""
        maker = f"{d.brewery.prefecture}の{d.brewery.name}"
        head = f"{phrases.title(d, 'ja')}{reading}は、{maker}が造る{grade}"
        ctx.lines.append(head + (f"（{style}）" if style else "") + "です。")
    else:
        ctx.lines.append(
            f"{phrases.title(d, 'en')} is a {d.category_en}"
            + (f" ({style})" if style else "")
            + f" from {d.brewery.romaji or d.brewery.name} in "
            f"{phrases.prefecture_name(d.brewery.prefecture, 'en')}."
        )
    facts = []
    facts.append(_size_price(d, ctx.lang))
    if d.polishing_ratio:
        facts.append(f"精米歩合{d.polishing_ratio}%" if ja else f"polished to {d.polishing_ratio}%")
    if d.abv:
        facts.append(f"アルコール{d.abv:g}%" if ja else f"{d.abv:g}% ABV")
    if d.rice:
        facts.append(f"原料米 {d.rice}" if ja else f"rice: {d.rice}")
    if d.smv is not None:
        facts.append(f"日本酒度{d.smv:+g}" if ja else f"SMV {d.smv:+g}")
    if d.acidity is not None:
        facts.append(f"酸度{d.acidity:g}" if ja else f"acidity {d.acidity:g}")
    ctx.lines.append(
        ("・".join(facts) + "。") if ja else (phrases.capitalised(phrases.join(facts, "en")) + ".")
    )
    taste = phrases.taste(d, ctx.lang)
    if d.taste.acidity:
        acid = (phrases.ACIDITY_JA if ja else phrases.ACIDITY_EN)[d.taste.acidity]
        taste += ("、" if ja else ", ") + acid
    ctx.say(f"味わい: {taste}。", f"Taste: {taste}.")
    if d.temperatures:
        temps = "・".join(d.temperatures)
        ctx.say(f"おすすめの温度: {temps}", f"Serve: {temps}")
    if d.pairings:
        if ja:
            dishes = "、".join(p.dish.split("(")[0].strip() for p in d.pairings[:3])
            ctx.lines.append(f"合う料理: {dishes}")
        else:
            first = d.pairings[0]
            ctx.lines.append(
                f"Goes with: {phrases.join([p.dish for p in d.pairings[:3]], 'en')}. {first.why}"
            )
    if not ja and d.description:
        text = d.description
        if len(text) > _DESCRIPTION_CHARS:
            text = text[:_DESCRIPTION_CHARS].rsplit(" ", 1)[0] + "…"
        ctx.lines.append(text)


def _same_brand(ctx: Ctx, d: SakeDetails) -> Generator[Event, None, list[SakeSummary]]:
    """Other sake of the brand asked about, when the user named only the brand."""
    mentions = ctx.u.mentions
    if not mentions or len(mentions[0].query.split()) > 1:
        return []
    found = yield from ctx.box.search_sake(mentions[0].query, limit=6)
    brand = search_key(d.name.split()[0])
    others = [s for s in found.items if s.id != d.id and search_key(s.name).startswith(brand)][:3]
    if others:
        ctx.say(
            "同じ銘柄では: " + "、".join(phrases.title(s, "ja") for s in others),
            "Also from this brand: " + phrases.join([phrases.title(s, "en") for s in others], "en"),
        )
    return others


def _fits_dish(ctx: Ctx, d: SakeDetails) -> Steps:
    dish = ctx.u.dish
    if dish is None:
        return
    found = yield from ctx.box.for_dish(dish.text, limit=20)
    ids = [p.sake.id for p in found.items]
    if d.id in ids:
        ctx.say(
            f"はい、{phrases.title(d, 'ja')}は「{dish.shown}」によく合います。",
            f"Yes, {phrases.title(d, 'en')} goes well with {dish.shown}.",
        )
        return
    better = [p.sake for p in found.items[:2]]
    ctx.say(
        f"{phrases.title(d, 'ja')}も楽しめますが、「{dish.shown}」には次のお酒の方が合いそうです。",
        f"{phrases.title(d, 'en')} can work, but for {dish.shown} these suit better:",
    )
    for s in better:
        ctx.lines.append(f"- {phrases.sake_line(s, ctx.lang)}")
    ctx.show(better)


def brewery_info(ctx: Ctx) -> Steps:
    mention = ctx.u.mentions[0] if ctx.u.mentions else None
    if mention is None:
        ctx.say("どの酒蔵のことか教えてください。", "Which brewery do you mean?")
        return
    try:
        if mention.kind == "brewery" and len(mention.brewery_ids) == 1:
            page = yield from ctx.box.brewery(brewery_id=next(iter(mention.brewery_ids)))
        elif mention.kind == "brewery":
            page = yield from ctx.box.brewery(name=mention.query)
        else:
            found = yield from ctx.box.search_sake(mention.query, limit=1)
            if not found.items:
                raise ToolError(ToolErrorKind.NOT_FOUND, mention.query)
            page = yield from ctx.box.brewery(brewery_id=found.items[0].brewery.id)
    except ToolError as exc:
        if exc.kind != ToolErrorKind.NOT_FOUND:
            raise
        ctx.say(
            f"「{mention.surface}」という酒蔵はカタログに見つかりませんでした。",
            f'I couldn\'t find a brewery called "{mention.surface}" in the catalog.',
        )
        return
    b = page.brewery
    where_ja = b.prefecture + (b.city or "")
    where_en = b.prefecture_romaji or b.prefecture
    if ctx.ja:
        line = f"**{b.name}**は{where_ja}の蔵元です。"
        if b.founded:
            line += f"創業は{b.founded}年。"
        if b.representative_sake:
            line += f"代表銘柄は「{b.representative_sake}」です。"
        ctx.lines.append(line)
    else:
        line = f"**{b.romaji or b.name}** ({b.name}) is a brewery in {where_en}."
        if b.founded:
            line += f" Founded in {b.founded}."
        if b.representative_sake:
            line += f" Best known for {b.representative_sake}."
        ctx.lines.append(line)
        if b.description:
            ctx.lines.append(b.description[: _DESCRIPTION_CHARS * 2])
    sakes = page.sakes[:4]
    if sakes:
        ctx.say(
            f"カタログにある{b.sake_count}本のうち:",
            f"{b.sake_count} of its sake are in the catalog, including:",
        )
        for s in sakes:
            ctx.lines.append(f"- {phrases.sake_line(s, ctx.lang)}")
        ctx.show(sakes)
    ctx.summary = ctx.pick(f"{b.name}について説明", f"explained the brewery {b.name}")


def breweries_in(ctx: Ctx) -> Steps:
    c = ctx.u.constraints
    region = c.regions[0] if c.regions else None
    prefecture = c.prefectures[0] if c.prefectures else None
    found = yield from ctx.box.breweries_in(region, prefecture)
    place = (
        phrases.prefecture_name(prefecture, ctx.lang)
        if prefecture
        else phrases.region_name(region or "", ctx.lang)
    )
    if not found.items:
        ctx.say(
            f"{place}の酒蔵はカタログにまだありません。",
            f"The catalog has no brewery in {place} yet.",
        )
        return
    ctx.say(
        f"{place}の酒蔵（カタログに{found.total}軒）:",
        f"Breweries in {place} ({found.total} in the catalog):",
    )
    for b in found.items[:8]:
        if ctx.ja:
            rep = f"代表銘柄「{b.representative_sake}」" if b.representative_sake else ""
            ctx.lines.append(f"- **{b.name}**（{b.prefecture}{b.city or ''}）{rep}")
        else:
            rep = f", known for {b.representative_sake}" if b.representative_sake else ""
            ctx.lines.append(
                f"- **{b.romaji or b.name}** ({b.name}, {b.prefecture_romaji or b.prefecture}){rep}"
            )
    ctx.say("気になる蔵があれば名前で聞いてください。", "Ask me about any of them by name.")


def compare(ctx: Ctx) -> Steps:
    ids: list[int] = []
    for index in range(min(_MAX_COMPARED, len(ctx.u.mentions))):
        found = yield from resolve_one(ctx, index, avoid=frozenset(ids))
        if found is not None and found not in ids:
            ids.append(found)
    if len(ids) < 2:
        if ids:
            ctx.say(
                "比べる相手が見つかりませんでした。", "I could find only one of them to compare."
            )
        return
    details = []
    for sake_id in ids:
        d = yield from ctx.box.sake_details(sake_id)
        details.append(d)
    ctx.say(
        "・".join(phrases.title(d, "ja") for d in details) + "を比べます。",
        "Comparing " + phrases.join([phrases.title(d, "en") for d in details], "en") + ":",
    )
    for d in details:
        ctx.lines.append(f"- {phrases.sake_line(d, ctx.lang, _numbers(d, ctx.lang))}")
    ctx.lines.extend(_differences(details, ctx.lang))
    ctx.show(details)
    ctx.summary = ctx.pick("比較: ", "compared ") + phrases.join(
        [d.name for d in details], ctx.lang
    )


def _numbers(d: SakeDetails, lang: str) -> str:
    parts = []
    if d.polishing_ratio:
        parts.append(
            f"精米歩合{d.polishing_ratio}%" if lang == "ja" else f"polished to {d.polishing_ratio}%"
        )
    if d.smv is not None:
        parts.append(f"日本酒度{d.smv:+g}" if lang == "ja" else f"SMV {d.smv:+g}")
    if d.abv:
        parts.append(f"アルコール{d.abv:g}%" if lang == "ja" else f"{d.abv:g}% ABV")
    return (
        ("（" + "・".join(parts) + "）")
        if lang == "ja" and parts
        else (f"({', '.join(parts)})" if parts else "")
    )


def _differences(details: list[SakeDetails], lang: str) -> list[str]:
    out = []
    ja = lang == "ja"

    def name(d: SakeDetails) -> str:
        return phrases.title(d, lang)

    sweet = [d for d in details if d.taste.sweetness]
    if len(sweet) >= 2:
        driest = min(sweet, key=lambda d: d.taste.sweetness or 3)
        sweetest = max(sweet, key=lambda d: d.taste.sweetness or 3)
        if driest.taste.sweetness != sweetest.taste.sweetness:
            out.append(
                f"いちばん辛口なのは{name(driest)}、甘めなのは{name(sweetest)}です。"
                if ja
                else f"{name(driest)} is the driest; {name(sweetest)} the sweetest."
            )
        else:
            out.append("甘辛の度合いは同じくらいです。" if ja else "They are about equally sweet.")
    priced = [d for d in details if d.price_yen]
    if len(priced) >= 2:
        cheap = min(priced, key=lambda d: d.price_yen or 0)
        dear = max(priced, key=lambda d: d.price_yen or 0)
        if cheap.id != dear.id:
            out.append(
                f"価格は{name(cheap)}が手頃で、{name(dear)}が高めです。"
                if ja
                else f"{name(cheap)} is the more affordable; {name(dear)} costs more."
            )
    polished = [d for d in details if d.polishing_ratio]
    if len(polished) >= 2:
        most = min(polished, key=lambda d: d.polishing_ratio or 100)
        out.append(
            f"お米をいちばん磨いているのは{name(most)}（{most.polishing_ratio}%）で、香りが華やかになりやすいです。"
            if ja
            else f"{name(most)} is polished the most ({most.polishing_ratio}%), "
            "which usually means a cleaner, more fragrant sake."
        )
    return out


def explain(ctx: Ctx) -> Steps:
    terms = list(dict.fromkeys(t.term for t in ctx.u.terms))
    try:
        found = yield from ctx.box.explain(" ".join(terms))
    except ToolError as exc:
        if exc.kind not in (ToolErrorKind.NOT_FOUND, ToolErrorKind.INVALID_ARGUMENTS):
            raise
        ctx.say(
            "その言葉は用語集にありませんでした。精米歩合、日本酒度、生酛などを聞いてみてください。",
            "That word isn't in my glossary. Try 精米歩合 (polishing ratio), nihonshudo or kimoto.",
        )
        return
    related: list[str] = []
    for e in found.entries:
        if ctx.ja:
            ctx.lines.append(f"**{e.term}**（{e.reading}）: {e.ja}")
        else:
            ctx.lines.append(f"**{e.romaji.title()}** ({e.term}, {e.english}): {e.en}")
        related += [r for r in e.related if r not in terms and r not in related]
    if related:
        ctx.say("関連する言葉: " + "、".join(related[:4]), "Related: " + ", ".join(related[:4]))
    ctx.summary = ctx.pick("用語の説明: ", "explained ") + "、".join(terms)
