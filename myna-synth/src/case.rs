//! What a generated member row is ([`Case`], as truth.csv records it), how often each case
//! is drawn, and the household pairs only one attribute tells apart ([`HouseholdPair`]).

use crate::rng::Rng;

/// What a generated member row is, as the truth file records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Case {
    // Correct links: the number is the member's own.
    Exact,
    NotationWidth,
    NotationKanaScript,
    NotationSpaces,
    NotationDate,
    NotationSex,
    NotationAddress,
    NotationMixed,
    KanjiVariant,
    Placeholder,
    KanjiInKana,
    KanaLoose,
    Moved,
    MovedKanjiVariant,
    MovedKanaNotation,
    MovedPlaceholder,
    MovedAlone,
    SurnameChange,
    MovedSurnameChange,
    BirthDateSlip,
    DuplicateOwner,
    Unregistered,
    // Wrong links: the number is someone else's, or no one's.
    FamilySpouse,
    FamilyChild,
    Twin,
    SameNameStranger,
    SameNameSameBirth,
    Unrelated,
    UnknownNumber,
    InvalidNumber,
    DuplicateHolder,
    HouseholdSwap,
    TwinsCrossed,
}

impl Case {
    pub const ALL: [Case; 33] = [
        Case::Exact,
        Case::NotationWidth,
        Case::NotationKanaScript,
        Case::NotationSpaces,
        Case::NotationDate,
        Case::NotationSex,
        Case::NotationAddress,
        Case::NotationMixed,
        Case::KanjiVariant,
        Case::Placeholder,
        Case::KanjiInKana,
        Case::KanaLoose,
        Case::Moved,
        Case::MovedKanjiVariant,
        Case::MovedKanaNotation,
        Case::MovedPlaceholder,
        Case::MovedAlone,
        Case::SurnameChange,
        Case::MovedSurnameChange,
        Case::BirthDateSlip,
        Case::DuplicateOwner,
        Case::Unregistered,
        Case::FamilySpouse,
        Case::FamilyChild,
        Case::Twin,
        Case::SameNameStranger,
        Case::SameNameSameBirth,
        Case::Unrelated,
        Case::UnknownNumber,
        Case::InvalidNumber,
        Case::DuplicateHolder,
        Case::HouseholdSwap,
        Case::TwinsCrossed,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Case::Exact => "exact",
            Case::NotationWidth => "notation_width",
            Case::NotationKanaScript => "notation_kana_script",
            Case::NotationSpaces => "notation_spaces",
            Case::NotationDate => "notation_date",
            Case::NotationSex => "notation_sex",
            Case::NotationAddress => "notation_address",
            Case::NotationMixed => "notation_mixed",
            Case::KanjiVariant => "kanji_variant",
            Case::Placeholder => "placeholder",
            Case::KanjiInKana => "kanji_in_kana",
            Case::KanaLoose => "kana_loose",
            Case::Moved => "moved",
            Case::MovedKanjiVariant => "moved_kanji_variant",
            Case::MovedKanaNotation => "moved_kana_notation",
            Case::MovedPlaceholder => "moved_placeholder",
            Case::MovedAlone => "moved_alone",
            Case::SurnameChange => "surname_change",
            Case::MovedSurnameChange => "moved_surname_change",
            Case::BirthDateSlip => "birth_date_slip",
            Case::DuplicateOwner => "duplicate_owner",
            Case::Unregistered => "unregistered",
            Case::FamilySpouse => "family_spouse",
            Case::FamilyChild => "family_child",
            Case::Twin => "twin",
            Case::SameNameStranger => "same_name_stranger",
            Case::SameNameSameBirth => "same_name_same_birth",
            Case::Unrelated => "unrelated",
            Case::UnknownNumber => "unknown_number",
            Case::InvalidNumber => "invalid_number",
            Case::DuplicateHolder => "duplicate_holder",
            Case::HouseholdSwap => "household_swap",
            Case::TwinsCrossed => "twins_crossed",
        }
    }

    pub fn from_name(name: &str) -> Option<Case> {
        Case::ALL.into_iter().find(|c| c.name() == name)
    }

    /// True when the member's number is not the member's own.
    pub fn is_wrong_link(self) -> bool {
        self >= Case::FamilySpouse
    }

    /// True when the difference is notation only (width, script, spaces, date or sex code,
    /// address notation): such a record must never be suspended or contacted.
    pub fn is_notation_only(self) -> bool {
        matches!(
            self,
            Case::NotationWidth
                | Case::NotationKanaScript
                | Case::NotationSpaces
                | Case::NotationDate
                | Case::NotationSex
                | Case::NotationAddress
                | Case::NotationMixed
        )
    }
}

/// Relative weights of the per-member cases outside moved households.
const CASE_WEIGHTS: &[(Case, u32)] = &[
    (Case::Exact, 400),
    (Case::NotationWidth, 40),
    (Case::NotationKanaScript, 30),
    (Case::NotationSpaces, 40),
    (Case::NotationDate, 40),
    (Case::NotationSex, 30),
    (Case::NotationAddress, 50),
    (Case::NotationMixed, 40),
    (Case::KanjiVariant, 40),
    (Case::Placeholder, 15),
    (Case::KanjiInKana, 5),
    (Case::KanaLoose, 30),
    (Case::MovedAlone, 10),
    (Case::SurnameChange, 20),
    (Case::BirthDateSlip, 10),
    (Case::Unregistered, 25),
    (Case::FamilySpouse, 10),
    (Case::FamilyChild, 6),
    (Case::Twin, 5),
    (Case::SameNameStranger, 4),
    (Case::SameNameSameBirth, 4),
    (Case::Unrelated, 5),
    (Case::UnknownNumber, 5),
    (Case::InvalidNumber, 5),
    (Case::DuplicateHolder, 8),
];

/// Two members of a household whose data only one attribute tells apart: the hard case
/// when their numbers cross.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HouseholdPair {
    /// Twins of one sex whose given names share a reading (貴志 / 崇史, タカシ).
    SameReadingTwins,
    /// Twins whose given names differ by a variant kanji and are read differently.
    VariantTwins,
    /// Spouses born on one day.
    SameBirthSpouses,
    /// A father and a son of one given name (Jr.).
    Junior,
}

impl HouseholdPair {
    pub const ALL: [HouseholdPair; 4] = [
        HouseholdPair::SameReadingTwins,
        HouseholdPair::VariantTwins,
        HouseholdPair::SameBirthSpouses,
        HouseholdPair::Junior,
    ];

    pub fn name(self) -> &'static str {
        match self {
            HouseholdPair::SameReadingTwins => "same_reading_twins",
            HouseholdPair::VariantTwins => "variant_twins",
            HouseholdPair::SameBirthSpouses => "same_birth_spouses",
            HouseholdPair::Junior => "junior",
        }
    }
}

pub(crate) fn pick_case(rng: &mut Rng) -> Case {
    let total: u32 = CASE_WEIGHTS.iter().map(|(_, w)| w).sum();
    let mut roll = rng.below(u64::from(total)) as u32;
    for &(case, weight) in CASE_WEIGHTS {
        if roll < weight {
            return case;
        }
        roll -= weight;
    }
    Case::Exact
}
