//! Table-driven tests of the address parser and comparison.

use super::*;

fn same(a: &str, b: &str) -> bool {
    same_place(&parse_address(a), &parse_address(b))
}

#[test]
fn notations_of_one_address_share_a_key() {
    let same = [
        "東京都千代田区紀尾井町1丁目2番3号",
        "東京都千代田区紀尾井町1-2-3",
        "東京都千代田区紀尾井町一丁目2番地3",
        "東京都千代田区紀尾井町一丁目二番三号",
        "東京都千代田区紀尾井町１－２－３",
        "東京都千代田区紀尾井町1ー2ー3",
        "東京都千代田区紀尾井町1‐2‐3",
        "東京都千代田区紀尾井町1−2−3",
        "東京都 千代田区 紀尾井町 1-2-3",
        "千代田区紀尾井町1-2-3",
        "東京都千代田区紀尾井町1丁目2-3",
        "東京都千代田区紀尾井町1丁目2の3",
    ];
    for input in same {
        let address = parse_address(input);
        assert_eq!(address.key(), "千代田区紀尾井町1-2-3", "{input:?}");
        assert_eq!(address.rest, "", "{input:?}");
    }
}

/// The notations of [round 2, 1/7], member side | register side: one place each.
#[test]
fn insurer_notations_are_one_place() {
    let cases = [
        // Block numbers in kanji, then a building.
        (
            "山形県鶴岡市清水新田千六百七十七番地六ハイツ新田 109",
            "山形県鶴岡市清水新田1677番地6 ハイツ新田 109",
        ),
        // A building glued to the number (606 is the room, not a 丁目).
        (
            "富山県高岡市守山町945メゾン山町 606",
            "富山県高岡市守山町945番地 メゾン山町 606",
        ),
        ("富山県高岡市守山町123番地の4", "富山県高岡市守山町123番地4"),
        ("富山県高岡市守山町123の4", "富山県高岡市守山町123番地4"),
        // Town names with 線・号・条・番・通 and numerals.
        (
            "北海道空知郡上富良野町西九線北三十二号88－21",
            "北海道空知郡上富良野町西九線北三十二号88番地21",
        ),
        (
            "北海道十勝郡浦幌町字厚内二条通2−3−4",
            "北海道十勝郡浦幌町字厚内二条通二丁目3番4号",
        ),
        ("愛知県清須市春日四番割12", "愛知県清須市春日四番割12番地"),
        (
            "新潟県新潟市中央区西堀通四番町741",
            "新潟県新潟市中央区西堀通4番町741番地",
        ),
        (
            "北海道札幌市白石区南郷通二丁目北10-18",
            "北海道札幌市白石区南郷通2丁目北10番18号",
        ),
        // The number without 番地.
        (
            "北海道河東郡鹿追町笹川北八線433",
            "北海道河東郡鹿追町笹川北八線433番地",
        ),
        // 大字/字 and 郡 dropped, ヶ/ケ, ノ/の, a kanji variant.
        (
            "北海道芽室町上伏古七線12番地",
            "北海道河西郡芽室町上伏古七線12番地",
        ),
        (
            "長野県北佐久郡軽井沢町軽井沢1323",
            "長野県北佐久郡軽井沢町大字軽井沢1323番地",
        ),
        ("千葉県袖ヶ浦市横田1-2", "千葉県袖ケ浦市横田1番地2"),
        (
            "大阪府堺市北区三国ケ丘御幸通1-2",
            "大阪府堺市北区三国ヶ丘御幸通1番2号",
        ),
        ("福岡県柳川市辻󠄀町1177番地", "福岡県柳川市辻町1177番地"),
        (
            "神奈川県横濱市磯子区中原1-28-21",
            "神奈川県横浜市磯子区中原1丁目28番21号",
        ),
        // The building or room on one side only; the room as a fourth number.
        (
            "東京都千代田区紀尾井町1-2-3",
            "東京都千代田区紀尾井町1丁目2番3号　コーポ山田101号室",
        ),
        (
            "東京都千代田区紀尾井町1-2-3-101",
            "東京都千代田区紀尾井町1丁目2番3号　コーポ山田101号室",
        ),
        (
            "東京都千代田区紀尾井町1-2-3 101",
            "東京都千代田区紀尾井町1丁目2番3号　コーポ山田101号室",
        ),
        // Prefecture omitted with a ward several cities have: placed by its town.
        (
            "中央区日本橋本町1丁目9-6",
            "東京都中央区日本橋本町一丁目9番6号",
        ),
        (
            "東京都千代田区紀尾井町1-2-3 abcビル#101",
            "東京都千代田区紀尾井町1丁目2番3号　ＡＢＣビル101号室",
        ),
        (
            "東京都千代田区紀尾井町1-2-3（山田方）",
            "東京都千代田区紀尾井町1丁目2番3号　山田方",
        ),
        // A postal code before the address; 字 left out inside a town's name.
        (
            "〒102-0094 東京都千代田区紀尾井町1-3",
            "東京都千代田区紀尾井町1番3号",
        ),
        (
            "1020094 千代田区紀尾井町1-3",
            "東京都千代田区紀尾井町1番3号",
        ),
        (
            "岩手県下閉伊郡普代村第1地割上村43-25",
            "岩手県下閉伊郡普代村第一地割字上村43番地25",
        ),
        // 内里 and 内里五丁 are both towns of 八幡市: 5丁目 is 内里's.
        ("八幡市内里5-22-27", "京都府八幡市内里5丁目22番27号"),
    ];
    for (member, register) in cases {
        assert!(same(member, register), "{member} | {register}");
    }
    let placed = parse_address("中央区日本橋本町1丁目9-6");
    assert_eq!(placed.prefecture, Some("東京都"));
    assert_eq!(placed.city, "中央区");
}

