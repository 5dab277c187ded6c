"""The user's taste profile in conversation: what they tell us (remembered at once, saved
to their preferences only after they agree), their preferences, and what is remembered."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from sakesensei.agent.builtin import phrases
from sakesensei.agent.builtin.constraints import Constraints
from sakesensei.agent.builtin.context import Ctx
from sakesensei.agent.builtin.facts import STYLE_EN, Fact
from sakesensei.agent.builtin.vocabulary import AROMA_FAMILIES
from sakesensei.agent.conversation import Event
from sakesensei.agent.tools.errors import ToolError, ToolErrorKind
from sakesensei.agent.tools.records import PreferencesView
from sakesensei.domain.catalog import AROMA_JA, AROMAS
from sakesensei.domain.grades import GRADE_ROMAJI
from sakesensei.domain.users import BUDGET_RANGE

Steps = Generator[Event, None, None]
UPDATE = "update_preferences"
_EXPERIENCE_JA = {"beginner": "初心者", "intermediate": "中級者", "advanced": "上級者"}


def preference_changes(c: Constraints, current: PreferencesView) -> dict[str, Any]:
    """update_user_preferences arguments for what the user said, leaving out what is already so."""
    changes: dict[str, Any] = {}
    if c.sweetness_max is not None and c.sweetness_max <= 2:
        wanted = 1 if c.sweetness_max == 1 else 2
        if current.sweetness > wanted:
            changes["sweetness"] = wanted
    elif c.sweetness_min is not None and c.sweetness_min >= 3:
        wanted = 4 if c.sweetness_min >= 4 else 3
        if current.sweetness < wanted:
            changes["sweetness"] = wanted
    if c.price_max is not None and c.price_max != current.budget_yen:
        changes["budget_yen"] = min(max(BUDGET_RANGE[0], c.price_max), BUDGET_RANGE[1])
    if c.experience and c.experience != current.experience:
        changes["experience"] = c.experience
    liked = [a for a in c.aromas if a in AROMAS]
    if tuple(liked) == AROMA_FAMILIES["fruity"]:  # "fruity" as the words spelled it out
        liked = ["fruity"]
    new_aromas = [a for a in liked if a not in current.liked_aromas]
    if new_aromas:
        changes["liked_aromas"] = [*current.liked_aromas, *new_aromas]
    avoid = [g for g in c.avoid_categories if g not in current.avoid_categories]
    if avoid:
        changes["avoid_categories"] = [*current.avoid_categories, *avoid]
    return changes


def describe_changes(changes: dict[str, Any], current: PreferencesView, lang: str) -> str:
    ja = lang == "ja"
    parts = []
    if "sweetness" in changes:
        table = phrases.SWEETNESS_JA if ja else phrases.SWEETNESS_EN
        old, new = current.sweetness, changes["sweetness"]
        parts.append(
            f"甘辛 {old}（{table[old]}）→ {new}（{table[new]}）"
            if ja
            else f"sweetness {old} ({table[old]}) → {new} ({table[new]})"
        )
    if "budget_yen" in changes:
        old_budget = (
            phrases.yen(current.budget_yen, lang)
            if current.budget_yen
            else ("上限なし" if ja else "no limit")
        )
        new_budget = phrases.yen(changes["budget_yen"], lang)
        parts.append(
            f"予算 {old_budget} → {new_budget}" if ja else f"budget {old_budget} → {new_budget}"
        )
    if "experience" in changes:
        if ja:
            parts.append(
                f"経験 {_EXPERIENCE_JA[current.experience]} → "
                f"{_EXPERIENCE_JA[changes['experience']]}"
            )
        else:
            parts.append(f"experience {current.experience} → {changes['experience']}")
    if "liked_aromas" in changes:
        parts.append(
            ("好きな香り: " if ja else "liked aromas: ")
            + phrases.aromas(changes["liked_aromas"], lang, 6)
        )
    if "avoid_categories" in changes:
        parts.append(
            ("避ける種類: " if ja else "grades to avoid: ") + "、".join(changes["avoid_categories"])
        )
    return "、".join(parts) if ja else "; ".join(parts)


def offer_update(ctx: Ctx, c: Constraints) -> Steps:
    """Ask whether to save what the user said into their preferences (signed-in users)."""
    if not ctx.signed_in:
        return
    current = yield from ctx.box.preferences()
    changes = preference_changes(c, current)
    if not changes:
        return
    ctx.state["pending"] = {"action": UPDATE, "changes": changes}
    ctx.say(
        f"好みの設定も変更しますか？（{describe_changes(changes, current, 'ja')}）"
        "「はい」か「いいえ」で答えてください。",
        f"Shall I also update your preferences ({describe_changes(changes, current, 'en')})? "
        "Please answer yes or no.",
    )


def preference_statement(ctx: Ctx, facts: list[Fact]) -> Steps:
    c = ctx.u.constraints
    heard = _heard(ctx, facts)
    if not ctx.signed_in:
        ctx.say(
            f"わかりました、{heard}ですね。このチャットの間は覚えておきます（ログインすると次回以降も覚えておけます）。",
            f"Got it: you {heard}. I'll keep that in mind for this chat; sign in and I can "
            "remember it next time too.",
        )
        return
    ctx.say(
        f"わかりました、{heard}ですね。覚えておきます。",
        f"Got it: you {heard}. I'll remember that.",
    )
    before = len(ctx.lines)
    yield from offer_update(ctx, c)
    if len(ctx.lines) == before and _maps_to_preferences(c):
        ctx.say(
            "好みの設定はすでにそのようになっています。", "Your saved preferences already say so."
        )
    ctx.summary = ctx.pick("好みを伝えた: ", "shared a preference: ") + heard


def _maps_to_preferences(c: Constraints) -> bool:
    return bool(
        c.sweetness_max is not None
        or c.sweetness_min is not None
        or c.price_max is not None
        or c.experience
    )


def _heard(ctx: Ctx, facts: list[Fact]) -> str:
    ja_words = {
        "prefers dry": "辛口がお好み",
        "prefers sweet": "甘口がお好み",
        "beginner": "日本酒は初心者",
        "advanced": "日本酒に詳しい",
        "dislikes strong aroma": "香りが強いお酒は苦手",
        "prefers light": "軽めがお好み",
        "prefers rich": "濃いめがお好み",
    }
    parts = []
    for f in facts:
        if ctx.ja:
            if f.value in ja_words:
                parts.append(ja_words[f.value])
            elif f.key == "budget":
                parts.append(f"予算は{f.value.split()[1]}円")
            elif f.value.startswith("dislikes "):
                parts.append(f"{_in_japanese(f.value[9:])}は苦手")
            elif f.value.startswith("likes "):
                parts.append(f"{_in_japanese(f.value[6:])}が好き")
        else:
            en = {
                "beginner": "are new to sake",
                "advanced": "know sake well",
                "prefers dry": "prefer dry sake",
                "prefers sweet": "prefer sweeter sake",
            }.get(f.value)
            if en is None and f.key == "budget":
                en = f"keep to about ¥{int(f.value.split()[1]):,} a bottle"
            parts.append(en or (f.value.replace("dislikes", "don't like").replace("likes", "like")))
    return ("、".join(parts) if ctx.ja else phrases.join(parts, "en")) or ctx.pick(
        "その好み", "like that"
    )


def apply_update(ctx: Ctx, pending: dict[str, Any]) -> Steps:
    changes = pending.get("changes")
    if not isinstance(changes, dict) or not changes:
        return
    try:
        done = yield from ctx.box.update_preferences(changes)
    except ToolError as exc:
        if exc.kind == ToolErrorKind.FORBIDDEN:
            ctx.say(
                "設定を変えるには、先にメールアドレスの確認を済ませてください。",
                "Please verify your email address first; then I can change your preferences.",
            )
            return
        raise
    p = done.preferences
    ctx.say(
        f"好みの設定を更新しました（{_summary(p, 'ja')}）。次のおすすめから反映されます。",
        f"Updated your preferences ({_summary(p, 'en')}). Your next picks will follow them.",
    )
    ctx.summary = ctx.pick("好みの設定を更新", "updated preferences")


def _summary(p: PreferencesView, lang: str) -> str:
    ja = lang == "ja"
    sweet = (phrases.SWEETNESS_JA if ja else phrases.SWEETNESS_EN)[p.sweetness]
    budget = phrases.yen(p.budget_yen, lang) if p.budget_yen else ("上限なし" if ja else "no limit")
    if ja:
        return f"甘辛 {p.sweetness}（{sweet}）、予算 {budget}、経験 {_EXPERIENCE_JA[p.experience]}"
    return f"sweetness {p.sweetness} ({sweet}), budget {budget}, experience {p.experience}"


def show_preferences(ctx: Ctx) -> Steps:
    p = yield from ctx.box.preferences()
    if p.updated_at is None:
        ctx.say(
            "まだ好みのアンケートに答えていないようです。今は標準の設定です: "
            + _summary(p, "ja")
            + "。",
            "You haven't answered the taste survey yet; these are the defaults: "
            + _summary(p, "en")
            + ".",
        )
    else:
        ctx.say(
            "今の好みの設定: " + _summary(p, "ja") + "。",
            "Your preferences: " + _summary(p, "en") + ".",
        )
    if p.liked_aromas:
        ctx.say(
            "好きな香り: " + phrases.aromas(p.liked_aromas, "ja", 6),
            "Liked aromas: " + phrases.aromas(p.liked_aromas, "en", 6),
        )
    if p.avoid_categories:
        ctx.say(
            "避ける種類: " + "、".join(p.avoid_categories),
            "Avoided grades: " + ", ".join(p.avoid_categories),
        )
    ctx.say(
        "変えたいときは「予算は3000円」のように言ってください。",
        'To change them, just tell me, e.g. "my budget is 3000 yen".',
    )


def memory(ctx: Ctx) -> Steps:
    found = yield from ctx.box.memory()
    if not found.facts and not found.summaries:
        ctx.say(
            "まだ何も覚えていません。好みを教えてくれれば覚えておきます。",
            "I don't remember anything about you yet. Tell me what you like and I will.",
        )
        return
    if found.facts:
        ctx.say("覚えていること:", "What I remember about you:")
        for f in found.facts:
            ctx.lines.append(f"- {f.value}")
    if found.summaries:
        ctx.say("最近の会話:", "Recent conversations:")
        for s in found.summaries[:3]:
            ctx.lines.append(f"- {s.created_at.date().isoformat()}: {s.summary}")
    ctx.say(
        "覚えていることは設定画面（/api/v1/memory）から確認・削除できます。",
        "You can see and delete all of it under /api/v1/memory.",
    )


def _in_japanese(name: str) -> str:
    """A style, grade or aroma kept in English words ("nigori"), as a Japanese answer says it."""
    for table in (STYLE_EN, GRADE_ROMAJI):
        for ja, en in table.items():
            if en.lower() == name.lower():
                return ja
    return AROMA_JA.get(name, name)
