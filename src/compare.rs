//! Comparison: one member's five attributes against the register row for its number.
//!
//! In: both sides' raw text and normalised [`Person`], and the similarity thresholds. Out:
//! a [`Comparison`] with one [`Verdict`] per attribute. Pure: no I/O, no policy — what a
//! verdict means for the member is `classify`'s business.

use strsim::jaro_winkler;

use crate::model::{Comparison, Person, PersonText, Verdict, VerdictKind};
use crate::normalize::address::Address;
use crate::normalize::kana::KanaRung;
use crate::normalize::sex::Sex;
use crate::settings::CompareConfig;

/// Compares a member with the register row for its number.
pub fn compare(
    member_text: &PersonText,
    member: &Person,
    register_text: &PersonText,
    register: &Person,
    thresholds: &CompareConfig,
) -> Comparison {
    Comparison {
        name_kanji: compare_kanji(member_text, member, register_text, register, thresholds),
        name_kana: compare_kana(member_text, member, register_text, register, thresholds),
        birth_date: compare_birth_date(member_text, member, register_text, register),
        sex: compare_sex(member_text, member, register_text, register),
        address: compare_address(member_text, member, register_text, register, thresholds),
    }
}

/// Similar or Different by Jaro-Winkler score on the keys.
fn by_score(a: &str, b: &str, threshold: f64) -> Verdict {
    let score = jaro_winkler(a, b);
    Verdict {
        kind: if score >= threshold {
            VerdictKind::Similar
        } else {
            VerdictKind::Different
        },
        score: Some(score as f32),
        rung: None,
    }
}

fn equal_or_missing(a: &str, b: &str) -> Option<Verdict> {
    if a == b && !a.is_empty() {
        return Some(Verdict {
            kind: VerdictKind::Equal,
            score: Some(1.0),
            rung: None,
        });
    }
    if a.trim().is_empty() || b.trim().is_empty() {
        return Some(Verdict::of(VerdictKind::Missing));
    }
    None
}

fn normalized() -> Verdict {
    Verdict {
        kind: VerdictKind::Normalized,
        score: Some(1.0),
        rung: None,
    }
}

fn compare_kanji(
    member_text: &PersonText,
    member: &Person,
    register_text: &PersonText,
    register: &Person,
    thresholds: &CompareConfig,
) -> Verdict {
    if let Some(verdict) = equal_or_missing(member_text.name_kanji, register_text.name_kanji) {
        return verdict;
    }
    if member.name_kanji.key == register.name_kanji.key {
        return normalized();
    }
    by_score(
        &member.name_kanji.key,
        &register.name_kanji.key,
        thresholds.name_similarity,
    )
}

fn compare_kana(
    member_text: &PersonText,
    member: &Person,
    register_text: &PersonText,
    register: &Person,
    thresholds: &CompareConfig,
) -> Verdict {
    if let Some(mut verdict) = equal_or_missing(member_text.name_kana, register_text.name_kana) {
        if verdict.kind == VerdictKind::Equal {
            verdict.rung = Some(KanaRung::Notation);
        }
        return verdict;
    }
    match member.name_kana.matching_rung(&register.name_kana) {
        Some(rung) => Verdict {
            kind: if rung.is_same_reading() {
                VerdictKind::Normalized
            } else {
                VerdictKind::LikelySame
            },
            score: Some(1.0),
            rung: Some(rung),
        },
        None => by_score(
            member.name_kana.key(KanaRung::LongVowel),
            register.name_kana.key(KanaRung::LongVowel),
            thresholds.name_similarity,
        ),
    }
}

fn compare_birth_date(
    member_text: &PersonText,
    member: &Person,
    register_text: &PersonText,
    register: &Person,
) -> Verdict {
    if let Some(verdict) = equal_or_missing(member_text.birth_date, register_text.birth_date) {
        // Identical text that is not a date is still unreadable.
        if verdict.kind == VerdictKind::Equal && member.birth_date.is_err() {
            return Verdict::of(VerdictKind::Unreadable);
        }
        return verdict;
    }
    match (&member.birth_date, &register.birth_date) {
        (Ok(a), Ok(b)) if a == b => normalized(),
        (Ok(_), Ok(_)) => Verdict::of(VerdictKind::Different),
        _ => Verdict::of(VerdictKind::Unreadable),
    }
}

fn compare_sex(
    member_text: &PersonText,
    member: &Person,
    register_text: &PersonText,
    register: &Person,
) -> Verdict {
    if let Some(verdict) = equal_or_missing(member_text.sex, register_text.sex) {
        if verdict.kind == VerdictKind::Equal && member.sex.is_none() {
            return Verdict::of(VerdictKind::Unreadable);
        }
        if verdict.kind == VerdictKind::Equal && member.sex == Some(Sex::Unknown) {
            return Verdict::of(VerdictKind::Missing);
        }
        return verdict;
    }
    match (member.sex, register.sex) {
        (Some(Sex::Unknown), Some(_)) | (Some(_), Some(Sex::Unknown)) => {
            Verdict::of(VerdictKind::Missing)
        }
        (Some(a), Some(b)) if a == b => normalized(),
        (Some(_), Some(_)) => Verdict::of(VerdictKind::Different),
        _ => Verdict::of(VerdictKind::Unreadable),
    }
}

