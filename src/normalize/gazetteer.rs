//! The gazetteer: Japan's prefectures, cities (with 郡, and wards of designated cities) and
//! towns (大字・町丁目), from Japan Post's postal-code data and the Geolonia town list
//! (`data/gazetteer.tsv`, built by `scripts/gen-gazetteer.py`; embedded, so the program runs
//! offline).
//!
//! In: the text of an address after its prefecture. Out: the cities it can start with
//! (longest name first; a city may be written without its 郡 or, for a ward, without its
//! city), the longest town a city's part of the text starts with, and whether that town is
//! divided into 丁目 (and up to which). Names are compared through [`place_key`], which folds
//! the spellings place names are written in interchangeably (ヶ/ケ/が, の/ノ/之, kanji variants
//! such as 檜/桧) and reads the numbers inside them by value (北二十四条西 = 北24条西), so a
//! town's own numerals are matched as part of it before any number is read as a block.

use super::numeral::{is_hyphen_like, is_numeral, numeral_value};
use super::variants::fold_variant;

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../data/gazetteer.tsv");

/// One town (大字・町域) of a city.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Town {
    /// As the sources write it, without 大字/字: 紀尾井町, 上然別北十一線, 霞が関.
    pub name: &'static str,
    /// Divided into 丁目 (小石川一丁目 … 小石川五丁目).
    pub divided: bool,
    /// The highest 丁目 the town list names; 0 when unknown.
    pub highest_chome: u8,
    /// The name folded by [`place_key`].
    pub key: &'static str,
}

/// One city (市区町村; for designated cities, one ward).
pub struct City {
    pub prefecture: &'static str,
    /// As Japan Post writes it: 東牟婁郡串本町, 堺市北区, 千代田区.
    pub name: &'static str,
    /// The name folded by [`place_key`].
    pub key: &'static str,
    /// Its towns, in the table's order.
    pub towns: Vec<Town>,
    /// Folded town name → index in `towns`.
    town_keys: Map<u32>,
    /// Some town is numbered by 条 (札幌市の北十六条西): the 条 may be left out.
    pub has_jo: bool,
}

/// All cities, and the names they may be written as.
pub struct Gazetteer {
    pub cities: Vec<City>,
    /// Folded surface name → cities so named.
    surfaces: Map<Vec<usize>>,
    /// Folded town name → cities that have a town so named, for addresses written without
    /// their city (紀尾井町1-3).
    town_cities: Map<Vec<usize>>,
}

/// Folded name → value, hashed fast (lookups are most of an address's parse), with the
/// name lengths and last characters it holds so that only prefixes that may be a name are
/// probed (a city's name ends in 市, 区, 町 or 村: a prefix ending elsewhere is none).
struct Map<V> {
    entries: HashMap<&'static str, V, foldhash::fast::FixedState>,
    /// Bit n set: some name is n characters long (n < 64; longer names are not probed).
    lengths: u64,
    /// Bit `last_char_bit(c)` set: some name ends in `c` (or a character sharing its bit).
    last_chars: [u64; LAST_CHAR_WORDS],
}

/// Words of [`Map::last_chars`]: 4,096 bits.
const LAST_CHAR_WORDS: usize = 64;

/// Where a name's last character is marked in [`Map::last_chars`]: (word, bit).
fn last_char_bit(c: char) -> (usize, u64) {
    let bit = c as usize % (LAST_CHAR_WORDS * 64);
    (bit / 64, 1 << (bit % 64))
}

impl<V> Default for Map<V> {
    fn default() -> Self {
        Map {
            entries: HashMap::default(),
            lengths: 0,
            last_chars: [0; LAST_CHAR_WORDS],
        }
    }
}

impl<V> Map<V> {
    fn entry(
        &mut self,
        key: &'static str,
    ) -> std::collections::hash_map::Entry<'_, &'static str, V> {
        let length = key.chars().count();
        if length < 64 {
            self.lengths |= 1 << length;
        }
        if let Some(last) = key.chars().next_back() {
            let (word, bit) = last_char_bit(last);
            self.last_chars[word] |= bit;
        }
        self.entries.entry(key)
    }

    /// The name folded as `key` (of `chars` characters) if the map may hold it.
    fn probe(&self, key: &str, chars: usize) -> Option<&V> {
        if chars >= 64 || self.lengths & (1 << chars) == 0 {
            return None;
        }
        let (word, bit) = last_char_bit(key.chars().next_back()?);
        if self.last_chars[word] & bit == 0 {
            return None;
        }
        self.entries.get(key)
    }

