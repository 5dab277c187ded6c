"""Label text as OCR reads it: cleaned of boilerplate, put in reading order, and reduced to
forms that meet the catalog's names.

Everything here is a general rule or a data table (character forms, company words, label
boilerplate); nothing names a particular sake or brewery, so any catalog works.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import TypeVar

from rapidfuzz import fuzz

from sakesensei.domain.grades import GRADE_ROMAJI, GRADES
from sakesensei.domain.prefectures import PREFECTURE_NAMES
from sakesensei.domain.spelling import fold, new_kanji, to_hiragana
from sakesensei.engines.vision.reading import ReadLine

# OCR models trained largely on Chinese print emit Chinese character forms for Japanese ones:
# simplified forms (酿 for 醸) and traditional forms Japan no longer uses (釀, 樂). Each pair
# is "read, meant". Characters that are also everyday Japanese with another sense (后, 里,
# 叶, 干, 机, 筑, 庄, 洒, 朴) are left out: folding them would merge different names.
_FORM_PAIRS = """
酿醸 釀醸 纯純 泽沢 樱桜 泷滝 瀧滝 关関 關関 鹤鶴 丰豊 豐豊 乐楽 樂楽 东東 华華 长長 贺賀
县県 荣栄 龟亀 龙竜 酝醞 诚誠 风風 凤鳳 岛島 冈岡 陆陸 纪紀 绿緑 綠緑 宫宮 滨浜 濵浜 广広
仓倉 别別 无無 滤濾 过過 锦錦 爱愛 灿燦 满満 滿満 场場 铺舗 资資 库庫 兴興 乡郷 鄉郷 严厳
嚴厳 马馬 鸟鳥 鱼魚 门門 开開 间間 闻聞 阁閣 阳陽 义義 传伝 边辺 达達 运運 进進 远遠 选選
铁鉄 银銀 钱銭 錢銭 镜鏡 钟鐘 铃鈴 饮飲 飮飲 饭飯 馆館 舘館 骏駿 鲜鮮 鸣鳴 鸿鴻 鹰鷹 齐斉
斋斎 辉輝 轩軒 轮輪 车車 军軍 农農 丽麗 亚亜 优優 伟偉 儿児 兰蘭 养養 冲沖 净浄 凉涼 刚剛
剑剣 劍剣 劒剣 势勢 胜勝 协協 单単 單単 卖売 賣売 卫衛 衞衛 历歴 歷歴 响響 图図 圖図 园園
圣聖 坛壇 坚堅 处処 處処 备備 头頭 实実 宽寛 寬寛 对対 對対 尔爾 岁歳 歲歳 岚嵐 师師 带帯
庆慶 应応 應応 废廃 张張 归帰 歸帰 录録 錄録 从従 從従 总総 總総 怀懐 户戸 扬揚 报報 时時
昙曇 晓暁 曉暁 杂雑 雜雑 杨楊 树樹 样様 樣様 桥橋 梦夢 检検 檢検 欢歓 歡歓 气気 汉漢 汤湯
泻潟 洁潔 浊濁 济済 浓濃 涛濤 润潤 渊淵 渔漁 滩灘 灵霊 靈霊 炼錬 鍊錬 热熱 现現 电電 盐塩
鹽塩 盘盤 种種 积積 稳穏 窑窯 笔筆 类類 纳納 纹紋 练練 组組 细細 织織 终終 经経 經経 结結
绘絵 繪絵 绝絶 絕絶 绢絹 继継 繼継 绪緒 续続 續続 维維 绵綿 缘縁 罗羅 联連 腾騰 艺芸 藝芸
节節 苍蒼 苏蘇 药薬 藥薬 莲蓮 蓝藍 视視 觉覚 覺覚 记記 诗詩 语語 读読 讀読 贞貞 贤賢 贵貴
赏賞 赖頼 賴頼 转転 轉転 轻軽 輕軽 连連 遗遺 铜銅 镇鎮 鎭鎮 险険 險険 难難 雏雛 雾霧 顺順
须須 预預 领領 颜顔 顏顔 飞飛 驹駒 驿駅 鲤鯉 鲸鯨 鸡鶏 雞鶏 鷄鶏 默黙 龄齢 齡齢 鹏鵬 莺鶯
啭囀 鸠鳩 鸭鴨 鸥鴎 鷗鴎 铭銘 锅鍋 极極 构構 权権 權権 显顕 顯顕 云雲 发発 發発 团団 團団
宁寧 宾賓 寻尋 导導 层層 岭嶺 庐廬 戏戯 战戦 戰戦 择択 擇択 栏欄 烟煙 烧焼 燒焼 猎猟 环環
产産 產産 监監 离離 竞競 简簡 粮糧 紧緊 红紅 约約 级級 纲綱 纸紙 线線 统統 网網 职職 获獲
营営 补補 见見 观観 觀観 规規 览覧 计計 让譲 训訓 议議 讲講 许許 论論 设設 访訪 证証 评評
识識 词詞 译訳 譯訳 试試 话話 诞誕 详詳 说説 请請 诸諸 课課 调調 谈談 谊誼 谢謝 谦謙 谨謹
贝貝 贡貢 财財 贯貫 赞賛 贊賛 赠贈 跃躍 载載 辽遼 酱醤 释釈 鉴鑑 针針 钓釣 钢鋼 铅鉛 铸鋳
问問 阵陣 阶階 际際 陈陳 隐隠 隱隠 韩韓 顶頂 顾顧 颂頌 题題 额額 鲁魯 鲑鮭 齿歯 齒歯 亲親
乔喬 伦倫 愿願 孙孫 奖奨 涩渋 澁渋 濑瀬 瀨瀬 穗穂 稻稲 學学 灣湾 臺台 莊荘 號号 螢蛍 譽誉
变変 變変 贰弐 貳弐 醫医 雙双 體体 麥麦 黃黄 點点 爲為 專専 將将 拜拝 敎教 條条 樓楼 殘残
每毎 淺浅 溫温 獨独 畫画 當当 祕秘 禪禅 禮礼 蟲虫 裝装 靜静 劑剤 勞労 勳勲 區区 卽即 參参
圍囲 壓圧 壞壊 壯壮 聲声 奧奥 寢寝 屆届 峽峡 廳庁 彈弾 徑径 惡悪 拔抜 揭掲 收収 效効 數数
斷断 晝昼 涉渉 濕湿 爐炉 狀状 獻献 盡尽 碎砕 稱称 竝並 粹粋 絲糸 縱縦 聽聴 肅粛 舍舎 蘆芦
虛虚 觸触 豫予 辭辞 遲遅 鑛鉱 陷陥 隨随 驅駆 驗験 髮髪 鬪闘 麵麺 黨党 內内 吕呂 郞郎 靑青
寫写 龜亀 绀紺 纱紗 绫綾 韵韻 鹭鷺 狮獅 众衆 仪儀 鸳鴛 鸯鴦 俠侠 兽獣 獸獣 步歩 乌烏 帶帯
兩両 两両 彌弥 餘余 馀余 亞亜 乘乗 萊莱 爭争 稅税 薰薫 讓譲 醬醤 釋釈 踐践 鄕郷 壹壱 佛仏
假仮 僞偽 兒児 冰氷 勵励 勸勧 卷巻 屬属 巢巣 廢廃 徵徴 恆恒 悅悦 懷懐 戀恋 拂払 搖揺 攝摂
曆暦 橫横 歐欧 沒没 淚涙 淨浄 滯滞 潛潜 狹狭 獵猟 疊畳 盜盗 穩穏 緣縁 繩縄 聰聡 脫脱 蠶蚕
覽覧 鑄鋳 餠餅 麪麺 燈灯 价価 块塊
"""

# Japanese variant forms that names keep on purpose (冨田, 濵田) and OCR reads either way;
# folded for matching only, so the text shown keeps what was printed.
_VARIANT_PAIRS = "冨富 栁柳 舘館 濵浜 𠮷吉 冩写 﨑崎 髙高 德徳 鶯鴬 嶌島 峯峰 埜野 莵菟 檜桧"


def _table(pairs: str) -> dict[str, str]:
    return {p[0]: p[1] for p in pairs.split() if len(p) == 2 and p[0] != p[1]}


CHINESE_FORMS: dict[str, str] = _table(_FORM_PAIRS)
_FORMS_TABLE = str.maketrans(CHINESE_FORMS)
_VARIANTS_TABLE = str.maketrans(_table(_VARIANT_PAIRS))

_SMALL_KANA = str.maketrans("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ")
_DAKUTEN = re.compile("[\u3099\u309a]")
# A long-vowel mark, or a kanji 一 read in its place, between kana says nothing a match needs.
_LONG_MARK = re.compile(r"ー|(?<=[ぁ-ゖ])[一-](?=[ぁ-ゖ]|$)")
_ROMAJI_LONG_VOWELS = (("ou", "o"), ("oo", "o"), ("uu", "u"), ("jy", "j"), ("sy", "sh"))


T = TypeVar("T")
_MEMO_LIMIT = 300_000


def _memo(fn: Callable[[str], T]) -> Callable[[str], T]:
    """Remember results in a plain dict, emptied when full. Unlike lru_cache it holds no
    linked list the garbage collector must walk, which matters with a 100k-name catalog."""
    cache: dict[str, T] = {}

    @wraps(fn)
    def cached(text: str) -> T:
        found = cache.get(text)
        if found is None:
            if len(cache) >= _MEMO_LIMIT:
                cache.clear()
            found = cache[text] = fn(text)
        return found

    return cached


def japanese_forms(text: str) -> str:
    """NFKC with Chinese character forms turned back into the Japanese ones; case kept."""
    return unicodedata.normalize("NFKC", text).translate(_FORMS_TABLE)


def _collapse_long_vowels(text: str) -> str:
    for long, short in _ROMAJI_LONG_VOWELS:
        text = text.replace(long, short)
    return text


@_memo
def match_key(text: str) -> str:
    """The compact form label text and catalog names are compared in.

    Japanese forms, new kanji, hiragana for katakana, full-size kana without voicing marks
    (OCR drops and invents them on small print), lower-case romaji with long vowels
    collapsed, and nothing but letters and digits.
    """
    folded = new_kanji(fold(japanese_forms(text))).translate(_VARIANTS_TABLE)
    kana = to_hiragana(folded).translate(_SMALL_KANA)
    bare = unicodedata.normalize("NFC", _DAKUTEN.sub("", unicodedata.normalize("NFD", kana)))
    bare = _LONG_MARK.sub("", bare)
    return _collapse_long_vowels("".join(ch for ch in bare if ch.isalnum()))


_LATIN_WORD = re.compile(r"[a-z0-9]+")


def romaji_words(text: str) -> list[str]:
    """The Latin words of a text, lower case, accents dropped, long vowels collapsed."""
    return [word for token in text.split() for word in _romaji_token(token)]


@_memo
def _romaji_token(token: str) -> tuple[str, ...]:
    return tuple(_collapse_long_vowels(w) for w in _LATIN_WORD.findall(fold(token)))


# -- grades and other words every brand uses ------------------------------------------------

_GRADE_KEYS: tuple[tuple[str, str], ...] = tuple((match_key(g), g) for g in GRADES)
_GRADE_ROMAJI_KEYS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        (("".join(romaji_words(GRADE_ROMAJI[g])), g) for g in GRADES),
        key=lambda kv: -len(kv[0]),
    )
)
# Class words that stand before or after a brand on many labels (上撰, 特撰) and the
# grade words, with and without 酒: they say little about which sake it is.
_CLASS_WORDS = (
    "上撰 特撰 超特撰 佳撰 精撰 金撰 銀撰 極上 上等 特等 上等酒 特級 一級 二級 清酒 日本酒 "
    "純米酒 吟醸酒 大吟醸酒 純米吟醸酒 純米大吟醸酒 本醸造酒 特別純米酒 特別本醸造酒"
)
GENERIC_WORDS: frozenset[str] = frozenset(
    {key for key, _ in _GRADE_KEYS} | {match_key(w) for w in _CLASS_WORDS.split()}
)
GENERIC_ROMAJI: frozenset[str] = frozenset(
    {w for g in GRADES for w in romaji_words(GRADE_ROMAJI[g])}
    | {"junmaishu", "josen", "tokusen", "chotokusen", "kasen", "seisen", "kinsen", "sake"}
    | {"seishu", "nihonshu", "japanese"}
)


# How close a grade must come to count as read with one character wrong or missing.
_NEAR_GRADE = 0.85


def grade_in(key_text: str) -> str | None:
    """The longest grade written in a match key (純米大吟醸 before 大吟醸), if any."""
    return next((grade for key, grade in _GRADE_KEYS if key in key_text), None)


def read_grade(key_text: str, words: Sequence[str] = ()) -> str | None:
    """The grade a label states, tolerating a character OCR dropped (純米吟 for 純米吟醸).

    key_text is the label's Japanese as match keys, words its romaji words. A grade read
    whole wins, unless a longer grade containing it is there with one letter wrong.
    """
    grade = _best_grade(_GRADE_KEYS, lambda key: key in key_text, near_ratio, key_text)
    if grade is None and words:
        # Romaji is compared word by word (pairs and triples run together, as OCR splits
        # and merges words): run together whole, "hitakamiginjo" would hold "daiginjo".
        tokens = {
            "".join(words[i : i + n]).removesuffix("sake").removesuffix("shu")
            for n in (1, 2, 3)
            for i in range(len(words) - n + 1)
        }

        def near(key: str, _: str) -> float:
            # A misread letter, not a longer word that holds the grade ("kodai ginjo").
            alike = [t for t in tokens if abs(len(t) - len(key)) <= 1]
            return max((fuzz.ratio(key, t) / 100.0 for t in alike), default=0.0)

        grade = _best_grade(_GRADE_ROMAJI_KEYS, lambda key: key in tokens, near, "")
    return grade


def _best_grade(
    keys: Sequence[tuple[str, str]],
    present: Callable[[str], bool],
    near: Callable[[str, str], float],
    text: str,
) -> str | None:
    """The longest grade present, or a longer one holding it that is nearly present."""
    exact = next((grade for key, grade in keys if present(key)), None)
    longer = [(k, g) for k, g in keys if len(k) >= 4 and g != exact and (exact or "") in g]
    found = next((g for k, g in longer if near(k, text) >= _NEAR_GRADE), None)
    return found or exact


def near_ratio(word: str, text: str) -> float:
    """How well word appears in text, 0-1; a text shorter than the word is compared whole."""
    if not text or not word:
        return 0.0
    if len(text) >= len(word):
        return fuzz.partial_ratio(word, text) / 100.0
    return fuzz.ratio(word, text) / 100.0


# -- company forms -----------------------------------------------------------------------------

# The legal form of a company, wherever it stands.
_COMPANY_FORMS = re.compile(
    r"株式会社|有限会社|合名会社|合資会社|合同会社|\((?:株|有|名|資)\)|(?:株|有)\)"
    r"|\b(?:co\.?,?\s*ltd|co\.|ltd\.?|inc\.?|corp(?:oration)?\.?|limited|llc|k\.k\.)(?=\W|$)",
    re.IGNORECASE,
)
# What brewery names end with; the part before it is the name people read on a label.
_BREWERY_SUFFIX = re.compile(
    r"(?:酒造店|酒造場|酒造所|酒造本店|酒造|醸造元|醸造店|醸造場|醸造所|醸造|銘醸|酒蔵|酒類"
    r"|本店|商店|本家|本舗|合名|合資|蔵元)$"
)
_BREWERY_SUFFIX_ROMAJI = frozenset(
    {"shuzo", "shuzoten", "shuzojo", "shuzosho", "jozo", "jozoten", "jozojo", "meijo"}
    | {"brewery", "breweries", "brewing", "honten", "shoten", "honke", "honpo", "sake"}
    | {"co", "ltd", "inc", "corp", "corporation", "company", "limited", "kk"}
)


def strip_company_forms(text: str) -> str:
    """Drop 株式会社, (株), Co., Ltd. and the like wherever they stand."""
    return re.sub(r"\s{2,}", " ", _COMPANY_FORMS.sub(" ", unicodedata.normalize("NFKC", text)))


@_memo
def brewery_core(name: str) -> str:
    """A brewery name without its company form and trade suffix: 冨田酒造有限会社 -> 冨田.

    A name that is nothing but a suffix word, or would shrink below two characters, is kept.
    """
    text = strip_company_forms(japanese_forms(name)).strip()
    while True:
        shorter = _BREWERY_SUFFIX.sub("", text).strip()
        if shorter == text or len(shorter) < 2:
            return text
        text = shorter


def brewery_core_romaji(romaji: str) -> list[str]:
    """The words of a brewery's romaji without Shuzo, Brewery, Co., Ltd. and the like."""
    words = romaji_words(romaji)
    kept = [w for w in words if w not in _BREWERY_SUFFIX_ROMAJI]
    return kept or words


