//! The vocabulary of judgements: what happens to a member ([`Outcome`]) and why
//! ([`Reason`], held inline as [`Reasons`]). Shared by `classify` (which decides), `policy`
//! (whose rules name them) and the writers; it imports none of them.

use serde::{Deserialize, Serialize};

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

    /// The outcome a code names (as results.csv writes it), if any.
    pub fn from_code(code: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.code() == code)
    }
}

/// Why a member got its outcome: a stable code for machines and a Japanese sentence fit for
/// a letter or a clerk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Reason {
    NumberMalformed,
    LeadingZeroLost,
    NumberInScientificNotation,
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
    BirthDateSpreadsheetDamage,
}

impl Reason {
    pub const ALL: [Reason; 26] = [
        Reason::NumberMalformed,
        Reason::LeadingZeroLost,
        Reason::NumberInScientificNotation,
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
        Reason::BirthDateSpreadsheetDamage,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Reason::NumberMalformed => "NUMBER_MALFORMED",
            Reason::LeadingZeroLost => "LEADING_ZERO_LOST",
            Reason::NumberInScientificNotation => "NUMBER_IN_SCIENTIFIC_NOTATION",
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
            Reason::BirthDateSpreadsheetDamage => "BIRTH_DATE_SPREADSHEET_DAMAGE",
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

    /// One plain sentence for the member: what differs, in everyday words, and what to do.
    /// No internal term (資格重複, 検査用数字, 住民基本台帳, 外字): the letters and the contact
    /// list's notice use these. Reasons that share a sentence give the same one (a notice
    /// says each once).
    pub fn for_member(self) -> &'static str {
        const CHECK_NUMBER: &str = "保険者に届け出られているマイナンバー（個人番号）を確認できませんでした。マイナンバーカードなどでご自身の番号をお確かめのうえ、回答票でお知らせください。";
        const NUMBER_DAMAGED: &str = "保険者の記録で、届け出られたマイナンバー（個人番号）の一部が正しく保存されていませんでした。お手数ですが、回答票で番号をお知らせください。";
        const FAMILY_NUMBER: &str = "ご家族の方とマイナンバー（個人番号）が入れ替わって届け出られている可能性があります。ご本人の番号をマイナンバーカードなどでお確かめのうえ、回答票でお知らせください。";
        const NAME: &str = "届け出られているお名前が住民票と一致しません。下の「届出内容」のお名前が正しいかお確かめください。";
        const ADDRESS: &str = "届け出られているご住所が住民票と一致しません。引っ越しをされた場合は、新しいご住所を回答票でお知らせください。";
        const BIRTH_DATE: &str = "届け出られている生年月日が住民票と一致しません。下の「届出内容」の生年月日が正しいかお確かめください。";
        match self {
            Reason::NumberMalformed
            | Reason::CheckDigitFails
            | Reason::NotInRegister
            | Reason::HeldByOtherMembers => CHECK_NUMBER,
            Reason::LeadingZeroLost | Reason::NumberInScientificNotation => NUMBER_DAMAGED,
            Reason::HouseholdSwap
            | Reason::TwinsCrossed
            | Reason::NumberOfHouseholdMember
            | Reason::HeldInHousehold => FAMILY_NUMBER,
            Reason::BirthDateDiffers | Reason::BirthDateSlip => BIRTH_DATE,
            Reason::BirthDateSpreadsheetDamage => "保険者の記録で、届け出られた生年月日が正しく保存されていませんでした。お手数ですが、回答票で生年月日をお知らせください。",
            Reason::SexDiffers => "届け出られている性別が住民票と一致しません。下の「届出内容」の性別が正しいかお確かめください。",
            Reason::BirthDateOrSexUnreadable => "保険者の記録で、生年月日または性別を読み取れませんでした。下の「届出内容」が正しいかお確かめください。",
            Reason::BothNamesDiffer
            | Reason::KanjiNameDiffers
            | Reason::KanaReadingDiffers
            | Reason::NameAndAddressDiffer => NAME,
            Reason::NameUnverifiable => "お名前に、保険者のシステムでは表示できない文字が含まれています。下の「届出内容」のお名前が正しいかお確かめください。",
            Reason::SurnameChanged => "届け出られているお名前の姓が住民票と一致しません。結婚などで姓が変わった場合は、変更の届出をお願いします。",
            Reason::AddressDiffers
            | Reason::HouseholdMoved
            | Reason::AddressNotSharedByHousehold => ADDRESS,
            Reason::LapsedCannotBeAsked | Reason::LapsedReviewedInternally => CONFIRM_REGISTRATION,
        }
    }

