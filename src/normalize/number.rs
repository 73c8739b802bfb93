//! Checks on the My Number itself, needing no register: form and check digit.
//!
//! In: the number as written. Out: [`NumberCheck`] — its status and, when it is usable, the
//! 12 ASCII digits. Full-width digits, spaces and hyphens (1234-5678-9018) are notation and
//! are folded, as are the marks a spreadsheet leaves on a number it kept whole (`'…`,
//! `="…"`, a `.0` tail); a number a spreadsheet cut (scientific notation, a leading zero
//! lost) has a status of its own; anything else that is not 12 digits is malformed. Never: logging or echoing
//! the number — callers mask it (see `report::mask`).

use crate::normalize::address::is_hyphen_like;
use crate::normalize::spreadsheet::Damage;
use crate::normalize::width::fold_width;

/// What the number on a member's record is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberStatus {
    /// No number registered for the member yet.
    Empty,
    /// Not 12 digits once notation is folded.
    Malformed,
    /// 12 digits whose check digit is wrong: a typo.
    CheckDigitFails,
    /// 12 digits with a correct check digit (which says nothing about whose number it is).
    Valid,
    /// 11 digits whose 0-prefixed form passes the check digit: a spreadsheet dropped the
    /// leading zero.
    LeadingZeroLost,
    /// Written in scientific notation (3.65862E+11) by a spreadsheet: digits are lost.
    ScientificNotation,
}

/// A number's status and its 12-digit form when it has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberCheck {
    pub status: NumberStatus,
    /// The digits with notation folded; the input trimmed when malformed.
    pub digits: String,
}

impl NumberCheck {
    /// The number as an integer when it can be looked up in the register (12 digits, valid
    /// or failing its check digit): the join key. 12 digits fit a u64.
    pub fn key(&self) -> Option<u64> {
        match self.status {
            NumberStatus::Valid | NumberStatus::CheckDigitFails => self.digits.parse().ok(),
            NumberStatus::Empty
            | NumberStatus::Malformed
            | NumberStatus::LeadingZeroLost
            | NumberStatus::ScientificNotation => None,
        }
    }
}

/// Checks a My Number as written.
pub fn check_my_number(input: &str) -> NumberCheck {
    let input = input.trim();
    // Most numbers are written as 12 ASCII digits already: nothing to fold or strip.
    if input.len() == 12 && input.bytes().all(|b| b.is_ascii_digit()) {
        let status = if check_digit(&input[..11]) != input.as_bytes()[11] - b'0' {
            NumberStatus::CheckDigitFails
        } else {
            NumberStatus::Valid
        };
        return NumberCheck {
            status,
            digits: input.to_owned(),
        };
    }
    let folded = fold_width(without_spreadsheet_marks(input));
    if folded.is_empty() {
        return NumberCheck {
            status: NumberStatus::Empty,
            digits: String::new(),
        };
    }
    let digits: String = folded
        .chars()
        .filter(|&c| !c.is_whitespace() && !is_hyphen_like(c))
        .collect();
    let status = if number_damage(&folded) == Some(Damage::ScientificNotation) {
        NumberStatus::ScientificNotation
    } else if lost_leading_zero(&digits) {
        NumberStatus::LeadingZeroLost
    } else if digits.len() != 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        NumberStatus::Malformed
    } else if check_digit(&digits[..11]) != digits.as_bytes()[11] - b'0' {
        NumberStatus::CheckDigitFails
    } else {
        NumberStatus::Valid
    };
    let digits = if matches!(
        status,
        NumberStatus::Malformed | NumberStatus::ScientificNotation
    ) {
        folded
    } else {
        digits
    };
    NumberCheck { status, digits }
}

