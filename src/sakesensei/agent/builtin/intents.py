"""What a message is asking for: one intent, with the names, dish, terms and limits in it.

Cues are plain word lists in both languages. Order matters where a message has several:
safety first (empty, too long, another language, attempts on other people's data), then
answers to a pending question, then the specific asks (log, history, compare, explain),
then picks, then small talk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from sakesensei.agent.builtin import cues as q
from sakesensei.agent.builtin import vocabulary as v
from sakesensei.agent.builtin.constraints import Constraints
from sakesensei.agent.builtin.dates import Period, period, tasting_day
from sakesensei.agent.builtin.language import COMMON_ENGLISH, Language
from sakesensei.agent.builtin.names import Mention
from sakesensei.agent.builtin.numbers import find_rating
from sakesensei.agent.builtin.slots import extract
from sakesensei.agent.builtin.text import Text, word_list
from sakesensei.agent.builtin.topics import Dish, TermHit, find_dish, find_terms
from sakesensei.domain.grades import OTHER, parse_category
from sakesensei.domain.prefectures import normalize_prefecture
from sakesensei.domain.regions import normalize_region
from sakesensei.services.glossary import Glossary

MAX_MESSAGE = 4000

GREETING = "greeting"
THANKS = "thanks"
BYE = "bye"
SMALL_TALK = "small_talk"
HELP = "help"
EMPTY = "empty"
TOO_LONG = "too_long"
OTHER_LANGUAGE = "other_language"
INJECTION = "injection"
CONFIRM = "confirm"
DENY = "deny"
LOG_TASTING = "log_tasting"
HISTORY = "history"
PREFERENCE_CHANGE = "preference_change"
SHOW_PREFERENCES = "show_preferences"
MEMORY = "memory"
COMPARE = "compare"
SIMILAR = "similar"
PAIRING = "pairing"
EXPLAIN = "explain_term"
SAKE_INFO = "sake_info"
BREWERY_INFO = "brewery_info"
BREWERIES_IN = "breweries_in_region"
RECOMMEND = "recommend"
REFINE = "refine"
OFF_TOPIC = "off_topic"
UNKNOWN = "unknown"
ACK = "ack"

USER_SCOPED = frozenset({LOG_TASTING, HISTORY, SHOW_PREFERENCES, MEMORY})


_ORDINALS: tuple[tuple[str, int], ...] = (
    (r"(?:1|一)\s*(?:番目|つ目|本目)|最初の|first|\b1st\b|#1|number one|no\.? ?1\b", 0),
    (r"(?:2|二)\s*(?:番目|つ目|本目)|second|\b2nd\b|#2|number two|no\.? ?2\b", 1),
    (r"(?:3|三)\s*(?:番目|つ目|本目)|third|\b3rd\b|#3|number three|no\.? ?3\b", 2),
    (r"(?:4|四)\s*(?:番目|つ目|本目)|fourth|\b4th\b|#4", 3),
    (r"(?:5|五)\s*(?:番目|つ目|本目)|fifth|\b5th\b|#5", 4),
    (r"最後の|last one|the last", -1),
    (r"それ|これ|あれ|その酒|このお酒|そのお酒|\bit\b|\bthat one\b|\bthis one\b|\bthat sake\b", 0),
)


@dataclass
class Understanding:
    text: Text
    language: Language
    intent: str
    mentions: list[Mention] = field(default_factory=list)
    constraints: Constraints = field(default_factory=Constraints)
    dish: Dish | None = None
    terms: list[TermHit] = field(default_factory=list)
    rating: int | None = None
    tasted_on: date | None = None
    period: Period | None = None
    ordinal: int | None = None  # an index into the sake shown last, if the message points at one
    wants_food: bool = False  # a question about what a named sake goes with
    wants_brewery: bool = False
    refine: bool = False
    follow_up: bool = False  # a short "any from Kyushu?" after picks

    def cue(self, pattern: re.Pattern[str]) -> bool:
        return pattern.search(self.text.kana) is not None


def _has(pattern: re.Pattern[str], text: Text) -> bool:
    return pattern.search(text.kana) is not None


def read(
    text: Text,
    language: Language,
    mentions: list[Mention],
    glossary: Glossary,
    today: date,
    pending: bool,
    has_shown: bool,
) -> Understanding:
    u = Understanding(text=text, language=language, intent=UNKNOWN, mentions=mentions)
    spans = [(m.start, m.end) for m in mentions]
    rating = find_rating(text.kana)
    if rating is not None:
        u.rating = rating[0]
        spans.append((rating[1], rating[2]))
    u.constraints = extract(text, spans)
    if not mentions:
        guessed = guess_name(text)
        if guessed is not None:
            u.mentions = [guessed]
            spans.append((guessed.start, guessed.end))
    sweet_spans = _constraint_spans(text, spans)
    u.dish = find_dish(text, sweet_spans)
    dish_spans = [(u.dish.start, u.dish.end)] if u.dish else []
    u.terms = find_terms(text, glossary, [*spans, *dish_spans])
    u.tasted_on = tasting_day(text.kana, today)
    u.period = period(text.kana, today)
    u.ordinal = _ordinal(text) if has_shown else None
    u.wants_food = _has(q.FOOD_OF_SAKE, text)
    u.wants_brewery = _has(q.BREWERY_WORDS, text)
    u.follow_up = has_shown and _has(q.FOLLOW_UP, text) and not mentions
    u.refine = has_shown and (_has(q.REFINE, text) or u.follow_up)
    u.intent = _intent(u, pending)
    return u


_QUOTED = re.compile(r"「([^」]{1,40})」|『([^』]{1,40})』|\"([^\"]{2,40})\"|“([^”]{2,40})”")
_CALLED_JA = re.compile(
    r"([^\s、。,!?！？「」]{2,20}?)(?:っていう|という|って名前の|っていうお?酒)"
)
_CALLED_EN = re.compile(
    r"\b(?:called|named|about|brand)\s+(?:the\s+)?([A-Z][\w'’-]*(?:\s+(?:[A-Z0-9][\w'’-]*|no|de))*)"
)


def guess_name(text: Text) -> Mention | None:
    """A name the user clearly gives ("a sake called X", 「X」っていうお酒) that the catalog
    lexicon did not know; the search tool decides whether it exists."""
    found: tuple[str, int] | None = None
    m = _QUOTED.search(text.norm)
    if m is not None:
        group = next(i for i, g in enumerate(m.groups(), 1) if g)
        found = (m.group(group).strip(), m.start(group))
    elif (m := _CALLED_JA.search(text.norm)) is not None:
        if not v.contains_any(m.group(1), v.SAKE_WORDS):
            found = (m.group(1), m.start(1))
    elif (m := _CALLED_EN.search(text.norm)) is not None:
        found = (re.sub(r"\s+(?:sake|Sake|SAKE)$", "", m.group(1)).strip(), m.start(1))
    if found is None or not found[0] or _known_word(found[0]):
        return None
    name, start = found
    return Mention("sake", name, name, start, start + len(name))


def _known_word(word: str) -> bool:
    """A place, a grade or style, or plain English: not a name to look for."""
    parsed = parse_category(word)
    return bool(
        word.lower() in COMMON_ENGLISH
        or normalize_prefecture(word)
        or normalize_region(word)
        or parsed.tags
        or parsed.category != OTHER
    )


def _constraint_spans(text: Text, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans a dish must not be read from: names, and 辛いお酒 (dry, not spicy)."""
    out = list(spans)
    for f in v.find_words(text.kana, {"dry": v.DRY, "sweet": v.SWEET}):
        out.append((f.start, f.end))
    return out


