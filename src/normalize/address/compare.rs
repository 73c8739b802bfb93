//! Whether two parsed addresses name one place, where they differ, and what one leaves out
//! (a building, a room, a 小字 written on one side only is no difference).

use super::Address;
use crate::normalize::gazetteer::place_key;

/// How many block numbers are the addresses' own (丁目, 番, 号) when two are compared: three
/// where either names a 丁目, else two. Numbers after them are a further 枝番 or, as often,
/// the room (1-2-3-101).
fn own_blocks(a: &Address, b: &Address) -> usize {
    if a.chome.is_some() || b.chome.is_some() {
        3
    } else {
        2
    }
}

/// Two addresses name one place: no conflicting prefecture, the same city and town, the
/// same 丁目/番/号, the same 小字 where both name one, and the same building and room where
/// both name them (a building or room written on one side only is not a difference).
pub fn same_place(a: &Address, b: &Address) -> bool {
    let prefectures_agree = match (a.prefecture, b.prefecture) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    let own = own_blocks(a, b);
    prefectures_agree
        && a.locality == b.locality
        && koaza_agree(a, b)
        && a.blocks[..own.min(a.blocks.len())] == b.blocks[..own.min(b.blocks.len())]
        && rests_agree(a, b)
}

/// The 小字 of both, where both name one, is the same.
fn koaza_agree(a: &Address, b: &Address) -> bool {
    a.koaza.is_empty() || b.koaza.is_empty() || a.koaza == b.koaza
}

/// What follows the address's own block numbers — further numbers, building, room —
/// written as one text: "101" for 1-2-3-101, "コーポ山田101" for 1-2-3 コーポ山田101号室.
fn beyond_blocks(address: &Address, own: usize) -> String {
    let mut text = String::new();
    for block in address.blocks.iter().skip(own) {
        text.push_str(&block.to_string());
    }
    text.push_str(&address.rest);
    text
}

/// Building and room agree: equal, or written on one side only, or one side has the room
/// alone (101 / コーポ山田101) or the building alone (コーポ山田 / コーポ山田101).
pub fn rests_agree(a: &Address, b: &Address) -> bool {
    let own = own_blocks(a, b);
    let (x, y) = (beyond_blocks(a, own), beyond_blocks(b, own));
    if x.is_empty() || y.is_empty() || x == y {
        return true;
    }
    let (short, long) = if x.len() <= y.len() {
        (&x, &y)
    } else {
        (&y, &x)
    };
    let digit = |c: char| c.is_ascii_digit();
    let all_digits = |t: &str| t.chars().all(digit);
    // The building alone on one side: the other goes on, but not within a number (room 1
    // is not room 101).
    let building_alone = long.starts_with(short.as_str())
        && !(short.ends_with(digit) && long[short.len()..].starts_with(digit));
    // The room alone on one side: the other ends with it, a whole number.
    let room_alone = all_digits(short)
        && long.ends_with(short.as_str())
        && !long[..long.len() - short.len()].ends_with(digit);
    building_alone || room_alone
}

/// What one address names and the other leaves out, where that is no difference: the
/// building or room, the 小字. For the verdict's notes on addresses judged one place.
pub fn written_on_one_side(a: &Address, b: &Address) -> Vec<&'static str> {
    let mut notes = Vec::new();
    let own = own_blocks(a, b);
    let (x, y) = (beyond_blocks(a, own), beyond_blocks(b, own));
    if x.is_empty() != y.is_empty() {
        notes.push("建物・部屋は片方のみ（相違としない）");
    }
    if a.koaza.is_empty() != b.koaza.is_empty() {
        notes.push("小字は片方のみ（相違としない）");
    }
    notes
}

/// 丁目, 番 and 号 of an address compared with one whose first number is a 丁目 (`own` 3):
/// an unmarked 1-2-3 is read so too.
fn labelled(address: &Address, own: usize) -> [Option<u32>; 3] {
    if own == 3 && address.chome.is_none() && address.blocks.len() >= 3 {
        let b = &address.blocks;
        [Some(b[0]), Some(b[1]), Some(b[2])]
    } else {
        [address.chome, address.ban, address.go]
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
        parts.push(format!("市区町村: {} / {}", text(a.city), text(b.city)));
    }
    if place_key(&a.town) != place_key(&b.town) {
        parts.push(format!("町域: {} / {}", text(&a.town), text(&b.town)));
    }
    if !koaza_agree(a, b) {
        parts.push(format!("小字: {} / {}", a.subarea, b.subarea));
    }
    let own = own_blocks(a, b);
    let (x, y) = (labelled(a, own), labelled(b, own));
    for (label, x, y) in [("丁目", x[0], y[0]), ("番", x[1], y[1]), ("号", x[2], y[2])] {
        if x != y {
            parts.push(format!("{label}: {} / {}", number(x), number(y)));
        }
    }
    if !rests_agree(a, b) {
        parts.push(format!(
            "建物・部屋: {} / {}",
            text(&beyond_blocks(a, own)),
            text(&beyond_blocks(b, own))
        ));
    }
    parts
}
