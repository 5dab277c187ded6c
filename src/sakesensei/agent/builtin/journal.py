"""The tasting journal in conversation: logging a tasting (asked first, written on yes)
and questions about what the user drank and how they rated it."""

from __future__ import annotations

import re
from collections.abc import Generator
from typing import Any

from sakesensei.agent.builtin import phrases
from sakesensei.agent.builtin.context import Ctx
from sakesensei.agent.builtin.text import kana_pattern
from sakesensei.agent.conversation import Event
from sakesensei.agent.tools.errors import ToolError, ToolErrorKind
from sakesensei.agent.tools.journal import TastingOut
from sakesensei.domain.spelling import search_key
from sakesensei.domain.tastings import MAX_NOTES

Steps = Generator[Event, None, None]
LOG = "log_tasting"
_ALTERNATIVES = 3
_NOTE_SPLIT = re.compile(r"[。！!？?\n]+|、|,|\.\s")
_NOTE_NOISE = re.compile(
    r"飲んだ|飲みました|呑んだ|いただ|頂|試し|記録|登録|ログ|星|★|☆|点|stars?|\brate|\brated|\blog\b|"
    r"\brecord\b|\bdrank\b|\bhad\b|\btried\b|昨日|今日|yesterday|today|last night"
)


def start_log(ctx: Ctx) -> Steps:
    """Find the sake and ask before writing: the log is kept pending until the user agrees."""
    sake: dict[str, Any] | None = None
    alternatives: list[dict[str, Any]] = []
    mentions = [m for m in ctx.u.mentions if m.kind == "sake"] or ctx.u.mentions
    if mentions:
        found = yield from ctx.box.search_sake(mentions[0].query, limit=6)
        if not found.items and " " in mentions[0].query:
            found = yield from ctx.box.search_sake(mentions[0].query.split()[0], limit=6)
        if not found.items:
            ctx.say(
                f"「{mentions[0].surface}」はカタログに見つからず、記録できませんでした。名前を確かめてもう一度教えてください。",
                f"I couldn't find \"{mentions[0].surface}\" in the catalog, so I can't log it yet. "
                "Could you check the name?",
            )
            return
        top = found.items[0]
        sake = {"id": top.id, "name": top.name, "romaji": top.romaji}
        brand = search_key(top.name.split()[0])
        alternatives = [
            {"id": s.id, "name": s.name, "romaji": s.romaji}
            for s in found.items[1:]
            if search_key(s.name).startswith(brand)
        ][:_ALTERNATIVES]
        if len(mentions[0].query.split()) > 1:
            alternatives = []  # the user named the product, not only the brand
        ctx.show([top])
    else:
        shown_id = ctx.shown_id(ctx.u.ordinal)
        if shown_id is not None:
            d = yield from ctx.box.sake_details(shown_id)
            sake = {"id": d.id, "name": d.name, "romaji": d.romaji}
            ctx.show([d])
    if sake is None:
        ctx.say("どのお酒を飲んだか教えてください。", "Which sake did you drink? Tell me its name.")
        return
    pending = {
        "action": LOG,
        "sake": sake,
        "rating": ctx.u.rating,
        "tasted_on": ctx.u.tasted_on.isoformat() if ctx.u.tasted_on else None,
        "notes": _notes(ctx.u.text.norm, mentions[0].surface if mentions else ""),
        "alternatives": alternatives,
    }
    ctx.state["pending"] = pending
    ask_log(ctx, pending)


def _notes(message: str, name: str) -> str | None:
    kept = []
    for part in _NOTE_SPLIT.split(message):
        part = part.strip()
        if not part or (name and name in part) or _NOTE_NOISE.search(part.lower()):
            continue
        kept.append(part)
    notes = "、".join(kept)
    return notes[:MAX_NOTES] if len(notes) >= 4 else None


def _name(sake: dict[str, Any], lang: str) -> str:
    if lang == "ja" or not sake.get("romaji"):
        return f"**{sake['name']}**"
    return f"**{sake['romaji']}** ({sake['name']})"


def ask_log(ctx: Ctx, pending: dict[str, Any]) -> None:
    sake, rating = pending["sake"], pending.get("rating")
    name = _name(sake, ctx.lang)
    if rating is None:
        ctx.say(
            f"{name}ですね。星はいくつにしますか？（1〜5で教えてください。記録はそのあとで確認します）",
            f"{name} — how many stars would you give it, from 1 to 5? "
            "I'll check with you before I log it.",
        )
    else:
        when = pending.get("tasted_on")
        notes = pending.get("notes")
        extra_ja = (f"（{when}）" if when else "") + (f"、メモ「{notes}」" if notes else "")
        extra_en = (f" on {when}" if when else "") + (f', with the note "{notes}"' if notes else "")
        ctx.say(
            f"{name}を{phrases.stars(rating)}（{rating}）{extra_ja}で記録しますか？「はい」か「いいえ」で答えてください。",
            f"Shall I log {name} with {rating} star{'s' if rating != 1 else ''}{extra_en}? "
            "Please answer yes or no.",
        )
    alternatives = pending.get("alternatives") or []
    if alternatives:
        names = [_name(a, ctx.lang) for a in alternatives]
        ctx.say(
            "別の商品なら名前で教えてください: " + "、".join(names),
            "If you meant another one, tell me which: " + phrases.join(names, "en"),
        )


