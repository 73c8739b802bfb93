//! 住所: split an address into prefecture, city, town, 丁目/番/号 and the rest, and say how
//! two addresses differ.
//!
//! In: a free-text address (1丁目2番3号, 一丁目2番地3, １－２－３, with or without the
//! prefecture, city's 郡 or ward, 大字/字, building and room). Out: [`Address`] — the
//! prefecture (written or inferred from the city), the city and town as the gazetteer names
//! them (or as written when it does not know them), a 小字 or street description kept apart,
//! the block numbers, the rest (building, room, 方書), and the folded locality the comparison
//! uses; [`differences`] lists the parts two addresses differ in. Never: turning kanji
//! numerals inside place names into digits (三国ヶ丘, 四谷, 十日町, 八丁堀, 一番町 stay as they
//! are), or hyphen look-alikes that are not between digits.

use super::gazetteer::{gazetteer, place_key, Gazetteer};
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
    /// The prefecture, as written or inferred from the city.
    pub prefecture: Option<&'static str>,
    /// The prefecture was not written but follows from the city.
    pub prefecture_inferred: bool,
    /// The city as the gazetteer names it (東牟婁郡串本町, 堺市北区); empty when unknown.
    pub city: String,
    /// The town (大字・町域): as the gazetteer names it when known, else as written; 大字/字
    /// dropped.
    pub town: String,
    /// Text around the town that the gazetteer does not name — 京都's street directions
    /// before it (下立売通御前通西入), a 小字 after it (字家六): kept for display, not compared.
    pub subarea: String,
    pub chome: Option<u32>,
    /// 番 or 番地.
    pub ban: Option<u32>,
    pub go: Option<u32>,
    /// Every block number in order (丁目, 番(地), 号, and any further 枝番).
    pub blocks: Vec<u32>,
    /// Building, room and anything after the block numbers; spaces removed, 号室 dropped.
    pub rest: String,
    /// City and town folded for comparison (ヶ/ケ/が, の/ノ); when the city is unknown,
    /// everything written before the block numbers.
    pub locality: String,
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

/// The parts in which two addresses differ, for a clerk: "番: 12 / 21".
pub fn differences(a: &Address, b: &Address) -> Vec<String> {
    let number = |n: Option<u32>| n.map_or("なし".to_owned(), |n| n.to_string());
    let text = |t: &str| {
        if t.is_empty() {
            "なし".to_owned()
        } else {
            t.to_owned()
        }
    };
    let mut parts = Vec::new();
    if let (Some(x), Some(y)) = (a.prefecture, b.prefecture) {
        if x != y {
            parts.push(format!("都道府県: {x} / {y}"));
        }
    }
    if a.city != b.city {
        parts.push(format!("市区町村: {} / {}", text(&a.city), text(&b.city)));
    }
    if place_key(&a.town) != place_key(&b.town) {
        parts.push(format!("町域: {} / {}", text(&a.town), text(&b.town)));
    }
    for (label, x, y) in [
        ("丁目", a.chome, b.chome),
        ("番", a.ban, b.ban),
        ("号", a.go, b.go),
    ] {
        if x != y {
            parts.push(format!("{label}: {} / {}", number(x), number(y)));
        }
    }
    let branches = |x: &Address| x.blocks.get(3..).unwrap_or(&[]).to_vec();
    if branches(a) != branches(b) {
        parts.push(format!("枝番: {:?} / {:?}", branches(a), branches(b)));
    }
    if !a.rest.is_empty() && !b.rest.is_empty() && a.rest != b.rest {
        parts.push(format!("建物・部屋: {} / {}", a.rest, b.rest));
    }
    parts
}

