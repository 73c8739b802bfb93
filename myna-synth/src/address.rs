//! Realistic addresses for synthetic extracts: real (prefecture, city, town) triples drawn
//! from the whole gazetteer (every town of the country, Japan Post's and Geolonia's lists),
//! block numbers that fit the town (丁目 towns: 丁目/番/号; others: 番地 and 枝番), a building
//! now and then, the register's one canonical form, and every notation insurers key the same
//! place in ([`Notation`]) — and look-alike places that are not the same ([`LookAlike`]).
//!
//! Deterministic by the caller's [`Rng`]. Used by `gen` (one address per household) and by
//! the tests and bench that hold the address parser to the whole country.

use std::sync::OnceLock;

use crate::pools::{kanji_variants, BUILDINGS};
use crate::rng::Rng;
use myna_recon::normalize::gazetteer::{gazetteer, City, Town};
use myna_recon::normalize::numeral::{is_numeral, kanji_numeral};

/// A place to live: a town of the gazetteer and its block numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Home {
    /// Index of the city in the gazetteer.
    pub city: u32,
    /// Index of the town in its city.
    pub town: u32,
    /// 0 in a town not divided into 丁目.
    pub chome: u32,
    /// 番 (丁目 towns) or 番地.
    pub ban: u32,
    /// 号 (丁目 towns) or the 枝番 of a 番地.
    pub go: Option<u32>,
    /// Building (an index into [`BUILDINGS`], or past them one named after the town) and room.
    pub building: Option<(u16, u32)>,
}

/// Every (city, town) of the gazetteer, for drawing towns uniformly.
fn all_towns() -> &'static [(u32, u32)] {
    static TOWNS: OnceLock<Vec<(u32, u32)>> = OnceLock::new();
    TOWNS.get_or_init(|| {
        let g = gazetteer();
        g.cities
            .iter()
            .enumerate()
            .flat_map(|(c, city)| (0..city.towns.len()).map(move |t| (c as u32, t as u32)))
            .collect()
    })
}

/// How many towns the gazetteer has.
pub fn town_count() -> usize {
    all_towns().len()
}

/// A home in a town drawn uniformly from the whole country.
pub fn random_home(rng: &mut Rng) -> Home {
    let (city, town) = *rng.pick(all_towns());
    home_in(rng, city, town)
}

/// A home in the `index`-th town of the country (for tests that walk the list).
pub fn home_in_town(rng: &mut Rng, index: usize) -> Home {
    let (city, town) = all_towns()[index % all_towns().len()];
    home_in(rng, city, town)
}

/// Another home in the same city (a move within the city).
pub fn home_in_city(rng: &mut Rng, city: u32) -> Home {
    let towns = gazetteer().cities[city as usize].towns.len() as u64;
    let town = rng.below(towns) as u32;
    home_in(rng, city, town)
}

fn home_in(rng: &mut Rng, city: u32, town: u32) -> Home {
    let place = gazetteer().cities[city as usize].towns[town as usize];
    let (chome, ban, go) = if place.divided {
        let highest = if place.highest_chome == 0 {
            5
        } else {
            u32::from(place.highest_chome)
        };
        let ban = if rng.chance(0.8) {
            rng.range(1, 30)
        } else {
            rng.range(31, 60)
        };
        (rng.range(1, highest), ban, Some(rng.range(1, 30)))
    } else {
        let ban = match rng.below(10) {
            0..=3 => rng.range(1, 200),
            4..=7 => rng.range(201, 2000),
            _ => rng.range(2001, 9999),
        };
        (0, ban, rng.chance(0.6).then(|| rng.range(1, 30)))
    };
    let building = rng.chance(0.25).then(|| {
        let name = rng.below(BUILDINGS.len() as u64 + 2) as u16;
        (name, rng.range(1, 12) * 100 + rng.range(1, 9))
    });
    Home {
        city,
        town,
        chome,
        ban,
        go,
        building,
    }
}

