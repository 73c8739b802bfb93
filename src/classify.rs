//! Classification: what happens to a member, and why.
//!
//! In: the [`Facts`] about one member — its number's status, the [`Comparison`] with the
//! register's row for the number, whether other members hold the number, what its
//! household says and whether it has lapsed — and the [`Policy`]. Out: a [`Decision`]: the
//! [`Outcome`], the MHLW 2023 category (①②③, reported for every record, whatever the
//! policy) and the [`Reason`]s. Pure: no I/O.
//!
//! This module turns facts into [`Signals`]; the policy's rules (`policies/*.toml`, see
//! [`crate::policy`]) turn signals into the outcome. A member without a number is 未登録
//! before any rule.

use serde::{Deserialize, Serialize};

use crate::checks::NumberStatus;
use crate::household::HouseholdFacts;
use crate::model::{Attribute, Comparison, VerdictKind};
use crate::policy::{Policy, Signal, Signals};

/// What happens to a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Stop medical-information viewing until confirmed (and contact, unless lapsed).
    Suspend,
    /// Ask the member to confirm, without suspending.
    Contact,
    /// List for the insurer's own review; do not write to the member.
    Review,
    /// Nothing to do.
    Ok,
    /// No My Number on file yet.
    Unregistered,
    /// Flagged, but settled by the insurer (理由付き疑いなし, 訂正済) on data unchanged since:
    /// not listed again.
    Resolved,
}

impl Outcome {
    pub const ALL: [Outcome; 6] = [
        Outcome::Suspend,
        Outcome::Contact,
        Outcome::Review,
        Outcome::Ok,
        Outcome::Unregistered,
        Outcome::Resolved,
    ];

    pub fn japanese(self) -> &'static str {
        match self {
            Outcome::Suspend => "閲覧停止",
            Outcome::Contact => "本人確認",
            Outcome::Review => "内部確認",
            Outcome::Ok => "問題なし",
            Outcome::Unregistered => "番号未登録",
            Outcome::Resolved => "解決済",
        }
    }

    /// True for the outcomes that put a member on a list (suspension, contact, review).
    pub fn is_flagged(self) -> bool {
        matches!(self, Outcome::Suspend | Outcome::Contact | Outcome::Review)
    }

    pub fn code(self) -> &'static str {
        match self {
            Outcome::Suspend => "suspend",
            Outcome::Contact => "contact",
            Outcome::Review => "review",
            Outcome::Ok => "ok",
            Outcome::Unregistered => "unregistered",
            Outcome::Resolved => "resolved",
        }
    }
}

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

/// Why a member got its outcome: a stable code for machines and a Japanese sentence fit for
/// a letter or a clerk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Reason {
    NumberMalformed,
    CheckDigitFails,
    NotInRegister,
    HeldByOtherMembers,
    BirthDateDiffers,
    SexDiffers,
    BothNamesDiffer,
    NameAndAddressDiffer,
    AddressDiffers,
    KanjiNameDiffers,
    BirthDateOrSexUnreadable,
    LapsedCannotBeAsked,
    SurnameChanged,
    NameUnverifiable,
    BirthDateSlip,
    HouseholdMoved,
    HouseholdSwap,
    TwinsCrossed,
    NumberOfHouseholdMember,
    HeldInHousehold,
    AddressNotSharedByHousehold,
    KanaReadingDiffers,
    LapsedReviewedInternally,
}