/// Parses an address.
pub fn parse_address(input: &str) -> Address {
    let folded = fold_width(input);
    let display = collapse_spaces(&folded);
    let numbered = hyphens_between_digits(&block_numerals_to_digits(&display));
    // Spaces between prefecture, city and town are notation; after the block numbers a
    // space separates the building.
    let first_digit = numbered
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(numbered.len());
    let text = if numbered[..first_digit].contains(' ') {
        format!(
            "{}{}",
            numbered[..first_digit].replace(' ', ""),
            &numbered[first_digit..]
        )
    } else {
        numbered
    };

    let (written_prefecture, after_prefecture) = split_prefecture(&text);
    let mut address = Address {
        display,
        prefecture: written_prefecture,
        ..Address::default()
    };
    let g = gazetteer();
    let Some((city, after_city)) = find_city(g, after_prefecture, written_prefecture) else {
        // Not in the gazetteer: split on the block numbers alone.
        let (locality, blocks, rest) = split_blocks(after_prefecture);
        address.town = strip_oaza(locality).to_owned();
        address.locality = place_key(locality);
        set_blocks(&mut address, blocks, rest, false);
        return address;
    };
    let city_entry = &g.cities[city.index];
    address.city = city_entry.name.to_owned();
    if address.prefecture.is_none() && !city.ambiguous {
        address.prefecture = Some(prefecture_named(city_entry.prefecture));
        address.prefecture_inferred = true;
    }

    // Town names write their numbers in kanji (北二十四条西, 十四号): match them so.
    let mut spelled = numbers_in_town_names_as_kanji(strip_oaza(after_city));
    let mut found = find_town(g, city.index, &spelled);
    // 札幌's 条 is often left out (北16西2-1-1, 東茨戸1-2-3): in a city whose towns are
    // numbered by 条, a longer town read with it wins.
    if g.cities[city.index].has_jo {
        let with_jo = numbers_in_town_names_as_kanji(&jo_written_out(strip_oaza(after_city)));
        let longer = |candidate: &Option<TownFound>, than: &Option<TownFound>| {
            candidate.as_ref().map_or(0, |t| t.town.len())
                > than.as_ref().map_or(0, |t| t.town.len())
        };
        if longer(&find_town(g, city.index, &with_jo), &found) {
            spelled = with_jo;
            found = find_town(g, city.index, &spelled);
        }
    }
    let after_oaza = spelled.as_str();
    let (town, tail, divided) = match found {
        Some(found) => {
            address.subarea = found.street.to_owned();
            (found.town.to_owned(), found.tail, found.divided)
        }
        None => {
            let (written, _, _) = split_blocks(after_oaza);
            (written.to_owned(), &after_oaza[written.len()..], false)
        }
    };
    // After a town the gazetteer knows, numerals are block numbers (串本千二百三十四).
    let tail = numerals_to_digits_at_start(tail.trim_start_matches(['-', ' ']));
    let (subarea, blocks, rest) = if tail.starts_with(|c: char| c.is_ascii_digit()) {
        let (blocks, rest) = read_block_chain(&tail);
        ("", blocks, rest)
    } else {
        split_blocks(&tail)
    };
    if !subarea.is_empty() {
        // 小字 (字○○) after the 大字: shown, not compared.
        let subarea = strip_oaza(subarea.trim());
        address.subarea = if address.subarea.is_empty() {
            subarea.to_owned()
        } else {
            format!("{} {subarea}", address.subarea)
        };
    }
    address.town = town;
    address.locality = place_key(&format!("{}{}", address.city, address.town));
    let after_first = tail.trim_start_matches(|c: char| c.is_ascii_digit());
    let chome_first = after_first.starts_with('丁')
        || (!after_first.starts_with(['番', '号', '地']) && (divided || blocks.len() >= 3));
    set_blocks(&mut address, blocks, rest, chome_first);
    address
}

/// Digits that are part of a town's name — before 条, 線, 軒, 番町, の町, or 号 followed by
/// a direction (十四号北) — written in kanji as the gazetteer has them (北24条西 → 北二十四条西).
fn numbers_in_town_names_as_kanji(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..start]);
        let digits_end = rest[start..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(rest.len(), |i| start + i);
        let digits = &rest[start..digits_end];
        let after = &rest[digits_end..];
        let in_name = after.starts_with(['条', '線', '軒'])
            || after.starts_with("番町")
            || after.starts_with("番丁")
            || after.starts_with("の町")
            || after.starts_with("ノ町")
            || (after.starts_with('号') && after[3..].starts_with(['北', '南', '東', '西']));
        match digits.parse::<u32>().ok().filter(|_| in_name) {
            Some(value) => out.push_str(&kanji_numeral(value)),
            None => out.push_str(digits),
        }
        rest = after;
    }
    out.push_str(rest);
    out
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
    } else if let Some(rest) = after.strip_prefix('-') {
        format!("{}条{rest}", &text[..end])
    } else {
        text.to_owned()
    }
}

/// A number as kanji with 十/百/千 (24 → 二十四); up to 9999.
fn kanji_numeral(value: u32) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if value == 0 || value > 9999 {
        return value.to_string();
    }
    let mut out = String::new();
    for (unit, name) in [(1000, "千"), (100, "百"), (10, "十")] {
        let digit = value / unit % 10;
        if digit > 1 {
            out.push_str(DIGITS[digit as usize]);
        }
        if digit > 0 {
            out.push_str(name);
        }
    }
    if !value.is_multiple_of(10) {
        out.push_str(DIGITS[(value % 10) as usize]);
    }
    out
}

