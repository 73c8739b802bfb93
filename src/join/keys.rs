//! What is held of every row for the whole run instead of its text (see
//! [`crate::read::read_keys`]): a member's id, number and household id, a register row's
//! number — each as a small typed value, 24 bytes a member and 8 a register row. The rows
//! sharing a hash are read again to tell their texts apart.

use crate::normalize::number::{check_my_number, NumberStatus};
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

/// A member's number as an integer when it has one to look up (see
/// [`crate::normalize::number::NumberCheck::key`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemberNumber(u64);

impl MemberNumber {
    /// Kept for a member without a number to look up: above every 12-digit number.
    const NONE: u64 = u64::MAX;

    pub fn of(text: &str) -> MemberNumber {
        MemberNumber(check_my_number(text).key().unwrap_or(MemberNumber::NONE))
    }

    pub fn get(self) -> Option<u64> {
        Some(self.0).filter(|&n| n != MemberNumber::NONE)
    }
}

/// What is held of a member row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemberKey {
    pub id: TextHash,
    pub number: MemberNumber,
    pub household: TextHash,
}

impl MemberKey {
    /// The columns a member key is made from, in the order [`MemberKey::of`] takes them.
    pub fn columns(columns: &MemberColumns) -> Vec<&str> {
        vec![
            &columns.member_id,
            &columns.my_number,
            &columns.household_id,
        ]
    }

    /// The key of a member row, given its [`MemberKey::columns`] fields.
    pub fn of(fields: &[&str]) -> MemberKey {
        MemberKey {
            id: TextHash::of(fields[0]),
            number: MemberNumber::of(fields[1]),
            household: TextHash::of(fields[2]),
        }
    }
}

/// What is held of a register row: its number as an integer, or why it is not one. Packed
/// in one u64: the status at index `i` of `RegisterKey::NOT_A_NUMBER` is `u64::MAX - i`,
/// above every 12-digit number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RegisterKey(u64);

impl RegisterKey {
    const NOT_A_NUMBER: [NumberStatus; 3] = [
        NumberStatus::Empty,
        NumberStatus::Malformed,
        NumberStatus::CheckDigitFails,
    ];

    /// The columns a register key is made from.
    pub fn columns(columns: &PersonColumns) -> Vec<&str> {
        vec![&columns.my_number]
    }

    /// The key of a register row, given its [`RegisterKey::columns`] fields.
    pub fn of(fields: &[&str]) -> RegisterKey {
        let check = check_my_number(fields[0]);
        match (check.status, check.key()) {
            (NumberStatus::Valid, Some(number)) => RegisterKey(number),
            (status, _) => {
                let why = RegisterKey::NOT_A_NUMBER.iter().position(|&s| s == status);
                RegisterKey(u64::MAX - why.unwrap_or(1) as u64)
            }
        }
    }

    /// The row's number, or why it has none.
    pub fn number(self) -> Result<u64, NumberStatus> {
        let why = u64::MAX - self.0;
        match RegisterKey::NOT_A_NUMBER.get(why as usize) {
            Some(&status) => Err(status),
            None => Ok(self.0),
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
        assert_eq!(
            MemberNumber::of("1234-5678-9018").get(),
            Some(123_456_789_018)
        );
        assert_eq!(MemberNumber::of("").get(), None);
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
        ] {
            assert_eq!(RegisterKey::of(&[text]).number(), expected, "{text:?}");
            let check = check_my_number(text);
            let number = check.key().filter(|_| check.status == NumberStatus::Valid);
            assert_eq!(
                RegisterKey::of(&[text]).number(),
                number.ok_or(check.status)
            );
        }
    }
}
