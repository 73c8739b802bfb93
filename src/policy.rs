//! The decision policy: rules over signals → outcome and reasons.
//!
//! In: the [`Signals`] that hold for a member (computed by `classify` from its comparison,
//! number checks and household facts) and whether it has lapsed. Out: the outcome and the
//! reasons. A [`Policy`] is data: named rules read from TOML. Two profiles ship, embedded
//! from `policies/`: `default` (tells the person from the notation) and `mhlw-2023` (MHLW's
//! ①②③ table to the letter). The config's `[policy]` picks one, and may replace its rules
//! or its birth-date slip kinds.
//!
//! A rule fires when every signal of `when` holds and none of `unless`; the outcome is the
//! most severe of the rules that fired (suspend > contact > review), the reasons those of
//! every rule that fired, in rule order. A lapsed member (資格喪失) cannot be asked: a rule
//! gives its `if_lapsed` outcome, or suspend where it would contact.

use serde::{Deserialize, Serialize};

use crate::normalize::date::SlipKind;
use crate::outcome::{Outcome, Reason, Reasons};

/// A fact about one member that rules test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    /// The number on file is not 12 digits.
    NumberMalformed,
    /// The number lost its leading zero in a spreadsheet (11 digits, the 0-prefixed form
    /// passing the check digit).
    NumberLostLeadingZero,
    /// The number was written in scientific notation by a spreadsheet.
    NumberInScientificNotation,
    /// The number's check digit fails.
    CheckDigitFails,
    /// The register does not know the (valid) number.
    NotInRegister,
    /// Other members hold the same number.
    HeldByOthers,
    /// Any of the five attributes differs from the register.
    DataDiffer,
    /// Another member of the same household holds the same number.
    HeldInHousehold,
    /// The register's person for the number is another member of the household.
    NumberOfHouseholdMember,
    /// Two members of a household hold each other's numbers.
    HouseholdSwap,
    /// Twins (one birth date, one household) whose numbers crossed.
    TwinsCrossed,
    BirthDateDiffers,
    SexDiffers,
    /// MHLW ①: birth date or sex differs.
    #[serde(rename = "mhlw_1")]
    Mhlw1,
    /// MHLW ②: both names differ (and not ①).
    #[serde(rename = "mhlw_2")]
    Mhlw2,
    /// MHLW ③: one name and the address differ (and not ① or ②).
    #[serde(rename = "mhlw_3")]
    Mhlw3,
    /// Both names differ in the surname only, birth date and sex equal.
    SurnameChanged,
    /// Only the birth date differs, as a slip of a kind the policy lists.
    BirthDateSlip,
    KanjiNameDiffers,
    KanaNameDiffers,
    AddressDiffers,
    /// The whole household moved to one new address.
    HouseholdMoved,
    /// The register's address differs while another member of the household is still at
    /// the household's address.
    AddressNotSharedByHousehold,
    /// A name equal but for placeholders (●, 〓, 外字) or written in kana.
    NameUnverifiable,
    /// The birth date or sex cannot be read.
    BirthDateOrSexUnreadable,
    /// The birth date cannot be read because a spreadsheet changed it (a serial number,
    /// month first).
    BirthDateSpreadsheetDamage,
}

impl Signal {
    pub const ALL: [Signal; 26] = [
        Signal::NumberMalformed,
        Signal::NumberLostLeadingZero,
        Signal::NumberInScientificNotation,
        Signal::CheckDigitFails,
        Signal::NotInRegister,
        Signal::HeldByOthers,
        Signal::DataDiffer,
        Signal::HeldInHousehold,
        Signal::NumberOfHouseholdMember,
        Signal::HouseholdSwap,
        Signal::TwinsCrossed,
        Signal::BirthDateDiffers,
        Signal::SexDiffers,
        Signal::Mhlw1,
        Signal::Mhlw2,
        Signal::Mhlw3,
        Signal::SurnameChanged,
        Signal::BirthDateSlip,
        Signal::KanjiNameDiffers,
        Signal::KanaNameDiffers,
        Signal::AddressDiffers,
        Signal::HouseholdMoved,
        Signal::AddressNotSharedByHousehold,
        Signal::NameUnverifiable,
        Signal::BirthDateOrSexUnreadable,
        Signal::BirthDateSpreadsheetDamage,
    ];

