//! What a spreadsheet does to a column it opened and saved: numbers in scientific notation
//! (3.65862E+11), a decimal tail (…9018.0), a leading zero lost (11 digits left of 12), text
//! markers (`'…`, `="…"`); dates as serial day numbers (25000) or month first (3/12/1970).
//!
//! In: one field as written. Out: the [`Damage`] it shows, if any (a date's here; a number's
//! where the number is checked, which builds on this module). Pure; the reader counts them
//! per column to stop a run on a damaged file, and the number check names them per member.
//! Never: repairing a value here.

/// A kind of damage a spreadsheet leaves in a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Damage {
    /// 3.65862E+11: the digits beyond the sixth are gone.
    ScientificNotation,
    /// 365862123456.0: a number stored as a decimal.
    DecimalTail,
    /// '365862123456: the apostrophe that kept it text, saved with it.
    Apostrophe,
    /// ="365862123456": the formula that kept it text, saved with it.
    Formula,
    /// 11 digits whose 0-prefixed form passes the check digit: the leading zero is gone.
    LeadingZeroLost,
    /// 25000: a date stored as the spreadsheet's serial day number.
    SerialDate,
    /// 3/12/1970: a date written month first.
    MonthFirstDate,
}

impl Damage {
    /// A small code for packing (never 0, which is no damage).
    pub fn packed(damage: Option<Damage>) -> u8 {
        damage.map_or(0, |d| {
            Damage::ALL.iter().position(|&a| a == d).unwrap_or(0) as u8 + 1
        })
    }

    /// The damage [`Damage::packed`] packed.
    pub fn unpacked(code: u8) -> Option<Damage> {
        code.checked_sub(1)
            .and_then(|i| Damage::ALL.get(usize::from(i)).copied())
    }

    /// In a sentence: "numbers in scientific notation".
    pub fn english(self) -> &'static str {
        match self {
            Damage::ScientificNotation => "numbers in scientific notation (3.65E+11)",
            Damage::DecimalTail => "numbers with a decimal tail (.0)",
            Damage::Apostrophe => "values starting with an apostrophe (')",
            Damage::Formula => "values written as formulas (=\"…\")",
            Damage::LeadingZeroLost => "12-digit numbers that lost their leading zero",
            Damage::SerialDate => "dates as spreadsheet serial numbers (25000)",
            Damage::MonthFirstDate => "dates written month first (3/12/1970)",
        }
    }

    /// The name summary.json uses.
    pub fn code(self) -> &'static str {
        match self {
            Damage::ScientificNotation => "scientific_notation",
            Damage::DecimalTail => "decimal_tail",
            Damage::Apostrophe => "apostrophe",
            Damage::Formula => "formula",
            Damage::LeadingZeroLost => "leading_zero_lost",
            Damage::SerialDate => "serial_date",
            Damage::MonthFirstDate => "month_first_date",
        }
    }

    pub const ALL: [Damage; 7] = [
        Damage::ScientificNotation,
        Damage::DecimalTail,
        Damage::Apostrophe,
        Damage::Formula,
        Damage::LeadingZeroLost,
        Damage::SerialDate,
        Damage::MonthFirstDate,
    ];
}

/// The damage a date field shows (a birth-date column).
pub fn date_damage(text: &str) -> Option<Damage> {
    let text = text.trim();
    // Serial day numbers of 1900-01-01 .. 2099-12-31 (1 to 73,050): five digits or fewer,
    // which no date notation is.
    if (1..=5).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()) {
        let serial: u32 = text.parse().unwrap_or(0);
        return (1..=73_050).contains(&serial).then_some(Damage::SerialDate);
    }
    let mut parts = text.split('/');
    if let (Some(month), Some(day), Some(year), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    {
        let number = |s: &str, len: std::ops::RangeInclusive<usize>| {
            len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        if number(month, 1..=2) && number(day, 1..=2) && number(year, 4..=4) {
            return Some(Damage::MonthFirstDate);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_damaged_by_a_spreadsheet() {
        let cases = [
            ("25000", Some(Damage::SerialDate)),
            ("1", Some(Damage::SerialDate)),
            ("3/12/1970", Some(Damage::MonthFirstDate)),
            ("12/31/1999", Some(Damage::MonthFirstDate)),
            ("1970/3/12", None),
            ("19700312", None),
            ("4450312", None),
            ("昭和45年3月12日", None),
            ("0", None),
            ("", None),
        ];
        for (text, damage) in cases {
            assert_eq!(date_damage(text), damage, "{text}");
        }
    }
}