def _ordinal(text: Text) -> int | None:
    for pattern, index in _ORDINALS:
        if re.search(pattern, text.kana):
            return index
    return None


def _intent(u: Understanding, pending: bool) -> str:
    text = u.text
    if not text.norm:
        return EMPTY
    if len(text.raw) > MAX_MESSAGE:
        return TOO_LONG
    if u.language == "other":
        return OTHER_LANGUAGE
    if _has(q.INJECTION, text) or _someone_elses(u):
        return INJECTION
    short = len(text.norm) <= 40
    if pending and short and _has(q.DENY, text):
        return DENY
    if pending and short and _has(q.CONFIRM, text):
        return CONFIRM
    if not pending and len(text.norm) <= 12 and (_has(q.CONFIRM, text) or _has(q.DENY, text)):
        return ACK
    names = u.mentions
    strong = _has(q.RECOMMEND, text)
    asks = strong or _has(q.RECOMMEND_WEAK, text)
    if _has(q.MEMORY, text):
        return MEMORY
    if _has(q.SHOW_PREFS, text) and not asks:
        return SHOW_PREFERENCES
    # "I've hardly ever drunk sake, what do you recommend?" is no journal question.
    journal_question = not strong or _has(q.JOURNAL_WORDS, text)
    if _has(q.HISTORY, text) and not (u.rating is not None and names) and journal_question:
        return HISTORY
    if _is_log(u, names, asks):
        return LOG_TASTING
    if u.terms and not _names_beat_terms(u) and _asks_meaning(u, strong, asks):
        return EXPLAIN
    social = _has(q.GREETING, text) or _has(q.THANKS, text) or _has(q.BYE, text)
    plain = not (names or u.dish or u.constraints.any() or strong)
    if social and plain:
        return GREETING if _has(q.GREETING, text) else THANKS if _has(q.THANKS, text) else BYE
    # "使い方を教えて" asks how to use this, not for picks.
    if _has(q.HELP, text) and plain:
        return HELP
    if _has(q.OUT_OF_SCOPE, text) and not names:
        return OFF_TOPIC
    if len(names) >= 2 and (_has(q.COMPARE, text) or not asks):
        return COMPARE
    if (names or u.ordinal is not None) and _has(q.SIMILAR, text):
        return SIMILAR
    if _is_preference(u, strong, asks):
        return PREFERENCE_CHANGE
    if u.dish is not None and not names:
        return PAIRING
    if names:
        first = names[0]
        if first.kind == "brewery" or u.wants_brewery:
            return BREWERY_INFO
        return SAKE_INFO
    if u.wants_brewery and (u.constraints.prefectures or u.constraints.regions):
        return BREWERIES_IN
    if u.ordinal is not None and (_has(q.EXPLAIN, text) or _has(q.EXPLAIN_WEAK, text)):
        return SAKE_INFO
    if u.ordinal is not None and (u.wants_food or _has(q.MORE_ABOUT, text)):
        return SAKE_INFO
    if u.ordinal is not None and len(re.sub(r"[\s?？!！。、.,]", "", text.norm)) <= 10:
        return SAKE_INFO
    if u.refine and (not u.constraints.hard() or u.follow_up or _comparative(u, strong)):
        return REFINE
    if v.contains_any(text.kana, v.OTHER_DRINKS) and not v.contains_any(text.kana, v.SAKE_WORDS):
        return OFF_TOPIC
    if u.terms and not asks and _only_terms(u):
        return EXPLAIN
    if asks or u.constraints.any() or u.refine:
        return REFINE if u.refine and not asks else RECOMMEND
    if _has(q.GREETING, text):
        return GREETING
    if _has(q.THANKS, text):
        return THANKS
    if _has(q.BYE, text):
        return BYE
    if _has(q.HELP, text):
        return HELP
    if _has(q.SMALL_TALK, text):
        return SMALL_TALK
    # "日本酒" alone asks for picks; a question we have no tool for is answered honestly.
    if v.contains_any(text.kana, v.SAKE_WORDS) and not _has(q.QUESTION, text):
        return RECOMMEND
    return UNKNOWN


