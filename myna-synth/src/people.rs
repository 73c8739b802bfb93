//! Who a generated person is: names, birth dates (and the slips clerks make in them), sex,
//! and the valid, unique My Numbers they are issued.

use myna_recon::normalize::date::{days_in_month, BirthDate};
use myna_recon::normalize::number::check_digit;
use myna_recon::normalize::sex::Sex;

use crate::address::{random_home, Home};
use crate::pools::{FEMALE_GIVEN, MALE_GIVEN, SURNAMES};
use crate::rng::Rng;

/// Who a person really is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub surname: (&'static str, &'static str),
    pub given: (&'static str, &'static str),
    pub birth_date: BirthDate,
    pub sex: Sex,
    pub home: Home,
}

pub(crate) fn random_date(rng: &mut Rng, first_year: u32, last_year: u32) -> BirthDate {
    let year = rng.range(first_year, last_year);
    let month = rng.range(1, 12);
    let day = rng.range(1, days_in_month(year, month));
    BirthDate {
        year: year as u16,
        month: month as u8,
        day: day as u8,
    }
}

pub(crate) fn given_name(rng: &mut Rng, sex: Sex) -> (&'static str, &'static str) {
    *rng.pick(if sex == Sex::Male {
        MALE_GIVEN
    } else {
        FEMALE_GIVEN
    })
}

pub(crate) fn other_given_name(
    rng: &mut Rng,
    sex: Sex,
    not: (&'static str, &'static str),
) -> (&'static str, &'static str) {
    loop {
        let name = given_name(rng, sex);
        if name.0 != not.0 && name.1 != not.1 {
            return name;
        }
    }
}

pub(crate) fn random_sex(rng: &mut Rng) -> Sex {
    if rng.chance(0.5) {
        Sex::Male
    } else {
        Sex::Female
    }
}

pub(crate) fn opposite(sex: Sex) -> Sex {
    if sex == Sex::Male {
        Sex::Female
    } else {
        Sex::Male
    }
}

pub(crate) fn random_identity(rng: &mut Rng) -> Identity {
    let sex = random_sex(rng);
    Identity {
        surname: *rng.pick(SURNAMES),
        given: given_name(rng, sex),
        birth_date: random_date(rng, 1940, 2023),
        sex,
        home: random_home(rng),
    }
}

/// Issues unique valid My Numbers: an affine walk over 11-digit bodies, plus the check digit.
pub(crate) struct NumberIssuer {
    next: u64,
    stride: u64,
}

const BODY_SPACE: u64 = 100_000_000_000;

impl NumberIssuer {
    pub(crate) fn new(rng: &mut Rng) -> NumberIssuer {
        // An odd stride not divisible by 5 is coprime to 10^11: no body repeats.
        let mut stride = rng.below(BODY_SPACE) | 1;
        while stride.is_multiple_of(5) {
            stride += 2;
        }
        NumberIssuer {
            next: rng.below(BODY_SPACE),
            stride,
        }
    }

    pub(crate) fn issue(&mut self) -> String {
        let body = format!("{:011}", self.next);
        self.next = (self.next + self.stride) % BODY_SPACE;
        let digit = check_digit(&body);
        format!("{body}{digit}")
    }
}

pub(crate) fn shifted_years(rng: &mut Rng, date: BirthDate, low: i32, high: i32) -> BirthDate {
    let shift = low + rng.below((high - low + 1) as u64) as i32;
    let year = (i32::from(date.year) + shift).clamp(1900, 2024) as u32;
    random_date(rng, year, year)
}

/// A clerical slip of the same person's birth date: a digit off, day and month swapped, or
/// the year off by one.
pub(crate) fn slip(rng: &mut Rng, date: BirthDate) -> BirthDate {
    for _ in 0..20 {
        let candidate = match rng.below(3) {
            0 => BirthDate {
                day: ((u32::from(date.day) + rng.range(1, 8) - 1) % 28 + 1) as u8,
                ..date
            },
            1 if date.day <= 12 && date.day != date.month => BirthDate {
                month: date.day,
                day: date.month,
                ..date
            },
            _ => BirthDate {
                year: date.year - 1 + 2 * rng.below(2) as u16,
                ..date
            },
        };
        if candidate != date
            && u32::from(candidate.day)
                <= days_in_month(u32::from(candidate.year), u32::from(candidate.month))
        {
            return candidate;
        }
    }
    BirthDate {
        year: date.year + 1,
        ..date
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use myna_recon::normalize::number::{check_my_number, NumberStatus};

    #[test]
    fn issued_numbers_are_valid_and_unique() {
        let mut rng = Rng::new(7);
        let mut issuer = NumberIssuer::new(&mut rng);
        let numbers: std::collections::HashSet<String> =
            (0..10_000).map(|_| issuer.issue()).collect();
        assert_eq!(numbers.len(), 10_000);
        assert!(numbers
            .iter()
            .all(|n| check_my_number(n).status == NumberStatus::Valid));
    }
}
