//! 住所: split an address into prefecture, locality, block numbers and the rest.
//!
//! In: a free-text address (1丁目2番3号, 一丁目2番地3, １－２－３, with or without the
//! prefecture, with a building and room or not). Out: [`Address`] with the prefecture when
//! written, the locality (city and town, spaces removed), the block numbers (丁目, 番(地), 号)
//! as integers, and the rest (building, room, 方書). Never: turning kanji numerals inside place
//! names into digits (三国ヶ丘, 四谷, 十日町, 八丁堀 stay as they are), or hyphen look-alikes
//! that are not between digits.

use super::width::fold_width;

/// The 47 prefectures.
pub const PREFECTURES: [&str; 47] = [
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
];

/// An address split into the parts that decide whether two addresses are one place.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Address {
    /// Width-folded, spaces collapsed: what a clerk reads.
    pub display: String,
    /// The prefecture, when the text names one.
    pub prefecture: Option<&'static str>,
    /// City, ward and town, up to the first block number; spaces removed.
    pub locality: String,
    /// 丁目, 番(地) and 号 as numbers, in order.
    pub blocks: Vec<u32>,
    /// Building, room and anything after the block numbers; spaces removed, 号室 dropped.
    pub rest: String,
}

impl Address {
    /// Locality and blocks: "千代田区紀尾井町1-3".
    pub fn key(&self) -> String {
        let mut key = self.locality.clone();
        for (i, block) in self.blocks.iter().enumerate() {
            if i > 0 {
                key.push('-');
            }
            key.push_str(&block.to_string());
        }
        key
    }
}

/// Parses an address.
pub fn parse_address(input: &str) -> Address {
    let folded = fold_width(input);
    let display = collapse_spaces(&folded);
    let numbered = block_numerals_to_digits(&display);
    let hyphenated = hyphens_between_digits(&numbered);

    let (prefecture, after_prefecture) = split_prefecture(&hyphenated);
    let (locality, blocks, rest) = split_blocks(after_prefecture);
    Address {
        display,
        prefecture,
        locality: locality.chars().filter(|c| !c.is_whitespace()).collect(),
        blocks,
        rest: normalize_rest(rest),
    }
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn split_prefecture(text: &str) -> (Option<&'static str>, &str) {
    for prefecture in PREFECTURES {
        if let Some(rest) = text.strip_prefix(prefecture) {
            return (Some(prefecture), rest.trim_start());
        }
    }
    (None, text)
}

const KANJI_DIGITS: &str = "〇一二三四五六七八九";

fn is_kanji_numeral(c: char) -> bool {
    KANJI_DIGITS.contains(c) || matches!(c, '十' | '百' | '千' | '零')
}

/// The value of a kanji numeral: positional (一〇 = 10) or with 十/百/千 (二十三 = 23).
pub fn kanji_numeral_value(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    if !text.contains(['十', '百', '千']) {
        let mut value: u32 = 0;
        for c in text.chars() {
            let digit = if c == '零' {
                0
            } else {
                KANJI_DIGITS.chars().position(|d| d == c)? as u32
            };
            value = value.checked_mul(10)?.checked_add(digit)?;
        }
        return Some(value);
    }
    let mut total = 0;
    let mut pending: Option<u32> = None;
    for c in text.chars() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                let digit = KANJI_DIGITS.chars().position(|d| d == c)? as u32;
                if pending.is_some() {
                    return None;
                }
                pending = Some(digit);
                continue;
            }
        };
        total += pending.take().unwrap_or(1) * unit;
    }
    Some(total + pending.unwrap_or(0))
}

/// Block markers that may follow a number: the kanji numeral before them is a block number.
fn starts_block_marker(rest: &str) -> bool {
    let mut chars = rest.chars();
    match chars.next() {
        // 一番町, 二番町 are place names, not block numbers.
        Some('番') => chars.next() != Some('町'),
        Some('号' | '-') => true,
        Some('丁') => {
            let next = chars.next();
            next == Some('目') || next.is_some_and(|c| c.is_ascii_digit() || is_kanji_numeral(c))
        }
        Some('の' | 'ノ') => chars
            .next()
            .is_some_and(|c| c.is_ascii_digit() || is_kanji_numeral(c)),
        Some(c) if is_hyphen_like(c) => chars
            .next()
            .is_some_and(|c| c.is_ascii_digit() || is_kanji_numeral(c)),
        None => false,
        _ => false,
    }
}

/// Rewrites kanji numerals as digits where they are block numbers (一丁目, 二番地, 三号,
/// 五の二) and nowhere else.
fn block_numerals_to_digits(text: &str) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if !is_kanji_numeral(c) {
            out.push(c);
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && is_kanji_numeral(chars[j].1) {
            j += 1;
        }
        let end = chars.get(j).map_or(text.len(), |&(offset, _)| offset);
        let run = &text[start..end];
        let preceded_by_block = out.ends_with(['番', '地', '号', '-', 'の', 'ノ', '目', '丁']);
        let is_block = starts_block_marker(&text[end..])
            || (preceded_by_block && end == text.len())
            || (preceded_by_block && text[end..].starts_with([' ', '号']));
        match kanji_numeral_value(run).filter(|_| is_block) {
            Some(value) => out.push_str(&value.to_string()),
            None => out.push_str(run),
        }
        i = j;
    }
    out
}