def update_pending_log(ctx: Ctx, pending: dict[str, Any]) -> Generator[Event, None, bool]:
    """A reply that changes the pending log (a rating, or another of the brand); True if it did."""
    changed = False
    if ctx.u.rating is not None:
        pending["rating"] = ctx.u.rating
        changed = True
    else:
        bare = re.fullmatch(r"\s*([1-5])\s*(?:つ|個|です|で|stars?|!|\.)?\s*", ctx.u.text.kana)
        if bare is not None and pending.get("rating") is None:
            pending["rating"] = int(bare.group(1))
            changed = True
    chosen = _chosen_alternative(ctx, pending)
    if chosen is not None:
        pending["alternatives"] = [
            a
            for a in [pending["sake"], *pending.get("alternatives", [])]
            if a["id"] != chosen["id"]
        ]
        pending["sake"] = chosen
        changed = True
    if ctx.u.tasted_on is not None:
        pending["tasted_on"] = ctx.u.tasted_on.isoformat()
    if changed:
        ctx.state["pending"] = pending
        ask_log(ctx, pending)
        d = yield from ctx.box.sake_details(int(pending["sake"]["id"]))
        ctx.show([d])
    return changed


def _chosen_alternative(ctx: Ctx, pending: dict[str, Any]) -> dict[str, Any] | None:
    alternatives = pending.get("alternatives") or []
    if not alternatives:
        return None
    if ctx.u.ordinal is not None and 0 <= ctx.u.ordinal < len(alternatives) and not ctx.u.mentions:
        choice: dict[str, Any] = alternatives[ctx.u.ordinal]
        return choice
    said = search_key(ctx.u.text.norm)
    for alt in alternatives:
        words = [search_key(w) for w in f"{alt['name']} {alt.get('romaji') or ''}".split()]
        for word in words[1:]:
            bare = word.rstrip("0123456789")
            named = (len(word) >= 2 and word in said) or (len(bare) >= 3 and bare in said)
            brand = search_key(alt["name"].split()[0])
            if named and word != brand and word not in _COMMON_WORDS:
                chosen: dict[str, Any] = alt
                return chosen
    return None


# Words every bottle of a brand may share; naming one does not pick a bottle.
_COMMON_WORDS = frozenset(
    search_key(w)
    for w in ("純米大吟醸", "純米吟醸", "大吟醸", "吟醸", "純米", "junmai", "daiginjo", "ginjo")
)


def write_log(ctx: Ctx, pending: dict[str, Any]) -> Steps:
    if pending.get("rating") is None:
        ctx.state["pending"] = pending
        ctx.say("星の数（1〜5）を教えてください。", "How many stars (1 to 5)?")
        return
    args = {
        "sake_id": int(pending["sake"]["id"]),
        "rating": int(pending["rating"]),
        "tasted_on": pending.get("tasted_on"),
        "notes": pending.get("notes"),
    }
    try:
        saved: TastingOut = yield from ctx.box.add_tasting(args)
    except ToolError as exc:
        if exc.kind == ToolErrorKind.FORBIDDEN:
            ctx.say(
                "記録するには、先にメールアドレスの確認を済ませてください。",
                "Please verify your email address first; then I can log tastings for you.",
            )
            return
        if exc.kind == ToolErrorKind.INVALID_ARGUMENTS:
            ctx.say(
                "記録できませんでした。日付と星の数（1〜5）を確かめて、もう一度教えてください。",
                f"I couldn't log it ({exc.message}). Please check the date and the stars.",
            )
            return
        raise
    name = _name(pending["sake"], ctx.lang)
    ctx.say(
        f"{name}を{phrases.stars(saved.rating)}で記録しました（{saved.tasted_on.isoformat()}）。次のおすすめに反映されます。",
        f"Logged {name} with {saved.rating} star{'s' if saved.rating != 1 else ''} "
        f"({saved.tasted_on.isoformat()}). Your next picks will take it into account.",
    )
    ctx.cards.append(saved.sake.id)
    ctx.summary = ctx.pick(
        f"{saved.sake.name}を★{saved.rating}で記録",
        f"logged {saved.sake.name}, {saved.rating} stars",
    )


_HIGH = kana_pattern(
    r"highest|best|top|favou?rite|most|一番(?:好き|美味し|おいし|気に入|評価が高)|評価が(?:一番)?高|お気に入り|高評価"
)
_LOW = kana_pattern(
    r"lowest|worst|least|評価が(?:一番)?低|一番(?:まず|低)|低評価|イマイチ|いまいち"
)
_STATS = kana_pattern(
    r"how many|count|average|stats|statistics|taste profile|what do i (?:usually|tend)|what kind|"
    r"何本|何杯|何種類|統計|平均|傾向|どんなお酒が好き|好みの傾向"
)