impl Home {
    pub fn city(&self) -> &'static City {
        &gazetteer().cities[self.city as usize]
    }

    pub fn town(&self) -> Town {
        self.city().towns[self.town as usize]
    }

    /// The building's name: one of the pool, or one named after the town (ハイツ新田).
    fn building_name(&self) -> Option<(String, u32)> {
        let (name, room) = self.building?;
        let name = match BUILDINGS.get(usize::from(name)) {
            Some(name) => (*name).to_owned(),
            None => {
                let short: String = self
                    .town()
                    .name
                    .chars()
                    .filter(|&c| !is_numeral(c))
                    .take(2)
                    .collect();
                let prefix = if name as usize == BUILDINGS.len() {
                    "ハイツ"
                } else {
                    "メゾン"
                };
                format!("{prefix}{short}")
            }
        };
        Some((name, room))
    }

    /// The register's form: prefecture, city and town as the gazetteer names them, then
    /// 1丁目2番3号 or 1677番地6, then the building and room after a full-width space.
    pub fn canonical(&self) -> String {
        let city = self.city();
        let mut text = format!("{}{}{}", city.prefecture, city.name, self.town().name);
        text.push_str(&self.blocks(Blocks::Marked, &|n| n.to_string()));
        if let Some((name, room)) = self.building_name() {
            text.push_str(&format!("　{name}{room}号室"));
        }
        text
    }

    fn blocks(&self, style: Blocks, number: &dyn Fn(u32) -> String) -> String {
        let mut numbers = Vec::with_capacity(3);
        if self.chome > 0 {
            numbers.push(self.chome);
        }
        numbers.push(self.ban);
        numbers.extend(self.go);
        let n: Vec<String> = numbers.iter().map(|&v| number(v)).collect();
        match style {
            Blocks::Marked if self.chome > 0 => {
                let mut text = format!("{}丁目{}番", n[0], n[1]);
                if let Some(go) = n.get(2) {
                    text.push_str(&format!("{go}号"));
                }
                text
            }
            Blocks::Marked => match n.get(1) {
                Some(go) => format!("{}番地{go}", n[0]),
                None => format!("{}番地", n[0]),
            },
            Blocks::Joined(dash) => n.join(dash),
            Blocks::ChomeThenJoined if self.chome > 0 => {
                format!("{}丁目{}", n[0], n[1..].join("-"))
            }
            Blocks::ChomeThenJoined => n.join("-"),
            Blocks::BanchiNo => match n.get(1) {
                Some(go) if self.chome == 0 => format!("{}番地の{go}", n[0]),
                _ => n.join("-"),
            },
            Blocks::No => n.join("の"),
        }
    }
}

/// How block numbers are written.
#[derive(Clone, Copy)]
enum Blocks {
    /// 1丁目2番3号, 1677番地6.
    Marked,
    /// 1-2-3 with the given dash.
    Joined(&'static str),
    /// 1丁目2-3.
    ChomeThenJoined,
    /// 123番地の4.
    BanchiNo,
    /// 123の4.
    No,
}

/// One way an insurer's system or clerk writes the register's address.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Notation {
    /// As the register writes it.
    #[default]
    Canonical,
    /// 1-2-3, building after a space.
    Hyphens,
    /// Full-width digits and hyphens, full-width space.
    FullWidth,
    /// Every number in kanji (一丁目二番三号, 千六百七十七番地六), the building glued on.
    KanjiNumerals,
    /// 一丁目 in kanji, then 2番地3.
    KanjiChome,
    /// Long-vowel marks as hyphens (1ー2ー3).
    LongVowelDashes,
    /// Other hyphen look-alikes (‐ − ―).
    DashLookAlikes,
    /// Spaces between prefecture, city, town and numbers.
    Spaces,
    /// No prefecture.
    NoPrefecture,
    /// The city without its 郡 (芽室町 for 河西郡芽室町), or a ward without its city.
    NoCounty,
    /// 大字 before the town.
    Oaza,
    /// 字 before the town.
    Aza,
    /// ヶ for ケ (and back) in the town or city name.
    SmallKe,
    /// の for ノ (and back) in the town or city name.
    NoKana,
    /// A variant kanji in the town or city name (髙, 﨑, 邊, 澤).
    KanjiVariant,
    /// The building glued to the numbers: 945メゾン山町 606.
    BuildingGlued,
    /// The building and room left out.
    NoBuilding,
    /// The room alone: 1-2-3-101.
    RoomAsBlock,
    /// 1丁目2-3.
    ChomeThenHyphens,
    /// 123番地の4.
    BanchiNo,
    /// 123の4.
    No,
    /// The building's kana in half-width (ﾊｲﾂ).
    HalfWidthKana,
}

