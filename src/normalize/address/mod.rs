//! 住所: split an address into prefecture, city, town, 丁目/番/号 and the rest, and say whether
//! two addresses are one place and how they differ.
//!
//! In: a free-text address (1丁目2番3号, 一丁目2番地3, １－２－３, 千六百七十七番地六, with or
//! without the prefecture, city's 郡 or ward, 大字/字, building and room, a postal code
//! before it). Out: [`Address`] — the prefecture (written or inferred from the city), the
//! city and town as the gazetteer names them (or as written when it does not know them), a
//! 小字 or street description kept apart, the block numbers, the rest (building, room,
//! 方書), and the folded locality the comparison uses; [`same_place`] says whether two name
//! one place, [`differences`] where they differ and [`written_on_one_side`] what one leaves
//! out. The town is matched before any number is read, so a town's own numerals (三国ヶ丘,
//! 四谷, 十日町, 八丁堀, 一番町, 北二十四条西) stay its name; the display keeps them as written.
//! Never: reading a hyphen look-alike that is not between numbers as a hyphen.
//!
//! Here the parse (city and town against the gazetteer); `blocks` reads the block numbers
//! and the rest after the town; `compare` says whether two addresses are one place; the
//! table-driven tests are in `tests.rs`.

mod blocks;
mod compare;
#[cfg(test)]
mod tests;

use std::borrow::Cow;

use super::gazetteer::{gazetteer, place_key, Gazetteer, Town};
pub use super::numeral::is_hyphen_like;
use super::numeral::is_numeral;
use super::width::{fold_width, is_variation_selector};
use blocks::{normalize_rest, read_tail, Marker, Tail};
pub use compare::{differences, rests_agree, same_place, written_on_one_side};

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
    /// The prefecture, as written or inferred from the city.
    pub prefecture: Option<&'static str>,
    /// The prefecture was not written but follows from the city.
    pub prefecture_inferred: bool,
    /// The city as the gazetteer names it (東牟婁郡串本町, 堺市北区); empty when unknown.
    pub city: &'static str,
    /// The town (大字・町域): as the gazetteer names it when known, else as written; 大字/字
    /// dropped.
    pub town: Cow<'static, str>,
    /// Text around the town that the gazetteer does not name — 京都's street directions
    /// before it (下立売通御前通西入), a 小字 after it (字家六): shown as written.
    pub subarea: String,
    /// The 小字 after a known town, folded; compared only when both addresses name one
    /// (it is often left out).
    pub koaza: String,
    pub chome: Option<u32>,
    /// 番 or 番地.
    pub ban: Option<u32>,
    pub go: Option<u32>,
    /// Every block number in order (丁目, 番(地), 号, and any further 枝番 or room number).
    pub blocks: Vec<u32>,
    /// Building, room and anything after the block numbers; spaces, hyphens, 号室 removed.
    pub rest: String,
    /// City and town folded for comparison (ヶ/ケ/が, の/ノ, variants, numbers by value);
    /// when the city is unknown, everything written before the block numbers.
    pub locality: String,
}

impl Address {
    /// City, town and blocks as one text: "千代田区紀尾井町1-3".
    pub fn key(&self) -> String {
        let mut key = format!("{}{}", self.city, self.town);
        for (i, block) in self.blocks.iter().enumerate() {
            if i > 0 {
                key.push('-');
            }
            key.push_str(&block.to_string());
        }
        key
    }

    /// The address as compared, for a person to read: prefecture, city and town as the
    /// gazetteer names them, then what lies around the town, the block numbers joined by
    /// hyphens and the building ("東京都千代田区紀尾井町1-3 ○○ハイツ101"). Where the city is
    /// unknown, the text as written (width-folded).
    pub fn normalised(&self) -> String {
        if self.city.is_empty() {
            return self.display.clone();
        }
        let mut text = format!(
            "{}{}{}{}",
            self.prefecture.unwrap_or_default(),
            self.city,
            self.town,
            self.subarea
        );
        for (i, block) in self.blocks.iter().enumerate() {
            if i > 0 {
                text.push('-');
            }
            text.push_str(&block.to_string());
        }
        if !self.rest.is_empty() {
            text.push(' ');
            text.push_str(&self.rest);
        }
        text
    }
}