/// The damage a number field shows (a My Number column).
pub fn number_damage(text: &str) -> Option<Damage> {
    let text = text.trim();
    if text.starts_with("=\"") && text.ends_with('"') && text.len() > 3 {
        return Some(Damage::Formula);
    }
    if text.starts_with('\'') && text.len() > 1 {
        return Some(Damage::Apostrophe);
    }
    if is_scientific(text) {
        return Some(Damage::ScientificNotation);
    }
    if let Some((digits, tail)) = text.split_once('.') {
        let digits_only = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if digits_only(digits)
            && digits.len() >= 11
            && !tail.is_empty()
            && tail.bytes().all(|b| b == b'0')
        {
            return Some(Damage::DecimalTail);
        }
    }
    if lost_leading_zero(text) {
        return Some(Damage::LeadingZeroLost);
    }
    None
}

/// 11 ASCII digits whose 0-prefixed form passes the check digit.
pub fn lost_leading_zero(text: &str) -> bool {
    text.len() == 11
        && text.bytes().all(|b| b.is_ascii_digit())
        && check_digit(&format!("0{}", &text[..10])) == text.as_bytes()[10] - b'0'
}

/// 3.65862E+11, 3.65862e11, 3E+11.
fn is_scientific(text: &str) -> bool {
    let Some((mantissa, exponent)) = text.split_once(['E', 'e']) else {
        return false;
    };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    !whole.is_empty()
        && digits(whole)
        && digits(fraction)
        && !exponent.is_empty()
        && digits(exponent)
}

/// The number without the marks a spreadsheet leaves on a number it kept whole: `'…`,
/// `="…"` and a `.0` tail.
fn without_spreadsheet_marks(text: &str) -> &str {
    match number_damage(text) {
        Some(Damage::Apostrophe) => &text[1..],
        Some(Damage::Formula) => &text[2..text.len() - 1],
        Some(Damage::DecimalTail) => text.split_once('.').map_or(text, |(digits, _)| digits),
        _ => text,
    }
}

/// The check digit of the first 11 digits: weights 6,5,4,3,2,7,6,5,4,3,2 left to right,
/// r = sum mod 11, digit = 0 when r ≤ 1, else 11 − r.
pub fn check_digit(first_eleven: &str) -> u8 {
    const WEIGHTS: [u32; 11] = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = first_eleven
        .bytes()
        .zip(WEIGHTS)
        .map(|(digit, weight)| (digit - b'0') as u32 * weight)
        .sum();
    let remainder = sum % 11;
    if remainder <= 1 {
        0
    } else {
        (11 - remainder) as u8
    }
}

