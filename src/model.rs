//! The domain's nouns: the five attributes (5情報), a person's normalised values, and the
//! verdict a comparison gives each attribute.

use std::sync::Arc;

use serde::Serialize;

use crate::normalize::address::{parse_address, Address};
use crate::normalize::date::{
    parse_birth_date, to_era_kanji, BirthDate, DateError, EraCodeScheme, SlipKind,
};
use crate::normalize::kana::{normalize_kana_name, KanaName, KanaRung};
use crate::normalize::kanji::{normalize_kanji_name, KanjiName};
use crate::normalize::sex::{parse_sex, Sex};

/// The five attributes compared with the resident register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Attribute {
    NameKanji,
    NameKana,
    BirthDate,
    Sex,
    Address,
}

impl Attribute {
    pub const ALL: [Attribute; 5] = [
        Attribute::NameKanji,
        Attribute::NameKana,
        Attribute::BirthDate,
        Attribute::Sex,
        Attribute::Address,
    ];

    pub fn japanese(self) -> &'static str {
        match self {
            Attribute::NameKanji => "漢字氏名",
            Attribute::NameKana => "カナ氏名",
            Attribute::BirthDate => "生年月日",
            Attribute::Sex => "性別",
            Attribute::Address => "住所",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Attribute::NameKanji => "name_kanji",
            Attribute::NameKana => "name_kana",
            Attribute::BirthDate => "birth_date",
            Attribute::Sex => "sex",
            Attribute::Address => "address",
        }
    }
}

/// The raw text of the five attributes, as read from one row.
#[derive(Clone, Copy, Debug, Default)]
pub struct PersonText<'a> {
    pub name_kanji: &'a str,
    pub name_kana: &'a str,
    pub birth_date: &'a str,
    pub sex: &'a str,
    pub address: &'a str,
}

impl<'a> PersonText<'a> {
    /// One attribute's text.
    pub fn get(&self, attribute: Attribute) -> &'a str {
        match attribute {
            Attribute::NameKanji => self.name_kanji,
            Attribute::NameKana => self.name_kana,
            Attribute::BirthDate => self.birth_date,
            Attribute::Sex => self.sex,
            Attribute::Address => self.address,
        }
    }
}

/// One person's five attributes, normalised once and compared many times. Names and
/// addresses are shared: the run normalises each distinct text once (a household's
/// address, a common name) and every person holding it points to the one result.
#[derive(Clone, Debug)]
pub struct Person {
    pub name_kanji: Arc<KanjiName>,
    pub name_kana: Arc<KanaName>,
    pub birth_date: Result<BirthDate, DateError>,
    pub sex: Option<Sex>,
    pub address: Arc<Address>,
}

impl Person {
    /// Normalises every attribute of a row.
    pub fn from_text(text: &PersonText, scheme: EraCodeScheme) -> Person {
        Person::with_shared(
            text,
            scheme,
            Arc::new(normalize_kanji_name(text.name_kanji)),
            Arc::new(normalize_kana_name(text.name_kana)),
            Arc::new(parse_address(text.address)),
        )
    }

    /// A person whose names and address were normalised already (once per distinct text).
    pub fn with_shared(
        text: &PersonText,
        scheme: EraCodeScheme,
        name_kanji: Arc<KanjiName>,
        name_kana: Arc<KanaName>,
        address: Arc<Address>,
    ) -> Person {
        Person {
            name_kanji,
            name_kana,
            birth_date: parse_birth_date(text.birth_date, scheme).map(|(date, _)| date),
            sex: parse_sex(text.sex),
            address,
        }
    }