impl Reason {
    pub const ALL: [Reason; 23] = [
        Reason::NumberMalformed,
        Reason::CheckDigitFails,
        Reason::NotInRegister,
        Reason::HeldByOtherMembers,
        Reason::BirthDateDiffers,
        Reason::SexDiffers,
        Reason::BothNamesDiffer,
        Reason::NameAndAddressDiffer,
        Reason::AddressDiffers,
        Reason::KanjiNameDiffers,
        Reason::BirthDateOrSexUnreadable,
        Reason::LapsedCannotBeAsked,
        Reason::SurnameChanged,
        Reason::NameUnverifiable,
        Reason::BirthDateSlip,
        Reason::HouseholdMoved,
        Reason::HouseholdSwap,
        Reason::TwinsCrossed,
        Reason::NumberOfHouseholdMember,
        Reason::HeldInHousehold,
        Reason::AddressNotSharedByHousehold,
        Reason::KanaReadingDiffers,
        Reason::LapsedReviewedInternally,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Reason::NumberMalformed => "NUMBER_MALFORMED",
            Reason::CheckDigitFails => "CHECK_DIGIT_FAILS",
            Reason::NotInRegister => "NOT_IN_REGISTER",
            Reason::HeldByOtherMembers => "HELD_BY_OTHER_MEMBERS",
            Reason::BirthDateDiffers => "BIRTH_DATE_DIFFERS",
            Reason::SexDiffers => "SEX_DIFFERS",
            Reason::BothNamesDiffer => "BOTH_NAMES_DIFFER",
            Reason::NameAndAddressDiffer => "NAME_AND_ADDRESS_DIFFER",
            Reason::AddressDiffers => "ADDRESS_DIFFERS",
            Reason::KanjiNameDiffers => "KANJI_NAME_DIFFERS",
            Reason::BirthDateOrSexUnreadable => "BIRTH_DATE_OR_SEX_UNREADABLE",
            Reason::LapsedCannotBeAsked => "LAPSED_CANNOT_BE_ASKED",
            Reason::SurnameChanged => "SURNAME_CHANGED",
            Reason::NameUnverifiable => "NAME_UNVERIFIABLE",
            Reason::BirthDateSlip => "BIRTH_DATE_SLIP",
            Reason::HouseholdMoved => "HOUSEHOLD_MOVED",
            Reason::HouseholdSwap => "HOUSEHOLD_SWAP",
            Reason::TwinsCrossed => "TWINS_CROSSED",
            Reason::NumberOfHouseholdMember => "NUMBER_OF_HOUSEHOLD_MEMBER",
            Reason::HeldInHousehold => "HELD_IN_HOUSEHOLD",
            Reason::AddressNotSharedByHousehold => "ADDRESS_NOT_SHARED_BY_HOUSEHOLD",
            Reason::KanaReadingDiffers => "KANA_READING_DIFFERS",
            Reason::LapsedReviewedInternally => "LAPSED_REVIEWED_INTERNALLY",
        }
    }

    /// The reason is that the number is another household member's: the sentence names
    /// that member.
    pub fn names_household_member(self) -> bool {
        matches!(
            self,
            Reason::HouseholdSwap | Reason::TwinsCrossed | Reason::NumberOfHouseholdMember
        )
    }

    pub fn japanese(self) -> &'static str {
        match self {
            Reason::NumberMalformed => "登録されている個人番号が12桁の数字ではありません。",
            Reason::CheckDigitFails => {
                "登録されている個人番号の検査用数字が合いません（入力誤りの可能性があります）。"
            }
            Reason::NotInRegister => "登録されている個人番号が住民基本台帳で見つかりませんでした。",
            Reason::HeldByOtherMembers => {
                "同じ個人番号が他の加入者にも登録されています（資格重複）。"
            }
            Reason::BirthDateDiffers => "生年月日が住民基本台帳の情報と異なります。",
            Reason::SexDiffers => "性別が住民基本台帳の情報と異なります。",
            Reason::BothNamesDiffer => "漢字氏名とカナ氏名の両方が住民基本台帳の情報と異なります。",
            Reason::NameAndAddressDiffer => "氏名の一方と住所が住民基本台帳の情報と異なります。",
            Reason::AddressDiffers => "住所が住民基本台帳の情報と異なります。",
            Reason::KanjiNameDiffers => {
                "漢字氏名が住民基本台帳の情報と異なります（カナ氏名・住所は一致）。"
            }
            Reason::BirthDateOrSexUnreadable => "生年月日または性別を読み取れません。",
            Reason::LapsedCannotBeAsked => {
                "資格喪失者のため本人に確認できず、確認が取れるまで閲覧を停止します。"
            }
            Reason::SurnameChanged => {
                "氏（姓）が住民基本台帳の情報と異なります（名・生年月日・性別は一致）。改姓の届出をご確認ください。"
            }
            Reason::NameUnverifiable => {
                "氏名に外字・代替文字（●・〓など）があり、その文字を照合できません（他の文字は一致）。"
            }
            Reason::BirthDateSlip => {
                "生年月日が住民基本台帳の情報と一部異なります（入力誤りの可能性。氏名・性別・住所は一致）。正しい生年月日をご確認ください。"
            }
            Reason::HouseholdMoved => {
                "世帯全員の住所が住民基本台帳で同じ新しい住所になっています（世帯での転居と見られます）。"
            }
            Reason::HouseholdSwap => {
                "同じ世帯の加入者と個人番号が入れ替わって登録されています。"
            }
            Reason::TwinsCrossed => {
                "生年月日が同じ世帯員（双子など）の個人番号が登録されています。"
            }
            Reason::NumberOfHouseholdMember => {
                "登録されている個人番号は、住民基本台帳では同じ世帯の別の加入者のものです。"
            }
            Reason::HeldInHousehold => {
                "同じ個人番号が同じ世帯の別の加入者にも登録されています。"
            }
            Reason::AddressNotSharedByHousehold => {
                "住所が住民基本台帳の情報と異なります（同じ世帯の他の方は登録の住所のままです）。現在の住所をご確認ください。"
            }
            Reason::KanaReadingDiffers => {
                "カナ氏名（読み）が住民基本台帳の情報と異なります（漢字氏名・住所は一致）。"
            }
            Reason::LapsedReviewedInternally => {
                "資格喪失者のため本人に確認できず、保険者で確認します。"
            }
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
}