    /// The length of the longest name, in characters.
    fn longest(&self) -> usize {
        (64 - self.lengths.leading_zeros() as usize).saturating_sub(1)
    }
}

/// Folds one character of a place name: ヶ/ケ/が → ケ, の/ノ/之 → ノ, a variant kanji → its
/// standard form.
pub fn place_char(c: char) -> char {
    match c {
        'ヶ' | 'が' | 'ヵ' => 'ケ',
        'の' | '之' | '丿' => 'ノ',
        _ => fold_variant(c),
    }
}

/// A place name folded for lookup and comparison: [`place_char`] on each character, 字
/// left out, and each run of numerals (digits, or kanji) as its value in digits
/// (北二十四条西 → 北24条西).
pub fn place_key(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    fold_place(name, usize::MAX, &mut folded, |_, _, _| {}, |_, _, _| {});
    folded
}

/// Folds `text` into `folded` as [`place_key`] does, up to `limit` folded characters, and
/// calls `cut(input_end, folded_end, folded_chars)` at every place a name may end: after
/// each character, and after a whole run of numerals (never inside one). Where a run of
/// kanji numerals is followed by a block marker (下二百五十九番地: the town 下二 and 159, or
/// the town 下 and 259), `inner(input_end, key, key_chars)` is also called for each place
/// inside the run, with the key folded up to there.
fn fold_place(
    text: &str,
    limit: usize,
    folded: &mut String,
    mut cut: impl FnMut(usize, usize, usize),
    mut inner: impl FnMut(usize, String, usize),
) {
    let mut chars = 0;
    let mut rest = text;
    let mut offset = 0;
    while let Some(c) = rest.chars().next() {
        // (A 字 adds nothing to the key, so a name may still end after it.)
        if chars >= limit && c != '字' {
            break;
        }
        let taken = if c == '字' {
            // 字 inside a name marks a 小字 and is as often left out (第一地割字上村 =
            // 第一地割上村).
            c.len_utf8()
        } else if is_numeral(c) {
            // Digits and kanji numerals are separate numbers (砂子沢五 then 99番地).
            let digits = c.is_ascii_digit();
            let run = rest
                .find(|c: char| !is_numeral(c) || c.is_ascii_digit() != digits)
                .unwrap_or(rest.len());
            if !digits && starts_block_marker(&rest[run..]) {
                for (k, _) in rest[..run].char_indices().skip(1) {
                    if let Some(value) = numeral_value(&rest[..k]) {
                        let mut key = folded.clone();
                        push_number(&mut key, value);
                        let key_chars = chars + key.len() - folded.len();
                        inner(offset + k, key, key_chars);
                    }
                }
            }
            match numeral_value(&rest[..run]) {
                Some(value) => {
                    let before = folded.len();
                    push_number(folded, value);
                    chars += folded.len() - before;
                }
                None => {
                    for c in rest[..run].chars() {
                        folded.push(place_char(c));
                        chars += 1;
                    }
                }
            }
            run
        } else {
            folded.push(place_char(c));
            chars += 1;
            c.len_utf8()
        };
        offset += taken;
        rest = &rest[taken..];
        cut(offset, folded.len(), chars);
    }
}

/// A block marker starts `text`: 番(地), 号, 丁(目), の, or a hyphen look-alike.
fn starts_block_marker(text: &str) -> bool {
    text.starts_with(|c: char| matches!(c, '番' | '号' | '丁' | 'の' | 'ノ') || is_hyphen_like(c))
}

fn push_number(out: &mut String, value: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    let mut value = value;
    loop {
        at -= 1;
        digits[at] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    for &digit in &digits[at..] {
        out.push(digit as char);
    }
}

/// A place name's key, kept for the life of the program (the gazetteer is).
fn static_key(name: &str) -> &'static str {
    Box::leak(place_key(name).into_boxed_str())
}