_NOT_A_PERSON = frozenset(
    word_list(
        "it that this today tonight yesterday tomorrow week month year sake brewery brewer what "
        "who there here let one everyone everybody anyone someone somebody the a"
    )
)


def _someone_elses(u: Understanding) -> bool:
    """A named person's journal or data ("bob's tasting notes"): never ours to show."""
    m = q.SOMEONE_ELSES.search(u.text.kana)
    if m is None:
        return False
    if m.lastindex and m.group(1) in _NOT_A_PERSON:
        return False
    # "Dassai's tasting notes" are the sake's.
    return not any(n.start < m.end() and m.start() < n.end for n in u.mentions)


def _comparative(u: Understanding, strong: bool) -> bool:
    """Whether the message changes the last picks in price or sweetness only, whatever
    ask word comes with it: "もう少し安いのある？", "something a bit sweeter?"."""
    c = u.constraints
    return not (strong or c.categories or c.tags or c.prefectures or c.regions or c.aromas)


def _is_log(u: Understanding, names: list[Mention], asks: bool) -> bool:
    target = bool(names) or u.ordinal is not None
    if not target:
        return False
    if not _has(q.LOG, u.text):
        # "Dassai 45, 4 stars." is a verdict to log even without a verb.
        return u.rating is not None and not asks and not _has(q.QUESTION_MARK, u.text)
    # "I had Dassai last week, what else would I like?" asks for picks, not a log entry.
    return not (
        u.rating is None and (asks or _has(q.SIMILAR, u.text)) and not _has(q.EXPLICIT_LOG, u.text)
    )


