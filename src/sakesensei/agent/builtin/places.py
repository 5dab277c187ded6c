"""Places people name instead of a prefecture: sake districts, old province names, cities.

"越後の酒", "something from Tosa", "I'm going to Sendai": each stands for one prefecture.
A name shared by two prefectures (出羽, 武蔵) or by a famous rice or brand (備前雄町, 播州
山田錦, 南部美人) is left out, so that it is never read as a place by mistake. Romaji
spellings that are also sake words (koshu, awa, aki) are left out for the same reason.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

from sakesensei.agent.builtin.text import is_han
from sakesensei.domain.prefectures import PREFECTURES

# prefecture: "kanji names | romaji names"
_PLACES: dict[str, str] = {
    "北海道": "札幌 函館 旭川 小樽 増毛 蝦夷 | sapporo hakodate asahikawa otaru",
    "青森県": "津軽 弘前 八戸 | tsugaru hirosaki hachinohe",
    "岩手県": "盛岡 花巻 一関 | morioka hanamaki",
    "宮城県": "仙台 石巻 塩竈 塩釜 気仙沼 | sendai ishinomaki shiogama kesennuma",
    "秋田県": "羽後 横手 大仙 | yokote",
    "山形県": "庄内 酒田 鶴岡 米沢 | shonai sakata tsuruoka yonezawa",
    "福島県": "会津 会津若松 喜多方 郡山 二本松 | aizu wakamatsu kitakata koriyama nihonmatsu",
    "茨城県": "常陸 水戸 | hitachi mito",
    "栃木県": "野州 宇都宮 | utsunomiya nikko",
    "群馬県": "上州 前橋 高崎 | joshu maebashi takasaki",
    "埼玉県": "秩父 川越 | chichibu kawagoe",
    "千葉県": "房総 房州 | boso",
    "東京都": "青梅 八王子 | hachioji",
    "神奈川県": "相模 横浜 鎌倉 | sagami yokohama kamakura",
    "新潟県": "越後 越後湯沢 佐渡 長岡 上越 | echigo sado nagaoka joetsu",
    "富山県": "越中 | etchu ecchu",
    "石川県": "能登 金沢 白山 | noto kanazawa",
    "福井県": "越前 若狭 | echizen wakasa",
    "山梨県": "甲州 甲斐 甲府 | kofu",
    "長野県": "信州 信濃 松本 佐久 | shinshu shinano matsumoto saku",
    "岐阜県": "飛騨 美濃 高山 | hida mino takayama",
    "静岡県": "駿河 遠州 浜松 | suruga enshu hamamatsu",
    "愛知県": "尾張 三河 名古屋 | owari mikawa nagoya",
    "三重県": "伊勢 伊賀 鈴鹿 | ise iga suzuka",
    "滋賀県": "近江 琵琶湖 長浜 大津 | biwako nagahama otsu",
    "京都府": "伏見 丹後 | fushimi",
    "大阪府": "河内 | kawachi",
    "兵庫県": "灘 西宮 神戸 伊丹 姫路 播磨 但馬 | nada nishinomiya kobe itami himeji harima",
    "奈良県": "吉野 | yoshino",
    "和歌山県": "紀州 | kishu",
    "鳥取県": "因幡 伯耆 | inaba",
    "島根県": "出雲 松江 石見 | izumo matsue iwami",
    "岡山県": "倉敷 | kurashiki",
    "広島県": "西条 安芸 | saijo",
    "山口県": "長州 周防 長門 岩国 | choshu iwakuni",
    "徳島県": "阿波 鳴門 | naruto",
    "香川県": "讃岐 高松 | sanuki takamatsu",
    "愛媛県": "伊予 松山 | iyo matsuyama",
    "高知県": "土佐 | tosa",
    "福岡県": "博多 筑前 筑後 久留米 北九州 | hakata chikugo kurume",
    "佐賀県": "肥前 | hizen",
    "長崎県": "壱岐 島原 | iki",
    "熊本県": "肥後 | higo",
    "大分県": "豊後 | bungo",
    "宮崎県": "日向国 | hyuga",
    "鹿児島県": "薩摩 | satsuma",
    "沖縄県": "琉球 那覇 | ryukyu naha",
}
_NEAR_SCORE = 88.0
_SUFFIXES = (
    *("産", "地方", "周辺", "五郷", "市", "県", "町", "村", "郡", "駅", "方面", "辺"),
    *("旅行", "出張", "観光", "酒", "地酒", "土産", "名物"),
)
_MIN_NEAR = 5


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    japanese: dict[str, str] = {}
    latin: dict[str, str] = {}
    for prefecture, spellings in _PLACES.items():
        kanji, _, romaji = spellings.partition("|")
        for name in kanji.split():
            japanese[name] = prefecture
        for name in romaji.split():
            latin[name] = prefecture
    return japanese, latin


@lru_cache(maxsize=1)
def _longest_first() -> tuple[tuple[str, str], ...]:
    """The Japanese names and their prefectures, longest first (越後湯沢 before 越後)."""
    japanese, _ = _tables()
    return tuple(sorted(japanese.items(), key=lambda item: len(item[0]), reverse=True))


@lru_cache(maxsize=1)
def _romaji_prefectures() -> dict[str, str]:
    """Every romaji place name, prefectures included, for catching misspellings."""
    _, latin = _tables()
    out = dict(latin)
    for name, romaji, _ in PREFECTURES:
        out[romaji.lower()] = name
    return out


def place_word(word: str) -> str | None:
    """The prefecture a whole word names (越後, Tosa), if it names one."""
    japanese, latin = _tables()
    return japanese.get(word) or latin.get(word.lower())


def find_places(kana: str) -> list[tuple[str, int, int]]:
    """(prefecture, start, end) for each district, old province or city the text names.

    `kana` is the folded message; Japanese names are matched inside it (longest first),
    romaji names as whole words.
    """
    _, latin = _tables()
    found: list[tuple[str, int, int]] = []
    taken: list[tuple[int, int]] = []
    for name, named in _longest_first():
        start = kana.find(name)
        while start != -1:
            end = start + len(name)
            if not (any(start < e and s < end for s, e in taken) or _inside_word(kana, end)):
                found.append((named, start, end))
                taken.append((start, end))
            start = kana.find(name, end)
    for m in re.finditer(r"[a-z]+", kana):
        prefecture = latin.get(m.group())
        if prefecture is not None:
            found.append((prefecture, m.start(), m.end()))
    found.sort(key=lambda f: f[1])
    return found


def _inside_word(kana: str, end: int) -> bool:
    """伊勢海老 and 日光浴 name no place: more kanji run on after the name."""
    rest = kana[end : end + 2]
    if not rest or not is_han(rest[0]):
        return False
    return not rest.startswith(_SUFFIXES)


def near_prefecture(word: str) -> str | None:
    """The prefecture a misspelt romaji place name ("niigta", "yamagta") stands for."""
    if len(word) < _MIN_NEAR or not word.isalpha() or not word.isascii():
        return None
    table = _romaji_prefectures()
    best = process.extractOne(word, list(table), scorer=fuzz.ratio, score_cutoff=_NEAR_SCORE)
    return table[best[0]] if best is not None else None
