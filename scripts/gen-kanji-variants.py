#!/usr/bin/env python3
"""Builds data/kanji-variants.tsv, the kanji variant fold the program embeds.

Sources (vendored in data/source/, see data/source/README.md for versions and licences):
  itaiji-mj-shrinkmap.tsv          IPA MJ縮退マップ Ver.1.2.0 (CC BY-SA 2.1 JP)
  itaiji-unihan.tsv                Unicode 15.0.0 Unihan/UnicodeData (Unicode License v3)
  itaiji-yosina-kanji-old-new.tsv  yosina-data kanji-old-new-form (MIT)
  itaiji-permissive.tsv            jageocoder (CC0), geolonia, abr-geocoder (MIT)

Rules, chosen so that folding never hides a different person's name:
  * A pair whose variant is outside JIS X 0208 (IBM/NEC extensions such as 髙, JIS X 0213,
    unencoded in JIS) is taken from any source.
  * A pair of two JIS X 0208 kanji (邊→辺, 澤→沢) is taken only when two independent
    sources attest it, or one official list does (人名用漢字 variants, 常用漢字 許容字体,
    Unihan kZVariant, yosina old→new forms). The MJ map alone pairs some distinct common
    kanji (切/功, 傅/伝), and Unihan's semantic variants are looser still.
  * Where a variant has several candidates, the target with the lowest JIS level wins, then
    the one more sources attest, then the lowest code point.
  * Targets are NFC-normalised (the MJ map sometimes names a compatibility ideograph);
    chains are followed to a fixed point; cycles are broken towards the lower JIS level.
  * Kana address fold classes (ケ/ヶ/が, ノ/の) and pairs flagged wrong (曾→会) are dropped.

Usage: scripts/gen-kanji-variants.py            rewrite data/kanji-variants.tsv
       scripts/gen-kanji-variants.py --check    exit 1 if the file is not current
"""

import csv
import os
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "data", "source")
OUTPUT = os.path.join(ROOT, "data", "kanji-variants.tsv")

# JIS level rank: lower is more standard.
RANK = {"1": 1, "2": 2, "3/4(JIS X 0213)": 3, "JIS X 0212 only": 4, "IBM/NEC ext only": 5, "": 6}


def read(name):
    with open(os.path.join(SOURCE, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def jis0208(level):
    return level in ("1", "2")


def is_kanji(c):
    o = ord(c)
    return (
        0x3400 <= o <= 0x4DBF
        or 0x4E00 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3FFFF
        or c in "々〆"
    )


def main():
    check = "--check" in sys.argv[1:]
    level = {}  # char -> JIS level string, from every source that knows it
    # (variant, standard) -> set of source tags
    pairs = {}

    def add(variant, standard, tag, variant_level=None, standard_level=None):
        variant = variant.strip()
        standard = unicodedata.normalize("NFC", standard.strip())
        if len(variant) != 1 or len(standard) != 1 or variant == standard:
            return
        if not (is_kanji(variant) and is_kanji(standard)):
            return
        if unicodedata.normalize("NFC", variant) == standard:
            return  # a compatibility ideograph: the width fold already maps it
        if variant_level is not None:
            level.setdefault(variant, variant_level)
        if standard_level is not None:
            level.setdefault(standard, standard_level)
        pairs.setdefault((variant, standard), set()).add(tag)

    for row in read("itaiji-mj-shrinkmap.tsv"):
        add(row["variant"], row["standard"], "mj", row["variant_jis"], row["standard_jis"])

    official = {
        "official:jinmeiyo_kanji_variant(kJinmeiyoKanji)",
        "official:joyo_kanji_kyoyo_jitai(kJoyoKanji)",
        "unihan:kZVariant",
    }
    for row in read("itaiji-unihan.tsv"):
        if row["relation"] in official:
            add(row["variant"], row["standard"], "official")

    for row in read("itaiji-yosina-kanji-old-new.tsv"):
        add(row["variant_base"], row["standard_base"], "official")

    for row in read("itaiji-permissive.tsv"):
        note = row["note"]
        if "not a kanji variant" in note or "looks wrong" in note:
            continue
        tag = row["source"].split("/")[0]
        add(row["variant"], row["standard"], tag, row["variant_jis"], row["standard_jis"])

    def rank(c):
        return RANK.get(level.get(c, ""), 6)

    def accepted(variant, standard, tags):
        if jis0208(level.get(variant, "")) and jis0208(level.get(standard, "")):
            return "official" in tags or len(tags) >= 2
        return True

    candidates = {}
    for (variant, standard), tags in pairs.items():
        if accepted(variant, standard, tags):
            candidates.setdefault(variant, []).append((rank(standard), -len(tags), ord(standard), standard, tags))

    direct = {}
    for variant, options in candidates.items():
        options.sort()
        best = options[0]
        # Never fold towards a less standard form (e.g. 辺 → 邊).
        if best[0] > rank(variant):
            continue
        direct[variant] = (best[3], best[4])

    fold = {}
    for variant in sorted(direct):
        seen = [variant]
        target = direct[variant][0]
        while target in direct and target not in seen:
            seen.append(target)
            target = direct[target][0]
        if target in seen:  # a cycle: stop at its most standard member
            target = min(seen, key=lambda c: (rank(c), ord(c)))
        if target != variant:
            tags = set()
            for c in seen:
                if c in direct:
                    tags |= direct[c][1]
            fold[variant] = (target, tags)

    lines = [
        "# generated by scripts/gen-kanji-variants.py from data/source/ (see its docstring); do not edit",
        "# licence: CC BY-SA 2.1 JP, derived from IPA's MJ縮退マップ and MJ文字情報一覧表; see data/LICENSE-kanji-variants.md",
        "# variant\tstandard\tsources",
    ]
    for variant in sorted(fold, key=ord):
        target, tags = fold[variant]
        lines.append(f"{variant}\t{target}\t{','.join(sorted(tags))}")
    text = "\n".join(lines) + "\n"

    if check:
        with open(OUTPUT, encoding="utf-8") as f:
            if f.read() != text:
                print("data/kanji-variants.tsv is stale: run scripts/gen-kanji-variants.py", file=sys.stderr)
                return 1
        print(f"data/kanji-variants.tsv is current ({len(fold)} variants)")
        return 0
    with open(OUTPUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {OUTPUT}: {len(fold)} variants")
    return 0


if __name__ == "__main__":
    sys.exit(main())
