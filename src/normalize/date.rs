//! 生年月日: every notation the contract lists, parsed to one Gregorian date.
//!
//! In: a birth date as typed — YYYYMMDD, YYYY-MM-DD, YYYY/M/D, 1970年3月12日, 昭和45年3月12日
//! (元年 = year 1), S45.03.12, or the 7-digit era code EYYMMDD — in either width, optionally
//! followed by a spreadsheet's time of day. Out: a checked [`BirthDate`] and the notation it
//! was written in, or a [`DateError`] naming what is impossible (2月30日, 平成32年, era code 6).
//! Never: guessing between the two era-code schemes; that is [`EraCodeScheme`], a setting.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::width::fold_width;

/// A calendar date known to exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BirthDate {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl fmt::Display for BirthDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// How the first digit of a 7-digit era code EYYMMDD names the era.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EraCodeScheme {
    /// 1 明治, 2 大正, 3 昭和, 4 平成, 5 令和 (J-LIS, the My Number card, most legacy systems).
    #[default]
    Jlis,
    /// 1 明治, 3 大正, 5 昭和, 7 平成, 9 令和 (the pension forms).
    Pension,
}

/// The notation a date was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateNotation {
    /// YYYYMMDD.
    Compact,
    /// Gregorian with separators: YYYY-MM-DD, YYYY/M/D, 1970年3月12日.
    Separated,
    /// Era name in kanji: 昭和45年3月12日.
    EraKanji,
    /// Era initial: S45.03.12.
    EraLetter,
    /// 7-digit era code EYYMMDD.
    EraCode,
}

/// Why a birth date could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("生年月日が空です")]
    Empty,
    #[error("生年月日の書式を読み取れません")]
    Unrecognised,
    #[error("存在しない日付です（{year}年{month}月{day}日）")]
    Impossible { year: u32, month: u32, day: u32 },
    #[error("元号コード {code} は使われていません（{scheme}）")]
    UnknownEraCode { code: u32, scheme: &'static str },
    #[error("{year}年は生年月日として扱える範囲（1868年〜2117年）の外です")]
    OutsideRange { year: u32 },
    #[error("{era}{year}年{month}月{day}日は{era}の期間外です")]
    OutsideEra {
        era: &'static str,
        year: u32,
        month: u32,
        day: u32,
    },
}

struct Era {
    kanji: &'static str,
    letter: char,
    /// First day of the era.
    start: BirthDate,
}

const ERAS: [Era; 5] = [
    Era {
        kanji: "明治",
        letter: 'M',
        start: BirthDate {
            year: 1868,
            month: 1,
            day: 25,
        },
    },
    Era {
        kanji: "大正",
        letter: 'T',
        start: BirthDate {
            year: 1912,
            month: 7,
            day: 30,
        },
    },
    Era {
        kanji: "昭和",
        letter: 'S',
        start: BirthDate {
            year: 1926,
            month: 12,
            day: 25,
        },
    },
    Era {
        kanji: "平成",
        letter: 'H',
        start: BirthDate {
            year: 1989,
            month: 1,
            day: 8,
        },
    },
    Era {
        kanji: "令和",
        letter: 'R',
        start: BirthDate {
            year: 2019,
            month: 5,
            day: 1,
        },
    },
];

/// Parses a birth date in any supported notation.
pub fn parse_birth_date(
    input: &str,
    scheme: EraCodeScheme,
) -> Result<(BirthDate, DateNotation), DateError> {
    let folded = fold_width(input);
    let text: String = strip_time_of_day(folded.trim())
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if text.is_empty() {
        return Err(DateError::Empty);
    }

    if text.bytes().all(|b| b.is_ascii_digit()) {
        return match text.len() {
            8 => {
                let (year, month, day) = (num(&text[0..4]), num(&text[4..6]), num(&text[6..8]));
                gregorian(year, month, day).map(|date| (date, DateNotation::Compact))
            }
            7 => parse_era_code(&text, scheme).map(|date| (date, DateNotation::EraCode)),
            _ => Err(DateError::Unrecognised),
        };
    }

    if let Some((era_index, rest, notation)) = split_era(&text) {
        let numbers = split_numbers(rest, true).ok_or(DateError::Unrecognised)?;
        let [year, month, day] = numbers;
        return in_era(era_index, year, month, day).map(|date| (date, notation));
    }

    let rest = text.strip_prefix("西暦").unwrap_or(&text);
    let [year, month, day] = split_numbers(rest, false).ok_or(DateError::Unrecognised)?;
    if year < 1000 {
        return Err(DateError::Unrecognised);
    }
    gregorian(year, month, day).map(|date| (date, DateNotation::Separated))
}