/// Kanji numerals (一, 十, 千, 壱 …) at the start of `text` as digits.
fn numerals_to_digits_at_start(text: &str) -> String {
    let end = text
        .char_indices()
        .find(|&(_, c)| !is_kanji_numeral(c))
        .map_or(text.len(), |(i, _)| i);
    match kanji_numeral_value(&text[..end]) {
        Some(value) if end > 0 => format!("{value}{}", &text[end..]),
        _ => text.to_owned(),
    }
}

/// 丁目/番/号 from the block numbers; `chome_first` says the first is the 丁目.
fn set_blocks(address: &mut Address, blocks: Vec<u32>, rest: &str, chome_first: bool) {
    let mut numbers = blocks.iter().copied();
    if chome_first {
        address.chome = numbers.next();
    }
    address.ban = numbers.next();
    address.go = numbers.next();
    address.blocks = blocks;
    address.rest = normalize_rest(rest);
}

/// The prefecture constant for a name from the gazetteer.
fn prefecture_named(name: &str) -> &'static str {
    PREFECTURES
        .iter()
        .find(|p| **p == name)
        .copied()
        .unwrap_or("")
}

/// Drops 大字 or 字 before a town name.
fn strip_oaza(text: &str) -> &str {
    text.strip_prefix("大字")
        .or_else(|| text.strip_prefix('字'))
        .unwrap_or(text)
}

struct CityMatch {
    index: usize,
    /// Several prefectures have a city of this name and nothing told them apart.
    ambiguous: bool,
}

/// The city the text starts with, and the text after it. Where several cities fit (府中市,
/// 北区), the one with a town that follows wins. A prefecture written without 都/府/県
/// (千葉市川市) is tried when no city starts the text, and then a town the gazetteer knows
/// in one city only (紀尾井町 → 千代田区).
fn find_city<'t>(
    g: &Gazetteer,
    text: &'t str,
    prefecture: Option<&str>,
) -> Option<(CityMatch, &'t str)> {
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
                },
                text,
            )),
            _ => None,
        };
    }
    let &(first, first_end) = candidates.first()?;
    if candidates.len() == 1 {
        return Some((
            CityMatch {
                index: first,
                ambiguous: false,
            },
            &base[first_end..],
        ));
    }
    let town_follows = |&&(index, end): &&(usize, usize)| {
        find_town(g, index, strip_oaza(&base[end..])).is_some_and(|t| t.street.is_empty())
    };
    let town_somewhere =
        |&&(index, end): &&(usize, usize)| find_town(g, index, strip_oaza(&base[end..])).is_some();
    let chosen = candidates
        .iter()
        .find(town_follows)
        .or_else(|| candidates.iter().find(town_somewhere));
    let (index, end, decided) = match chosen {
        Some(&(index, end)) => (index, end, true),
        None => (first, first_end, false),
    };
    let prefectures_differ = candidates
        .iter()
        .any(|&(i, _)| g.cities[i].prefecture != g.cities[index].prefecture);
    Some((
        CityMatch {
            index,
            ambiguous: prefectures_differ && !decided,
        },
        &base[end..],
    ))
}

/// A town found in the text after a city.
struct TownFound<'t> {
    /// Street directions before the town (京都), if any.
    street: &'t str,
    town: &'static str,
    tail: &'t str,
    /// The town is divided into 丁目.
    divided: bool,
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
    after.is_empty()
        || after.starts_with(|c: char| {
            c.is_ascii_digit() || c == ' ' || c == '-' || is_kanji_numeral(c)
        })
}

/// The town of a city in `text`: where it starts the text and ends the place name; else
/// after street directions (京都's 〇〇通〇〇入る); else where it starts the text, a 小字
/// following.
fn find_town<'t>(g: &Gazetteer, city: usize, text: &'t str) -> Option<TownFound<'t>> {
    let at_start = g.town_at(city, text).map(|(town, end, divided)| TownFound {
        street: "",
        town,
        tail: &text[end..],
        divided,
    });
    if let Some(found) = at_start.as_ref().filter(|f| ends_place(f.tail)) {
        return Some(TownFound { ..*found });
    }
    if !is_street_description(text) {
        return at_start;
    }
    let after_street = text
        .char_indices()
        .skip(1)
        .filter(|&(start, _)| is_street_description(&text[..start]))
        .find_map(|(start, _)| {
            let (town, end, divided) = g.town_at(city, &text[start..])?;
            let tail = &text[start + end..];
            ends_place(tail).then_some(TownFound {
                street: &text[..start],
                town,
                tail,
                divided,
            })
        });
    after_street.or(at_start)
}

