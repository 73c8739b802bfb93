//! What is held of every row for the whole run instead of its text (see
//! [`crate::read::read_keys`]): a member's id, number and household id, a register row's
//! number — each as a small typed value, 24 bytes a member and 8 a register row. The rows
//! sharing a hash are read again to tell their texts apart.

use crate::normalize::number::number_damage;
use crate::normalize::number::{check_my_number, NumberStatus};
use crate::normalize::spreadsheet::{date_damage, Damage};
use crate::settings::{MemberColumns, PersonColumns};

/// A member id or household id as a 64-bit hash; [`TextHash::EMPTY`] for an empty field.
/// Two texts may share a hash: the rows sharing one are read again to compare the texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TextHash(u64);

impl TextHash {
    /// The hash of an empty field (no other text has it).
    pub const EMPTY: TextHash = TextHash(0);

    pub fn of(text: &str) -> TextHash {
        use std::hash::BuildHasher;
        if text.is_empty() {
            TextHash::EMPTY
        } else {
            TextHash(foldhash::fast::FixedState::default().hash_one(text) | 1)
        }
    }

    pub fn is_empty(self) -> bool {
        self == TextHash::EMPTY
    }
}

/// A number (or why there is none) and the spreadsheet damage of the row's number and birth
/// date, packed in one u64: the value in the low 48 bits (12 digits need 40), the damage
/// codes ([`Damage::packed`]) of the number and of the birth date in the two bytes above.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Packed(u64);

impl Packed {
    const VALUE_BITS: u32 = 48;
    const VALUE_MASK: u64 = (1 << Packed::VALUE_BITS) - 1;

    fn new(value: u64, number: &str, birth_date: &str) -> Packed {
        let damage = u64::from(Damage::packed(number_damage(number)))
            | u64::from(Damage::packed(date_damage(birth_date))) << 8;
        Packed(value & Packed::VALUE_MASK | damage << Packed::VALUE_BITS)
    }

    fn value(self) -> u64 {
        self.0 & Packed::VALUE_MASK
    }

    /// What a spreadsheet did to the row's number and to its birth date.
    pub fn damage(self) -> [Option<Damage>; 2] {
        let codes = self.0 >> Packed::VALUE_BITS;
        [
            Damage::unpacked(codes as u8),
            Damage::unpacked((codes >> 8) as u8),
        ]
    }
}

/// What is held of a member row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemberKey {
    pub id: TextHash,
    pub household: TextHash,
    /// The number when it has one to look up (see
    /// [`crate::normalize::number::NumberCheck::key`]), and the row's damage.
    pub number: Packed,
}

impl MemberKey {
    /// Kept for a member without a number to look up: above every 12-digit number.
    const NO_NUMBER: u64 = Packed::VALUE_MASK;

    /// The columns a member key is made from, in the order [`MemberKey::of`] takes them.
    pub fn columns(columns: &MemberColumns) -> Vec<&str> {
        vec![
            &columns.member_id,
            &columns.my_number,
            &columns.household_id,
            &columns.birth_date,
        ]
    }

    /// The key of a member row, given its [`MemberKey::columns`] fields.
    pub fn of(fields: &[&str]) -> MemberKey {
        let number = check_my_number(fields[1])
            .key()
            .unwrap_or(MemberKey::NO_NUMBER);
        MemberKey {
            id: TextHash::of(fields[0]),
            household: TextHash::of(fields[2]),
            number: Packed::new(number, fields[1], fields[3]),
        }
    }

    /// The member's number, when it has one to look up.
    pub fn number(&self) -> Option<u64> {
        Some(self.number.value()).filter(|&n| n != MemberKey::NO_NUMBER)
    }
}

/// What is held of a register row: its number as an integer, or why it is not one (the
/// status at index `i` of `RegisterKey::NOT_A_NUMBER` as the value `2^48 - 1 - i`, above
/// every 12-digit number), and the row's spreadsheet damage ([`Packed`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RegisterKey(pub Packed);

impl RegisterKey {
    const NOT_A_NUMBER: [NumberStatus; 5] = [
        NumberStatus::Empty,
        NumberStatus::Malformed,
        NumberStatus::CheckDigitFails,
        NumberStatus::LeadingZeroLost,
        NumberStatus::ScientificNotation,
    ];

    /// The columns a register key is made from.
    pub fn columns(columns: &PersonColumns) -> Vec<&str> {
        vec![&columns.my_number, &columns.birth_date]
    }

    /// The key of a register row, given its [`RegisterKey::columns`] fields.
    pub fn of(fields: &[&str]) -> RegisterKey {
        let check = check_my_number(fields[0]);
        let value = match (check.status, check.key()) {
            (NumberStatus::Valid, Some(number)) => number,
            (status, _) => {
                let why = RegisterKey::NOT_A_NUMBER.iter().position(|&s| s == status);
                Packed::VALUE_MASK - why.unwrap_or(1) as u64
            }
        };
        RegisterKey(Packed::new(value, fields[0], fields[1]))
    }

    /// The row's number, or why it has none.
    pub fn number(self) -> Result<u64, NumberStatus> {
        let why = Packed::VALUE_MASK - self.0.value();
        match RegisterKey::NOT_A_NUMBER.get(why as usize) {
            Some(&status) => Err(status),
            None => Ok(self.0.value()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_ids_and_numbers() {
        assert!(TextHash::of("").is_empty());
        assert!(!TextHash::of("1001-01").is_empty());
        assert_ne!(TextHash::of("1001-01"), TextHash::of("1001-02"));
        let member = |number: &str, birth_date: &str| MemberKey::of(&["1", number, "", birth_date]);
        assert_eq!(member("1234-5678-9018", "").number(), Some(123_456_789_018));
        assert_eq!(member("", "").number(), None);
        assert_eq!(
            member("123456789018", "19700312").number.damage(),
            [None, None]
        );
        assert_eq!(
            member("12345678903", "25000").number.damage(),
            [Some(Damage::LeadingZeroLost), Some(Damage::SerialDate)]
        );
        assert_eq!(member("12345678903", "25000").number(), None);
        assert_eq!(
            member("'123456789018", "3/12/1970").number.damage(),
            [Some(Damage::Apostrophe), Some(Damage::MonthFirstDate)]
        );
        assert_eq!(
            std::mem::size_of::<MemberKey>(),
            24,
            "held for every member"
        );
        // A valid number (check digit 8) is itself; the rest say why not.
        for (text, expected) in [
            ("123456789018", Ok(123_456_789_018)),
            ("", Err(NumberStatus::Empty)),
            ("12345", Err(NumberStatus::Malformed)),
            ("123456789010", Err(NumberStatus::CheckDigitFails)),
            ("12345678903", Err(NumberStatus::LeadingZeroLost)),
            ("3.6E+11", Err(NumberStatus::ScientificNotation)),
        ] {
            assert_eq!(RegisterKey::of(&[text, ""]).number(), expected, "{text:?}");
            let check = check_my_number(text);
            let number = check.key().filter(|_| check.status == NumberStatus::Valid);
            assert_eq!(
                RegisterKey::of(&[text, ""]).number(),
                number.ok_or(check.status)
            );
        }
    }
}