# -- label boilerplate -------------------------------------------------------------------------

_PREFECTURES = "|".join(sorted(PREFECTURE_NAMES, key=len, reverse=True))
_NUM = r"\d[\d.,]*"


def _misread(word: str) -> str:
    """A regex for the word, or the word with any one character missing or misread: OCR
    gets one character of these long words wrong as often as any other."""
    dropped = {word[:i] + word[i + 1 :] for i in range(len(word))}
    swapped = [re.escape(word[:i]) + r"\S" + re.escape(word[i + 1 :]) for i in range(len(word))]
    return "|".join([re.escape(word), *swapped, *map(re.escape, sorted(dropped))])


# Word edges for Latin words: \b would not split "度Alc" since kanji are word characters too.
_A = r"(?<![a-z])"
_Z = r"(?![a-z])"
# Each pattern removes one statutory or marketing segment with its value.
_BOILERPLATE = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"醸造アルコー?ル?|米こうじ|米麹",
        rf"(?:アルコール度数|{_misread('アルコール分')})\s*[:：]?\s*(?:{_NUM}\s*(?:度|%)?)?",
        rf"(?:{_NUM}\s*度\s*)?以上\s*{_NUM}\s*度?\s*未?満|{_NUM}\s*度\s*以上",
        rf"ア\S{{0,3}}ル分|{_misread('アルコール')}",
        rf"(?:{_misread('精米歩合')}|精白歩合)\s*[:：]?\s*(?:{_NUM}\s*%?)?",
        rf"(?:{_misread('原材料名')}).*$",
        r"(?:原料米|使用米|使用酵母|酒米)\s*[:：]?",
        rf"(?:日本酒度|酸度|アミノ酸度)\s*[:：]?\s*[+\-±]?\s*(?:{_NUM})?",
        rf"内容量\s*[:：]?\s*(?:{_NUM}\s*(?:ml|l|リットル|ミリリットル)?)?",
        rf"(?:{_misread('製造年月')}日?|製造日|詰日|瓶詰日?)\s*[:：]?\s*[\d./年月日\s]*",
        r"(?:お?酒は)?\d+\s*歳.*$|^.*未成年.*$|お?酒は\S{0,3}になってから",
        r"\S{0,2}年月\s*\d[\d./年月日]*|\d*\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?",
        r"(?<![\d.])\d{1,2}(?:\.\d)?\s*度(?![\d])",
        r"(?:製造者|製造元|製造場|製造所|販売者|販売元|発売元|醸造元|蔵元|\S造元|\S造者)\s*[:：]?",
        r"(?:保存方法|取扱上の注意|ご注意).*$",
        r"^.*(?:飲酒|妊娠|授乳|冷暗所|直射日光|開栓後|お早めに|要冷蔵|リサイクル).*$",
        rf"(?:{_PREFECTURES})\S{{0,8}}?[市郡区町村].*$",
        r"\S{2}[県府]\S{1,6}?[市郡区町村].*$",
        r"〒\s*\d{3}-?\d{4}|(?<!\d)\d{3}-\d{4}(?!\d)",
        r"(?:tel|fax|電話)\s*[.:：]?\s*[\d\-() ]{6,}",
        r"(?:https?://)?(?:www\.)?[a-z0-9\-]+\.(?:co\.jp|jp|com|net)\S*",
        rf"(?<![\d.]){_NUM}\s*(?:ml|cl|l|fl\.?\s*oz){_Z}",
        rf"(?<![\d.]){_NUM}\s*(?:ミリリットル|リットル)",
        rf"{_A}alc(?:ohol)?\.?\s*(?:content)?\s*[:.]?\s*{_NUM}\s*%(?:\s*(?:alc\.?)?\s*(?:/|by)?\s*vol\.?)?",
        rf"{_NUM}\s*%\s*alc(?:ohol)?\.?(?:\s*/?\s*vol\.?)?",
        rf"{_A}abv\s*[:.]?\s*{_NUM}\s*%?",
        rf"{_A}(?:product|produce|made)\s+(?:of|in)\s+japan{_Z}",
        rf"{_A}(?:imported|distributed)\s+by{_Z}.*$",
        rf"{_A}brewed\s+(?:and\s+bottled\s+)?by{_Z}",
        rf"{_A}ingredients?{_Z}.*$",
        rf"{_A}(?:contains\s+sulfites|government\s+warning){_Z}.*$",
        rf"{_A}(?:rice\s+)?polish(?:ing|ed)?(?:\s+(?:ratio|rate))?\s*[:.]?\s*(?:{_NUM}\s*%)?",
        rf"{_A}seimai(?:\s*buai)?\s*[:.]?\s*(?:{_NUM}\s*%)?",
        rf"{_A}(?:smv|nihonshu[\s-]?do|acidity)\s*[:.]?\s*[+\-]?\s*(?:{_NUM})?",
        r"(?<!\d)(?:19|20)\d{2}\s*[./年-]\s*\d{1,2}(?!\d)\s*月?",
        rf"{_A}[rh]?\d{{1,4}}\s*by{_Z}",
        rf"{_A}[a-z\- ]+,\s*(?:[a-z\- ]+,\s*)?japan{_Z}",
        # Last, what the patterns above leave of a damaged ABV or polishing ratio; 100% of a
        # rice, part of some names, stays.
        r"(?<![\d.])\d{1,2}(?:\.\d)?\s*%",
        rf"{_A}(?:alc|by\s*vol|vol)\.?{_Z}",
    )
)
# A line that is nothing but one of these says "this is sake", not which.
# (清酒 and 日本酒 stay: some names hold them, and they weigh little where they do not.)
_GENERIC_LINES = frozenset(
    {"sake", "japanesesake", "ricewine", "japanesericewine", "premiumsake", "craftsake"}
)