/// Another 番地, 号, 丁目, town, 小字 or room stays a difference.
#[test]
fn look_alike_places_differ() {
    let cases = [
        (
            "北海道音更町字上然別西八線65",
            "北海道河東郡音更町字上然別北十一線65番地",
        ),
        (
            "東京都千代田区紀尾井町1-2-3",
            "東京都千代田区紀尾井町1丁目2番4号",
        ),
        (
            "東京都千代田区紀尾井町1-2-3",
            "東京都千代田区紀尾井町1丁目3番3号",
        ),
        (
            "東京都千代田区紀尾井町1-2-3",
            "東京都千代田区紀尾井町2丁目2番3号",
        ),
        ("富山県高岡市守山町945", "富山県高岡市守山町954番地"),
        ("富山県高岡市守山町123の4", "富山県高岡市守山町123番地5"),
        (
            "北海道空知郡上富良野町西九線北三十二号88－21",
            "北海道空知郡上富良野町西九線北三十三号88番地21",
        ),
        (
            "東京都千代田区紀尾井町1-2-3 コーポ山田102",
            "東京都千代田区紀尾井町1丁目2番3号　コーポ山田101号室",
        ),
        (
            "東京都千代田区紀尾井町1-2-3-102",
            "東京都千代田区紀尾井町1丁目2番3号　コーポ山田101号室",
        ),
        (
            "東京都千代田区紀尾井町1-2-3 コーポ山田1",
            "東京都千代田区紀尾井町1丁目2番3号　コーポ山田101号室",
        ),
        (
            "東京都千代田区紀尾井町1-2-3-1101",
            "東京都千代田区紀尾井町1丁目2番3号　コーポ山田101号室",
        ),
        ("東京都千代田区一番町10-2", "東京都千代田区二番町10-2"),
        ("鶴岡市清水新田字南田12", "山形県鶴岡市清水新田字北田12番地"),
    ];
    for (member, register) in cases {
        assert!(!same(member, register), "{member} | {register}");
    }
}

/// 札幌's 条 left out, and towns named by a number before 番丁 (和歌山).
#[test]
fn numbered_town_names_written_short() {
    let cases = [
        ("北海道札幌市北区北１６西２－１－１", "北十六条西", Some(2)),
        ("札幌市北区北16条西2丁目1-1", "北十六条西", Some(2)),
        (
            "北海道札幌市北区東茨戸１-２-３１４－１５",
            "東茨戸一条",
            Some(2),
        ),
        (
            "北海道札幌市豊平区月寒東３-１８-１-７２",
            "月寒東三条",
            Some(18),
        ),
        ("和歌山県和歌山市12番丁45", "十二番丁", None),
        ("和歌山県和歌山市十二番丁45", "十二番丁", None),
    ];
    for (input, town, chome) in cases {
        let address = parse_address(input);
        assert_eq!((&*address.town, address.chome), (town, chome), "{input}");
    }
    // Elsewhere a number after the town stays a block number.
    let address = parse_address("東京都千代田区紀尾井町1-3");
    assert_eq!((&*address.town, address.ban), ("紀尾井町", Some(1)));
}