/// Drops a trailing time of day that spreadsheets append ("1970/3/12 0:00:00",
/// "1970-03-12T00:00:00").
fn strip_time_of_day(text: &str) -> &str {
    let cut = text
        .find('T')
        .or_else(|| text.find(' ').filter(|&i| text[i..].contains(':')));
    match cut {
        Some(i) if text[i + 1..].contains(':') => &text[..i],
        _ => text,
    }
}

fn num(digits: &str) -> u32 {
    digits.parse().unwrap_or(0)
}

/// Finds a leading era (kanji name, initial, or a squared era sign such as ㍼) and returns
/// its index in [`ERAS`] and the rest of the text.
fn split_era(text: &str) -> Option<(usize, &str, DateNotation)> {
    for (index, era) in ERAS.iter().enumerate() {
        if let Some(rest) = text.strip_prefix(era.kanji) {
            return Some((index, rest, DateNotation::EraKanji));
        }
    }
    let first = text.chars().next()?;
    let squared = ['㍾', '㍽', '㍼', '㍻', '㋿'];
    if let Some(index) = squared.iter().position(|&c| c == first) {
        return Some((index, &text[first.len_utf8()..], DateNotation::EraKanji));
    }
    let index = ERAS
        .iter()
        .position(|era| era.letter == first.to_ascii_uppercase())?;
    Some((index, &text[1..], DateNotation::EraLetter))
}

/// Splits "45.03.12", "45年3月12日", "元年1月8日", "450312" into year, month and day.
fn split_numbers(text: &str, allow_first_year: bool) -> Option<[u32; 3]> {
    let text = text.strip_suffix('日').unwrap_or(text);
    let text = if allow_first_year {
        text.replacen("元", "1", 1)
    } else {
        text.to_owned()
    };
    let parts: Vec<&str> = text
        .split(['年', '月', '.', '/', '-'])
        .filter(|part| !part.is_empty())
        .collect();
    let all_digits = |part: &&str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [year, month, day] if [year, month, day].iter().all(|p| all_digits(p)) => {
            if year.len() > 4 || month.len() > 2 || day.len() > 2 {
                return None;
            }
            Some([num(year), num(month), num(day)])
        }
        [compact] if allow_first_year && compact.len() == 6 && all_digits(compact) => Some([
            num(&compact[0..2]),
            num(&compact[2..4]),
            num(&compact[4..6]),
        ]),
        _ => None,
    }
}

fn parse_era_code(text: &str, scheme: EraCodeScheme) -> Result<BirthDate, DateError> {
    let code = num(&text[0..1]);
    let era_index = match scheme {
        EraCodeScheme::Jlis => (1..=5).contains(&code).then(|| code as usize - 1),
        EraCodeScheme::Pension => [1, 3, 5, 7, 9].iter().position(|&c| c == code),
    };
    let era_index = era_index.ok_or(DateError::UnknownEraCode {
        code,
        scheme: match scheme {
            EraCodeScheme::Jlis => "1明治 2大正 3昭和 4平成 5令和",
            EraCodeScheme::Pension => "1明治 3大正 5昭和 7平成 9令和",
        },
    })?;
    in_era(
        era_index,
        num(&text[1..3]),
        num(&text[3..5]),
        num(&text[5..7]),
    )
}

fn in_era(era_index: usize, era_year: u32, month: u32, day: u32) -> Result<BirthDate, DateError> {
    let era = &ERAS[era_index];
    let outside = DateError::OutsideEra {
        era: era.kanji,
        year: era_year,
        month,
        day,
    };
    if era_year == 0 {
        return Err(outside);
    }
    let date = gregorian(era.start.year as u32 + era_year - 1, month, day)?;
    let before_start = date < era.start;
    let after_end = ERAS
        .get(era_index + 1)
        .is_some_and(|next| date >= next.start);
    if before_start || after_end {
        return Err(outside);
    }
    Ok(date)
}

/// Birth dates from the first day of 明治 to the last year the era code can write
/// (令和99年): nobody registered was born outside it.
const FIRST_YEAR: u32 = 1868;
const LAST_YEAR: u32 = 2117;

fn gregorian(year: u32, month: u32, day: u32) -> Result<BirthDate, DateError> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(DateError::OutsideRange { year });
    }
    let impossible = DateError::Impossible { year, month, day };
    if !(1..=12).contains(&month) {
        return Err(impossible);
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(impossible);
    }
    Ok(BirthDate {
        year: year as u16,
        month: month as u8,
        day: day as u8,
    })
}

