//! Comparison: one member's five attributes against the register row for its number.
//!
//! In: both sides' raw text and normalised [`Person`], and the similarity thresholds. Out:
//! a [`Comparison`] with one [`Verdict`] per attribute. Pure: no I/O, no policy — what a
//! verdict means for the member is `classify`'s business.

use strsim::{damerau_levenshtein, jaro_winkler};

use crate::model::{Comparison, MatchBasis, Person, PersonText, PlaceMatch, Verdict, VerdictKind};
use crate::normalize::address::{parse_address, same_place, Address};
use crate::normalize::date::clerical_slip;
use crate::normalize::kana::{normalize_kana_name, KanaName, KanaRung};
use crate::normalize::kanji::{equal_but_placeholders, is_all_kana, KanjiName};
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
        surname_changed: surname_changed(member, register),
        birth_date_slip: match (&member.birth_date, &register.birth_date) {
            (Ok(a), Ok(b)) => clerical_slip(*a, *b),
            _ => None,
        },
    }
}

/// Similar or Different by Jaro-Winkler score and Damerau-Levenshtein distance.
fn by_score(a: &str, b: &str, threshold: f64, max_edits: Option<usize>) -> Verdict {
    let score = jaro_winkler(a, b);
    let edits = max_edits.map(|_| damerau_levenshtein(a, b));
    let close_by_edits = match (edits, max_edits) {
        // One slip in a name of three or more characters.
        (Some(edits), Some(max)) => edits <= max && a.chars().count().max(b.chars().count()) >= 3,
        _ => false,
    };
    Verdict {
        kind: if score >= threshold || close_by_edits {
            VerdictKind::Similar
        } else {
            VerdictKind::Different
        },
        score: Some(score as f32),
        edits: edits.map(|e| e.min(u16::MAX as usize) as u16),
        basis: None,
        place: None,
    }
}

fn equal_or_missing(a: &str, b: &str) -> Option<Verdict> {
    if a == b && !a.is_empty() {
        return Some(Verdict {
            score: Some(1.0),
            ..Verdict::of(VerdictKind::Equal)
        });
    }
    if a.trim().is_empty() || b.trim().is_empty() {
        return Some(Verdict::of(VerdictKind::Missing));
    }
    None
}

fn matched(kind: VerdictKind, basis: Option<MatchBasis>) -> Verdict {
    Verdict {
        score: Some(1.0),
        basis,
        ..Verdict::of(kind)
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
    let (a, b) = (&member.name_kanji, &register.name_kanji);
    if a.key == b.key {
        return matched(VerdictKind::Normalized, Some(MatchBasis::Notation));
    }
    if a.variant_key == b.variant_key {
        return matched(VerdictKind::Normalized, Some(MatchBasis::KanjiVariant));
    }
    if equal_but_placeholders(&a.variant_key, &b.variant_key) {
        return matched(VerdictKind::Unverifiable, Some(MatchBasis::Placeholder));
    }
    // A kanji field holding the reading: the system could not store the kanji.
    let written_in_kana = |kanji: &KanjiName, kana: &KanaName| {
        is_all_kana(&kanji.key)
            && normalize_kana_name(&kanji.key).key(KanaRung::Notation)
                == kana.key(KanaRung::Notation)
    };
    if written_in_kana(a, &register.name_kana) || written_in_kana(b, &member.name_kana) {
        return matched(VerdictKind::Unverifiable, Some(MatchBasis::WrittenInKana));
    }
    by_score(
        &a.variant_key,
        &b.variant_key,
        thresholds.name_similarity,
        Some(thresholds.name_max_edits),
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
            verdict.basis = Some(MatchBasis::Kana(KanaRung::Notation));
        }
        return verdict;
    }
    match member.name_kana.matching_rung(&register.name_kana) {
        Some(rung) => matched(
            if rung.is_same_reading() {
                VerdictKind::Normalized
            } else {
                VerdictKind::LikelySame
            },
            Some(MatchBasis::Kana(rung)),
        ),
        None => by_score(
            member.name_kana.key(KanaRung::LongVowel),
            register.name_kana.key(KanaRung::LongVowel),
            thresholds.name_similarity,
            Some(thresholds.name_max_edits),
        ),
    }
}

/// A name split into surname and given name, as pieces of a key.
type Parts<'k> = (&'k str, &'k str);

