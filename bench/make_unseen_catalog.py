"""Write a catalog of invented sake the scanner has never seen, to test it for overfitting.

    uv run python bench/make_unseen_catalog.py OUT.csv [--brands 120] [--seed 1]

Brands are compounds of common name kanji with their readings (雪鶴 Yukitsuru), each with a
few products (grade, rice, style words, a polishing number) like a real brewery's line-up,
and breweries named after the brand or a family. No name comes from the shipped catalog.
The file is in the import format; feed it to `bench/scan_accuracy.py --catalog OUT.csv`.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from pathlib import Path

from sakesensei.domain.grades import GRADE_ROMAJI, GRADES
from sakesensei.domain.prefectures import PREFECTURES

PARTS = [
    ("月", "tsuki"),
    ("雪", "yuki"),
    ("花", "hana"),
    ("山", "yama"),
    ("川", "kawa"),
    ("鶴", "tsuru"),
    ("松", "matsu"),
    ("竹", "take"),
    ("梅", "ume"),
    ("白", "shiro"),
    ("光", "hikari"),
    ("泉", "izumi"),
    ("峰", "mine"),
    ("霞", "kasumi"),
    ("星", "hoshi"),
    ("波", "nami"),
    ("朝", "asa"),
    ("風", "kaze"),
    ("空", "sora"),
    ("森", "mori"),
    ("石", "ishi"),
    ("舞", "mai"),
    ("桜", "sakura"),
    ("雲", "kumo"),
    ("龍", "ryu"),
    ("虎", "tora"),
    ("亀", "kame"),
    ("鈴", "suzu"),
    ("音", "oto"),
    ("夢", "yume"),
    ("若", "waka"),
    ("玉", "tama"),
    ("宝", "takara"),
    ("錦", "nishiki"),
    ("紅", "beni"),
    ("蔵", "kura"),
    ("里", "sato"),
    ("野", "no"),
    ("田", "ta"),
    ("島", "shima"),
]
FAMILIES = [
    ("佐藤", "Sato"),
    ("高橋", "Takahashi"),
    ("渡辺", "Watanabe"),
    ("小林", "Kobayashi"),
    ("加藤", "Kato"),
    ("吉田", "Yoshida"),
    ("山口", "Yamaguchi"),
    ("松本", "Matsumoto"),
    ("井上", "Inoue"),
    ("木村", "Kimura"),
    ("清水", "Shimizu"),
    ("森田", "Morita"),
]
EXTRAS = [
    ("生原酒", "Namagenshu"),
    ("無濾過", "Muroka"),
    ("ひやおろし", "Hiyaoroshi"),
    ("山廃", "Yamahai"),
    ("生酛", "Kimoto"),
    ("雄町", "Omachi"),
    ("山田錦", "Yamada Nishiki"),
    ("五百万石", "Gohyakumangoku"),
    ("夏吟", "Natsugin"),
    ("秋あがり", "Akiagari"),
    ("にごり", "Nigori"),
    ("辛口", "Karakuchi"),
    ("限定", "Gentei"),
    ("黒ラベル", "Black Label"),
]
COLUMNS = [
    "name",
    "romaji",
    "brewery",
    "prefecture",
    "category",
    "price_yen",
    "volume_ml",
    "abv",
    "polishing_ratio",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--brands", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    shipped = json.dumps(
        [
            p.read_text(encoding="utf-8")
            for p in sorted(
                (Path(__file__).parent.parent / "src/sakesensei/data/catalog").glob("*.json")
            )
        ],
        ensure_ascii=False,
    )
    brands: dict[str, str] = {}
    while len(brands) < args.brands:
        (a, ra), (b, rb) = rng.sample(PARTS, 2)
        if a + b not in shipped:  # invented: never a brand the scanner was built against
            brands[a + b] = (ra + rb).capitalize()
    rows = []
    for brand, romaji in brands.items():
        if rng.random() < 0.5:
            brewery = f"{brand}酒造"
        else:
            family = rng.choice(FAMILIES)[0]
            brewery = f"{family}{rng.choice(['酒造', '酒造店', '本店', '醸造'])}"
        prefecture = rng.choice(PREFECTURES)[0]
        names = set()
        for _ in range(rng.choice((1, 2, 2, 3, 3, 4))):
            grade = rng.choice(GRADES)
            words, latin = [brand], [romaji]
            if grade != "普通酒":
                words.append(grade)
                latin.append(GRADE_ROMAJI[grade])
            for word, word_romaji in rng.sample(EXTRAS, rng.choice((0, 1, 1, 2))):
                words.append(word)
                latin.append(word_romaji)
            polish = rng.randrange(35, 71, 5)
            if rng.random() < 0.2:
                words.append(str(polish))
                latin.append(str(polish))
            name = " ".join(words)
            if name in names:
                continue
            names.add(name)
            rows.append(
                [
                    name,
                    " ".join(latin),
                    brewery,
                    prefecture,
                    grade,
                    rng.randrange(1200, 6000, 100),
                    rng.choice((720, 1800)),
                    round(rng.uniform(14, 17.5), 1),
                    polish,
                ]
            )
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    print(json.dumps({"file": str(args.out), "brands": len(brands), "sake": len(rows)}))


if __name__ == "__main__":
    main()