/// How a birth date can differ from the true one by a clerk's slip.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlipKind {
    /// One digit of YYYYMMDD differs (19700312 / 19700313).
    OneDigit,
    /// Two neighbouring digits of YYYYMMDD are swapped (19700312 / 19700321).
    TransposedDigits,
    /// Day and month swapped (3月12日 / 12月3日).
    DayMonthSwapped,
    /// Month and day agree and the years are one apart, or the same era year in two eras
    /// (a wrong era code: 昭和45年 for 平成45年 is 63 years apart).
    EraYear,
    /// Year and month agree; only the day differs (a day misread or mistyped).
    DayOnly,
}

impl SlipKind {
    pub const ALL: [SlipKind; 5] = [
        SlipKind::OneDigit,
        SlipKind::TransposedDigits,
        SlipKind::DayMonthSwapped,
        SlipKind::EraYear,
        SlipKind::DayOnly,
    ];

    pub fn japanese(self) -> &'static str {
        match self {
            SlipKind::OneDigit => "1桁相違",
            SlipKind::TransposedDigits => "隣接桁の入れ替わり",
            SlipKind::DayMonthSwapped => "月日の入れ替わり",
            SlipKind::EraYear => "年のずれ・元号違い",
            SlipKind::DayOnly => "日のみ相違",
        }
    }
}

/// How two different dates look like a clerical slip of one another, the first kind of
/// [`SlipKind::ALL`] that fits; `None` when none does (or the dates are equal).
pub fn clerical_slip(a: BirthDate, b: BirthDate) -> Option<SlipKind> {
    if a == b {
        return None;
    }
    let (x, y) = (a.to_string().into_bytes(), b.to_string().into_bytes());
    let differing: Vec<usize> = (0..x.len().min(y.len()))
        .filter(|&i| x[i] != y[i])
        .collect();
    let transposed = differing.len() == 2
        && differing[1] == differing[0] + 1
        && x[differing[0]] == y[differing[1]]
        && x[differing[1]] == y[differing[0]];
    let swapped = a.year == b.year && a.month == b.day && a.day == b.month;
    let era_year = a.month == b.month && a.day == b.day && {
        let gap = (i32::from(a.year) - i32::from(b.year)).unsigned_abs();
        gap == 1
            || ERAS
                .windows(2)
                .any(|pair| u32::from(pair[1].start.year - pair[0].start.year) == gap)
    };
    let day_only = a.year == b.year && a.month == b.month;
    [
        (differing.len() == 1, SlipKind::OneDigit),
        (transposed, SlipKind::TransposedDigits),
        (swapped, SlipKind::DayMonthSwapped),
        (era_year, SlipKind::EraYear),
        (day_only, SlipKind::DayOnly),
    ]
    .into_iter()
    .find_map(|(fits, kind)| fits.then_some(kind))
}

/// Days in a Gregorian month.
pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The date written with an era name (昭和45年3月12日), as the register and letters show it.
pub fn to_era_kanji(date: BirthDate) -> String {
    let index = ERAS.iter().rposition(|era| date >= era.start).unwrap_or(0);
    let era = &ERAS[index];
    let era_year = date.year - era.start.year + 1;
    let year = if era_year == 1 {
        "元".to_owned()
    } else {
        era_year.to_string()
    };
    format!("{}{}年{}月{}日", era.kanji, year, date.month, date.day)
}