fn collapse_spaces(text: &str) -> String {
    if !text.contains(char::is_whitespace) {
        return text.to_owned();
    }
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
    matches!(
        c,
        '〇' | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '零'
            | '壱'
            | '弐'
            | '参'
            | '拾'
    )
}

/// A digit, ASCII or kanji (〇/零 = 0).
fn digit_value(c: char) -> Option<u32> {
    match c {
        '零' => Some(0),
        _ => c
            .to_digit(10)
            .or_else(|| KANJI_DIGITS.chars().position(|d| d == c).map(|d| d as u32)),
    }
}

/// The old forms used in legal documents (壱, 弐, 参, 拾) as the common ones, full-width
/// digits as ASCII.
fn common_numeral(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '壱' => '一',
        '弐' => '二',
        '参' => '三',
        '拾' => '十',
        _ => c,
    }
}

/// The value of a kanji numeral: positional (一〇 = 10) or with 十/百/千 (二十三 = 23).
pub fn kanji_numeral_value(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    let common: String = text.chars().map(common_numeral).collect();
    let text = common.as_str();
    if !text.contains(['十', '百', '千']) {
        let mut value: u32 = 0;
        for c in text.chars() {
            let digit = digit_value(c)?;
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
                let digit = digit_value(c)?;
                // Digits after a unit may also be positional: 千二三四 = 1234.
                pending = Some(pending.unwrap_or(0).checked_mul(10)?.checked_add(digit)?);
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
        // 一番町, 二番町, 七番丁 are place names, not block numbers.
        Some('番') => !matches!(chars.next(), Some('町' | '丁')),
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
    if !text.contains(is_kanji_numeral) {
        return text.to_owned();
    }
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
    if !text.contains(|c: char| c != '-' && is_hyphen_like(c)) {
        return text.to_owned();
    }
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
            assert_eq!(
                (address.town.as_str(), address.chome),
                (town, chome),
                "{input}"
            );
        }
        // Elsewhere a number after the town stays a block number.
        let address = parse_address("東京都千代田区紀尾井町1-3");
        assert_eq!((address.town.as_str(), address.ban), ("紀尾井町", Some(1)));
    }

    #[test]
    fn parts() {
        let address = parse_address("大阪府堺市北区新金岡町4丁1−8 ABCマンション 101号室");
        assert_eq!(address.prefecture, Some("大阪府"));
        assert_eq!(address.locality, "堺市北区新金岡町");
        assert_eq!(address.blocks, vec![4, 1, 8]);
        assert_eq!(address.rest, "ABCマンション101");

        let address = parse_address("北海道札幌市中央区北3条西4丁目1-1");
        assert_eq!(address.locality, "札幌市中央区北三条西");
        assert_eq!(address.blocks, vec![4, 1, 1]);
    }

    #[test]
    fn numerals_in_place_names_stay() {
        let cases = [
            (
                "大阪府堺市北区三国ヶ丘御幸通1-2",
                "堺市北区三国ケ丘御幸通1-2",
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
    }

    #[test]
    fn hyphen_look_alikes_only_between_digits() {
        let address = parse_address("東京都港区芝公園 タワーー1");
        assert!(address.display.contains("タワーー1"));
        assert_eq!(hyphens_between_digits("1ー2"), "1-2");
        assert_eq!(hyphens_between_digits("ラーメン"), "ラーメン");
    }

    #[test]
    fn numbers_in_town_names() {
        let cases = [
            ("北24条西6丁目", "北二十四条西6丁目"),
            ("第46線北10番地", "第四十六線北10番地"),
            ("上大川前通11番町1881", "上大川前通十一番町1881"),
            ("14号北1番地", "十四号北1番地"),
            ("紀尾井町1-3", "紀尾井町1-3"),
            ("101号室", "101号室"),
            ("1号", "1号"),
        ];
        for (input, expected) in cases {
            assert_eq!(numbers_in_town_names_as_kanji(input), expected, "{input:?}");
        }
        for (value, kanji) in [
            (1, "一"),
            (10, "十"),
            (16, "十六"),
            (24, "二十四"),
            (100, "百"),
            (1234, "千二百三十四"),
        ] {
            assert_eq!(kanji_numeral(value), kanji);
            assert_eq!(kanji_numeral_value(kanji), Some(value));
        }
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
            ("千二三四", Some(1234)),
            ("壱", Some(1)),
            ("", None),
        ];
        for (input, expected) in cases {
            assert_eq!(kanji_numeral_value(input), expected, "{input:?}");
        }
    }
}
