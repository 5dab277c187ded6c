"""Time and score the label matcher on a catalog grown to --size with hard distractors.

    uv run python bench/label_match.py [--size 100000] [--queries 400] [--seed 1]
                                       [--features-out FILE]

The shipped catalog is padded with invented sake made by recombining real brand, product
and brewery words, so many share a brand or product words with a real one. Queries are
label texts of real sake with simulated OCR noise: dropped characters, Chinese character
forms, confusable kana, lost voicing marks, boilerplate lines, lines split in two, and
romaji-only export labels. Prints JSON: build seconds, p50/p95 query ms, top-1/top-3
accuracy, and how confidence >= 0.7 fares. --features-out writes one JSON line per query
(confidence features and whether the top candidate was right) for fitting coefficients.
Run by hand; never a timed test.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from importlib import resources
from pathlib import Path

from sakesensei.domain.grades import GRADE_ROMAJI, GRADES
from sakesensei.engines.vision.label_confidence import THRESHOLD, precision_at
from sakesensei.engines.vision.label_match import LabelEntry, LabelIndex
from sakesensei.engines.vision.label_text import CHINESE_FORMS, GENERIC_WORDS, match_key
from sakesensei.engines.vision.reading import ReadLine

_RANK = {"上撰", "特撰", "超特撰", "佳撰"}
# Characters OCR takes for one another, each pair "printed, read".
_CONFUSABLE = (
    "くこ こく どじ じど ぬめ めぬ ねれ れね わね はほ ほは シツ ツシ ソン ンソ クワ ワク "
    "力カ カ力 口ロ ロ口 工エ エ工 夕タ タ夕 二ニ ニ二 八ハ ハ八 ー一 一ー"
)
_CONFUSE = {p[0]: p[1] for p in _CONFUSABLE.split()}
_TO_CHINESE: dict[str, list[str]] = {}
for _read, _meant in CHINESE_FORMS.items():
    _TO_CHINESE.setdefault(_meant, []).append(_read)
_LATIN_CONFUSE = {"l": "i", "i": "l", "o": "0", "0": "o", "m": "rn", "u": "v", "s": "5"}
_JA_BOILERPLATE = (
    "アルコール分15度",
    "アルコール分16度以上17度未満",
    "精米歩合50%",
    "原材料名 米(国産)米こうじ(国産)",
    "内容量720ml",
    "製造年月 2024.03",
    "お酒は20歳になってから",
    "20歳未満の者の飲酒は法律で禁止されています",
    "清酒",
    "要冷蔵",
)
_EN_BOILERPLATE = (
    "Alc. 16% by vol.",
    "720ml",
    "Product of Japan",
    "Sake",
    "Rice polishing ratio 50%",
)


def shipped_entries() -> list[LabelEntry]:
    """The catalog that ships in the package, numbered 1.. in file order."""
    entries: list[LabelEntry] = []
    folder = resources.files("sakesensei") / "data" / "catalog"
    for source in sorted((f for f in folder.iterdir() if f.name.endswith(".json")), key=str):
        data = json.loads(source.read_text(encoding="utf-8"))
        romaji = {b["name"]: b.get("romaji") for b in data["breweries"]}
        for sake in data["sakes"]:
            entries.append(
                LabelEntry(
                    sake_id=len(entries) + 1,
                    name=sake["name"],
                    reading=sake.get("reading"),
                    romaji=sake.get("romaji"),
                    category=sake.get("category"),
                    brewery=sake["brewery"],
                    brewery_romaji=romaji.get(sake["brewery"]),
                )
            )
    return entries


def _aligned(entry: LabelEntry) -> list[tuple[str, str]]:
    words = entry.name.split()
    romaji = (entry.romaji or "").split()
    return list(zip(words, romaji, strict=True)) if len(words) == len(romaji) else []


def _signature(name: str, grade: str) -> frozenset[str]:
    """A name and its grade as a set of words, 純米酒 as 純米: an invented sake equal to a real
    one by this is the same sake to a reader, so no label could tell them apart."""
    keys = (match_key(w) for w in [*name.split(), grade])
    return frozenset(k[:-1] if k.endswith("酒") and k[:-1] in GENERIC_WORDS else k for k in keys)


def distractors(real: list[LabelEntry], size: int, rng: random.Random) -> list[LabelEntry]:
    """Invented sake up to size entries in all: real brands with other product words, and new
    brands spliced from two real ones, with real or spliced breweries."""
    brands: list[tuple[str, str, str, str]] = []  # brand, romaji, brewery, brewery romaji
    products: list[tuple[str, str]] = []
    for e in real:
        pairs = _aligned(e)
        lead = next((p for p in pairs if p[0] not in _RANK and p[0] not in GRADES), None)
        if lead is None:
            continue
        brands.append((*lead, e.brewery or "", e.brewery_romaji or ""))
        products += [p for p in pairs if p is not lead and match_key(p[0]) not in GENERIC_WORDS]
    taken = {_signature(e.name, e.category or "") for e in real}
    out: list[LabelEntry] = []
    while len(real) + len(out) < size:
        brand, brand_romaji, brewery, brewery_romaji = rng.choice(brands)
        if rng.random() < 0.7:
            other = rng.choice(brands)
            cut, cut_other = max(1, len(brand) // 2), len(other[0]) // 2
            brand = brand[:cut] + other[0][cut_other:]
            half = brand_romaji[: len(brand_romaji) // 2]
            brand_romaji = (half + other[1][len(other[1]) // 2 :]).capitalize()
            if rng.random() < 0.6:
                brewery, brewery_romaji = f"{brand}酒造", f"{brand_romaji} Shuzo"
        grade = rng.choice(GRADES)
        words = [(brand, brand_romaji)]
        if rng.random() < 0.7 and grade != "普通酒":
            words.append((grade, GRADE_ROMAJI[grade]))
        words += rng.sample(products, rng.choice((0, 1, 1, 2, 2, 3)))
        if rng.random() < 0.2:
            number = str(rng.choice((35, 40, 45, 50, 55, 60, 65, 70, 80, 657, 807, 1712)))
            words.append((number, number))
        name = " ".join(w for w, _ in words)
        if _signature(name, grade) in taken:
            continue
        taken.add(_signature(name, grade))
        out.append(
            LabelEntry(
                sake_id=100_000_000 + len(out),
                name=name,
                romaji=" ".join(r for _, r in words),
                category=grade,
                brewery=brewery,
                brewery_romaji=brewery_romaji,
            )
        )
    return out


def _noisy(text: str, rng: random.Random, latin: bool) -> str:
    out = []
    for ch in text:
        roll = rng.random()
        if roll < 0.04:
            continue
        if latin:
            low = ch.lower()
            out.append(_LATIN_CONFUSE[low] if low in _LATIN_CONFUSE and roll < 0.07 else ch)
        elif ch in _TO_CHINESE and roll < 0.35:
            out.append(rng.choice(_TO_CHINESE[ch]))
        elif ch in _CONFUSE and roll < 0.1:
            out.append(_CONFUSE[ch])
        else:
            out.append(ch)
    return "".join(out) or text[:1]


def label_lines(entry: LabelEntry, rng: random.Random) -> list[ReadLine]:
    """What OCR might read off a label of the entry: a Japanese or (sometimes) export label."""
    latin = bool(entry.romaji) and rng.random() < 0.2
    texts: list[tuple[str, float]] = []
    if latin:
        words = (entry.romaji or "").split()
        texts.append((words[0].upper(), 100.0))
        if len(words) > 1:
            texts.append((" ".join(words[1:]), 40.0))
        if entry.brewery_romaji and rng.random() < 0.7:
            texts.append((f"{entry.brewery_romaji} Co., Ltd.", 20.0))
        texts += [(t, 16.0) for t in rng.sample(_EN_BOILERPLATE, rng.randint(1, 4))]
    else:
        words = entry.name.split()
        lead = next((i for i, w in enumerate(words) if w not in _RANK), 0)
        texts.append((words[lead], 100.0))
        rest = words[:lead] + words[lead + 1 :]
        if rest:
            cut = rng.randint(1, len(rest))
            texts.append(("".join(rest[:cut]), 40.0))
            if rest[cut:]:
                texts.append(("".join(rest[cut:]), 36.0))
        if entry.category and entry.category not in entry.name and rng.random() < 0.6:
            texts.append((entry.category, 36.0))
        if entry.brewery and rng.random() < 0.7:
            company = rng.choice(("株式会社", "有限会社", "合名会社", ""))
            texts.append((f"{company}{entry.brewery}", 20.0))
        texts += [(t, 16.0) for t in rng.sample(_JA_BOILERPLATE, rng.randint(1, 4))]
    lines: list[ReadLine] = []
    y = 0.0
    for text, size in texts:
        noisy = _noisy(text, rng, latin)
        parts = [noisy]
        if len(noisy) > 3 and rng.random() < 0.2:
            cut = rng.randint(1, len(noisy) - 1)
            parts = [noisy[:cut], noisy[cut:]]
        for part in parts:
            box = (0.0, y, size * len(part), y + size)
            lines.append(ReadLine(part, rng.uniform(0.6, 1.0), box))
            y += size * 1.2
    rng.shuffle(lines)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--features-out", type=Path)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    real = shipped_entries()
    entries = real + distractors(real, args.size, rng)
    start = time.perf_counter()
    index = LabelIndex(entries)
    build_s = time.perf_counter() - start
    samples: list[float] = []
    top1 = top3 = 0
    confidences: list[float] = []
    right: list[bool] = []
    rows: list[dict[str, object]] = []
    for _ in range(args.queries):
        entry = rng.choice(real)
        lines = label_lines(entry, rng)
        start = time.perf_counter()
        match = index.match(lines)
        samples.append((time.perf_counter() - start) * 1000)
        ids = [c.sake_id for c in match.candidates]
        top1 += bool(ids) and ids[0] == entry.sake_id
        top3 += entry.sake_id in ids[:3]
        confidences.append(match.confidence)
        right.append(bool(ids) and ids[0] == entry.sake_id)
        rows.append({"features": match.features.vector(), "right": right[-1]})
    samples.sort()
    precision, reach = precision_at(confidences, right, THRESHOLD)
    result = {
        "entries": len(entries),
        "build_s": round(build_s, 2),
        "query_p50_ms": round(statistics.median(samples), 2),
        "query_p95_ms": round(samples[int(len(samples) * 0.95)], 2),
        "top1": round(top1 / args.queries, 3),
        "top3": round(top3 / args.queries, 3),
        f"precision_at_{THRESHOLD}": round(precision, 3),
        f"right_reaching_{THRESHOLD}": round(reach, 3),
    }
    if args.features_out:
        args.features_out.write_text("".join(json.dumps(r) + "\n" for r in rows))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
