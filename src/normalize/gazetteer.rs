//! The gazetteer: Japan's prefectures, cities (with 郡, and wards of designated cities) and
//! towns (大字・町域), from Japan Post's postal-code data (`data/gazetteer.tsv`, built by
//! `scripts/gen-gazetteer.py`; embedded, so the program runs offline).
//!
//! In: the text of an address after its prefecture. Out: the cities it can start with
//! (longest name first; a city may be written without its 郡 or, for a ward, without its
//! city), the town a city's part of the text starts with, and whether that town is divided
//! into 丁目. Names are compared through [`place_char`], which folds the spellings place names
//! are written in interchangeably (ヶ/ケ/が, の/ノ/之, and kanji variants such as 檜/桧).

use super::variants::fold_variant;

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../data/gazetteer.tsv");

/// One city (市区町村; for designated cities, one ward).
pub struct City {
    pub prefecture: &'static str,
    /// As Japan Post writes it: 東牟婁郡串本町, 堺市北区, 千代田区.
    pub name: &'static str,
    /// Folded town name → town name and whether it is divided into 丁目.
    towns: Map<(&'static str, bool)>,
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
/// name lengths it holds so that only those prefixes are probed.
struct Map<V> {
    entries: HashMap<Box<str>, V, foldhash::fast::FixedState>,
    /// Bit n set: some name is n characters long (n < 64; longer names are not probed).
    lengths: u64,
}

impl<V> Default for Map<V> {
    fn default() -> Self {
        Map {
            entries: HashMap::default(),
            lengths: 0,
        }
    }
}

impl<V> Map<V> {
    /// Records a key's length, so that prefixes of that length are probed.
    fn note_length(&mut self, key: &str) {
        let length = key.chars().count();
        if length < 64 {
            self.lengths |= 1 << length;
        }
    }

    fn entry(&mut self, key: Box<str>) -> std::collections::hash_map::Entry<'_, Box<str>, V> {
        self.note_length(&key);
        self.entries.entry(key)
    }

    /// The length of the longest name, in characters.
    fn longest(&self) -> usize {
        (64 - self.lengths.leading_zeros() as usize).saturating_sub(1)
    }
}

impl<V> FromIterator<(Box<str>, V)> for Map<V> {
    fn from_iter<I: IntoIterator<Item = (Box<str>, V)>>(items: I) -> Self {
        // As a HashMap collects: a later entry replaces an earlier one of the same key.
        let mut map = Map::default();
        for (key, value) in items {
            map.note_length(&key);
            map.entries.insert(key, value);
        }
        map
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

/// A place name folded for lookup.
pub fn place_key(name: &str) -> String {
    name.chars().map(place_char).collect()
}

/// The embedded gazetteer, parsed on first use.
pub fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(|| {
        let mut cities = Vec::new();
        let mut surfaces: Map<Vec<usize>> = Map::default();
        for line in TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let mut fields = line.split('\t');
            let (Some(prefecture), Some(name)) = (fields.next(), fields.next()) else {
                continue;
            };
            let towns: Map<(&'static str, bool)> = fields
                .next()
                .unwrap_or("")
                .split('|')
                .filter(|t| !t.is_empty())
                .map(|t| {
                    let (name, chome) = match t.strip_suffix('*') {
                        Some(name) => (name, true),
                        None => (t, false),
                    };
                    (place_key(name).into_boxed_str(), (name, chome))
                })
                .collect();
            let index = cities.len();
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
                surfaces
                    .entry(place_key(surface).into_boxed_str())
                    .or_default()
                    .push(index);
            }
            let has_jo = towns.entries.values().any(|(town, _)| town.contains('条'));
            cities.push(City {
                prefecture,
                name,
                towns,
                has_jo,
            });
        }
        let mut town_cities: Map<Vec<usize>> = Map::default();
        for (index, city) in cities.iter().enumerate() {
            for key in city.towns.entries.keys() {
                town_cities.entry(key.clone()).or_default().push(index);
            }
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

/// Entries of `map` whose key is a prefix of `text` (both folded by [`place_key`]), longest
/// first, each given to `visit` with the bytes of `text` it covers until `visit` says stop.
/// Only prefixes as long as some key are looked up; allocation-free but for the folded
/// copy, which reuses a thread's buffer.
fn prefixes<'m, V>(map: &'m Map<V>, text: &str, mut visit: impl FnMut(&'m V, usize) -> bool) {
    let longest = map.longest();
    thread_local! {
        static FOLDED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    // place_char maps one character to one, so the n-th character ends line up.
    let mut ends = [(0usize, 0usize); MAX_PROBE];
    let mut count = 0;
    FOLDED.with_borrow_mut(|folded| {
        folded.clear();
        for (start, c) in text.char_indices().take(longest.min(MAX_PROBE)) {
            folded.push(place_char(c));
            ends[count] = (start + c.len_utf8(), folded.len());
            count += 1;
        }
        for (length, &(end, folded_end)) in ends[..count].iter().enumerate().rev() {
            if map.lengths & (1 << (length + 1)) == 0 {
                continue;
            }
            if let Some(value) = map.entries.get(&folded[..folded_end]) {
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

    /// The longest town of `city` that starts `text`, with the bytes it covers and whether
    /// the town is divided into 丁目.
    pub fn town_at(&self, city: usize, text: &str) -> Option<(&'static str, usize, bool)> {
        let city = &self.cities[city];
        let mut found = None;
        prefixes(&city.towns, text, |&(town, chome), end| {
            found = Some((town, end, chome));
            false
        });
        found
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
        assert_eq!(
            g.town_at(city, "紀尾井町1-3"),
            Some(("紀尾井町", "紀尾井町".len(), false))
        );
        assert_eq!(
            g.town_at(city, "霞ヶ関1丁目"),
            Some(("霞が関", "霞ヶ関".len(), true))
        );
        assert_eq!(g.town_at(city, "存在しない町"), None);
    }
}