impl Notation {
    pub const ALL: [Notation; 22] = [
        Notation::Canonical,
        Notation::Hyphens,
        Notation::FullWidth,
        Notation::KanjiNumerals,
        Notation::KanjiChome,
        Notation::LongVowelDashes,
        Notation::DashLookAlikes,
        Notation::Spaces,
        Notation::NoPrefecture,
        Notation::NoCounty,
        Notation::Oaza,
        Notation::Aza,
        Notation::SmallKe,
        Notation::NoKana,
        Notation::KanjiVariant,
        Notation::BuildingGlued,
        Notation::NoBuilding,
        Notation::RoomAsBlock,
        Notation::ChomeThenHyphens,
        Notation::BanchiNo,
        Notation::No,
        Notation::HalfWidthKana,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Notation::Canonical => "canonical",
            Notation::Hyphens => "hyphens",
            Notation::FullWidth => "full_width",
            Notation::KanjiNumerals => "kanji_numerals",
            Notation::KanjiChome => "kanji_chome",
            Notation::LongVowelDashes => "long_vowel_dashes",
            Notation::DashLookAlikes => "dash_look_alikes",
            Notation::Spaces => "spaces",
            Notation::NoPrefecture => "no_prefecture",
            Notation::NoCounty => "no_county",
            Notation::Oaza => "oaza",
            Notation::Aza => "aza",
            Notation::SmallKe => "small_ke",
            Notation::NoKana => "no_kana",
            Notation::KanjiVariant => "kanji_variant",
            Notation::BuildingGlued => "building_glued",
            Notation::NoBuilding => "no_building",
            Notation::RoomAsBlock => "room_as_block",
            Notation::ChomeThenHyphens => "chome_then_hyphens",
            Notation::BanchiNo => "banchi_no",
            Notation::No => "no",
            Notation::HalfWidthKana => "half_width_kana",
        }
    }

    /// The home's address in this notation; None where the notation does not apply (no
    /// 郡 to drop, no ケ to swap, no building to glue). Every notation but [`NoBuilding`]
    /// keeps the building and room.
    ///
    /// [`NoBuilding`]: Notation::NoBuilding
    pub fn write(self, home: &Home) -> Option<String> {
        let city = home.city();
        let town = home.town().name;
        let building = home.building_name();
        let with_building = |text: String, separator: &str| match &building {
            Some((name, room)) => format!("{text}{separator}{name}{room}"),
            None => text,
        };
        let digits = |n: u32| n.to_string();
        let full = |blocks: String| format!("{}{}{town}{blocks}", city.prefecture, city.name);
        // City and town spelled otherwise, the rest as the register writes it.
        let respelled = |place: String| {
            with_building(
                format!(
                    "{}{place}{}",
                    city.prefecture,
                    home.blocks(Blocks::Marked, &digits)
                ),
                " ",
            )
        };
        let text = match self {
            Notation::Canonical => home.canonical(),
            Notation::Hyphens => {
                with_building(full(home.blocks(Blocks::Joined("-"), &digits)), " ")
            }
            Notation::FullWidth => with_building(
                full_width_digits(&full(home.blocks(Blocks::Joined("－"), &digits))),
                "　",
            ),
            Notation::KanjiNumerals => {
                let blocks = home.blocks(Blocks::Marked, &kanji_numeral);
                match &building {
                    // 清水新田千六百七十七番地六ハイツ新田 109
                    Some((name, room)) => format!("{}{name} {room}", full(blocks)),
                    None => full(blocks),
                }
            }
            Notation::KanjiChome if home.chome > 0 => {
                let mut blocks = format!("{}丁目{}番地", kanji_numeral(home.chome), home.ban);
                if let Some(go) = home.go {
                    blocks.push_str(&go.to_string());
                }
                with_building(full(blocks), " ")
            }
            Notation::KanjiChome => return None,
            Notation::LongVowelDashes => {
                with_building(full(home.blocks(Blocks::Joined("ー"), &digits)), " ")
            }
            Notation::DashLookAlikes => {
                with_building(full(home.blocks(Blocks::Joined("‐"), &digits)), "　")
            }
            Notation::Spaces => with_building(
                format!(
                    "{} {} {town} {}",
                    city.prefecture,
                    city.name,
                    home.blocks(Blocks::Joined("-"), &digits)
                ),
                " ",
            ),
            Notation::NoPrefecture => with_building(
                format!(
                    "{}{town}{}",
                    city.name,
                    home.blocks(Blocks::Joined("-"), &digits)
                ),
                " ",
            ),
            Notation::NoCounty => {
                let short = short_city_name(city.name)?;
                respelled(format!("{short}{town}"))
            }
            Notation::Oaza | Notation::Aza if home.chome > 0 => return None,
            Notation::Oaza | Notation::Aza => {
                let prefix = if self == Notation::Oaza {
                    "大字"
                } else {
                    "字"
                };
                respelled(format!("{}{prefix}{town}", city.name))
            }
            Notation::SmallKe => respelled(swap_chars(
                &format!("{}{town}", city.name),
                &[('ケ', 'ヶ')],
            )?),
            Notation::NoKana => respelled(swap_chars(
                &format!("{}{town}", city.name),
                &[('ノ', 'の')],
            )?),
            Notation::KanjiVariant => {
                let place = format!("{}{town}", city.name);
                let (standard, variants) = kanji_variants()
                    .iter()
                    .find(|(standard, _)| place.contains(*standard))?;
                respelled(place.replacen(*standard, variants[0], 1))
            }
            Notation::BuildingGlued => {
                let (name, room) = building.as_ref()?;
                format!(
                    "{}{name} {room}",
                    full(home.blocks(Blocks::Joined("-"), &digits))
                )
            }
            Notation::NoBuilding => {
                building.as_ref()?;
                full(home.blocks(Blocks::Marked, &digits))
            }
            Notation::RoomAsBlock => {
                let (_, room) = building.as_ref()?;
                if home.chome == 0 && home.go.is_none() {
                    return None;
                }
                format!("{}-{room}", full(home.blocks(Blocks::Joined("-"), &digits)))
            }
            Notation::ChomeThenHyphens => {
                if home.chome == 0 {
                    return None;
                }
                with_building(full(home.blocks(Blocks::ChomeThenJoined, &digits)), " ")
            }
            Notation::BanchiNo | Notation::No => {
                if home.chome > 0 || home.go.is_none() {
                    return None;
                }
                let style = if self == Notation::BanchiNo {
                    Blocks::BanchiNo
                } else {
                    Blocks::No
                };
                with_building(full(home.blocks(style, &digits)), " ")
            }
            Notation::HalfWidthKana => {
                let (name, room) = building.as_ref()?;
                let half = myna_recon::normalize::width::to_half_width_kana(name);
                if half == *name {
                    return None;
                }
                format!(
                    "{} {half}{room}",
                    full(home.blocks(Blocks::Marked, &digits))
                )
            }
        };
        Some(text)
    }
}