    /// An attribute as compared, for a person to read: the kanji name with variants
    /// folded (渡邊 → 渡辺), the kana name in full-width katakana, the birth date in 西暦
    /// and 和暦, the sex as 男/女/不明, the address as [`Address::normalised`]; empty
    /// where it cannot be read.
    pub fn normalised(&self, attribute: Attribute) -> String {
        match attribute {
            Attribute::NameKanji => self.name_kanji.variant_key.clone(),
            Attribute::NameKana => self.name_kana.key(KanaRung::Notation).to_owned(),
            Attribute::BirthDate => self.birth_date.as_ref().map_or(String::new(), |&date| {
                format!("{date}（{}）", to_era_kanji(date))
            }),
            Attribute::Sex => self.sex.map_or("", Sex::japanese).to_owned(),
            Attribute::Address => self.address.normalised(),
        }
    }
}

/// How one attribute of the member compares with the register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VerdictKind {
    /// Identical text.
    Equal,
    /// Equal once notation (width, script, spaces, date format, code) is folded.
    Normalized,
    /// Kana equal only on a loose rung (small kana, ヴ/ブ, long vowels): likely the same
    /// person, but not the same legal reading.
    LikelySame,
    /// Equal except where a placeholder (●, 〓, 外字) stands for a character the system
    /// could not store, or written in kana for that reason: cannot be verified, and never
    /// counts as differing.
    Unverifiable,
    /// Not equal, but close (a possible typo); the score says how close. Counts as
    /// differing.
    Similar,
    /// Different.
    Different,
    /// Empty on one side, or 不明: cannot be compared.
    Missing,
    /// Present but unreadable (an impossible date, an unknown sex code).
    Unreadable,
}

impl VerdictKind {
    pub const ALL: [VerdictKind; 8] = [
        VerdictKind::Equal,
        VerdictKind::Normalized,
        VerdictKind::LikelySame,
        VerdictKind::Unverifiable,
        VerdictKind::Similar,
        VerdictKind::Different,
        VerdictKind::Missing,
        VerdictKind::Unreadable,
    ];

    /// True when the attribute counts as differing for the MHLW table.
    pub fn differs(self) -> bool {
        matches!(self, VerdictKind::Similar | VerdictKind::Different)
    }

    pub fn japanese(self) -> &'static str {
        match self {
            VerdictKind::Equal => "一致",
            VerdictKind::Normalized => "表記ゆれ一致",
            VerdictKind::LikelySame => "読み近似",
            VerdictKind::Unverifiable => "確認不能(代替文字)",
            VerdictKind::Similar => "類似",
            VerdictKind::Different => "不一致",
            VerdictKind::Missing => "比較不能(空欄)",
            VerdictKind::Unreadable => "読取不能",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            VerdictKind::Equal => "equal",
            VerdictKind::Normalized => "normalized",
            VerdictKind::LikelySame => "likely_same",
            VerdictKind::Unverifiable => "unverifiable",
            VerdictKind::Similar => "similar",
            VerdictKind::Different => "different",
            VerdictKind::Missing => "missing",
            VerdictKind::Unreadable => "unreadable",
        }
    }

    /// The verdict a code names (as summary.json writes it), if any.
    pub fn from_code(code: &str) -> Option<VerdictKind> {
        VerdictKind::ALL.into_iter().find(|v| v.code() == code)
    }
}

/// What made two names meet: which fold, or which rung of the kana ladder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchBasis {
    /// Width, script, spaces, iteration marks, compatibility ideographs.
    Notation,
    /// A variant kanji (異体字/旧字) folded to its standard form.
    KanjiVariant,
    /// Equal except at placeholders.
    Placeholder,
    /// The kanji field holds the reading, equal to the other side's kana.
    WrittenInKana,
    /// Kana rungs: see [`KanaRung`].
    Kana(KanaRung),
}

impl MatchBasis {
    pub fn japanese(self) -> &'static str {
        match self {
            MatchBasis::Notation => "表記のみ",
            MatchBasis::KanjiVariant => "異体字",
            MatchBasis::Placeholder => "代替文字",
            MatchBasis::WrittenInKana => "カナ表記",
            MatchBasis::Kana(rung) => rung.japanese(),
        }
    }
}

/// How close two addresses that differ are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceMatch {
    /// Same block numbers, another building or room.
    SameBlockOtherRoom,
    /// Same town, other 丁目/番/号.
    SameTownOtherBlock,
    /// Same city, another town.
    SameCity,
    /// Another city or prefecture.
    OtherCity,
}