/// The hyphen look-alikes legacy systems and hand-typed forms put between block numbers.
pub fn is_hyphen_like(c: char) -> bool {
    matches!(
        c,
        '-' | '‐'
            | '‑'
            | '‒'
            | '–'
            | '—'
            | '―'
            | '−'
            | '─'
            | '━'
            | 'ー'
            | '﹣'
            | '－'
            | 'ｰ'
    )
}

/// Makes a hyphen look-alike an ASCII hyphen when a digit stands on both sides of it.
fn hyphens_between_digits(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let between_digits = i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        if c != '-' && is_hyphen_like(c) && between_digits {
            out.push('-');
        } else {
            out.push(c);
        }
    }
    out
}

/// Splits "千代田区紀尾井町1-3 ABCビル" into locality, block numbers and rest. The block
/// chain starts at the first number followed by a block marker (or by nothing); numbers in
/// place names such as 北3条西 stay in the locality.
fn split_blocks(text: &str) -> (&str, Vec<u32>, &str) {
    let bytes = text.as_bytes();
    let mut search_from = 0;
    while let Some(offset) = text[search_from..].find(|c: char| c.is_ascii_digit()) {
        let start = search_from + offset;
        let digits_end = start
            + text[start..]
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(text.len() - start);
        let after = &text[digits_end..];
        let ends_chain = after.is_empty() || after.starts_with(' ');
        if ends_chain || starts_block_marker(after) {
            let (blocks, rest) = read_block_chain(&text[start..]);
            return (&text[..start], blocks, rest);
        }
        search_from = digits_end;
        if search_from >= bytes.len() {
            break;
        }
    }
    (text, Vec::new(), "")
}

/// Reads numbers and markers (丁目, 丁, 番地, 番, 号, の, ノ, -, 地割) until something else.
fn read_block_chain(text: &str) -> (Vec<u32>, &str) {
    let mut blocks = Vec::new();
    let mut rest = text;
    loop {
        let digits_len = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits_len == 0 {
            break;
        }
        let Ok(number) = rest[..digits_len].parse::<u32>() else {
            break;
        };
        blocks.push(number);
        rest = &rest[digits_len..];
        let marker = ["丁目", "番地", "地割", "番", "号", "丁", "の", "ノ", "-"]
            .iter()
            .find(|m| rest.starts_with(**m));
        match marker {
            Some(&"号") => {
                rest = &rest["号".len()..];
                break;
            }
            Some(marker) => {
                let after = &rest[marker.len()..];
                if after.starts_with(|c: char| c.is_ascii_digit()) {
                    rest = after;
                } else {
                    rest = after;
                    break;
                }
            }
            None => break,
        }
    }
    (blocks, rest)
}

/// The rest (building, room) as a key: spaces, hyphens and 号室 removed.
fn normalize_rest(rest: &str) -> String {
    rest.replace("号室", "")
        .chars()
        .filter(|c| !c.is_whitespace() && !is_hyphen_like(*c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn parts() {
        let address = parse_address("大阪府堺市北区新金岡町4丁1−8 ABCマンション 101号室");
        assert_eq!(address.prefecture, Some("大阪府"));
        assert_eq!(address.locality, "堺市北区新金岡町");
        assert_eq!(address.blocks, vec![4, 1, 8]);
        assert_eq!(address.rest, "ABCマンション101");

        let address = parse_address("北海道札幌市中央区北3条西4丁目1-1");
        assert_eq!(address.locality, "札幌市中央区北3条西");
        assert_eq!(address.blocks, vec![4, 1, 1]);
    }

    #[test]
    fn numerals_in_place_names_stay() {
        let cases = [
            (
                "大阪府堺市北区三国ヶ丘御幸通1-2",
                "堺市北区三国ヶ丘御幸通1-2",
            ),
            ("東京都新宿区四谷三丁目5番", "新宿区四谷3-5"),
            ("新潟県十日町市本町二丁目3", "十日町市本町2-3"),
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
    fn hyphen_look_alikes_only_between_digits() {
        let address = parse_address("東京都港区芝公園 タワーー1");
        assert!(address.display.contains("タワーー1"));
        assert_eq!(hyphens_between_digits("1ー2"), "1-2");
        assert_eq!(hyphens_between_digits("ラーメン"), "ラーメン");
    }

    #[test]
    fn kanji_numeral_values() {
        let cases = [
            ("一", Some(1)),
            ("十", Some(10)),
            ("十二", Some(12)),
            ("二十", Some(20)),
            ("二十三", Some(23)),
            ("百五", Some(105)),
            ("一〇", Some(10)),
            ("二〇三", Some(203)),
            ("千二百三十四", Some(1234)),
            ("", None),
        ];
        for (input, expected) in cases {
            assert_eq!(kanji_numeral_value(input), expected, "{input:?}");
        }
    }
}