    /// What the signal says, for the report's list of rules.
    pub fn japanese(self) -> &'static str {
        match self {
            Signal::NumberMalformed => "番号が12桁でない",
            Signal::NumberLostLeadingZero => "番号の先頭の0が表計算ソフトで落ちた",
            Signal::NumberInScientificNotation => "番号が表計算ソフトで指数表記になった",
            Signal::CheckDigitFails => "番号の検査用数字が合わない",
            Signal::NotInRegister => "住基に番号がない",
            Signal::HeldByOthers => "ほかの加入者も同じ番号",
            Signal::DataDiffer => "5情報のいずれかが異なる",
            Signal::HeldInHousehold => "同じ世帯の加入者も同じ番号",
            Signal::NumberOfHouseholdMember => "住基の人物が同じ世帯の別の加入者",
            Signal::HouseholdSwap => "世帯内で番号が入れ替わっている",
            Signal::TwinsCrossed => "双子等で番号が入れ替わっている",
            Signal::BirthDateDiffers => "生年月日が異なる",
            Signal::SexDiffers => "性別が異なる",
            Signal::Mhlw1 => "厚労省区分①",
            Signal::Mhlw2 => "厚労省区分②",
            Signal::Mhlw3 => "厚労省区分③",
            Signal::SurnameChanged => "改姓（氏のみ異なる）",
            Signal::BirthDateSlip => "生年月日の入力誤りと見られる違い",
            Signal::KanjiNameDiffers => "漢字氏名が異なる",
            Signal::KanaNameDiffers => "カナ氏名が異なる",
            Signal::AddressDiffers => "住所が異なる",
            Signal::HouseholdMoved => "世帯全員が同じ住所へ転居",
            Signal::AddressNotSharedByHousehold => "世帯のほかの加入者と住所が異なる",
            Signal::NameUnverifiable => "氏名に代替文字（確認不能）",
            Signal::BirthDateOrSexUnreadable => "生年月日・性別が読めない",
            Signal::BirthDateSpreadsheetDamage => "生年月日が表計算ソフトで変形",
        }
    }

    /// The name rules use.
    pub fn code(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// The signals that hold for one member.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Signals(u32);

impl Signals {
    pub fn set(&mut self, signal: Signal, holds: bool) {
        if holds {
            self.0 |= 1 << signal as u32;
        }
    }

    pub fn has(self, signal: Signal) -> bool {
        self.0 & (1 << signal as u32) != 0
    }

    /// The signals that hold, in [`Signal::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Signal> {
        Signal::ALL.into_iter().filter(move |&s| self.has(s))
    }
}

/// What a rule does to a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Review,
    Contact,
    Suspend,
}

impl Action {
    pub fn outcome(self) -> Outcome {
        match self {
            Action::Review => Outcome::Review,
            Action::Contact => Outcome::Contact,
            Action::Suspend => Outcome::Suspend,
        }
    }
}

/// One rule of a policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Shown by `explain` and in the audit trail.
    pub name: String,
    /// Every one of these must hold.
    pub when: Vec<Signal>,
    /// None of these may hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unless: Vec<Signal>,
    pub outcome: Action,
    /// The outcome for a lapsed member; default: suspend where `outcome` is contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_lapsed: Option<Action>,
    pub reason: Reason,
}

impl Rule {
    pub fn fires(&self, signals: Signals) -> bool {
        self.when.iter().all(|&s| signals.has(s)) && !self.unless.iter().any(|&s| signals.has(s))
    }

    /// The rule's outcome for a member, lapsed or not.
    pub fn action(&self, lapsed: bool) -> Action {
        match (lapsed, self.if_lapsed, self.outcome) {
            (false, _, action) => action,
            (true, Some(action), _) => action,
            (true, None, Action::Contact) => Action::Suspend,
            (true, None, action) => action,
        }
    }
}

/// A named set of rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Birth-date differences taken for a clerk's slip (signal `birth_date_slip`).
    #[serde(default)]
    pub birth_date_slips: Vec<SlipKind>,
    pub rules: Vec<Rule>,
}

/// The profiles that ship.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Profile {
    #[default]
    #[serde(rename = "default")]
    Default,
    #[serde(rename = "mhlw-2023")]
    Mhlw2023,
}

impl Profile {
    pub const ALL: [Profile; 2] = [Profile::Default, Profile::Mhlw2023];

    pub fn name(self) -> &'static str {
        match self {
            Profile::Default => "default",
            Profile::Mhlw2023 => "mhlw-2023",
        }
    }

    /// The profile's TOML, as shipped in `policies/`.
    pub fn source(self) -> &'static str {
        match self {
            Profile::Default => include_str!("../policies/default.toml"),
            Profile::Mhlw2023 => include_str!("../policies/mhlw-2023.toml"),
        }
    }

    pub fn policy(self) -> Policy {
        Policy::parse(self.source()).expect("a shipped policy parses (tested)")
    }
}

/// The decision of a policy on one member's signals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ruling {
    /// `Outcome::Ok` when no rule fired.
    pub outcome: Outcome,
    pub reasons: Reasons,
    /// Indices of the rules that fired, in rule order.
    pub fired: Vec<usize>,
}

impl Policy {
    /// Parses a policy; the error names the line.
    pub fn parse(text: &str) -> Result<Policy, String> {
        let policy: Policy = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
        policy.validate()?;
        Ok(policy)
    }

    pub fn validate(&self) -> Result<(), String> {
        let mut names = std::collections::HashSet::new();
        for rule in &self.rules {
            if rule.when.is_empty() {
                return Err(format!("rule `{}` has an empty `when`", rule.name));
            }
            if !names.insert(rule.name.as_str()) {
                return Err(format!("two rules are named `{}`", rule.name));
            }
        }
        if !self.rules.iter().any(|r| r.outcome == Action::Suspend) {
            return Err(
                "no rule has `outcome = \"suspend\"`: a member holding another person's number would never be suspended; keep at least one (see `myna-recon policy`)".into(),
            );
        }
        Ok(())
    }