def history(ctx: Ctx) -> Steps:
    kana = ctx.u.text.kana
    span = ctx.u.period
    where: dict[str, Any] = {}
    if span is not None:
        where = {"date_from": span[0].isoformat(), "date_to": span[1].isoformat()}
    if _STATS.search(kana):
        yield from _statistics(ctx, where)
        return
    found = yield from ctx.box.history({**where, "limit": 50})
    items = found.items
    if ctx.u.mentions:
        yield from _have_i(ctx, items)
        return
    if not items:
        ctx.say(
            "その期間の記録はまだありません。"
            if span
            else "まだ記録がありません。「獺祭45を飲んだ、星4」のように教えてくれれば記録します。",
            "No tastings logged for that period."
            if span
            else "Your journal is empty so far. Tell me what you drank, "
            'e.g. "I had Dassai 45, 4 stars", and I\'ll log it.',
        )
        return
    if _LOW.search(kana):
        items = sorted(items, key=lambda t: (t.rating, t.tasted_on))
        lowest = [t for t in items if t.rating == items[0].rating][:5]
        ctx.say("評価がいちばん低かったのは:", "Your lowest-rated:")
        shown = lowest
    elif _HIGH.search(kana):
        items = sorted(items, key=lambda t: (-t.rating, -t.tasted_on.toordinal()))
        shown = [t for t in items if t.rating == items[0].rating][:5]
        ctx.say("いちばん評価が高かったのは:", "Your highest-rated:")
    else:
        shown = items[:10]
        total = found.total
        ctx.say(
            f"{'その期間' if span else 'これまで'}に記録したのは{total}件です"
            + ("（新しい順に10件）:" if total > 10 else ":"),
            f"You logged {total} tasting{'s' if total != 1 else ''}"
            + (" in that period" if span else "")
            + (" (the 10 newest):" if total > 10 else ":"),
        )
    for t in shown:
        note = (
            (f"（メモ: {t.notes}）" if ctx.ja else f' — your note: "{t.notes}"') if t.notes else ""
        )
        ctx.lines.append(
            f"- {t.tasted_on.isoformat()} **{t.sake.name}** {phrases.stars(t.rating)}{note}"
        )
    ctx.cards.extend(t.sake.id for t in shown if t.sake.id not in ctx.cards)
    ctx.summary = ctx.pick("記録を確認", "looked at the journal")


def _have_i(ctx: Ctx, items: list[TastingOut]) -> Steps:
    mention = ctx.u.mentions[0]
    key = search_key(mention.query.split()[0])
    hits = [t for t in items if key in search_key(t.sake.name)]
    if not hits:
        ctx.say(
            f"記録の中に「{mention.surface}」はありません。",
            f'There is no "{mention.surface}" in your journal.',
        )
        return
    ctx.say(
        f"はい、「{mention.surface}」の記録があります:",
        f'Yes, "{mention.surface}" is in your journal:',
    )
    for t in hits[:5]:
        ctx.lines.append(f"- {t.tasted_on.isoformat()} **{t.sake.name}** {phrases.stars(t.rating)}")
    ctx.cards.extend(t.sake.id for t in hits[:5] if t.sake.id not in ctx.cards)
    yield from ()


def _statistics(ctx: Ctx, where: dict[str, Any]) -> Steps:
    s = yield from ctx.box.statistics(where)
    if s.count == 0:
        ctx.say("まだ記録がありません。", "Your journal has no tastings yet.")
        return
    avg = f"{s.average_rating:.1f}" if s.average_rating is not None else "-"
    ctx.say(
        f"記録は{s.count}件、平均は★{avg}です。",
        f"You have logged {s.count} tastings, averaging {avg} stars.",
    )
    if s.by_category:
        top = max(s.by_category, key=lambda g: (g.count, g.average_rating))
        ctx.say(
            f"いちばん多いのは{top.name}（{top.count}件、平均★{top.average_rating:.1f}）。",
            f"Most often: {phrases._grade_en(top.name)} ({top.count}, averaging "
            f"{top.average_rating:.1f}).",
        )
    high = s.rated_high
    if high.count and high.sweetness is not None:
        sweet = phrases.SWEETNESS_JA if ctx.ja else phrases.SWEETNESS_EN
        aromas = phrases.aromas([a.aroma for a in high.top_aromas], ctx.lang)
        level = sweet[max(1, min(5, round(high.sweetness)))]
        ctx.say(
            f"高く評価したお酒は{level}寄りで"
            + (f"、{aromas}の香りが多めです。" if aromas else "す。"),
            f"What you rate highly leans {level}"
            + (f", often with {aromas} notes." if aromas else "."),
        )
    ctx.summary = ctx.pick("記録の傾向を確認", "looked at journal statistics")