/// Splits two keys into surname and given name: at the space either side typed (the other
/// side must then end with the same given name), else at their longest common ending.
fn split_names<'k>(
    display_a: &str,
    key_a: &'k str,
    display_b: &str,
    key_b: &'k str,
) -> Option<(Parts<'k>, Parts<'k>)> {
    let (a, b) = (key_a.chars().count(), key_b.chars().count());
    let surname_len = |display: &str| display.find(' ').map(|i| display[..i].chars().count());
    let (given_a, given_b) = match (surname_len(display_a), surname_len(display_b)) {
        (Some(sa), Some(sb)) if sa < a && sb < b => (a - sa, b - sb),
        (Some(sa), _) if sa < a => (a - sa, a - sa),
        (_, Some(sb)) if sb < b => (b - sb, b - sb),
        _ => {
            let common = key_a
                .chars()
                .rev()
                .zip(key_b.chars().rev())
                .take_while(|(x, y)| x == y)
                .count();
            (common, common)
        }
    };
    if given_a == 0 || given_a >= a || given_b == 0 || given_b >= b {
        return None;
    }
    // Split after `at` characters.
    let split = |key: &'k str, at: usize| {
        key.split_at(key.char_indices().nth(at).map_or(key.len(), |(i, _)| i))
    };
    Some((split(key_a, a - given_a), split(key_b, b - given_b)))
}

