"""Small talk, help, and the polite refusals: empty or huge messages, other languages,
sign-in needed, and requests for instructions or other people's data."""

from __future__ import annotations

from sakesensei.agent.builtin import cues as q
from sakesensei.agent.builtin.context import Ctx
from sakesensei.agent.builtin.intents import MAX_MESSAGE

EXAMPLES_JA = (
    "・「辛口で3000円以下のおすすめは？」\n"
    "・「刺身に合うお酒」\n"
    "・「獺祭と久保田の違いは？」\n"
    "・「生酛って何？」\n"
    "・「獺祭45を飲んだ、星4」（記録）\n"
    "・「先月飲んだのは？」"
)
EXAMPLES_EN = (
    '- "something fruity under 2000 yen for a beginner"\n'
    '- "what goes with karaage?"\n'
    '- "Dassai vs Kubota?"\n'
    '- "what is hiyaoroshi?"\n'
    '- "I had Dassai 45, 4 stars" (to log a tasting)\n'
    '- "what did I rate highest?"'
)


def greeting(ctx: Ctx) -> None:
    ctx.say(
        "こんにちは、酒先生です！日本酒選びのお手伝いをします。例えばこんなことを聞いてください:\n"
        + EXAMPLES_JA,
        "Hello, I'm Sake Sensei, your sake sommelier! You can ask me things like:\n" + EXAMPLES_EN,
    )


def thanks(ctx: Ctx) -> None:
    ctx.say(
        "どういたしまして！ほかにも気になることがあれば聞いてくださいね。",
        "You're welcome! Ask me anything else about sake.",
    )


def bye(ctx: Ctx) -> None:
    ctx.say(
        "ありがとうございました。楽しい日本酒の時間を！",
        "Thanks for chatting. Enjoy your sake. Kanpai!",
    )


def small_talk(ctx: Ctx) -> None:
    ctx.say(
        "私は酒先生、日本酒のソムリエです（組み込みの案内役で、カタログの情報をもとに答えます）。日本酒のことなら何でもどうぞ。",
        "I'm Sake Sensei, a sake sommelier built into this app; I answer from our sake catalog. "
        "Ask me anything about sake.",
    )


def help_text(ctx: Ctx) -> None:
    ctx.say(
        "日本酒の提案、料理との相性、銘柄や酒蔵の紹介、用語の説明、飲んだお酒の記録ができます。例えば:\n"
        + EXAMPLES_JA,
        "I can pick sake for you, pair sake with food, tell you about a sake or brewery, "
        "explain sake words, and keep your tasting journal. For example:\n" + EXAMPLES_EN,
    )


def unknown(ctx: Ctx) -> None:
    ctx.say(
        "すみません、その質問にはうまく答えられません（答えられるのはカタログと用語集にあることです）。"
        "例えばこんなふうに聞いてください:\n" + EXAMPLES_JA,
        "Sorry, I can't answer that one: I only know what my sake catalog and glossary hold. "
        "Try something like:\n" + EXAMPLES_EN,
    )


def off_topic(ctx: Ctx) -> None:
    if ctx.u.cue(q.OUT_OF_SCOPE):
        ctx.say(
            "すみません、予約や天気のご案内はできません。お手伝いできるのは日本酒選びと、"
            "料理との相性、用語の説明、飲んだお酒の記録です。",
            "Sorry, I can't do that: bookings and weather are beyond me. I can help you choose "
            "sake, pair it with food, explain sake words and keep your tasting journal.",
        )
        return
    ctx.say(
        "すみません、私がご案内できるのは日本酒だけです。ワインやビールがお好きなら、似た雰囲気の日本酒を探せますよ（例:「ワインみたいなフルーティーな日本酒」）。",
        "Sorry, sake is the only drink I know well. If you like wine or beer, I can find a sake in "
        'a similar spirit, e.g. "a fruity, wine-like sake".',
    )


def empty(ctx: Ctx) -> None:
    ctx.say(
        "メッセージが空でした。日本酒について何でも聞いてください。",
        "Your message was empty. Ask me anything about sake!",
    )


def too_long(ctx: Ctx) -> None:
    size = len(ctx.turn.message)
    ctx.say(
        f"メッセージが長すぎます（{size:,}文字）。{MAX_MESSAGE:,}文字以内で、聞きたいことを短く書いてください。",
        f"That message is too long ({size:,} characters). Please ask in under {MAX_MESSAGE:,} "
        "characters.",
    )


def other_language(ctx: Ctx) -> None:
    ctx.lines.append(
        "Sorry, I can only chat in English and Japanese. Please ask me in one of those — "
        'for example "recommend a dry sake under 3000 yen".'
    )


def injection(ctx: Ctx) -> None:
    ctx.say(
        "申し訳ありませんが、その依頼にはお応えできません。私の内部の設定や、ほかの利用者のデータはお見せできません。"
        "お手伝いできるのは日本酒のことと、あなた自身の記録や好みについてです。",
        "Sorry, I can't do that. I don't share my internal instructions or anyone else's data; "
        "I can only help with sake and with your own journal and preferences.",
    )


def sign_in_needed(ctx: Ctx, what_ja: str, what_en: str) -> None:
    ctx.say(
        f"{what_ja}にはログインが必要です。ログインすると、飲んだお酒の記録や好みの保存ができます。"
        "それまでは、おすすめや料理との相性、用語の説明などをどうぞ。",
        f"To {what_en}, please sign in first: then I can keep your tasting journal and "
        "preferences. "
        "Meanwhile I'm happy to suggest sake, pair it with food or explain sake words.",
    )