#[test]
fn parts() {
    let address = parse_address("大阪府堺市北区新金岡町4丁1−8 ABCマンション 101号室");
    assert_eq!(address.prefecture, Some("大阪府"));
    assert_eq!((address.city, &*address.town), ("堺市北区", "新金岡町"));
    assert_eq!(address.blocks, vec![4, 1, 8]);
    assert_eq!(address.chome, Some(4));
    assert_eq!(address.rest, "ABCマンション101");

    let address = parse_address("北海道札幌市中央区北3条西4丁目1-1");
    assert_eq!(address.town, "北三条西");
    assert_eq!(address.blocks, vec![4, 1, 1]);

    let address = parse_address("富山県高岡市守山町945メゾン山町 606");
    assert_eq!((address.chome, address.ban), (None, Some(945)));
    assert_eq!(address.rest, "メゾン山町606");

    // A 小字 after the town is kept apart, shown and compared where both have one.
    let address = parse_address("山形県鶴岡市清水新田字南田12番地");
    assert_eq!(
        (&*address.town, address.subarea.as_str()),
        ("清水新田", "南田")
    );
    assert_eq!(address.blocks, vec![12]);
}

#[test]
fn numerals_in_place_names_stay() {
    let cases = [
        (
            "大阪府堺市北区三国ヶ丘御幸通1-2",
            "堺市北区三国ヶ丘御幸通1-2",
        ),
        ("東京都新宿区四谷三丁目5番", "新宿区四谷3-5"),
        ("新潟県十日町市山本町二丁目3", "十日町市山本町2-3"),
        ("東京都中央区八丁堀二丁目1-1", "中央区八丁堀2-1-1"),
        ("京都府京都市中京区三条通", "京都市中京区三条通"),
        ("東京都千代田区一番町10-2", "千代田区一番町10-2"),
        ("東京都千代田区一番町十番地二", "千代田区一番町10-2"),
    ];
    for (input, key) in cases {
        assert_eq!(parse_address(input).key(), key, "{input:?}");
    }
}

#[test]
fn differences_name_the_parts() {
    let a = parse_address("東京都千代田区紀尾井町1丁目12番3号 ABCハイツ101");
    let b = parse_address("千代田区紀尾井町1-21-3 ABCハイツ202");
    assert_eq!(
        differences(&a, &b),
        vec!["番: 12 / 21", "建物・部屋: ABCハイツ101 / ABCハイツ202"]
    );
    let c = parse_address("大阪府堺市北区新金岡町4丁1-8");
    assert_eq!(
        differences(&a, &c)[..3],
        [
            "都道府県: 東京都 / 大阪府",
            "市区町村: 千代田区 / 堺市北区",
            "町域: 紀尾井町 / 新金岡町"
        ]
    );
    // A building on one side only is no difference, and the notes say so.
    let d = parse_address("東京都千代田区紀尾井町1丁目12番3号");
    assert!(differences(&a, &d).is_empty());
    assert_eq!(
        written_on_one_side(&a, &d),
        ["建物・部屋は片方のみ（相違としない）"]
    );
    assert!(written_on_one_side(&a, &a).is_empty());
}

/// Parsing what a parse displays gives the same key (found by fuzzing: a variation
/// selector between two spaces).
#[test]
fn display_parses_to_the_same_key() {
    for input in [
        "33\0\0\r千葉県\r\0@\0\u{2}\0\r\u{FE09}  \0\0\r\u{FE09}  3\n\r\"\r\u{0}33@7388",
        "東京都　千代田区 紀尾井町\u{E0100} 1-2-3",
        "〒102-0094 千代田区紀尾井町1-3",
    ] {
        let address = parse_address(input);
        assert_eq!(
            parse_address(&address.display).key(),
            address.key(),
            "{input:?}"
        );
    }
}

#[test]
fn hyphen_look_alikes_only_between_numbers() {
    let address = parse_address("東京都港区芝公園 タワーー1");
    assert!(address.display.contains("タワーー1"));
    let address = parse_address("東京都千代田区紀尾井町1ー2ー3 ラーメンハウス");
    assert_eq!(address.blocks, vec![1, 2, 3]);
    assert_eq!(address.rest, "ラメンハウス");
}
