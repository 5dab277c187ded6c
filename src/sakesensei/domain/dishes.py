"""Families of dishes and the kind of sake that suits each, for dishes no record names.

The rules are the ones a sommelier teaches beginners; the words are how people type the
dishes in Japanese and English. Spelling groups let "karaage" find a record that only
says 唐揚げ, and the reverse.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DishFamily:
    """A kind of dish, the words that name it, and the sake profile that flatters it.

    Ranges are on the catalog's 1-5 scales; None means the family does not care.
    """

    key: str
    label: str
    words: tuple[str, ...]
    reason: str
    sweetness: tuple[int, int] | None = None
    acidity_min: int | None = None
    body: tuple[int, int] | None = None
    grades: frozenset[str] = frozenset()
    styles: frozenset[str] = frozenset()
    avoid_styles: frozenset[str] = frozenset()
    aromas: frozenset[str] = frozenset()
    max_abv: float | None = None
    warm: bool = False


def _words(spellings: str) -> tuple[str, ...]:
    return tuple(spellings.split("|"))


_GINJO = frozenset({"純米大吟醸", "大吟醸", "純米吟醸", "吟醸"})
_EVERYDAY = frozenset({"純米", "特別純米", "本醸造", "特別本醸造", "普通酒"})

DISH_FAMILIES: tuple[DishFamily, ...] = (
    DishFamily(
        "raw_fish",
        "raw fish and sushi",
        _words(
            "刺身|刺し身|さしみ|お造り|寿司|鮨|すし|海鮮丼|カルパッチョ|生牡蠣|sashimi|sushi|"
            "carpaccio|ceviche|poke|crudo|tartare|raw fish|raw oyster"
        ),
        "Raw fish is delicate: a light, dry and clean sake rinses the palate between bites "
        "without covering the fish.",
        sweetness=(1, 3),
        body=(1, 3),
        grades=_GINJO,
        avoid_styles=frozenset({"古酒", "貴醸酒"}),
        aromas=frozenset({"citrus", "mineral", "floral", "apple", "pear", "melon"}),
    ),
    DishFamily(
        "fried",
        "fried food",
        _words(
            "唐揚げ|から揚げ|からあげ|天ぷら|てんぷら|天麩羅|フライ|揚げ|とんかつ|トンカツ|串カツ|コロッケ|"
            "karaage|tempura|fried|fries|tonkatsu|katsu|croquette|"
            "schnitzel|fish and chips|nuggets"
        ),
        "Frying oil coats the tongue; acidity and a dry finish cut through it and leave the "
        "palate ready for the next bite.",
        sweetness=(1, 3),
        acidity_min=3,
        body=(2, 4),
        styles=frozenset({"生酛", "山廃", "原酒", "スパークリング"}),
    ),
    DishFamily(
        "rich_meat",
        "grilled or rich meat",
        _words(
            "焼肉|ステーキ|ハンバーグ|すき焼き|焼き鳥|焼鳥|角煮|生姜焼き|照り焼き|ジンギスカン|yakiniku|"
            "steak|burger|bbq|barbecue|sukiyaki|yakitori|teriyaki|roast|"
            "pork|beef|lamb|ribs|duck"
        ),
        "Fat and browned, savoury flavours want a full sake with umami and acidity; yamahai "
        "and kimoto have the weight to stand up to meat.",
        acidity_min=3,
        body=(3, 5),
        grades=_EVERYDAY,
        styles=frozenset({"山廃", "生酛", "原酒", "古酒"}),
        aromas=frozenset({"umami", "earthy", "rice", "nutty", "cereal"}),
        warm=True,
    ),
    DishFamily(
        "cheese",
        "cheese and cream",
        _words(
            "チーズ|ピザ|グラタン|クリーム|カルボナーラ|ドリア|cheese|pizza|gratin|cream|"
            "carbonara|fondue|lasagna|lasagne|mac and cheese"
        ),
        "Cheese and cream share sake's lactic, fermented side; a rich sake with umami and body, "
        "such as yamahai, kimoto or an aged one, meets them on equal terms.",
        body=(3, 5),
        styles=frozenset({"山廃", "生酛", "古酒", "貴醸酒"}),
        aromas=frozenset({"lactic", "yogurt", "umami", "nutty", "caramel"}),
    ),
    DishFamily(
        "tomato",
        "tomato and sour sauces",
        _words(
            "トマト|ピザ|ナポリタン|ミートソース|酢豚|南蛮|tomato|pizza|marinara|bolognese|"
            "napolitan|sweet and sour|vinaigrette"
        ),
        "Tomato and sour sauces are high in acid and umami; a sake with matching acidity keeps "
        "from tasting flat beside them.",
        acidity_min=4,
        body=(2, 4),
        styles=frozenset({"生酛", "山廃", "生酒"}),
    ),
    DishFamily(
        "spicy",
        "spicy food",
        _words(
            "カレー|キムチ|麻婆|麻婆豆腐|担々|坦々|激辛|辛い|エスニック|タイ料理|curry|kimchi|mapo|spicy|"
            "chili|chilli|sichuan|szechuan|thai|tandoori|vindaloo|"
            "gochujang|jerk|tacos|salsa"
        ),
        "Chilli heat is fanned by alcohol and soothed by sugar: a sweeter, lower-alcohol sake "
        "(nigori and sparkling work well) cools the burn.",
        sweetness=(3, 5),
        max_abv=15.5,
        avoid_styles=frozenset({"原酒"}),
        styles=frozenset({"にごり", "スパークリング", "低アルコール", "貴醸酒"}),
        aromas=frozenset({"fruity", "tropical", "peach", "banana", "melon"}),
    ),
    DishFamily(
        "sweets",
        "desserts and sweets",
        _words(
            "デザート|スイーツ|ケーキ|チョコ|アイス|プリン|和菓子|あんこ|羊羹|大福|団子|dessert|cake|"
            "chocolate|ice cream|pudding|custard|tart|pie|cookie|mochi|"
            "brownie|tiramisu|sweets"
        ),
        "A dessert makes a drier drink taste thin and sour, so the sake should be at least as "
        "sweet as the dish: kijoshu, aged koshu and rich nigori are the classic choices.",
        sweetness=(4, 5),
        body=(3, 5),
        styles=frozenset({"貴醸酒", "古酒", "にごり"}),
        aromas=frozenset({"honey", "caramel", "dried-fruit", "nutty"}),
    ),
    DishFamily(
        "dashi",
        "simmered dishes, hot pots and noodles",
        _words(
            "おでん|煮物|肉じゃが|鍋|湯豆腐|味噌汁|筑前煮|煮付け|茶碗蒸し|出汁|だし|うどん|そば|蕎麦|ラーメン|"
            "oden|nimono|stew|hot pot|hotpot|nabe|shabu|dashi|broth|soup|"
            "udon|soba|ramen"
        ),
        "Dashi dishes are about gentle umami; a rice-forward junmai or honjozo, warmed, echoes "
        "the broth instead of competing with it.",
        sweetness=(2, 4),
        body=(2, 4),
        grades=_EVERYDAY,
        aromas=frozenset({"rice", "umami", "cereal", "mushroom"}),
        warm=True,
    ),
    DishFamily(
        "grilled_fish",
        "grilled fish and salty snacks",
        _words(
            "焼き魚|塩焼き|干物|西京焼き|鮭|サバ|鯖|さんま|秋刀魚|塩辛|珍味|からすみ|生ハム|"
            "grilled fish|salmon|mackerel|saury|cured ham|prosciutto|anchovy|salted"
        ),
        "Salt and char want a dry sake with some weight: its rice character softens the salt "
        "and the finish stays clean.",
        sweetness=(1, 3),
        acidity_min=2,
        body=(2, 4),
        styles=frozenset({"生酛", "山廃", "原酒"}),
    ),
    DishFamily(
        "vegetables",
        "vegetables, salads and tofu",
        _words(
            "サラダ|野菜|冷奴|豆腐|枝豆|おひたし|酢の物|漬物|salad|vegetable|vegetables|"
            "veggie|tofu|edamame|pickles|asparagus"
        ),
        "Vegetables and tofu are light and often dressed with vinegar; a crisp, aromatic sake "
        "matches their freshness without weighing them down.",
        sweetness=(1, 3),
        body=(1, 3),
        aromas=frozenset({"herbal", "citrus", "floral", "apple", "melon", "pear"}),
    ),
    DishFamily(
        "shellfish",
        "shellfish",
        _words(
            "海老|エビ|えび|蟹|カニ|かに|帆立|ホタテ|あさり|アサリ|牡蠣|カキ|prawn|shrimp|crab|"
            "scallop|clam|mussel|lobster|oyster"
        ),
        "Shellfish is sweet and briny; a clean sake with a little umami brings its sweetness "
        "forward.",
        sweetness=(2, 3),
        body=(2, 3),
        aromas=frozenset({"mineral", "umami", "citrus", "rice"}),
    ),
)

# One dish, several spellings: the catalog writes each record's dish in its own words.
DISH_SPELLINGS: tuple[tuple[str, ...], ...] = (
    ("唐揚げ", "から揚げ", "からあげ", "karaage"),
    ("刺身", "刺し身", "さしみ", "sashimi"),
    ("寿司", "鮨", "すし", "sushi"),
    ("天ぷら", "てんぷら", "天麩羅", "tempura"),
    ("焼き鳥", "焼鳥", "やきとり", "yakitori"),
    ("とんかつ", "トンカツ", "tonkatsu"),
    ("カレー", "curry"),
    ("ピザ", "pizza"),
    ("チーズ", "cheese"),
    ("おでん", "oden"),
    ("餃子", "ぎょうざ", "ギョーザ", "gyoza"),
    ("すき焼き", "すきやき", "sukiyaki"),
    ("牡蠣", "カキ", "oyster"),
    ("キムチ", "kimchi"),
    ("豆腐", "tofu"),
    ("枝豆", "edamame"),
    ("鮭", "サーモン", "salmon"),
    ("鍋", "hot pot", "nabe"),
    ("ステーキ", "steak"),
    ("チョコレート", "チョコ", "chocolate"),
    ("ラーメン", "ramen"),
    ("うどん", "udon"),
    ("そば", "蕎麦", "soba"),
)
