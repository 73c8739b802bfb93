//! Numerals in addresses: kanji numerals (一, 二十三, 千六百七十七, 一〇, 壱) read as numbers and
//! numbers written as kanji, for block numbers (一丁目, 千六百七十七番地) and for the numbers
//! inside place names (北二十四条西, 西九線北三十二号), which the gazetteer compares by value.
//!
//! Pure functions; up to 9,999 is all an address needs, larger values are read positionally.

/// A kanji numeral character: the digits, 十/百/千, and the forms of legal documents
/// (零, 壱, 弐, 参, 拾).
pub fn is_kanji_numeral(c: char) -> bool {
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

/// A numeral character of either kind: an ASCII digit or a kanji numeral.
pub fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || is_kanji_numeral(c)
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

/// A single digit, ASCII or kanji (〇/零 = 0, 壱 = 1, 弐 = 2, 参 = 3).
fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        '〇' | '零' => Some(0),
        '一' | '壱' => Some(1),
        '二' | '弐' => Some(2),
        '三' | '参' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

/// The value of a numeral: positional (一〇 = 10, 203) or with 十/百/千 (二十三 = 23,
/// 千六百七十七 = 1677, 千二三四 = 1234); None for an empty text, a character that is not
/// a numeral, or a value past u32.
pub fn numeral_value(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    let mut total: u32 = 0;
    let mut pending: Option<u32> = None;
    for c in text.chars() {
        let unit = match c {
            '十' | '拾' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                let digit = digit_value(c)?;
                pending = Some(pending.unwrap_or(0).checked_mul(10)?.checked_add(digit)?);
                continue;
            }
        };
        total = total.checked_add(pending.take().unwrap_or(1).checked_mul(unit)?)?;
    }
    total.checked_add(pending.unwrap_or(0))
}

/// A number as kanji with 十/百/千 (24 → 二十四, 1677 → 千六百七十七); up to 9,999, past
/// that (and 0) in ASCII digits.
pub fn kanji_numeral(value: u32) -> String {
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

/// The numeral that starts `text` (digits, or kanji numerals), its value and the bytes it
/// takes; a run of digits and kanji mixed is not one numeral.
pub fn leading_numeral(text: &str) -> Option<(u32, usize)> {
    let first = text.chars().next()?;
    let kanji = is_kanji_numeral(first);
    if !kanji && !first.is_ascii_digit() {
        return None;
    }
    let end = text
        .char_indices()
        .find(|&(_, c)| {
            if kanji {
                !is_kanji_numeral(c)
            } else {
                !c.is_ascii_digit()
            }
        })
        .map_or(text.len(), |(i, _)| i);
    numeral_value(&text[..end]).map(|value| (value, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
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
            ("千六百七十七", Some(1677)),
            ("壱", Some(1)),
            ("参拾", Some(30)),
            ("945", Some(945)),
            ("", None),
            ("町", None),
        ];
        for (input, expected) in cases {
            assert_eq!(numeral_value(input), expected, "{input:?}");
        }
    }

    #[test]
    fn kanji_round_trips() {
        for value in 1..=9999 {
            assert_eq!(numeral_value(&kanji_numeral(value)), Some(value), "{value}");
        }
        for (value, kanji) in [
            (16, "十六"),
            (24, "二十四"),
            (100, "百"),
            (1677, "千六百七十七"),
        ] {
            assert_eq!(kanji_numeral(value), kanji);
        }
    }

    #[test]
    fn leading_numerals() {
        assert_eq!(leading_numeral("945メゾン"), Some((945, 3)));
        assert_eq!(leading_numeral("千六百七十七番地"), Some((1677, 18)));
        assert_eq!(leading_numeral("12三"), Some((12, 2)));
        assert_eq!(leading_numeral("番地"), None);
    }
}
