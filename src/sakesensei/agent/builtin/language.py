"""Which language a message is in: Japanese, English, or another one we do not speak.

Kana make a message Japanese; Latin words are English unless they are plainly French,
Spanish, German, Italian or Portuguese; kanji without kana are Japanese unless they use
characters only Chinese writes. Romaji ("dassai", "karakuchi") counts as English, the
language a person typing romaji most likely reads.
"""

from __future__ import annotations

import re
from typing import Literal

from sakesensei.agent.builtin.text import Text, is_han, is_kana, word_list

Language = Literal["ja", "en", "other"]

_OTHER_SCRIPTS = (
    ("\uac00", "\ud7af"),  # Hangul
    ("\u1100", "\u11ff"),
    ("\u0400", "\u04ff"),  # Cyrillic
    ("\u0600", "\u06ff"),  # Arabic
    ("\u0590", "\u05ff"),  # Hebrew
    ("\u0e00", "\u0e7f"),  # Thai
    ("\u0900", "\u097f"),  # Devanagari
    ("\u0370", "\u03ff"),  # Greek
)

# Characters Chinese writes and Japanese does not (simplified forms, Chinese particles).
_CHINESE_ONLY = frozenset("们这吗么荐谢说买给让还适请问哪个没吃喝怎对样吧呢么种钱块为点")

COMMON_ENGLISH = frozenset(
    word_list(
        "a an the i i'm im me my mine you your we us our it its it's is are was were be been am "
        "do does did don't doesn't didn't not no yes what which who whom whose when where why how "
        "can could would should will shall may might must have has had and or but if so for of to "
        "in on at by with from about under over below above than then there here this that these "
        "those some any something anything one ones good best great nice like love want need "
        "looking look recommend recommendation recommendations suggest suggestion pick picks "
        "please thanks thank hi hello hey sake sakes bottle bottles yen cheap dry sweet fruity "
        "tell know explain mean means meaning difference between compare versus vs brewery "
        "breweries drink drank drunk tried try had rate rated rating stars star food dish dinner "
        "goes go pair pairs pairing match beginner new first time help show list which wine beer "
        "more less much many very really too also just get find give buy gift party summer winter "
        "warm hot cold chilled serve temperature price cost costs around about ok okay sure nope "
        "cancel stop prefer preference preferences budget journal history favourite favorite "
        "highest lowest last month week year today yesterday night ago since ever never again "
        "other another else something good morning evening afternoon bye goodbye cheers sorry who "
        "are am with without"
    )
)

_OTHER_LATIN: dict[str, frozenset[str]] = {
    "fr": frozenset(
        word_list(
            "je tu il elle nous vous ils le la les un une des du est sont avec pour quel quelle "
            "quels bonjour merci salut pas mais très bien boire vin recommandez recommander "
            "voudrais cherche pouvez aime moins cher"
        )
    ),
    "es": frozenset(
        word_list(
            "el la los las un una unos es son con para que qué hola gracias quiero busco puedes "
            "recomiendas recomendar bueno buena vino beber dulce seco barato tengo cuál cual muy "
            "también pero por favor"
        )
    ),
    "de": frozenset(
        word_list(
            "ich du er sie wir ihr der die das ein eine ist sind und mit für nicht hallo danke "
            "bitte kannst können empfehlen empfehlung trinken süß trocken günstig möchte welche "
            "welcher guten tag gibt es mir"
        )
    ),
    "it": frozenset(
        word_list(
            "io tu lui lei noi voi il lo gli una è sono con per che ciao grazie vorrei cerco puoi "
            "consigli consigliare bere dolce secco economico buongiorno"
        )
    ),
    "pt": frozenset(
        word_list(
            "eu você ele ela nós o os as um uma é são com para que olá obrigado obrigada quero "
            "procuro pode recomenda recomendar beber doce seco barato bom dia"
        )
    ),
}
# Greetings that settle the question by themselves.
_OTHER_GREETINGS = frozenset(
    word_list(
        "bonjour bonsoir merci hola gracias hallo danke ciao grazie olá obrigado obrigada "
        "buongiorno buenos buenas guten"
    )
)
_WORD = re.compile(r"[a-zà-öø-ÿ']+")


def detect_language(text: Text) -> Language | None:
    """The message's language, or None when it holds nothing to tell (digits, emoji)."""
    kana = sum(1 for ch in text.norm if is_kana(ch))
    han = sum(1 for ch in text.norm if is_han(ch))
    other = sum(1 for ch in text.norm if any(lo <= ch <= hi for lo, hi in _OTHER_SCRIPTS))
    words = _WORD.findall(text.norm.lower())
    english = sum(1 for w in words if w in COMMON_ENGLISH)
    latin = sum(len(w) for w in words)
    if other and other >= kana + han + latin:
        return "other"
    if kana:
        # A Japanese name inside an English sentence ("is ふなぐち good?") stays English.
        if english >= 2 and latin >= kana + han:
            return "en"
        return "ja"
    if han:
        if any(ch in _CHINESE_ONLY for ch in text.norm) and not english:
            return "other"
        if english >= 1 and latin >= 2 * han:
            return "en"
        return "ja" if not english else "en"
    if not words:
        return "other" if other else None
    if _looks_foreign(words, english):
        return "other"
    return "en"


def _looks_foreign(words: list[str], english: int) -> bool:
    if any(w in _OTHER_GREETINGS for w in words) and english <= 1:
        return True
    best = max(sum(1 for w in words if w in vocab) for vocab in _OTHER_LATIN.values())
    # Accents English never uses, in a word of its own, also give a language away.
    accented = sum(1 for w in words if re.search(r"[à-öø-ÿ]", w))
    return best + accented >= 2 and best + accented > english