/// The city's name without its 郡 (河西郡芽室町 → 芽室町) or a ward's without its city
/// (京都市北区 → 北区); None for a city written one way only.
fn short_city_name(name: &str) -> Option<&str> {
    if let Some(at) = name.find('郡') {
        return Some(&name[at + '郡'.len_utf8()..]);
    }
    let at = name.find('市')?;
    let ward = &name[at + '市'.len_utf8()..];
    (ward.ends_with('区') && !ward.is_empty()).then_some(ward)
}

/// `text` with the first character of a pair swapped for the other; None when none occurs.
fn swap_chars(text: &str, pairs: &[(char, char)]) -> Option<String> {
    for &(a, b) in pairs {
        if text.contains(a) {
            return Some(text.replacen(a, &b.to_string(), 1));
        }
        if text.contains(b) {
            return Some(text.replacen(b, &a.to_string(), 1));
        }
    }
    None
}

fn full_width_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// A place that looks like a home but is another: what a wrong link's register row, or a
/// move to the next block, looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LookAlike {
    /// Another 番 or 番地.
    OtherBan,
    /// Another 号 or 枝番.
    OtherGo,
    /// Another 丁目 of the same town.
    OtherChome,
    /// Another town of the same city whose name shares its start (上然別北八線 / 上然別北十一線).
    NeighbourTown,
    /// Another town of the same city, the same numbers.
    OtherTown,
    /// Another room of the same building.
    OtherRoom,
}