/// The embedded gazetteer, parsed on first use.
pub fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(|| {
        let mut cities = Vec::new();
        let mut surfaces: Map<Vec<usize>> = Map::default();
        let mut town_cities: Map<Vec<usize>> = Map::default();
        for line in TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let mut fields = line.split('\t');
            let (Some(prefecture), Some(name)) = (fields.next(), fields.next()) else {
                continue;
            };
            let index = cities.len();
            let mut towns = Vec::new();
            let mut town_keys: Map<u32> = Map::default();
            for entry in fields.next().unwrap_or("").split('|') {
                let (name, divided, highest_chome) = match entry.split_once('*') {
                    Some((name, highest)) => (name, true, highest.parse().unwrap_or(0)),
                    None => (entry, false, 0),
                };
                if name.is_empty() {
                    continue;
                }
                let key = static_key(name);
                // Two spellings of one town (the sources' 檜/桧): the first is kept.
                match town_keys.entry(key) {
                    std::collections::hash_map::Entry::Occupied(_) => continue,
                    std::collections::hash_map::Entry::Vacant(slot) => {
                        slot.insert(towns.len() as u32);
                    }
                }
                let in_city = town_cities.entry(key).or_default();
                if in_city.last() != Some(&index) {
                    in_city.push(index);
                }
                towns.push(Town {
                    name,
                    divided,
                    highest_chome,
                    key,
                });
            }
            let mut names = vec![name];
            // 東牟婁郡串本町 is also written 串本町; 堺市北区 also 北区.
            if let Some(at) = name.find('郡') {
                names.push(&name[at + '郡'.len_utf8()..]);
            }
            if let Some(at) = name.find('市') {
                let ward = &name[at + '市'.len_utf8()..];
                if ward.ends_with('区') && !ward.is_empty() {
                    names.push(ward);
                }
            }
            for surface in names {
                surfaces.entry(static_key(surface)).or_default().push(index);
            }
            let has_jo = towns.iter().any(|town| town.name.contains('条'));
            cities.push(City {
                prefecture,
                name,
                key: static_key(name),
                towns,
                town_keys,
                has_jo,
            });
        }
        Gazetteer {
            cities,
            surfaces,
            town_cities,
        }
    })
}

/// The most characters a prefix probe looks at (longer names are not in the table).
const MAX_PROBE: usize = 48;