/// Free text (a carried column, a resolution's reason, a broken row's id) with every number
/// that may be a My Number masked: 11 or more digits in a row (ASCII or full-width; 11 is a
/// number that lost its leading zero), or three groups of 4, 4 and 4 (or 3) digits joined by
/// spaces or hyphens as numbers are printed (1234-5678-9018). Only the last four digits are
/// kept. Other numbers (dates, codes, member ids such as 1001-000123-01, block numbers) are
/// kept.
pub fn mask_numbers_in(text: &str) -> std::borrow::Cow<'_, str> {
    /// Digits in a row that make a number to mask.
    const MASKED_FROM: usize = 11;
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let is_joiner = |c: char| c == ' ' || c == '\u{3000}' || is_hyphen_like(c);
    if text.chars().filter(|&c| is_digit(c)).count() < MASKED_FROM {
        return text.into();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut masked = chars.clone();
    let mut hide = |digits: &[usize]| {
        for &at in &digits[..digits.len().saturating_sub(4)] {
            masked[at] = '*';
        }
    };
    let mut start = 0;
    while start < chars.len() {
        if !is_digit(chars[start]) {
            start += 1;
            continue;
        }
        // A run of groups of digits, single joiners between them.
        let mut groups: Vec<Vec<usize>> = vec![Vec::new()];
        let mut end = start;
        while end < chars.len() {
            if is_digit(chars[end]) {
                if let Some(group) = groups.last_mut() {
                    group.push(end);
                }
                end += 1;
            } else if is_joiner(chars[end]) && chars.get(end + 1).is_some_and(|&c| is_digit(c)) {
                groups.push(Vec::new());
                end += 1;
            } else {
                break;
            }
        }
        for group in &groups {
            if group.len() >= MASKED_FROM {
                hide(group);
            }
        }
        for three in groups.windows(3) {
            if let [a, b, c] = three {
                if a.len() == 4 && b.len() == 4 && (c.len() == 4 || c.len() == 3) {
                    hide(&[a.as_slice(), b, c].concat());
                }
            }
        }
        start = end;
    }
    masked.into_iter().collect::<String>().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        let cases = [
            ("123456789018", NumberStatus::Valid),
            (" 123456789018 ", NumberStatus::Valid),
            ("１２３４５６７８９０１８", NumberStatus::Valid),
            ("1234-5678-9018", NumberStatus::Valid),
            ("1234 5678 9018", NumberStatus::Valid),
            ("123456789019", NumberStatus::CheckDigitFails),
            ("12345678901", NumberStatus::Malformed),
            ("1234567890180", NumberStatus::Malformed),
            ("12345678901X", NumberStatus::Malformed),
            ("", NumberStatus::Empty),
            ("  ", NumberStatus::Empty),
            // Marks a spreadsheet leaves on a whole number are folded.
            ("'123456789018", NumberStatus::Valid),
            ("=\"123456789018\"", NumberStatus::Valid),
            ("123456789018.0", NumberStatus::Valid),
            // A number it cut is named.
            ("3.65862E+11", NumberStatus::ScientificNotation),
            ("12345678903", NumberStatus::LeadingZeroLost),
        ];
        for (input, status) in cases {
            assert_eq!(check_my_number(input).status, status, "{input:?}");
        }
        assert_eq!(check_my_number("1234-5678-9018").digits, "123456789018");
        assert_eq!(check_my_number(" 123456789018 ").digits, "123456789018");
        assert_eq!(check_my_number("123456789019").digits, "123456789019");
        assert_eq!(check_my_number("'123456789018").digits, "123456789018");
        assert_eq!(check_my_number("12345678903").key(), None);
    }

    #[test]
    fn check_digit_of_the_domain_example_and_remainders_zero_and_one() {
        assert_eq!(check_digit("12345678901"), 8);
        // r = 0 and r = 1 both give 0.
        assert_eq!(check_digit("00000000000"), 0);
        assert_eq!(check_digit("00000000006"), 0); // 6 × 2 = 12, r = 1
        assert_eq!(check_digit("00000000003"), 5); // 3 × 2 = 6, r = 6
    }

    #[test]
    fn long_numbers_in_free_text_are_masked() {
        let cases = [
            ("123456789018", "********9018"),
            ("番号は1234-5678-9018です", "番号は****-****-9018です"),
            ("１２３４５６７８９０１８", "********９０１８"),
            ("12345678901", "*******8901"),
            ("2026-11-20 佐藤", "2026-11-20 佐藤"),
            ("東京都千代田区1-2-3 101号室", "東京都千代田区1-2-3 101号室"),
            ("1001-000123-01", "1001-000123-01"),
            ("1234 5678 9018", "**** **** 9018"),
            ("123456789018 1234", "********9018 1234"),
            ("0312345678", "0312345678"),
            ("", ""),
        ];
        for (text, masked) in cases {
            assert_eq!(mask_numbers_in(text), masked, "{text}");
        }
    }

    #[test]
    fn numbers_damaged_by_a_spreadsheet() {
        let cases = [
            ("3.65862E+11", Some(Damage::ScientificNotation)),
            ("3.65862e11", Some(Damage::ScientificNotation)),
            ("123456789018.0", Some(Damage::DecimalTail)),
            ("'123456789018", Some(Damage::Apostrophe)),
            ("=\"123456789018\"", Some(Damage::Formula)),
            // 012345678903 passes the check digit (3): written without its zero.
            ("12345678903", Some(Damage::LeadingZeroLost)),
            ("12345678907", None),
            ("123456789018", None),
            ("1234-5678-9018", None),
            ("", None),
            ("'", None),
        ];
        for (text, damage) in cases {
            assert_eq!(number_damage(text), damage, "{text}");
        }
        assert_eq!(check_digit("01234567890"), 3);
    }
}