impl LookAlike {
    pub const ALL: [LookAlike; 6] = [
        LookAlike::OtherBan,
        LookAlike::OtherGo,
        LookAlike::OtherChome,
        LookAlike::NeighbourTown,
        LookAlike::OtherTown,
        LookAlike::OtherRoom,
    ];

    pub fn name(self) -> &'static str {
        match self {
            LookAlike::OtherBan => "other_ban",
            LookAlike::OtherGo => "other_go",
            LookAlike::OtherChome => "other_chome",
            LookAlike::NeighbourTown => "neighbour_town",
            LookAlike::OtherTown => "other_town",
            LookAlike::OtherRoom => "other_room",
        }
    }

    /// A home like `home` but elsewhere; None where this kind cannot differ (a town
    /// without a second 丁目, a city of one town).
    pub fn apply(self, rng: &mut Rng, home: &Home) -> Option<Home> {
        let mut other = *home;
        match self {
            LookAlike::OtherBan => {
                let step = rng.range(1, 9);
                other.ban = if home.ban > step && rng.chance(0.5) {
                    home.ban - step
                } else {
                    home.ban + step
                };
            }
            LookAlike::OtherGo => {
                let go = home.go?;
                other.go = Some(if go > 1 && rng.chance(0.5) {
                    go - 1
                } else {
                    go + rng.range(1, 5)
                });
            }
            LookAlike::OtherChome => {
                let highest = u32::from(home.town().highest_chome);
                if home.chome == 0 || highest < 2 {
                    return None;
                }
                while other.chome == home.chome {
                    other.chome = rng.range(1, highest);
                }
            }
            LookAlike::NeighbourTown | LookAlike::OtherTown => {
                let towns = &home.city().towns;
                let name = home.town().name;
                let first: String = name.chars().take(2).collect();
                let candidates: Vec<u32> = (0..towns.len() as u32)
                    .filter(|&t| t != home.town)
                    .filter(|&t| towns[t as usize].divided == home.town().divided)
                    .filter(|&t| {
                        self == LookAlike::OtherTown || towns[t as usize].name.starts_with(&first)
                    })
                    .collect();
                if candidates.is_empty() {
                    return None;
                }
                other.town = *rng.pick(&candidates);
                let highest = u32::from(towns[other.town as usize].highest_chome);
                if other.chome > highest && highest > 0 {
                    other.chome = highest;
                }
            }
            LookAlike::OtherRoom => {
                let (name, room) = home.building?;
                other.building = Some((name, room + rng.range(1, 8)));
            }
        }
        Some(other)
    }
}

/// Where a household (or one member) moved: within the same city as often as far away,
/// never to the same town and block.
pub fn moved_home(rng: &mut Rng, home: &Home) -> Home {
    loop {
        let new_home = if rng.chance(0.5) {
            home_in_city(rng, home.city)
        } else {
            random_home(rng)
        };
        if !same_town(&new_home, home) || new_home.ban != home.ban {
            return new_home;
        }
    }
}

/// Whether two homes are in one town (of one city).
pub fn same_town(a: &Home, b: &Home) -> bool {
    (a.city, a.town) == (b.city, b.town)
}