/// Parses an address: prefecture, city, then the longest town the gazetteer knows in that
/// city (its own numerals and 線/号/条/番/通 included), and only then the block numbers —
/// digits of any width or kanji numerals, with 丁目/番(地)/号, の, hyphen look-alikes or
/// nothing between them — and, after them, the building and room with or without a space.
pub fn parse_address(input: &str) -> Address {
    // Variation selectors go before spaces are collapsed (a selector between two spaces
    // would leave them apart).
    let mut folded = fold_width(input);
    if folded.contains(is_variation_selector) {
        folded.retain(|c| !is_variation_selector(c));
    }
    let display = collapse_spaces(folded);
    // Spaces between prefecture, city and town (京都市 下京区, 藤橋町 亥) are notation; from
    // the first digit on, a space may end the block numbers.
    let first_digit = display
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(display.len());
    let joined;
    let text = if display[..first_digit].contains(' ') {
        joined = format!(
            "{}{}",
            display[..first_digit].replace(' ', ""),
            &display[first_digit..]
        );
        joined.as_str()
    } else {
        display.as_str()
    };
    let (written_prefecture, after_prefecture) = split_prefecture(without_postal_code(text));
    let mut address = Address {
        prefecture: written_prefecture,
        ..Address::default()
    };
    let g = gazetteer();
    let after_prefecture = skip_spaces(after_prefecture);
    let Some((city, after_city)) = find_city(g, after_prefecture, written_prefecture) else {
        // Not in the gazetteer: the town is what is written before the block numbers.
        let tail = read_tail(after_prefecture, false);
        address.town = strip_oaza(tail.before.trim()).to_owned().into();
        address.locality = place_key(&tail.before.replace(' ', ""));
        set_blocks(&mut address, &tail, None);
        address.display = display;
        return address;
    };
    let city_entry = &g.cities[city.index];
    address.city = city_entry.name;
    if address.prefecture.is_none() && !city.ambiguous {
        address.prefecture = Some(prefecture_named(city_entry.prefecture));
        address.prefecture_inferred = true;
    }

    let town_text = town_text(after_city);
    let mut found = city.town;
    let with_jo;
    // 札幌's 条 is often left out (北16西2-1-1, 東茨戸1-2-3): in a city whose towns are
    // numbered by 条, a longer town read with it wins.
    if city_entry.has_jo {
        with_jo = jo_written_out(town_text);
        let longer = |candidate: &Option<TownFound>, than: &Option<TownFound>| {
            candidate.as_ref().map_or(0, |t| t.town.name.len())
                > than.as_ref().map_or(0, |t| t.town.name.len())
        };
        let jo_found = find_town(g, city.index, &with_jo);
        if longer(&jo_found, &found) {
            found = jo_found;
        }
    }
    match found {
        Some(found) => {
            let tail = read_tail(found.tail, true);
            let koaza = strip_oaza(tail.before.trim().trim_end_matches('第').trim_end());
            address.town = found.town.name.into();
            address.koaza = place_key(&koaza.replace(' ', ""));
            address.subarea = match (found.street.is_empty(), koaza.is_empty()) {
                (true, _) => koaza.to_owned(),
                (false, true) => found.street.to_owned(),
                (false, false) => format!("{} {koaza}", found.street),
            };
            set_blocks(&mut address, &tail, Some(found.town));
            address.locality = format!("{}{}", city_entry.key, found.town.key);
        }
        None => {
            let tail = read_tail(town_text, false);
            address.town = tail.before.trim().replace(' ', "").into();
            set_blocks(&mut address, &tail, None);
            address.locality = format!("{}{}", city_entry.key, place_key(&address.town));
        }
    }
    address.display = display;
    address
}

/// 丁目/番/号 from the block numbers. The first is the 丁目 when it is marked so (一丁目, 4丁),
/// or, unmarked (1-2-3, 小石川1), when the town is divided into 丁目 and has one so
/// numbered, or, in a town the gazetteer does not know, when three numbers are written.
fn set_blocks(address: &mut Address, tail: &Tail, town: Option<Town>) {
    let divided = town.is_some_and(|t| t.divided);
    let highest = town.map_or(0, |t| u32::from(t.highest_chome));
    let blocks = &tail.blocks;
    let chome_first = match tail.first_marker {
        Marker::Chome => true,
        Marker::Ban | Marker::Go | Marker::Chiwari => false,
        Marker::Other => {
            let fits = blocks
                .first()
                .is_some_and(|&first| highest == 0 || first <= highest);
            (divided && fits) || (town.is_none() && blocks.len() >= 3)
        }
    };
    let mut numbers = blocks.iter().copied();
    if chome_first {
        address.chome = numbers.next();
    }
    address.ban = numbers.next();
    address.go = numbers.next();
    address.blocks = blocks.clone();
    address.rest = normalize_rest(tail.rest);
}