/// Entries of `map` whose key is a prefix of `text` (both folded by [`place_key`], the
/// prefix ending where a name may end), longest first, each given to `visit` with the
/// bytes of `text` it covers until `visit` says stop. Only prefixes as long as some key are
/// looked up; allocation-free but for the folded copy, which reuses a thread's buffer.
fn prefixes<'m, V>(map: &'m Map<V>, text: &str, mut visit: impl FnMut(&'m V, usize) -> bool) {
    let longest = map.longest().min(MAX_PROBE);
    thread_local! {
        static FOLDED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    // (input end, folded end, folded characters) of each place a name may end.
    let mut cuts = [(0usize, 0usize, 0usize); MAX_PROBE];
    let mut count = 0;
    // Places inside a run of kanji numerals (rare): (input end, key, key characters).
    let mut inner_cuts: Vec<(usize, String, usize)> = Vec::new();
    FOLDED.with_borrow_mut(|folded| {
        folded.clear();
        fold_place(
            text,
            longest,
            folded,
            |end, folded_end, chars| {
                if chars <= longest && count < MAX_PROBE {
                    cuts[count] = (end, folded_end, chars);
                    count += 1;
                }
            },
            |end, key, chars| {
                if chars <= longest {
                    inner_cuts.push((end, key, chars));
                }
            },
        );
        let probe = |key: &str, chars: usize| map.probe(key, chars);
        if inner_cuts.is_empty() {
            for &(end, folded_end, chars) in cuts[..count].iter().rev() {
                if let Some(value) = probe(&folded[..folded_end], chars) {
                    if !visit(value, end) {
                        return;
                    }
                }
            }
            return;
        }
        let mut all: Vec<(usize, &str, usize)> = cuts[..count]
            .iter()
            .map(|&(end, folded_end, chars)| (end, &folded[..folded_end], chars))
            .chain(
                inner_cuts
                    .iter()
                    .map(|(end, key, chars)| (*end, key.as_str(), *chars)),
            )
            .collect();
        all.sort_by_key(|&(end, _, _)| std::cmp::Reverse(end));
        for (end, key, chars) in all {
            if let Some(value) = probe(key, chars) {
                if !visit(value, end) {
                    return;
                }
            }
        }
    });
}

impl Gazetteer {
    /// Cities whose name (or short name) starts `text`, longest names first, each with the
    /// bytes of `text` it covers; only those of `prefecture` when it is known.
    pub fn cities_at(&self, text: &str, prefecture: Option<&str>) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        prefixes(&self.surfaces, text, |indices, end| {
            found.extend(
                indices
                    .iter()
                    .filter(|&&index| prefecture.is_none_or(|p| p == self.cities[index].prefecture))
                    .map(|&index| (index, end)),
            );
            true
        });
        found
    }

    /// The longest town of `city` that starts `text` and leaves a text that `fits` (the
    /// place name ends there: 内里 in 内里5丁目, not 内里五丁), else the longest, with the
    /// bytes it covers.
    pub fn town_at(
        &self,
        city: usize,
        text: &str,
        fits: impl Fn(&str) -> bool,
    ) -> Option<(Town, usize)> {
        let city = &self.cities[city];
        let mut longest = None;
        let mut fitting = None;
        prefixes(&city.town_keys, text, |&index, end| {
            let found = (city.towns[index as usize], end);
            longest.get_or_insert(found);
            if fits(&text[end..]) {
                fitting = Some(found);
                return false;
            }
            true
        });
        fitting.or(longest)
    }

    /// The cities having the longest town name that starts `text` (an address written
    /// without its city), with the bytes the town covers.
    pub fn cities_by_town(&self, text: &str) -> Option<(&[usize], usize)> {
        let mut found = None;
        prefixes(&self.town_cities, text, |cities, end| {
            found = Some((cities.as_slice(), end));
            false
        });
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(found: &[(usize, usize)]) -> Vec<&'static str> {
        found
            .iter()
            .map(|&(i, _)| gazetteer().cities[i].name)
            .collect()
    }

    #[test]
    fn finds_cities_by_full_and_short_names() {
        let g = gazetteer();
        assert!(g.cities.len() > 1_800);
        assert_eq!(names(&g.cities_at("千代田区紀尾井町1", None)), ["千代田区"]);
        assert_eq!(
            names(&g.cities_at("串本町串本1234", None)),
            ["東牟婁郡串本町"]
        );
        assert_eq!(
            names(&g.cities_at("堺市北区新金岡町", Some("大阪府"))),
            ["堺市北区"]
        );
        let wards = names(&g.cities_at("北区紫野下築山町", None));
        assert!(
            wards.contains(&"京都市北区") && wards.contains(&"北区"),
            "{wards:?}"
        );
        assert_eq!(names(&g.cities_at("府中市", Some("東京都"))), ["府中市"]);
        assert_eq!(g.cities_at("府中市", None).len(), 2);
        assert_eq!(names(&g.cities_at("袖ヶ浦市横田", None)), ["袖ケ浦市"]);
    }

    #[test]
    fn finds_towns_of_a_city() {
        let g = gazetteer();
        let (city, _) = g.cities_at("千代田区", None)[0];
        let town = |text: &str| {
            g.town_at(city, text, |_| true)
                .map(|(t, end)| (t.name, end, t.divided))
        };
        assert_eq!(
            town("紀尾井町1-3"),
            Some(("紀尾井町", "紀尾井町".len(), false))
        );
        assert_eq!(town("霞ヶ関1丁目"), Some(("霞が関", "霞ヶ関".len(), true)));
        assert_eq!(town("存在しない町"), None);
        // A town's own numbers match by value, and a number is never cut in two.
        let (sapporo, _) = g.cities_at("札幌市北区", None)[0];
        let town = |text: &str| {
            g.town_at(sapporo, text, |_| true)
                .map(|(t, end)| (t.name, end))
        };
        assert_eq!(
            town("北24条西6丁目"),
            Some(("北二十四条西", "北24条西".len()))
        );
        assert_eq!(
            town("北二十四条西6丁目"),
            Some(("北二十四条西", "北二十四条西".len()))
        );
        // 字 is left out of keys, and a name may end after it.
        let (watari, _) = g.cities_at("亘理郡亘理町", None)[0];
        assert_eq!(
            g.town_at(watari, "逢隈十文字605番地", |_| true)
                .map(|(t, end)| (t.name, end)),
            Some(("逢隈十文字", "逢隈十文字".len()))
        );
        let (furano, _) = g.cities_at("上富良野町", None)[0];
        assert_eq!(
            g.town_at(furano, "西9線北32号88-21", |_| true)
                .map(|(t, _)| t.name),
            Some("西九線北三十二号")
        );
    }
}
