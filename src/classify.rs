//! Classification: what happens to a member, and why.
//!
//! In: the facts about one member — its number's status, whether the register knows the
//! number, whether other members hold it, the [`Comparison`] and whether the member has
//! lapsed. Out: a [`Decision`] — the [`Outcome`], the MHLW 2023 category (①②③, reported
//! for every record) and the [`Reason`]s. Pure: no I/O.
//!
//! The rules, in order:
//! - no number → 未登録 (nothing to check);
//! - malformed number, failing check digit, number unknown to the register → suspend;
//! - MHLW ① (birth date or sex differs), ② (both names differ), ③ (one name and the
//!   address differ), on normalised values → suspend — except a change of surname (surname
//!   differs in kanji and kana, given name, birth date and sex equal) → contact;
//! - a number held by several members: those whose data differ in anything → suspend, the
//!   one that matches → contact;
//! - only the birth date differs, as a clerical slip would (one digit, day and month
//!   swapped, a wrong era code) → contact;
//! - only the address differs → contact (a move, or a same-name stranger), unless the
//!   register gives the whole household one new address → internal review (a household
//!   move);
//! - one name differs, address the same → internal review;
//! - a name unverifiable because of placeholders (●, 〓, 外字) → internal review;
//! - birth date or sex unreadable → contact;
//! - otherwise nothing to do.
//!
//! Suspended members are contacted too, unless lapsed (資格喪失): they are never contacted,
//! so a lapsed member whose doubt would be asked about is suspended instead.

use serde::Serialize;

use crate::checks::NumberStatus;
use crate::model::{Attribute, Comparison, VerdictKind};

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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
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
    OneNameDiffers,
    BirthDateOrSexUnreadable,
    LapsedCannotBeAsked,
    SurnameChanged,
    NameUnverifiable,
    BirthDateSlip,
    HouseholdMoved,
}