/// The prefecture constant for a name from the gazetteer.
fn prefecture_named(name: &str) -> &'static str {
    PREFECTURES
        .iter()
        .find(|p| **p == name)
        .copied()
        .unwrap_or("")
}

/// The text after a postal code written before the address (〒102-0094 東京都…).
fn without_postal_code(text: &str) -> &str {
    let after_mark = skip_spaces(text.strip_prefix('〒').unwrap_or(text));
    let digits = |t: &str| t.len() >= 3 && t.bytes().all(|b| b.is_ascii_digit());
    let code_end = after_mark
        .find(|c: char| !c.is_ascii_digit() && !is_hyphen_like(c))
        .unwrap_or(after_mark.len());
    let code = &after_mark[..code_end];
    let is_code = code.split(is_hyphen_like).all(digits)
        && code.chars().filter(|c| c.is_ascii_digit()).count() == 7;
    if is_code {
        skip_spaces(&after_mark[code_end..])
    } else {
        text
    }
}

/// Drops 大字, 小字 or 字 before a place name.
fn strip_oaza(text: &str) -> &str {
    text.strip_prefix("大字")
        .or_else(|| text.strip_prefix("小字"))
        .or_else(|| text.strip_prefix('字'))
        .unwrap_or(text)
}

pub(super) fn skip_spaces(text: &str) -> &str {
    text.trim_start_matches(' ')
}

/// The first number of `text` read as a 条 where the 条 was left out: "北16西2" → "北16条西2",
/// "東茨戸1-2" → "東茨戸1条2". Text without such a number is returned as it is.
fn jo_written_out(text: &str) -> String {
    let Some(start) = text.find(|c: char| c.is_ascii_digit()) else {
        return text.to_owned();
    };
    let end = text[start..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(text.len(), |i| start + i);
    let after = &text[end..];
    if after.starts_with(['西', '東', '北', '南']) {
        format!("{}条{after}", &text[..end])
    } else if let Some(rest) = after.strip_prefix(is_hyphen_like) {
        format!("{}条{rest}", &text[..end])
    } else {
        text.to_owned()
    }
}

struct CityMatch<'t> {
    index: usize,
    /// Several prefectures have a city of this name and nothing told them apart.
    ambiguous: bool,
    /// The town found after it (see [`find_town`]), if any.
    town: Option<TownFound<'t>>,
}

/// Where a town starts after a city: spaces and 大字/字 skipped.
fn town_text(after_city: &str) -> &str {
    strip_oaza(skip_spaces(after_city))
}

