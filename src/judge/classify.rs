//! Classification: what happens to a member, and why.
//!
//! In: the [`Facts`] about one member — its number's status, the [`Comparison`] with the
//! register's row for the number, whether other members hold the number, what its
//! household says and whether it has lapsed — and the [`Policy`]. Out: a [`Decision`]: the
//! [`Outcome`], the MHLW 2023 category (①②③, reported for every record, whatever the
//! policy; the table is in docs/domain.md) and the [`Reason`]s. Pure: no I/O.
//!
//! This module turns facts into [`Signals`]; the policy's rules (`policies/*.toml`, see
//! [`crate::policy`]) turn signals into the outcome. A member without a number is 未登録
//! before any rule.

use serde::Serialize;

use crate::judge::household::HouseholdFacts;
use crate::model::{Attribute, Comparison, VerdictKind};
use crate::normalize::number::NumberStatus;
use crate::normalize::spreadsheet::Damage;
use crate::outcome::{Outcome, Reason, Reasons};
use crate::policy::{Policy, Signal, Signals};

/// MHLW's 2023 table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MhlwCategory {
    /// ① 生年月日 or 性別 differs: stop qualification and medical information.
    BirthDateOrSex,
    /// ② both names differ: stop medical information.
    BothNames,
    /// ③ one name and the address differ: stop medical information.
    NameAndAddress,
}

impl MhlwCategory {
    pub const ALL: [MhlwCategory; 3] = [
        MhlwCategory::BirthDateOrSex,
        MhlwCategory::BothNames,
        MhlwCategory::NameAndAddress,
    ];

    pub fn mark(self) -> &'static str {
        match self {
            MhlwCategory::BirthDateOrSex => "①",
            MhlwCategory::BothNames => "②",
            MhlwCategory::NameAndAddress => "③",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            MhlwCategory::BirthDateOrSex => "1",
            MhlwCategory::BothNames => "2",
            MhlwCategory::NameAndAddress => "3",
        }
    }
}

/// MHLW's table on a comparison: ① before ② before ③; `None` when the table does not apply.
pub fn mhlw_category(comparison: &Comparison) -> Option<MhlwCategory> {
    let differs = |attribute| comparison.get(attribute).kind.differs();
    let kanji = differs(Attribute::NameKanji);
    let kana = differs(Attribute::NameKana);
    if differs(Attribute::BirthDate) || differs(Attribute::Sex) {
        Some(MhlwCategory::BirthDateOrSex)
    } else if kanji && kana {
        Some(MhlwCategory::BothNames)
    } else if (kanji || kana) && differs(Attribute::Address) {
        Some(MhlwCategory::NameAndAddress)
    } else {
        None
    }
}

/// Which viewing a suspension stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuspensionScope {
    /// 資格情報と医療情報.
    QualificationAndMedical,
    /// 医療情報.
    Medical,
}

impl SuspensionScope {
    pub fn japanese(self) -> &'static str {
        match self {
            SuspensionScope::QualificationAndMedical => "資格情報・医療情報",
            SuspensionScope::Medical => "医療情報",
        }
    }
}

/// The facts about one member that the decision needs.
#[derive(Clone, Copy, Debug)]
pub struct Facts<'a> {
    pub number_status: NumberStatus,
    /// The register's row for the number, compared; `None` when the register has none.
    pub comparison: Option<&'a Comparison>,
    /// Other members hold the same number.
    pub held_by_others: bool,
    /// The member has lapsed (資格喪失): never contacted.
    pub lapsed: bool,
    /// What the member's household says.
    pub household: HouseholdFacts,
    /// What a spreadsheet did to the member's birth date, if anything.
    pub birth_date_damage: Option<Damage>,
}

/// The decision on one member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub outcome: Outcome,
    pub mhlw: Option<MhlwCategory>,
    pub reasons: Reasons,
}