impl PlaceMatch {
    pub fn japanese(self) -> &'static str {
        match self {
            PlaceMatch::SameBlockOtherRoom => "同一番地・建物部屋が相違",
            PlaceMatch::SameTownOtherBlock => "同一町域・番地が相違",
            PlaceMatch::SameCity => "同一市区町村・町域が相違",
            PlaceMatch::OtherCity => "別の市区町村",
        }
    }
}

/// The verdict on one attribute.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Verdict {
    pub kind: VerdictKind,
    /// Jaro-Winkler similarity 0–1 of the loosest keys (names and address only).
    pub score: Option<f32>,
    /// Damerau-Levenshtein distance of the loosest keys, when they differ (names only).
    pub edits: Option<u16>,
    /// For names: what made them meet.
    pub basis: Option<MatchBasis>,
    /// For addresses that differ: how close they are.
    pub place: Option<PlaceMatch>,
}

impl Verdict {
    pub fn of(kind: VerdictKind) -> Verdict {
        Verdict {
            kind,
            score: None,
            edits: None,
            basis: None,
            place: None,
        }
    }
}

/// The five verdicts of one member against the register row for its number.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub name_kanji: Verdict,
    pub name_kana: Verdict,
    pub birth_date: Verdict,
    pub sex: Verdict,
    pub address: Verdict,
    /// The surname differs in kanji and kana while the given name is the same in both: a
    /// change of surname (marriage, adoption), not another person by itself.
    pub surname_changed: bool,
    /// How the birth dates differ, when they differ as a clerical slip would make them
    /// (one digit, neighbouring digits swapped, day and month swapped, a wrong era, the day
    /// only). Whether that is taken for a slip is the policy's business.
    pub birth_date_slip: Option<SlipKind>,
}

impl Comparison {
    /// A comparison with these verdicts, in [`Attribute::ALL`] order, and nothing else
    /// (no surname change, no slip).
    pub fn of_kinds(kinds: [VerdictKind; 5]) -> Comparison {
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

    pub fn get(&self, attribute: Attribute) -> Verdict {
        match attribute {
            Attribute::NameKanji => self.name_kanji,
            Attribute::NameKana => self.name_kana,
            Attribute::BirthDate => self.birth_date,
            Attribute::Sex => self.sex,
            Attribute::Address => self.address,
        }
    }

    /// True when any attribute differs.
    pub fn any_differs(&self) -> bool {
        Attribute::ALL.iter().any(|&a| self.get(a).kind.differs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_as_compared_for_a_reader() {
        let text = PersonText {
            name_kanji: "渡邉　花子",
            name_kana: "ﾜﾀﾅﾍﾞ ﾊﾅｺ",
            birth_date: "S45.03.12",
            sex: "2",
            address: "東京都千代田区紀尾井町一丁目3番地 ﾊｲﾂ101",
        };
        let person = Person::from_text(&text, EraCodeScheme::Jlis);
        let cases = [
            (Attribute::NameKanji, "渡辺花子"),
            (Attribute::NameKana, "ワタナベハナコ"),
            (Attribute::BirthDate, "1970-03-12（昭和45年3月12日）"),
            (Attribute::Sex, "女"),
            (Attribute::Address, "東京都千代田区紀尾井町1-3 ハイツ101"),
        ];
        for (attribute, expected) in cases {
            assert_eq!(person.normalised(attribute), expected, "{attribute:?}");
        }
        // What cannot be read is empty; an address in no known city stays as written.
        let unreadable = PersonText {
            birth_date: "19701340",
            sex: "X",
            address: "どこか１－２",
            ..text
        };
        let person = Person::from_text(&unreadable, EraCodeScheme::Jlis);
        assert_eq!(person.normalised(Attribute::BirthDate), "");
        assert_eq!(person.normalised(Attribute::Sex), "");
        assert_eq!(person.normalised(Attribute::Address), "どこか1-2");
    }
}