    /// Applies the rules to one member's signals.
    pub fn decide(&self, signals: Signals, lapsed: bool) -> Ruling {
        let fired: Vec<usize> = (0..self.rules.len())
            .filter(|&i| self.rules[i].fires(signals))
            .collect();
        let outcome_for = |lapsed| {
            fired
                .iter()
                .map(|&i| self.rules[i].action(lapsed))
                .max()
                .map_or(Outcome::Ok, Action::outcome)
        };
        let outcome = outcome_for(lapsed);
        let mut reasons: Reasons = fired.iter().map(|&i| self.rules[i].reason).collect();
        if lapsed && outcome != outcome_for(false) {
            reasons.push(match outcome {
                Outcome::Suspend => Reason::LapsedCannotBeAsked,
                _ => Reason::LapsedReviewedInternally,
            });
        }
        Ruling {
            outcome,
            reasons,
            fired,
        }
    }
}

/// A TOML error as one sentence with its line.
pub fn toml_error(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().to_owned();
    match error.span() {
        Some(span) => {
            let line = text[..span.start].matches('\n').count() + 1;
            format!("line {line}: {message}")
        }
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signals(list: &[Signal]) -> Signals {
        let mut signals = Signals::default();
        for &s in list {
            signals.set(s, true);
        }
        signals
    }

    #[test]
    fn the_shipped_profiles_parse_and_use_every_reason_they_need() {
        for profile in Profile::ALL {
            let policy = profile.policy();
            assert_eq!(policy.name, profile.name());
            assert!(!policy.rules.is_empty());
        }
        // Every reason a rule can give is given by some rule of the default profile.
        let default = Profile::Default.policy();
        for reason in Reason::ALL {
            let lapsed_only = matches!(
                reason,
                Reason::LapsedCannotBeAsked | Reason::LapsedReviewedInternally
            );
            assert!(
                lapsed_only || default.rules.iter().any(|r| r.reason == reason),
                "{reason:?} unused"
            );
        }
    }

    #[test]
    fn the_most_severe_rule_wins_and_every_reason_is_kept() {
        let policy = Profile::Default.policy();
        use Signal::*;
        let cases: &[(&[Signal], bool, Outcome, &[Reason])] = &[
            (&[], false, Outcome::Ok, &[]),
            (
                &[DataDiffer, BirthDateDiffers, Mhlw1, AddressDiffers],
                false,
                Outcome::Suspend,
                &[Reason::BirthDateDiffers, Reason::AddressDiffers],
            ),
            (
                &[DataDiffer, BirthDateDiffers, Mhlw1, BirthDateSlip],
                false,
                Outcome::Contact,
                &[Reason::BirthDateSlip],
            ),
            (
                &[DataDiffer, BirthDateDiffers, Mhlw1, BirthDateSlip],
                true,
                Outcome::Review,
                &[Reason::BirthDateSlip, Reason::LapsedReviewedInternally],
            ),
            (
                &[DataDiffer, AddressDiffers],
                true,
                Outcome::Suspend,
                &[Reason::AddressDiffers, Reason::LapsedCannotBeAsked],
            ),
            (
                &[DataDiffer, AddressDiffers, HouseholdMoved],
                true,
                Outcome::Review,
                &[Reason::HouseholdMoved],
            ),
            (
                &[
                    DataDiffer,
                    KanjiNameDiffers,
                    KanaNameDiffers,
                    Mhlw2,
                    SurnameChanged,
                    AddressDiffers,
                ],
                false,
                Outcome::Contact,
                &[Reason::SurnameChanged, Reason::AddressDiffers],
            ),
            (
                &[HeldByOthers, HeldInHousehold],
                false,
                Outcome::Contact,
                &[Reason::HeldByOtherMembers, Reason::HeldInHousehold],
            ),
        ];
        for (list, lapsed, outcome, reasons) in cases {
            let ruling = policy.decide(signals(list), *lapsed);
            assert_eq!(ruling.outcome, *outcome, "{list:?} lapsed={lapsed}");
            assert_eq!(&ruling.reasons[..], *reasons, "{list:?} lapsed={lapsed}");
        }
    }

    #[test]
    fn bad_policies_are_explained() {
        let unknown = Policy::parse(
            "name = \"x\"\n[[rules]]\nname = \"a\"\nwhen = [\"adress_differs\"]\noutcome = \"review\"\nreason = \"ADDRESS_DIFFERS\"\n",
        )
        .unwrap_err();
        assert!(
            unknown.starts_with("line 4") && unknown.contains("adress_differs"),
            "{unknown}"
        );
        let empty = Policy::parse(
            "name = \"x\"\n[[rules]]\nname = \"a\"\nwhen = []\noutcome = \"review\"\nreason = \"ADDRESS_DIFFERS\"\n",
        )
        .unwrap_err();
        assert!(empty.contains("empty `when`"), "{empty}");
    }
}