def _names_beat_terms(u: Understanding) -> bool:
    """Whether the message is about a named sake more than about a word."""
    if not u.mentions:
        return False
    return not any(t.start < u.mentions[0].start for t in u.terms) or len(u.terms) == 0


def states_preference(u: Understanding) -> bool:
    """Whether the message says something lasting about the user ("I'm a beginner")."""
    return _has(q.PREF_CHANGE, u.text) or _has(q.BUDGET_WORDS, u.text)


def budget_said(u: Understanding) -> bool:
    return _has(q.BUDGET_WORDS, u.text)


def _only_terms(u: Understanding) -> bool:
    """A message that is little more than a sake word ("hiyaoroshi?", "精米歩合")."""
    named = sum(t.end - t.start for t in u.terms)
    rest = len(re.sub(r"[\s?？!！。、.,]", "", u.text.norm)) - named
    return rest <= 4 and not _narrowed(u.constraints)


def _narrowed(c: Constraints) -> bool:
    return bool(
        c.price_min is not None
        or c.price_max is not None
        or c.prefectures
        or c.regions
        or c.sweetness_min is not None
        or c.sweetness_max is not None
    )


def _asks_meaning(u: Understanding, strong_ask: bool, asks: bool) -> bool:
    if strong_ask:
        return False
    c = u.constraints
    # "Why is daiginjo so expensive?": its price words ask about the word, not for bottles.
    if _has(q.EXPLAIN_WHY, u.text) and not _narrowed(replace(c, price_min=None, price_max=None)):
        return c.cheap or c.premium or not _narrowed(c)
    if _narrowed(c):
        return False
    if _has(q.EXPLAIN, u.text):
        return True
    # "Do you have any aged sake?" asks for bottles, not for the word.
    return not asks and _has(q.EXPLAIN_WEAK, u.text)


def _is_preference(u: Understanding, strong_ask: bool, asks: bool) -> bool:
    if not _has(q.PREF_CHANGE, u.text):
        return False
    c = u.constraints
    about_taste = (
        c.sweetness_min is not None
        or c.sweetness_max is not None
        or c.price_max is not None
        or c.tags
        or c.avoid_tags
        or c.aromas
        or c.avoid_aromatic
        or c.experience is not None
        or c.avoid_categories
        or c.categories
        or c.body is not None
    )
    # "My budget is about 2500 yen a bottle" states; "any bottle under 2500?" asks.
    return about_taste and not strong_ask and not (asks and _has(q.QUESTION_MARK, u.text))