    /// A reason a letter that travels through the employer (事業所) must not name: the sex,
    /// the birth date, or a family member's number. Such a letter asks the member to confirm
    /// the registration ([`CONFIRM_REGISTRATION`]); the reason stays in the internal lists.
    pub fn is_sensitive(self) -> bool {
        matches!(
            self,
            Reason::BirthDateDiffers
                | Reason::BirthDateSlip
                | Reason::BirthDateSpreadsheetDamage
                | Reason::SexDiffers
                | Reason::BirthDateOrSexUnreadable
                | Reason::HouseholdSwap
                | Reason::TwinsCrossed
                | Reason::NumberOfHouseholdMember
                | Reason::HeldInHousehold
        )
    }

    /// A few words for the reason, for the report's charts, filters and tables.
    pub fn label(self) -> &'static str {
        match self {
            Reason::NumberMalformed => "番号形式不正",
            Reason::LeadingZeroLost => "番号の先頭0欠落",
            Reason::NumberInScientificNotation => "番号の指数表記",
            Reason::CheckDigitFails => "検査用数字不一致",
            Reason::NotInRegister => "住基に該当なし",
            Reason::HeldByOtherMembers => "資格重複",
            Reason::BirthDateDiffers => "生年月日相違",
            Reason::SexDiffers => "性別相違",
            Reason::BothNamesDiffer => "氏名（漢字・カナ）相違",
            Reason::NameAndAddressDiffer => "氏名一方・住所相違",
            Reason::AddressDiffers => "住所相違",
            Reason::KanjiNameDiffers => "漢字氏名相違",
            Reason::BirthDateOrSexUnreadable => "生年月日・性別読取不能",
            Reason::BirthDateSpreadsheetDamage => "生年月日の表計算ソフトによる変形",
            Reason::LapsedCannotBeAsked => "資格喪失者",
            Reason::SurnameChanged => "改姓",
            Reason::NameUnverifiable => "代替文字",
            Reason::BirthDateSlip => "生年月日の入力誤り疑い",
            Reason::HouseholdMoved => "世帯で転居",
            Reason::HouseholdSwap => "世帯内で番号入替",
            Reason::TwinsCrossed => "双子等の番号取違え",
            Reason::NumberOfHouseholdMember => "世帯員の番号",
            Reason::HeldInHousehold => "世帯内で番号重複",
            Reason::AddressNotSharedByHousehold => "世帯と異なる住所",
            Reason::KanaReadingDiffers => "カナ氏名相違",
            Reason::LapsedReviewedInternally => "資格喪失者（内部確認）",
        }
    }

    pub fn japanese(self) -> &'static str {
        match self {
            Reason::NumberMalformed => "登録されている個人番号が12桁の数字ではありません。",
            Reason::LeadingZeroLost => {
                "登録されている個人番号の先頭の「0」が欠けています（表計算ソフトで開いて保存したためと見られます）。正しい12桁の番号をご確認ください。"
            }
            Reason::NumberInScientificNotation => {
                "登録されている個人番号が表計算ソフトで指数表記（例 3.65E+11）に変わり、桁が失われています。正しい12桁の番号をご確認ください。"
            }
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
            Reason::BirthDateSpreadsheetDamage => {
                "登録されている生年月日が表計算ソフトで別の形（通し番号や月/日/年）に変わり、読み取れません。正しい生年月日をご確認ください。"
            }
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

/// What a notice says where the specific reason must not travel (see
/// [`Reason::is_sensitive`]).
pub const CONFIRM_REGISTRATION: &str = "保険者に届け出られているご登録内容を、住民票の情報と照らし合わせて確認させていただいています。下の「届出内容」が正しいかお確かめのうえ、回答票でお知らせください。";

/// Every sentence a notice may hold, each once: the reasons' (in [`Reason::ALL`] order), then
/// [`CONFIRM_REGISTRATION`].
pub fn all_member_sentences() -> Vec<&'static str> {
    let mut sentences: Vec<&'static str> = Vec::new();
    for sentence in Reason::ALL
        .iter()
        .map(|r| r.for_member())
        .chain([CONFIRM_REGISTRATION])
    {
        if !sentences.contains(&sentence) {
            sentences.push(sentence);
        }
    }
    sentences
}

/// The sentences of a notice to a member, each once, in the reasons' order: through the
/// employer (`via_office`), a sensitive reason is said as [`CONFIRM_REGISTRATION`].
pub fn member_sentences(reasons: &[Reason], via_office: bool) -> Vec<&'static str> {
    let mut sentences: Vec<&'static str> = Vec::new();
    for &reason in reasons {
        let sentence = if via_office && reason.is_sensitive() {
            CONFIRM_REGISTRATION
        } else {
            reason.for_member()
        };
        if !sentences.contains(&sentence) {
            sentences.push(sentence);
        }
    }
    if sentences.is_empty() {
        sentences.push(CONFIRM_REGISTRATION);
    }
    sentences
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