impl Decision {
    /// What a suspension stops: everything when the number itself is wrong or ①; medical
    /// information otherwise.
    pub fn suspension_scope(&self) -> SuspensionScope {
        let number_wrong = self.reasons.iter().any(|r| {
            matches!(
                r,
                Reason::NumberMalformed | Reason::CheckDigitFails | Reason::NotInRegister
            )
        });
        if number_wrong || self.mhlw == Some(MhlwCategory::BirthDateOrSex) {
            SuspensionScope::QualificationAndMedical
        } else {
            SuspensionScope::Medical
        }
    }
}

/// Whether the member is on the contact list: suspended or to confirm, and not lapsed.
pub fn is_contacted(decision: &Decision, lapsed: bool) -> bool {
    matches!(decision.outcome, Outcome::Suspend | Outcome::Contact) && !lapsed
}

/// The signals that hold for a member, for the policy's rules.
pub fn signals(facts: &Facts, policy: &Policy) -> Signals {
    let mut signals = Signals::default();
    signals.set(
        Signal::NumberMalformed,
        facts.number_status == NumberStatus::Malformed,
    );
    signals.set(
        Signal::NumberLostLeadingZero,
        facts.number_status == NumberStatus::LeadingZeroLost,
    );
    signals.set(
        Signal::NumberInScientificNotation,
        facts.number_status == NumberStatus::ScientificNotation,
    );
    signals.set(
        Signal::CheckDigitFails,
        facts.number_status == NumberStatus::CheckDigitFails,
    );
    signals.set(
        Signal::NotInRegister,
        facts.number_status == NumberStatus::Valid && facts.comparison.is_none(),
    );
    signals.set(Signal::HeldByOthers, facts.held_by_others);
    let household = &facts.household;
    signals.set(Signal::HeldInHousehold, household.held_in_household);
    signals.set(
        Signal::NumberOfHouseholdMember,
        household.number_of_household_member,
    );
    signals.set(Signal::HouseholdSwap, household.swap);
    signals.set(Signal::TwinsCrossed, household.twins_crossed);
    let Some(comparison) = facts.comparison else {
        return signals;
    };

    let kind = |attribute| comparison.get(attribute).kind;
    let differs = |attribute| kind(attribute).differs();
    let mhlw = mhlw_category(comparison);
    signals.set(Signal::DataDiffer, comparison.any_differs());
    signals.set(Signal::BirthDateDiffers, differs(Attribute::BirthDate));
    signals.set(Signal::SexDiffers, differs(Attribute::Sex));
    signals.set(Signal::Mhlw1, mhlw == Some(MhlwCategory::BirthDateOrSex));
    signals.set(Signal::Mhlw2, mhlw == Some(MhlwCategory::BothNames));
    signals.set(Signal::Mhlw3, mhlw == Some(MhlwCategory::NameAndAddress));
    signals.set(
        Signal::SurnameChanged,
        mhlw == Some(MhlwCategory::BothNames) && comparison.surname_changed,
    );
    let only_birth_date_differs = Attribute::ALL
        .iter()
        .all(|&a| differs(a) == (a == Attribute::BirthDate));
    signals.set(
        Signal::BirthDateSlip,
        only_birth_date_differs
            && comparison
                .birth_date_slip
                .is_some_and(|kind| policy.birth_date_slips.contains(&kind)),
    );
    signals.set(Signal::KanjiNameDiffers, differs(Attribute::NameKanji));
    signals.set(Signal::KanaNameDiffers, differs(Attribute::NameKana));
    signals.set(Signal::AddressDiffers, differs(Attribute::Address));
    signals.set(Signal::HouseholdMoved, household.moved);
    signals.set(
        Signal::AddressNotSharedByHousehold,
        household.address_not_shared,
    );
    signals.set(
        Signal::NameUnverifiable,
        kind(Attribute::NameKanji) == VerdictKind::Unverifiable
            || kind(Attribute::NameKana) == VerdictKind::Unverifiable,
    );
    signals.set(
        Signal::BirthDateSpreadsheetDamage,
        kind(Attribute::BirthDate) == VerdictKind::Unreadable && facts.birth_date_damage.is_some(),
    );
    signals.set(
        Signal::BirthDateOrSexUnreadable,
        kind(Attribute::BirthDate) == VerdictKind::Unreadable
            || kind(Attribute::Sex) == VerdictKind::Unreadable,
    );
    signals
}