_SPACE_IN_JAPANESE = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")


def clean_line(text: str) -> str:
    """One OCR line with label boilerplate and company forms dropped; "" if nothing is left.

    The result keeps the characters as printed (Japanese forms, NFKC) for display.
    """
    line = strip_company_forms(japanese_forms(text))
    # OCR puts spaces inside Japanese words (精米 歩合); no Japanese word needs one.
    line = _SPACE_IN_JAPANESE.sub("", line)
    for pattern in _BOILERPLATE:
        line = pattern.sub(" ", line)
    line = re.sub(r"\s+", " ", line).strip(" ・/,.、。:;-_|()[]「」『』")
    if fold(line).replace(" ", "") in _GENERIC_LINES or not any(ch.isalnum() for ch in line):
        return ""
    return line


# -- lines as read ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LabelLine:
    """One line OCR read, cleaned, as the matcher compares it."""

    text: str  # cleaned, as printed
    key: str  # match_key of the text
    words: tuple[str, ...]  # its romaji words
    latin: str  # the romaji words run together
    prominence: float  # 1 for the largest type on the label, less for smaller print
    score: float  # the OCR engine's confidence


def read_lines(lines: Sequence[ReadLine]) -> list[LabelLine]:
    """Cleaned lines in reading order, each with how prominent its type is."""
    kept = [(x, clean_line(x.text)) for x in reading_order(lines)]
    kept = [(x, text) for x, text in kept if text and match_key(text)]
    largest = max((x.glyph_size for x, _ in kept), default=0.0)
    out = []
    for x, text in kept:
        size = x.glyph_size / largest if largest > 0 else 1.0
        prominence = math.sqrt(min(1.0, max(0.25, size)))
        words = tuple(romaji_words(text))
        score = max(0.0, min(1.0, x.score))
        out.append(LabelLine(text, match_key(text), words, "".join(words), prominence, score))
    return out


def reading_order(lines: Sequence[ReadLine]) -> list[ReadLine]:
    """Rows top to bottom, left to right; or, on a mostly vertical label, columns right to
    left, top to bottom. Boxes whose centres lie within half a glyph share a row (column)."""
    vertical = sum(len(x.text) for x in lines if x.vertical) > sum(
        len(x.text) for x in lines if not x.vertical
    )
    across, along = (0, 1) if vertical else (1, 0)

    def centre(x: ReadLine, axis: int) -> float:
        return (x.box[axis] + x.box[axis + 2]) / 2

    ordered = sorted(lines, key=lambda x: centre(x, across) * (-1 if vertical else 1))
    groups: list[list[ReadLine]] = []
    for line in ordered:
        last = groups[-1][-1] if groups else None
        if last and abs(centre(line, across) - centre(last, across)) < last.glyph_size / 2:
            groups[-1].append(line)
        else:
            groups.append([line])
    return [x for group in groups for x in sorted(group, key=lambda x: x.box[along])]