/// The decision on one member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub outcome: Outcome,
    pub mhlw: Option<MhlwCategory>,
    pub reasons: Reasons,
}

/// The reasons for an outcome, each once, in the order given. Held inline (there are at
/// most [`Reason::ALL`]'s count): millions of judgements need no allocation for them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Reasons {
    len: u8,
    items: [Reason; Reason::ALL.len()],
}

impl Reasons {
    pub fn new() -> Reasons {
        Reasons {
            len: 0,
            items: [Reason::ALL[0]; Reason::ALL.len()],
        }
    }

    /// Adds a reason not there yet.
    pub fn push(&mut self, reason: Reason) {
        if !self.contains(&reason) {
            self.items[self.len as usize] = reason;
            self.len += 1;
        }
    }
}

impl Default for Reasons {
    fn default() -> Reasons {
        Reasons::new()
    }
}

impl std::ops::Deref for Reasons {
    type Target = [Reason];

    fn deref(&self) -> &[Reason] {
        &self.items[..self.len as usize]
    }
}

impl<'a> IntoIterator for &'a Reasons {
    type Item = &'a Reason;
    type IntoIter = std::slice::Iter<'a, Reason>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl FromIterator<Reason> for Reasons {
    fn from_iter<I: IntoIterator<Item = Reason>>(reasons: I) -> Reasons {
        let mut all = Reasons::new();
        for reason in reasons {
            all.push(reason);
        }
        all
    }
}

impl std::fmt::Debug for Reasons {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq<Vec<Reason>> for Reasons {
    fn eq(&self, other: &Vec<Reason>) -> bool {
        **self == other[..]
    }
}

impl Serialize for Reasons {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
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
    use crate::model::Verdict;
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
        Comparison {
            name_kanji: Verdict::of(kinds[0]),
            name_kana: Verdict::of(kinds[1]),
            birth_date: Verdict::of(kinds[2]),
            sex: Verdict::of(kinds[3]),
            address: Verdict::of(kinds[4]),
            surname_changed: false,
            birth_date_slip: None,
        }
    }

    fn facts(comparison: Option<&Comparison>) -> Facts<'_> {
        Facts {
            number_status: NumberStatus::Valid,
            comparison,
            held_by_others: false,
            lapsed: false,
            household: HouseholdFacts::default(),
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