/// Decides one member's outcome under a policy.
pub fn classify(facts: &Facts, policy: &Policy) -> Decision {
    decide(facts, signals(facts, policy), policy)
}

/// Decides one member's outcome from its signals (as [`signals`] gives them).
pub fn decide(facts: &Facts, signals: Signals, policy: &Policy) -> Decision {
    let mhlw = facts.comparison.and_then(mhlw_category);
    if facts.number_status == NumberStatus::Empty {
        return Decision {
            outcome: Outcome::Unregistered,
            mhlw,
            reasons: Reasons::new(),
        };
    }
    let ruling = policy.decide(signals, facts.lapsed);
    Decision {
        outcome: ruling.outcome,
        mhlw,
        reasons: ruling.reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::date::SlipKind;
    use crate::policy::Profile;
    use VerdictKind::*;

    #[test]
    fn reasons_keep_their_order_once_each_and_hold_every_reason() {
        let reasons: Reasons = [
            Reason::AddressDiffers,
            Reason::SexDiffers,
            Reason::AddressDiffers,
        ]
        .into_iter()
        .collect();
        assert_eq!(reasons, vec![Reason::AddressDiffers, Reason::SexDiffers]);
        let every: Reasons = Reason::ALL.iter().rev().copied().collect();
        assert_eq!(every.len(), Reason::ALL.len());
        assert_eq!(every[0], *Reason::ALL.last().unwrap());
        assert_eq!(
            serde_json::to_string(&Reasons::new()).unwrap(),
            "[]".to_owned()
        );
    }

    fn comparison(kinds: [VerdictKind; 5]) -> Comparison {
        Comparison::of_kinds(kinds)
    }

    fn facts(comparison: Option<&Comparison>) -> Facts<'_> {
        Facts {
            number_status: NumberStatus::Valid,
            comparison,
            held_by_others: false,
            lapsed: false,
            household: HouseholdFacts::default(),
            birth_date_damage: None,
        }
    }

    fn default_policy() -> Policy {
        Profile::Default.policy()
    }

    #[test]
    fn mhlw_table() {
        use MhlwCategory::*;
        let cases = [
            (
                [Equal, Equal, Different, Equal, Equal],
                Some(BirthDateOrSex),
            ),
            (
                [Equal, Equal, Equal, Different, Equal],
                Some(BirthDateOrSex),
            ),
            (
                [Different, Different, Different, Equal, Equal],
                Some(BirthDateOrSex),
            ),
            ([Different, Similar, Equal, Equal, Equal], Some(BothNames)),
            (
                [Different, Equal, Equal, Equal, Different],
                Some(NameAndAddress),
            ),
            (
                [Normalized, Different, Equal, Equal, Similar],
                Some(NameAndAddress),
            ),
            ([Different, Equal, Equal, Equal, Equal], None),
            ([Equal, Equal, Equal, Equal, Different], None),
            (
                [Normalized, LikelySame, Normalized, Normalized, Normalized],
                None,
            ),
            ([Missing, Missing, Unreadable, Missing, Missing], None),
        ];
        for (kinds, expected) in cases {
            assert_eq!(mhlw_category(&comparison(kinds)), expected, "{kinds:?}");
        }
    }

    /// Every combination of verdicts, lapsed or not, held by others or not, with or
    /// without surname change and slip: the mhlw-2023 profile suspends exactly ①②③.
    #[test]
    fn the_mhlw_2023_profile_is_the_table_on_every_combination() {
        let policy = Profile::Mhlw2023.policy();
        let mut combinations = 0;
        for code in 0..VerdictKind::ALL.len().pow(5) {
            let mut kinds = [Equal; 5];
            let mut rest = code;
            for kind in &mut kinds {
                *kind = VerdictKind::ALL[rest % VerdictKind::ALL.len()];
                rest /= VerdictKind::ALL.len();
            }
            for flags in 0..16 {
                let mut compared = comparison(kinds);
                compared.surname_changed = flags & 1 != 0;
                compared.birth_date_slip = (flags & 2 != 0).then_some(SlipKind::OneDigit);
                let mut facts = facts(Some(&compared));
                facts.lapsed = flags & 4 != 0;
                facts.held_by_others = flags & 8 != 0;
                let decision = classify(&facts, &policy);
                let expected = if mhlw_category(&compared).is_some() {
                    Outcome::Suspend
                } else {
                    Outcome::Ok
                };
                assert_eq!(decision.outcome, expected, "{kinds:?} flags={flags}");
                combinations += 1;
            }
        }
        assert_eq!(combinations, 8usize.pow(5) * 16);
    }

    #[test]
    fn outcomes_under_the_default_profile() {
        let policy = default_policy();
        let cases = [
            ([Equal; 5], Outcome::Ok),
            (
                [Normalized, LikelySame, Normalized, Normalized, Normalized],
                Outcome::Ok,
            ),
            ([Equal, Equal, Different, Equal, Equal], Outcome::Suspend),
            (
                [Different, Different, Equal, Equal, Equal],
                Outcome::Suspend,
            ),
            (
                [Different, Equal, Equal, Equal, Different],
                Outcome::Suspend,
            ),
            ([Equal, Equal, Equal, Equal, Different], Outcome::Contact),
            ([Different, Equal, Equal, Equal, Equal], Outcome::Review),
            ([Equal, Different, Equal, Equal, Equal], Outcome::Review),
            ([Unverifiable, Equal, Equal, Equal, Equal], Outcome::Review),
            ([Equal, Equal, Unreadable, Equal, Equal], Outcome::Contact),
        ];
        for (kinds, expected) in cases {
            let compared = comparison(kinds);
            assert_eq!(
                classify(&facts(Some(&compared)), &policy).outcome,
                expected,
                "{kinds:?}"
            );
        }
        // A number held by several: the owner is asked, the others suspended.
        for (kinds, expected) in [
            ([Equal; 5], Outcome::Contact),
            ([Equal, Equal, Equal, Equal, Different], Outcome::Suspend),
        ] {
            let compared = comparison(kinds);
            let mut facts = facts(Some(&compared));
            facts.held_by_others = true;
            assert_eq!(classify(&facts, &policy).outcome, expected, "{kinds:?}");
        }
    }

    #[test]
    fn a_surname_change_is_asked_about_not_suspended() {
        let policy = default_policy();
        let mut changed = comparison([Different, Different, Equal, Equal, Different]);
        changed.surname_changed = true;
        let decision = classify(&facts(Some(&changed)), &policy);
        assert_eq!(decision.outcome, Outcome::Contact);
        assert_eq!(decision.mhlw, Some(MhlwCategory::BothNames));
        assert_eq!(
            decision.reasons,
            vec![Reason::SurnameChanged, Reason::AddressDiffers]
        );
        // A lapsed member cannot be asked: the insurer checks it.
        let mut lapsed = facts(Some(&changed));
        lapsed.lapsed = true;
        assert_eq!(classify(&lapsed, &policy).outcome, Outcome::Review);
        // With the birth date differing too, it is another person.
        let mut other = comparison([Different, Different, Different, Equal, Equal]);
        other.surname_changed = true;
        assert_eq!(
            classify(&facts(Some(&other)), &policy).outcome,
            Outcome::Suspend
        );
    }

    #[test]
    fn birth_date_slips_follow_the_policy_list() {
        let mut policy = default_policy();
        let mut slip = comparison([Equal, Equal, Different, Equal, Equal]);
        slip.birth_date_slip = Some(SlipKind::DayOnly);
        let decision = classify(&facts(Some(&slip)), &policy);
        assert_eq!(decision.outcome, Outcome::Contact);
        assert_eq!(decision.mhlw, Some(MhlwCategory::BirthDateOrSex));
        assert_eq!(decision.reasons, vec![Reason::BirthDateSlip]);
        // A slip with the sex differing too is another person.
        let mut other = comparison([Equal, Equal, Different, Different, Equal]);
        other.birth_date_slip = Some(SlipKind::OneDigit);
        assert_eq!(
            classify(&facts(Some(&other)), &policy).outcome,
            Outcome::Suspend
        );
        // A kind the policy does not list is not a slip.
        policy.birth_date_slips.retain(|k| *k != SlipKind::DayOnly);
        assert_eq!(
            classify(&facts(Some(&slip)), &policy).outcome,
            Outcome::Suspend
        );
    }

    #[test]
    fn household_facts_decide_moves_and_mix_ups() {
        let policy = default_policy();
        let moved = comparison([Equal, Equal, Equal, Equal, Different]);
        let with = |household: HouseholdFacts, lapsed: bool| {
            let mut facts = facts(Some(&moved));
            facts.household = household;
            facts.lapsed = lapsed;
            classify(&facts, &policy)
        };
        let household_moved = HouseholdFacts {
            moved: true,
            ..HouseholdFacts::default()
        };
        let decision = with(household_moved, false);
        assert_eq!(decision.outcome, Outcome::Review);
        assert_eq!(decision.reasons, vec![Reason::HouseholdMoved]);
        assert_eq!(with(household_moved, true).outcome, Outcome::Review);

        let alone = HouseholdFacts {
            address_not_shared: true,
            ..HouseholdFacts::default()
        };
        let decision = with(alone, false);
        assert_eq!(decision.outcome, Outcome::Contact);
        assert_eq!(decision.reasons, vec![Reason::AddressNotSharedByHousehold]);
        let decision = with(alone, true);
        assert_eq!(decision.outcome, Outcome::Suspend);
        assert!(decision.reasons.contains(&Reason::LapsedCannotBeAsked));

        let swap = HouseholdFacts {
            number_of_household_member: true,
            swap: true,
            ..HouseholdFacts::default()
        };
        let same = comparison([Equal, Different, Equal, Equal, Equal]);
        let mut facts = facts(Some(&same));
        facts.household = swap;
        let decision = classify(&facts, &policy);
        assert_eq!(decision.outcome, Outcome::Suspend);
        assert_eq!(
            decision.reasons,
            vec![Reason::HouseholdSwap, Reason::KanaReadingDiffers]
        );
    }

    #[test]
    fn number_problems_suspend_the_whole_record() {
        for profile in Profile::ALL {
            let policy = profile.policy();
            for status in [
                NumberStatus::Malformed,
                NumberStatus::CheckDigitFails,
                NumberStatus::Valid,
            ] {
                let mut facts = facts(None);
                facts.number_status = status;
                let decision = classify(&facts, &policy);
                assert_eq!(decision.outcome, Outcome::Suspend, "{profile:?} {status:?}");
                assert_eq!(
                    decision.suspension_scope(),
                    SuspensionScope::QualificationAndMedical
                );
            }
            let mut facts = facts(None);
            facts.number_status = NumberStatus::Empty;
            assert_eq!(classify(&facts, &policy).outcome, Outcome::Unregistered);
        }
    }

    #[test]
    fn lapsed_members_are_never_contacted() {
        let policy = default_policy();
        let moved = comparison([Equal, Equal, Equal, Equal, Different]);
        let mut facts = facts(Some(&moved));
        facts.lapsed = true;
        let decision = classify(&facts, &policy);
        assert_eq!(decision.outcome, Outcome::Suspend);
        assert!(decision.reasons.contains(&Reason::LapsedCannotBeAsked));
        assert!(!is_contacted(&decision, true));
        assert!(is_contacted(&decision, false));
    }
}