/// The city the text starts with, and the text after it. Where several cities fit (府中市,
/// 中央区), the one in which the longest town follows wins. A prefecture written without
/// 都/府/県 (千葉市川市) is tried when no city starts the text, and then a town the gazetteer
/// knows in one city only (紀尾井町 → 千代田区). The town after the city is found once, here.
fn find_city<'t>(
    g: &Gazetteer,
    text: &'t str,
    prefecture: Option<&str>,
) -> Option<(CityMatch<'t>, &'t str)> {
    let mut candidates = g.cities_at(text, prefecture);
    let mut base = text;
    if candidates.is_empty() && prefecture.is_none() {
        for name in PREFECTURES {
            let short = name.trim_end_matches(['都', '府', '県']);
            if let Some(after) = text.strip_prefix(short) {
                let found = g.cities_at(after, Some(name));
                if !found.is_empty() {
                    candidates = found;
                    base = after;
                    break;
                }
            }
        }
    }
    if candidates.is_empty() {
        let (cities, _) = g.cities_by_town(strip_oaza(text))?;
        let in_prefecture: Vec<usize> = cities
            .iter()
            .copied()
            .filter(|&c| prefecture.is_none_or(|p| p == g.cities[c].prefecture))
            .collect();
        return match in_prefecture.as_slice() {
            [only] => Some((
                CityMatch {
                    index: *only,
                    ambiguous: false,
                    town: find_town(g, *only, town_text(text)),
                },
                text,
            )),
            _ => None,
        };
    }
    let &(first, first_end) = candidates.first()?;
    if candidates.len() == 1 {
        let after = &base[first_end..];
        return Some((
            CityMatch {
                index: first,
                ambiguous: false,
                town: find_town(g, first, town_text(after)),
            },
            after,
        ));
    }
    // Each candidate scored by the town that follows it: one that ends the place name,
    // then the longest; the city's own name breaks no tie (北区 of 東京 and of 京都).
    let mut scored: Vec<(u8, usize, CityMatch)> = candidates
        .iter()
        .map(|&(index, end)| {
            let after = town_text(&base[end..]);
            let town = find_town(g, index, after);
            let (ends, length) = match &town {
                Some(found) => (
                    1 + u8::from(found.street.is_empty() && ends_place(found.tail)),
                    after.len() - found.tail.len(),
                ),
                None => (0, 0),
            };
            let city = CityMatch {
                index,
                ambiguous: false,
                town,
            };
            (ends, length, city)
        })
        .collect();
    let best = scored.iter().map(|s| (s.0, s.1)).max().unwrap_or((0, 0));
    let chosen = scored.iter().position(|s| (s.0, s.1) == best)?;
    let index = scored[chosen].2.index;
    let end = candidates[chosen].1;
    let prefectures_differ = scored.iter().any(|s| {
        (s.0, s.1) == best && g.cities[s.2.index].prefecture != g.cities[index].prefecture
    });
    let mut city = scored.swap_remove(chosen).2;
    city.ambiguous = prefectures_differ;
    Some((city, &base[end..]))
}

/// A town found in the text after a city.
struct TownFound<'t> {
    /// Street directions before the town (京都), if any.
    street: &'t str,
    town: Town,
    tail: &'t str,
}

/// 京都's way of naming a place by the streets around it: 〇〇通, 上る/下る, 西入/東入, 筋目.
fn is_street_description(text: &str) -> bool {
    // Every marker holds one of these: most text is ruled out in one pass.
    if !text.contains(['通', '上', '下', '入', '筋']) {
        return false;
    }
    [
        "通", "上る", "下る", "上ル", "下ル", "入る", "入ル", "西入", "東入", "筋",
    ]
    .iter()
    .any(|marker| text.contains(marker))
}

/// True when nothing more of a place name follows: the end, a number, a space, a hyphen.
fn ends_place(after: &str) -> bool {
    after.is_empty() || after.starts_with(|c: char| is_numeral(c) || c == ' ' || is_hyphen_like(c))
}

/// The town of a city in `text`: where it starts the text and ends the place name; else
/// after street directions (京都's 〇〇通〇〇入る); else where it starts the text, a 小字
/// following.
fn find_town<'t>(g: &Gazetteer, city: usize, text: &'t str) -> Option<TownFound<'t>> {
    let at_start = g
        .town_at(city, text, ends_place)
        .map(|(town, end)| TownFound {
            street: "",
            town,
            tail: &text[end..],
        });
    if at_start.as_ref().is_some_and(|f| ends_place(f.tail)) || !is_street_description(text) {
        return at_start;
    }
    let after_street = text
        .char_indices()
        .skip(1)
        .filter(|&(start, _)| is_street_description(&text[..start]))
        .find_map(|(start, _)| {
            let (town, end) = g.town_at(city, &text[start..], ends_place)?;
            let tail = &text[start + end..];
            ends_place(tail).then_some(TownFound {
                street: &text[..start],
                town,
                tail,
            })
        });
    after_street.or(at_start)
}

fn collapse_spaces(text: String) -> String {
    let single_spaces_only = !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
        && !text.contains(|c: char| c.is_whitespace() && c != ' ');
    if single_spaces_only {
        return text;
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn split_prefecture(text: &str) -> (Option<&'static str>, &str) {
    let text = skip_spaces(text);
    // Every prefecture is three or four kanji ending in 都, 道, 府 or 県 (3 bytes each).
    for end in [9, 12] {
        let ends_prefecture = text
            .get(end - 3..end)
            .is_some_and(|last| matches!(last, "都" | "道" | "府" | "県"));
        if ends_prefecture {
            if let Some(&prefecture) = PREFECTURES.iter().find(|p| **p == &text[..end]) {
                return (Some(prefecture), &text[end..]);
            }
        }
    }
    (None, text)
}