/// The 7-digit era code EYYMMDD of a date under a scheme.
pub fn to_era_code(date: BirthDate, scheme: EraCodeScheme) -> String {
    let index = ERAS.iter().rposition(|era| date >= era.start).unwrap_or(0);
    let code = match scheme {
        EraCodeScheme::Jlis => index + 1,
        EraCodeScheme::Pension => index * 2 + 1,
    };
    let era_year = date.year - ERAS[index].start.year + 1;
    format!("{}{:02}{:02}{:02}", code, era_year, date.month, date.day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: u16, month: u8, day: u8) -> BirthDate {
        BirthDate { year, month, day }
    }

    #[test]
    fn every_notation_reaches_the_same_date() {
        use DateNotation::*;
        let cases = [
            ("19700312", Compact),
            ("1970-03-12", Separated),
            ("1970/3/12", Separated),
            ("1970.03.12", Separated),
            ("1970年3月12日", Separated),
            ("西暦1970年3月12日", Separated),
            ("１９７０／０３／１２", Separated),
            ("1970/3/12 0:00:00", Separated),
            ("1970-03-12T00:00:00", Separated),
            ("昭和45年3月12日", EraKanji),
            ("昭和４５年３月１２日", EraKanji),
            ("昭和 45年 3月 12日", EraKanji),
            ("㍼45.3.12", EraKanji),
            ("S45.03.12", EraLetter),
            ("s45/3/12", EraLetter),
            ("S450312", EraLetter),
            ("3450312", EraCode),
        ];
        for (input, notation) in cases {
            assert_eq!(
                parse_birth_date(input, EraCodeScheme::Jlis),
                Ok((date(1970, 3, 12), notation)),
                "{input:?}"
            );
        }
    }

    #[test]
    fn first_years_and_era_boundaries() {
        let ok = [
            ("平成元年1月8日", date(1989, 1, 8)),
            ("昭和64年1月7日", date(1989, 1, 7)),
            ("令和元年5月1日", date(2019, 5, 1)),
            ("平成31年4月30日", date(2019, 4, 30)),
            ("H01.01.08", date(1989, 1, 8)),
            ("4010108", date(1989, 1, 8)),
            ("大正15年12月24日", date(1926, 12, 24)),
            ("昭和元年12月25日", date(1926, 12, 25)),
            ("20000229", date(2000, 2, 29)),
        ];
        for (input, expected) in ok {
            assert_eq!(
                parse_birth_date(input, EraCodeScheme::Jlis).map(|(d, _)| d),
                Ok(expected),
                "{input:?}"
            );
        }
    }

    #[test]
    fn impossible_dates_are_errors() {
        let cases = [
            "19700230",
            "1970-02-30",
            "19000229",
            "平成32年1月1日",
            "昭和65年1月1日",
            "昭和64年1月8日",
            "平成元年1月7日",
            "令和元年4月30日",
            "6450312",
            "0450312",
            "昭和0年1月1日",
            "1970-13-01",
            "",
            "   ",
            "不明",
            "1970-3",
            "197003121",
            "70/3/12",
            "79100312",
            "18000101",
        ];
        for input in cases {
            assert!(
                parse_birth_date(input, EraCodeScheme::Jlis).is_err(),
                "{input:?} must be rejected"
            );
        }
    }

    #[test]
    fn era_code_scheme_is_a_setting_not_a_guess() {
        assert_eq!(
            parse_birth_date("5450312", EraCodeScheme::Pension).map(|(d, _)| d),
            Ok(date(1970, 3, 12))
        );
        assert_eq!(
            parse_birth_date("5010501", EraCodeScheme::Jlis).map(|(d, _)| d),
            Ok(date(2019, 5, 1))
        );
        assert_eq!(
            parse_birth_date("7010108", EraCodeScheme::Pension).map(|(d, _)| d),
            Ok(date(1989, 1, 8))
        );
        assert!(matches!(
            parse_birth_date("2450312", EraCodeScheme::Pension),
            Err(DateError::UnknownEraCode { code: 2, .. })
        ));
    }

    #[test]
    fn clerical_slips() {
        let base = date(1970, 3, 12);
        use SlipKind::*;
        let cases = [
            (date(1970, 3, 13), Some(OneDigit)),
            (date(1971, 3, 12), Some(OneDigit)),
            (date(1970, 3, 21), Some(TransposedDigits)),
            (date(1907, 3, 12), Some(TransposedDigits)),
            (date(1970, 12, 3), Some(DayMonthSwapped)),
            (date(2033, 3, 12), Some(EraYear)), // 昭和45 vs 平成45
            (date(1960, 3, 12), Some(OneDigit)),
            (date(1970, 3, 28), Some(DayOnly)),
            (date(1972, 8, 1), None),
            (date(1975, 11, 11), None),
            (date(1970, 4, 30), None),
            (base, None),
        ];
        for (other, expected) in cases {
            assert_eq!(clerical_slip(base, other), expected, "{other}");
            assert_eq!(clerical_slip(other, base), expected, "{other} (reversed)");
        }
        assert_eq!(
            clerical_slip(date(1969, 5, 5), date(1970, 5, 5)),
            Some(EraYear)
        );
    }

    #[test]
    fn era_forms_round_trip() {
        for (d, kanji) in [
            (date(1970, 3, 12), "昭和45年3月12日"),
            (date(1989, 1, 8), "平成元年1月8日"),
            (date(2019, 5, 1), "令和元年5月1日"),
        ] {
            assert_eq!(to_era_kanji(d), kanji);
            for scheme in [EraCodeScheme::Jlis, EraCodeScheme::Pension] {
                let code = to_era_code(d, scheme);
                assert_eq!(parse_birth_date(&code, scheme).map(|(p, _)| p), Ok(d));
            }
        }
    }
}