impl Reason {
    pub const ALL: [Reason; 16] = [
        Reason::NumberMalformed,
        Reason::CheckDigitFails,
        Reason::NotInRegister,
        Reason::HeldByOtherMembers,
        Reason::BirthDateDiffers,
        Reason::SexDiffers,
        Reason::BothNamesDiffer,
        Reason::NameAndAddressDiffer,
        Reason::AddressDiffers,
        Reason::OneNameDiffers,
        Reason::BirthDateOrSexUnreadable,
        Reason::LapsedCannotBeAsked,
        Reason::SurnameChanged,
        Reason::NameUnverifiable,
        Reason::BirthDateSlip,
        Reason::HouseholdMoved,
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
            Reason::OneNameDiffers => "ONE_NAME_DIFFERS",
            Reason::BirthDateOrSexUnreadable => "BIRTH_DATE_OR_SEX_UNREADABLE",
            Reason::LapsedCannotBeAsked => "LAPSED_CANNOT_BE_ASKED",
            Reason::SurnameChanged => "SURNAME_CHANGED",
            Reason::NameUnverifiable => "NAME_UNVERIFIABLE",
            Reason::BirthDateSlip => "BIRTH_DATE_SLIP",
            Reason::HouseholdMoved => "HOUSEHOLD_MOVED",
        }
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
            Reason::OneNameDiffers => {
                "漢字氏名またはカナ氏名の一方が住民基本台帳の情報と異なります（住所は一致）。"
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
    /// The member has lapsed (資格喪失): never contacted, so a doubt that would be asked
    /// about suspends instead.
    pub lapsed: bool,
    /// The register gives every member of the household one new address, different from the
    /// household's: the household moved.
    pub household_moved: bool,
}

/// The decision on one member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub outcome: Outcome,
    pub mhlw: Option<MhlwCategory>,
    pub reasons: Vec<Reason>,
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

/// Decides one member's outcome.
pub fn classify(facts: &Facts) -> Decision {
    let mut decision = classify_active(facts);
    if facts.lapsed && decision.outcome == Outcome::Contact {
        decision.outcome = Outcome::Suspend;
        decision.reasons.push(Reason::LapsedCannotBeAsked);
    }
    decision
}

/// Whether the member is on the contact list: suspended or to confirm, and not lapsed.
pub fn is_contacted(decision: &Decision, lapsed: bool) -> bool {
    matches!(decision.outcome, Outcome::Suspend | Outcome::Contact) && !lapsed
}

fn classify_active(facts: &Facts) -> Decision {
    let mut reasons = Vec::new();
    let mhlw = facts.comparison.and_then(mhlw_category);
    let decide = |outcome, reasons| Decision {
        outcome,
        mhlw,
        reasons,
    };

    match facts.number_status {
        NumberStatus::Empty => return decide(Outcome::Unregistered, reasons),
        NumberStatus::Malformed => reasons.push(Reason::NumberMalformed),
        NumberStatus::CheckDigitFails => reasons.push(Reason::CheckDigitFails),
        NumberStatus::Valid => {}
    }
    if facts.held_by_others {
        reasons.push(Reason::HeldByOtherMembers);
    }
    let Some(comparison) = facts.comparison else {
        if facts.number_status == NumberStatus::Valid {
            reasons.push(Reason::NotInRegister);
        }
        return decide(Outcome::Suspend, reasons);
    };

    let differs = |attribute| comparison.get(attribute).kind.differs();
    // Both names differ only in the surname: a change of surname, to be confirmed with the
    // member rather than a stranger's record.
    let surname_change = mhlw == Some(MhlwCategory::BothNames) && comparison.surname_changed;
    if differs(Attribute::BirthDate) {
        reasons.push(Reason::BirthDateDiffers);
    }
    if differs(Attribute::Sex) {
        reasons.push(Reason::SexDiffers);
    }
    match mhlw {
        Some(MhlwCategory::BothNames) if surname_change => reasons.push(Reason::SurnameChanged),
        Some(MhlwCategory::BothNames) => reasons.push(Reason::BothNamesDiffer),
        Some(MhlwCategory::NameAndAddress) => reasons.push(Reason::NameAndAddressDiffer),
        _ => {}
    }
    // Only the birth date differs, as a clerical slip of the same person would: asked
    // about, not suspended.
    let birth_date_slip = mhlw == Some(MhlwCategory::BirthDateOrSex)
        && comparison.birth_date_slip
        && !differs(Attribute::Sex)
        && !differs(Attribute::NameKanji)
        && !differs(Attribute::NameKana)
        && !differs(Attribute::Address);
    if birth_date_slip {
        reasons.retain(|r| *r != Reason::BirthDateDiffers);
        reasons.push(Reason::BirthDateSlip);
    }
    let number_wrong = facts.number_status != NumberStatus::Valid;
    let by_table = mhlw.is_some() && !surname_change && !birth_date_slip;
    if by_table || number_wrong || (facts.held_by_others && comparison.any_differs()) {
        return decide(Outcome::Suspend, reasons);
    }
    if facts.held_by_others {
        return decide(Outcome::Contact, reasons);
    }

    if surname_change || birth_date_slip {
        if differs(Attribute::Address) {
            reasons.push(Reason::AddressDiffers);
        }
        return decide(Outcome::Contact, reasons);
    }
    if differs(Attribute::Address) {
        // The whole household moved: for the insurer to update, not a question to the member.
        if facts.household_moved && !differs(Attribute::NameKanji) && !differs(Attribute::NameKana)
        {
            reasons.push(Reason::HouseholdMoved);
            return decide(Outcome::Review, reasons);
        }
        reasons.push(Reason::AddressDiffers);
        return decide(Outcome::Contact, reasons);
    }
    if differs(Attribute::NameKanji) || differs(Attribute::NameKana) {
        reasons.push(Reason::OneNameDiffers);
        return decide(Outcome::Review, reasons);
    }
    let kind = |attribute| comparison.get(attribute).kind;
    if kind(Attribute::NameKanji) == VerdictKind::Unverifiable
        || kind(Attribute::NameKana) == VerdictKind::Unverifiable
    {
        reasons.push(Reason::NameUnverifiable);
        return decide(Outcome::Review, reasons);
    }
    if kind(Attribute::BirthDate) == VerdictKind::Unreadable
        || kind(Attribute::Sex) == VerdictKind::Unreadable
    {
        reasons.push(Reason::BirthDateOrSexUnreadable);
        return decide(Outcome::Contact, reasons);
    }
    decide(Outcome::Ok, reasons)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Verdict;
    use VerdictKind::*;

    fn comparison(kinds: [VerdictKind; 5]) -> Comparison {
        Comparison {
            name_kanji: Verdict::of(kinds[0]),
            name_kana: Verdict::of(kinds[1]),
            birth_date: Verdict::of(kinds[2]),
            sex: Verdict::of(kinds[3]),
            address: Verdict::of(kinds[4]),
            surname_changed: false,
            birth_date_slip: false,
        }
    }

    fn decide(kinds: [VerdictKind; 5], held_by_others: bool) -> Decision {
        let comparison = comparison(kinds);
        classify(&Facts {
            number_status: NumberStatus::Valid,
            comparison: Some(&comparison),
            held_by_others,
            lapsed: false,
            household_moved: false,
        })
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

    #[test]
    fn outcomes() {
        let cases = [
            ([Equal; 5], false, Outcome::Ok),
            (
                [Normalized, LikelySame, Normalized, Normalized, Normalized],
                false,
                Outcome::Ok,
            ),
            (
                [Equal, Equal, Different, Equal, Equal],
                false,
                Outcome::Suspend,
            ),
            (
                [Different, Different, Equal, Equal, Equal],
                false,
                Outcome::Suspend,
            ),
            (
                [Equal, Equal, Equal, Equal, Different],
                false,
                Outcome::Contact,
            ),
            (
                [Different, Equal, Equal, Equal, Equal],
                false,
                Outcome::Review,
            ),
            (
                [Equal, Equal, Unreadable, Equal, Equal],
                false,
                Outcome::Contact,
            ),
            ([Equal; 5], true, Outcome::Contact),
            (
                [Equal, Equal, Equal, Equal, Different],
                true,
                Outcome::Suspend,
            ),
        ];
        for (kinds, held, expected) in cases {
            assert_eq!(
                decide(kinds, held).outcome,
                expected,
                "{kinds:?} held={held}"
            );
        }
    }

    #[test]
    fn a_surname_change_is_asked_about_not_suspended() {
        let mut changed = comparison([Different, Different, Equal, Equal, Different]);
        changed.surname_changed = true;
        let facts = |comparison| Facts {
            number_status: NumberStatus::Valid,
            comparison: Some(comparison),
            held_by_others: false,
            lapsed: false,
            household_moved: false,
        };
        let decision = classify(&facts(&changed));
        assert_eq!(decision.outcome, Outcome::Contact);
        assert_eq!(decision.mhlw, Some(MhlwCategory::BothNames));
        assert_eq!(
            decision.reasons,
            vec![Reason::SurnameChanged, Reason::AddressDiffers]
        );
        // With the birth date differing too, it is another person.
        let mut other = comparison([Different, Different, Different, Equal, Equal]);
        other.surname_changed = true;
        assert_eq!(classify(&facts(&other)).outcome, Outcome::Suspend);
    }

    #[test]
    fn birth_date_slips_and_household_moves() {
        let mut slip = comparison([Equal, Equal, Different, Equal, Equal]);
        slip.birth_date_slip = true;
        let facts = |comparison, household_moved| Facts {
            number_status: NumberStatus::Valid,
            comparison: Some(comparison),
            held_by_others: false,
            lapsed: false,
            household_moved,
        };
        let decision = classify(&facts(&slip, false));
        assert_eq!(decision.outcome, Outcome::Contact);
        assert_eq!(decision.mhlw, Some(MhlwCategory::BirthDateOrSex));
        assert_eq!(decision.reasons, vec![Reason::BirthDateSlip]);
        // A slip with the sex differing too is another person.
        let mut other = comparison([Equal, Equal, Different, Different, Equal]);
        other.birth_date_slip = true;
        assert_eq!(classify(&facts(&other, false)).outcome, Outcome::Suspend);

        let moved = comparison([Equal, Equal, Equal, Equal, Different]);
        let decision = classify(&facts(&moved, true));
        assert_eq!(decision.outcome, Outcome::Review);
        assert_eq!(decision.reasons, vec![Reason::HouseholdMoved]);
        assert_eq!(classify(&facts(&moved, false)).outcome, Outcome::Contact);
    }

    #[test]
    fn number_problems_suspend_the_whole_record() {
        for status in [
            NumberStatus::Malformed,
            NumberStatus::CheckDigitFails,
            NumberStatus::Valid,
        ] {
            let decision = classify(&Facts {
                number_status: status,
                comparison: None,
                held_by_others: false,
                lapsed: false,
                household_moved: false,
            });
            assert_eq!(decision.outcome, Outcome::Suspend);
            assert_eq!(
                decision.suspension_scope(),
                SuspensionScope::QualificationAndMedical
            );
        }
        let unregistered = classify(&Facts {
            number_status: NumberStatus::Empty,
            comparison: None,
            held_by_others: false,
            lapsed: false,
            household_moved: false,
        });
        assert_eq!(unregistered.outcome, Outcome::Unregistered);
    }

    #[test]
    fn lapsed_members_are_suspended_rather_than_asked_and_never_contacted() {
        let moved = comparison([Equal, Equal, Equal, Equal, Different]);
        let decision = classify(&Facts {
            number_status: NumberStatus::Valid,
            comparison: Some(&moved),
            held_by_others: false,
            lapsed: true,
            household_moved: false,
        });
        assert_eq!(decision.outcome, Outcome::Suspend);
        assert!(decision.reasons.contains(&Reason::LapsedCannotBeAsked));
        assert!(!is_contacted(&decision, true));
        assert!(is_contacted(&decision, false));
    }
}