/// The surname differs in both kanji and kana while the given name is the same in both.
fn surname_changed(member: &Person, register: &Person) -> bool {
    let (mk, rk) = (&member.name_kanji, &register.name_kanji);
    let (mn, rn) = (&member.name_kana, &register.name_kana);
    // Names the same in either script are the same when split alike.
    if mk.variant_key == rk.variant_key
        || mn.key(KanaRung::SmallKana) == rn.key(KanaRung::SmallKana)
    {
        return false;
    }
    let kanji = split_names(&mk.display, &mk.variant_key, &rk.display, &rk.variant_key);
    let kana = split_names(
        mn.display(),
        mn.key(KanaRung::SmallKana),
        rn.display(),
        rn.key(KanaRung::SmallKana),
    );
    match (kanji, kana) {
        (Some(((ks_a, kg_a), (ks_b, kg_b))), Some(((ns_a, ng_a), (ns_b, ng_b)))) => {
            kg_a == kg_b && ng_a == ng_b && ks_a != ks_b && ns_a != ns_b
        }
        _ => false,
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
        (Ok(a), Ok(b)) if a == b => matched(VerdictKind::Normalized, None),
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
        (Some(a), Some(b)) if a == b => matched(VerdictKind::Normalized, None),
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
    compare_addresses(
        member_text.address,
        &member.address,
        register_text.address,
        &register.address,
        thresholds,
    )
}

/// The verdict on two addresses, from their text and their parses.
pub fn compare_addresses(
    member_text: &str,
    member: &Address,
    register_text: &str,
    register: &Address,
    thresholds: &CompareConfig,
) -> Verdict {
    if let Some(verdict) = equal_or_missing(member_text, register_text) {
        return verdict;
    }
    // A ward written without prefecture that several prefectures have (中央区明石町: 東京 and
    // 神戸) is read in the other side's prefecture.
    let placed = |address: &Address, text: &str, other: &Address| {
        let ambiguous = address.prefecture.is_none() && !address.city.is_empty();
        match other.prefecture {
            Some(prefecture) if ambiguous => Some(parse_address(&format!("{prefecture}{text}"))),
            _ => None,
        }
    };
    let member_placed = placed(member, member_text, register);
    let register_placed = placed(register, register_text, member);
    let member = member_placed.as_ref().unwrap_or(member);
    let register = register_placed.as_ref().unwrap_or(register);
    if same_place(member, register) {
        return matched(VerdictKind::Normalized, None);
    }
    let mut verdict = by_score(
        &address_text_key(member),
        &address_text_key(register),
        thresholds.address_similarity,
        None,
    );
    let place = place_match(member, register);
    verdict.place = Some(place);
    // Within one town, a different block or room is close whatever the score says.
    if matches!(
        place,
        PlaceMatch::SameBlockOtherRoom | PlaceMatch::SameTownOtherBlock
    ) {
        verdict.kind = VerdictKind::Similar;
    }
    verdict
}

/// How close two different addresses are: same block, same town, same city, or not.
fn place_match(a: &Address, b: &Address) -> PlaceMatch {
    let prefectures_conflict = matches!((a.prefecture, b.prefecture), (Some(x), Some(y)) if x != y);
    if prefectures_conflict {
        return PlaceMatch::OtherCity;
    }
    if a.locality == b.locality {
        return if a.blocks == b.blocks {
            PlaceMatch::SameBlockOtherRoom
        } else {
            PlaceMatch::SameTownOtherBlock
        };
    }
    if !a.city.is_empty() && a.city == b.city {
        PlaceMatch::SameCity
    } else {
        PlaceMatch::OtherCity
    }
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
    fn kanji_variants_placeholders_and_names_in_kana() {
        let base = |kanji| text(kanji, "タカハシ イチロウ", "19700312", "1", "x");
        let register = base("高橋 一郎");
        assert_eq!(verdicts(base("髙橋 一郎"), register)[0], Normalized);
        assert_eq!(verdicts(base("高● 一郎"), register)[0], Unverifiable);
        assert_eq!(
            verdicts(base("たかはし いちろう"), register)[0],
            Unverifiable
        );
        assert_eq!(verdicts(base("高田 一郎"), register)[0], Similar);
        assert!(!Unverifiable.differs());
    }

    #[test]
    fn surname_changes_are_recognised() {
        let changed = |a: PersonText, b: PersonText| {
            let pa = Person::from_text(&a, EraCodeScheme::Jlis);
            let pb = Person::from_text(&b, EraCodeScheme::Jlis);
            compare(&a, &pa, &b, &pb, &CompareConfig::default()).surname_changed
        };
        let married = text("鈴木 花子", "スズキ ハナコ", "19900101", "2", "x");
        let maiden = text("佐藤 花子", "サトウ ハナコ", "19900101", "2", "y");
        assert!(changed(married, maiden));
        // Without spaces on one side, the other side's split is used.
        let unspaced = text("鈴木花子", "スズキハナコ", "19900101", "2", "x");
        assert!(changed(unspaced, maiden));
        // Neither side spaced: the common ending is the given name.
        let both = text("佐藤花子", "サトウハナコ", "19900101", "2", "y");
        assert!(changed(unspaced, both));
        // A twin (same surname, another given name) is not a surname change.
        let twin = text("鈴木 桃子", "スズキ モモコ", "19900101", "2", "x");
        assert!(!changed(married, twin));
        // Nor a different given name with a different surname.
        let stranger = text("佐藤 桃子", "サトウ モモコ", "19900101", "2", "x");
        assert!(!changed(married, stranger));
        // Nor the same name, spaced on one side only, or written alike in one script.
        assert!(!changed(married, unspaced));
        let same_kana = text("鈴本 花子", "スズキ ハナコ", "19900101", "2", "y");
        assert!(!changed(married, same_kana));
    }

    #[test]
    fn different_addresses_say_how_close_they_are() {
        let place = |a: &str, b: &str| {
            let ta = text("x", "x", "19700312", "1", a);
            let tb = text("x", "x", "19700312", "1", b);
            let pa = Person::from_text(&ta, EraCodeScheme::Jlis);
            let pb = Person::from_text(&tb, EraCodeScheme::Jlis);
            let verdict = compare(&ta, &pa, &tb, &pb, &CompareConfig::default()).address;
            (verdict.kind, verdict.place)
        };
        let home = "東京都千代田区紀尾井町1丁目2番3号 ABCハイツ101";
        assert_eq!(
            place(home, "千代田区紀尾井町1-2-3 ABCハイツ202"),
            (Similar, Some(PlaceMatch::SameBlockOtherRoom))
        );
        assert_eq!(
            place(home, "東京都千代田区紀尾井町1丁目21番3号"),
            (Similar, Some(PlaceMatch::SameTownOtherBlock))
        );
        assert_eq!(
            place(home, "東京都千代田区一番町1-2").1,
            Some(PlaceMatch::SameCity)
        );
        assert_eq!(
            place(home, "大阪府堺市北区新金岡町4丁1-8").1,
            Some(PlaceMatch::OtherCity)
        );
        assert_eq!(place(home, home), (Equal, None));
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
