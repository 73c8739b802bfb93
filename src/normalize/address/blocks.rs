//! After the town: the block numbers (丁目/番(地)/号 in digits of any width or kanji, with
//! の, hyphen look-alikes or nothing between them), then the building, room and 方書.

use super::skip_spaces;
use crate::normalize::numeral::{is_hyphen_like, is_numeral, leading_numeral};

/// What marks a block number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Marker {
    /// 丁目, 丁.
    Chome,
    /// 番地, 番.
    Ban,
    Go,
    /// 地割 (岩手).
    Chiwari,
    /// の, a hyphen, or nothing.
    Other,
}

/// What follows a town: a 小字 or the town as written (`before`), the block numbers, the
/// first one's marker, and the rest (building, room).
pub(super) struct Tail<'t> {
    pub(super) before: &'t str,
    pub(super) blocks: Vec<u32>,
    pub(super) first_marker: Marker,
    pub(super) rest: &'t str,
}

/// The marker after a number, and its bytes; the markers that lead to another number
/// (の, a hyphen) only when one follows.
fn marker_at(text: &str) -> Option<(Marker, usize)> {
    for (marker, kind) in [
        ("丁目", Marker::Chome),
        ("番地", Marker::Ban),
        ("地割", Marker::Chiwari),
    ] {
        if text.starts_with(marker) {
            return Some((kind, marker.len()));
        }
    }
    let mut chars = text.chars();
    let first = chars.next()?;
    let next = chars.next();
    match first {
        // 一番町, 二番丁, 四番割 are place names, not block numbers.
        '番' if !matches!(next, Some('町' | '丁' | '割')) => Some((Marker::Ban, 3)),
        '号' if next != Some('室') => Some((Marker::Go, 3)),
        '丁' if next.is_some_and(is_numeral) || next.is_none() || next == Some(' ') => {
            Some((Marker::Chome, 3))
        }
        'の' | 'ノ' | '之' if next.is_some_and(is_numeral) => Some((Marker::Other, 3)),
        c if is_hyphen_like(c) && next.is_some_and(is_numeral) => {
            Some((Marker::Other, c.len_utf8()))
        }
        _ => None,
    }
}

/// A number at the start of `text` that is a block number: digits, or kanji numerals not
/// followed by a kanji that is part of a name (三井ハイツ's 三).
fn block_number(text: &str, after_marker: bool) -> Option<(u32, usize)> {
    let (value, end) = leading_numeral(text)?;
    let kanji = !text.starts_with(|c: char| c.is_ascii_digit());
    if kanji && after_marker {
        let next = text[end..].chars().next();
        // 第 starts a building's name (第二清風荘), the number before it is a block.
        let name_follows =
            next.is_some_and(|c| c != '第' && marker_at(&text[end..]).is_none() && is_kanji(c));
        if name_follows {
            return None;
        }
    }
    Some((value, end))
}

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFF}' | '々')
}

/// Reads what follows a town (or, `after_town` false, a city whose town the gazetteer does
/// not know): text up to the first number that starts the block numbers (at once after a
/// town, or followed by a block marker, a space or the end), then the numbers and their
/// markers, then the rest.
pub(super) fn read_tail(text: &str, after_town: bool) -> Tail<'_> {
    let text = text.trim_start_matches(|c: char| c == ' ' || is_hyphen_like(c));
    let mut start = None;
    let mut search = 0;
    while let Some(offset) = text[search..].find(is_numeral) {
        let at = search + offset;
        let Some((_, end)) = leading_numeral(&text[at..]) else {
            break;
        };
        let after = &text[at + end..];
        let starts_chain = (at == 0 && after_town)
            || after.is_empty()
            || after.starts_with(' ')
            || marker_at(after).is_some_and(|(_, len)| {
                // 号 after a number inside a name (十四号北) is the name's.
                !(after.starts_with('号')
                    && after[len..].starts_with(['北', '南', '東', '西', '線']))
            });
        if starts_chain {
            start = Some(at);
            break;
        }
        search = at + end;
    }
    let Some(start) = start else {
        return Tail {
            before: text,
            blocks: Vec::new(),
            first_marker: Marker::Other,
            rest: "",
        };
    };
    let mut blocks = Vec::new();
    let mut first_marker = Marker::Other;
    let mut rest = &text[start..];
    let mut after_marker = false;
    while let Some((value, end)) = block_number(rest, after_marker) {
        blocks.push(value);
        rest = &rest[end..];
        let Some((marker, len)) = marker_at(rest) else {
            break;
        };
        if blocks.len() == 1 {
            first_marker = marker;
        }
        rest = &rest[len..];
        // 番地の4, 番地-4, 丁目 2番
        let continues = |r: &str| r.starts_with(is_numeral);
        if marker != Marker::Other {
            if let Some((Marker::Other, len)) = marker_at(rest) {
                rest = &rest[len..];
            } else if rest.starts_with(' ') && continues(skip_spaces(rest)) && marker != Marker::Go
            {
                let next = skip_spaces(rest);
                // Only another marked number continues after a space (2番 3号).
                let (_, end) = leading_numeral(next).unwrap_or((0, 0));
                if marker_at(&next[end..]).is_some_and(|(m, _)| m != Marker::Other) {
                    rest = next;
                }
            }
        }
        if marker == Marker::Go || !continues(rest) {
            break;
        }
        after_marker = true;
    }
    Tail {
        before: &text[..start],
        blocks,
        first_marker,
        rest,
    }
}

/// The rest (building, room, 方書) as a key: spaces, hyphens, 中黒, #, brackets, commas and
/// 号室 removed, Latin letters in capitals (ａｂｃビル #101 = ABCビル101号室, （山田方） =
/// 山田方).
pub(super) fn normalize_rest(rest: &str) -> String {
    let mut out = String::with_capacity(rest.len());
    let mut text = rest;
    while let Some(c) = text.chars().next() {
        if let Some(after) = text.strip_prefix("号室") {
            text = after;
            continue;
        }
        if !c.is_whitespace()
            && !is_hyphen_like(c)
            && !matches!(c, '・' | '#' | '(' | ')' | '「' | '」' | '、' | ',')
        {
            out.push(c.to_ascii_uppercase());
        }
        text = &text[c.len_utf8()..];
    }
    out
}