fn compare_address(
    member_text: &PersonText,
    member: &Person,
    register_text: &PersonText,
    register: &Person,
    thresholds: &CompareConfig,
) -> Verdict {
    if let Some(verdict) = equal_or_missing(member_text.address, register_text.address) {
        return verdict;
    }
    if same_place(&member.address, &register.address) {
        return normalized();
    }
    by_score(
        &address_text_key(&member.address),
        &address_text_key(&register.address),
        thresholds.address_similarity,
    )
}

/// One place: no conflicting prefecture, the same locality and block numbers, and the same
/// building/room where both name one.
fn same_place(a: &Address, b: &Address) -> bool {
    let prefectures_agree = match (a.prefecture, b.prefecture) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    let rests_agree = a.rest.is_empty() || b.rest.is_empty() || a.rest == b.rest;
    prefectures_agree && rests_agree && a.locality == b.locality && a.blocks == b.blocks
}

fn address_text_key(address: &Address) -> String {
    format!("{}{}", address.key(), address.rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::date::EraCodeScheme;

    fn text<'a>(
        kanji: &'a str,
        kana: &'a str,
        birth: &'a str,
        sex: &'a str,
        address: &'a str,
    ) -> PersonText<'a> {
        PersonText {
            name_kanji: kanji,
            name_kana: kana,
            birth_date: birth,
            sex,
            address,
        }
    }

    fn verdicts(a: PersonText, b: PersonText) -> [VerdictKind; 5] {
        let pa = Person::from_text(&a, EraCodeScheme::Jlis);
        let pb = Person::from_text(&b, EraCodeScheme::Jlis);
        let c = compare(&a, &pa, &b, &pb, &CompareConfig::default());
        [
            c.name_kanji.kind,
            c.name_kana.kind,
            c.birth_date.kind,
            c.sex.kind,
            c.address.kind,
        ]
    }

    use VerdictKind::*;

    #[test]
    fn identical_records_are_equal() {
        let a = text(
            "山田 太郎",
            "ヤマダ タロウ",
            "19700312",
            "1",
            "東京都千代田区紀尾井町1-3",
        );
        assert_eq!(verdicts(a, a), [Equal; 5]);
    }

    #[test]
    fn notation_is_normalized_not_different() {
        let member = text(
            "山田　太郎",
            "ﾔﾏﾀﾞ ﾀﾛｳ",
            "昭和45年3月12日",
            "男",
            "千代田区紀尾井町1丁目3番",
        );
        let register = text(
            "山田 太郎",
            "ヤマダ タロウ",
            "1970-03-12",
            "1",
            "東京都千代田区紀尾井町1-3",
        );
        assert_eq!(verdicts(member, register), [Normalized; 5]);
    }

    #[test]
    fn loose_kana_is_likely_same() {
        let member = text("山田 京子", "ﾔﾏﾀﾞ ｷﾖｳｺ", "19700312", "2", "a");
        let register = text("山田 京子", "ヤマダ キョウコ", "19700312", "2", "a");
        assert_eq!(verdicts(member, register)[1], LikelySame);
    }

    #[test]
    fn other_people_differ() {
        let member = text(
            "山田 太郎",
            "ヤマダ タロウ",
            "19700312",
            "1",
            "東京都千代田区紀尾井町1-3",
        );
        let register = text(
            "佐藤 花子",
            "サトウ ハナコ",
            "19720801",
            "2",
            "大阪府大阪市北区梅田1-1",
        );
        assert_eq!(verdicts(member, register), [Different; 5]);
    }

    #[test]
    fn close_names_are_similar_with_a_score() {
        let a = text("山田 太郎", "ヤマダ タロウ", "19700312", "1", "x");
        let b = text("山田 次郎", "ヤマダ ジロウ", "19700312", "1", "x");
        let pa = Person::from_text(&a, EraCodeScheme::Jlis);
        let pb = Person::from_text(&b, EraCodeScheme::Jlis);
        let c = compare(&a, &pa, &b, &pb, &CompareConfig::default());
        assert_eq!(c.name_kanji.kind, Similar);
        assert!(c.name_kanji.score.unwrap() > 0.85);
        assert!(c.name_kanji.kind.differs());
    }

    #[test]
    fn empty_unknown_and_unreadable() {
        let member = text("", "ヤマダ", "19700230", "3", "");
        let register = text("山田", "ヤマダ", "19700312", "1", "x");
        assert_eq!(
            verdicts(member, register),
            [Missing, Equal, Unreadable, Missing, Missing]
        );
    }

    #[test]
    fn building_differs_only_when_both_name_one() {
        let a = text(
            "x",
            "x",
            "19700312",
            "1",
            "東京都港区芝公園4-2-8 ABCハイツ101",
        );
        let b = text("x", "x", "19700312", "1", "東京都港区芝公園4-2-8");
        let c = text(
            "x",
            "x",
            "19700312",
            "1",
            "東京都港区芝公園4-2-8 ABCハイツ205",
        );
        assert_eq!(verdicts(a, b)[4], Normalized);
        assert!(verdicts(a, c)[4].differs());
    }
}
