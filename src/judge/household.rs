//! Household checks: what the other members of a household (household_id) say about one
//! member's link.
//!
//! In: per member, its household, the number it holds, its normalised data, the register's
//! data for the number and the comparison. Out: [`HouseholdFacts`] per member. Pure: no I/O.
//!
//! The checks:
//! - the register's person for the number is another member of the household (a family
//!   mix-up: it matches that member more closely than the member, see docs/domain.md); both
//!   ways round is a swap; with the two born on one day, twins crossed;
//! - another member of the household holds the same number;
//! - the whole household moved: two or more members compared, every address differs and the
//!   register gives them one new address (a move to record, not a doubt);
//! - the register's address differs while another member of the household is still at the
//!   household's address (the rest of the household does not share it).

use rayon::slice::ParallelSliceMut;

use crate::model::{Comparison, Person};
use crate::normalize::kana::KanaRung;

/// Households larger than this are not checked pairwise (a household id shared by
/// thousands of rows is a data problem, not a family, and pairs would cost n²).
const LARGEST_HOUSEHOLD_CHECKED: usize = 30;

/// One member as the household checks see it.
#[derive(Clone, Copy, Debug)]
pub struct HouseholdMember<'a> {
    /// household_id; empty when the file has none for the member.
    pub household: &'a str,
    /// The number, when it can be looked up (see [`crate::normalize::number::NumberCheck::key`]).
    pub number: Option<u64>,
    pub member: &'a Person,
    /// The register's person for the number.
    pub register: Option<&'a Person>,
    pub comparison: Option<&'a Comparison>,
}

/// What the household says about one member.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HouseholdFacts {
    /// The register's person for the member's number is another member of the household.
    pub number_of_household_member: bool,
    /// ... and that member's number is this member's: the two hold each other's numbers.
    pub swap: bool,
    /// ... and that member was born on the same day (twins whose numbers crossed).
    pub twins_crossed: bool,
    /// That member: its position in the members given to [`household_facts`].
    pub household_member: Option<u32>,
    /// Another member of the household holds the same number.
    pub held_in_household: bool,
    /// The whole household moved to one new address.
    pub moved: bool,
    /// The register's address differs while another member compared is still at the
    /// household's address.
    pub address_not_shared: bool,
}

/// What the register's person has in common with a member, after notation folding.
#[derive(Clone, Copy)]
struct Closeness {
    /// The kanji name, variants folded.
    kanji: bool,
    /// The reading, on its strictest rung.
    reading: bool,
    /// The reading on its loosest rung.
    loose_reading: bool,
    birth_date: bool,
    sex: bool,
}

impl Closeness {
    fn of(register: &Person, member: &Person) -> Closeness {
        let kanji = &register.name_kanji.variant_key;
        let reading = |rung| {
            let key = register.name_kana.key(rung);
            !key.is_empty() && key == member.name_kana.key(rung)
        };
        Closeness {
            kanji: !kanji.is_empty() && *kanji == member.name_kanji.variant_key,
            reading: reading(KanaRung::Notation),
            loose_reading: reading(KanaRung::LongVowel),
            birth_date: matches!(
                (&register.birth_date, &member.birth_date),
                (Ok(a), Ok(b)) if a == b
            ),
            sex: register.sex.is_some() && register.sex == member.sex,
        }
    }

    /// The register's person is the member: same birth date and sex, and the same kanji
    /// name or the same reading on the loosest rung.
    fn same_person(self) -> bool {
        self.birth_date && self.sex && (self.kanji || self.loose_reading)
    }

    /// Per attribute, how closely: kanji name (2 equal; 0 otherwise), reading (2 the same
    /// reading, 1 only on a looser rung, 0 different), birth date and sex (1 equal).
    fn ranks(self) -> [u8; 4] {
        let reading = if self.reading {
            2
        } else {
            u8::from(self.loose_reading)
        };
        [
            u8::from(self.kanji) * 2,
            reading,
            u8::from(self.birth_date),
            u8::from(self.sex),
        ]
    }

    /// At least as close as `other` on every attribute and closer on one (twins 貴志 and
    /// 崇史, both タカシ: the register's 崇史 is closer to the other twin than to the member).
    fn closer_than(self, other: Closeness) -> bool {
        let (ours, theirs) = (self.ranks(), other.ranks());
        ours.iter().zip(&theirs).all(|(o, t)| o >= t) && ours != theirs
    }
}

/// True when the register's person is the member: same birth date and sex, and the same
/// kanji name (variants folded) or the same reading (loosest rung).
pub fn same_person(register: &Person, member: &Person) -> bool {
    Closeness::of(register, member).same_person()
}

/// The household facts of every member, in the order given: sorted by household (stable:
/// file order within one), checked as [`household_facts_grouped`] checks, put back.
pub fn household_facts(members: &[HouseholdMember]) -> Vec<HouseholdFacts> {
    let mut order: Vec<usize> = (0..members.len()).collect();
    order.par_sort_by_key(|&i| members[i].household);
    let grouped: Vec<HouseholdMember> = order.iter().map(|&i| members[i]).collect();
    let mut facts = vec![HouseholdFacts::default(); members.len()];
    for (mut fact, &i) in household_facts_grouped(&grouped).into_iter().zip(&order) {
        fact.household_member = fact.household_member.map(|g| order[g as usize] as u32);
        facts[i] = fact;
    }
    facts
}

/// [`household_facts`] of members that should come grouped (each household's members next to
/// one another): checked as [`household_facts_grouped`] does when they are, sorted first
/// when a household is met again after another.
pub fn household_facts_ordered(members: &[HouseholdMember]) -> Vec<HouseholdFacts> {
    let mut seen = std::collections::HashSet::new();
    let grouped = members
        .chunk_by(|a, b| a.household == b.household)
        .all(|run| run[0].household.is_empty() || seen.insert(run[0].household));
    if grouped {
        household_facts_grouped(members)
    } else {
        household_facts(members)
    }
}

/// [`household_facts`] of members already grouped: each household's members next to one
/// another (as the pipeline orders them), so nothing is sorted and each household is
/// checked on any thread.
pub fn household_facts_grouped(members: &[HouseholdMember]) -> Vec<HouseholdFacts> {
    use rayon::prelude::*;
    let mut facts = vec![HouseholdFacts::default(); members.len()];
    let mut households: Vec<(usize, &[HouseholdMember], &mut [HouseholdFacts])> = Vec::new();
    let mut rest = facts.as_mut_slice();
    let mut offset = 0;
    for run in members.chunk_by(|a, b| a.household == b.household) {
        let (run_facts, after) = std::mem::take(&mut rest).split_at_mut(run.len());
        rest = after;
        if run.len() >= 2 && !run[0].household.is_empty() {
            households.push((offset, run, run_facts));
        }
        offset += run.len();
    }
    households
        .into_par_iter()
        .for_each_init(Vec::new, |indices, (offset, run, run_facts)| {
            indices.clear();
            indices.extend(0..run.len());
            check_household(run, indices, run_facts);
            for fact in run_facts.iter_mut() {
                fact.household_member = fact.household_member.map(|i| (offset + i as usize) as u32);
            }
        });
    facts
}

/// The checks of one household: `indices` (into `members` and `facts`) are its members.
fn check_household(members: &[HouseholdMember], indices: &[usize], facts: &mut [HouseholdFacts]) {
    check_moves(members, indices, facts);
    if indices.len() <= LARGEST_HOUSEHOLD_CHECKED {
        check_pairs(members, indices, facts);
    }
}

fn address_differs(member: &HouseholdMember) -> Option<bool> {
    member.comparison.map(|c| c.address.kind.differs())
}

fn check_moves(members: &[HouseholdMember], indices: &[usize], facts: &mut [HouseholdFacts]) {
    let compared: Vec<usize> = indices
        .iter()
        .copied()
        .filter(|&i| members[i].comparison.is_some() && members[i].register.is_some())
        .collect();
    let all_moved = compared.len() >= 2
        && compared
            .iter()
            .all(|&i| address_differs(&members[i]) == Some(true))
        && compared.windows(2).all(|pair| {
            let key = |i: usize| members[i].register.map(|r| r.address.key());
            key(pair[0]) == key(pair[1])
        });
    // Counted once, so a household id shared by thousands of rows stays linear.
    let someone_stayed = compared
        .iter()
        .any(|&j| address_differs(&members[j]) == Some(false));
    for &i in &compared {
        if all_moved {
            facts[i].moved = true;
        } else if address_differs(&members[i]) == Some(true) {
            // The member moved and someone else did not (the member itself differs).
            facts[i].address_not_shared = someone_stayed;
        }
    }
}

/// The register's person (for `member`'s number) is `other`: the same person by
/// [`same_person`], and closer to `other` than to `member`.
fn is_other_member(register: &Person, other: &Person, member: &Person) -> bool {
    let theirs = Closeness::of(register, other);
    theirs.same_person() && theirs.closer_than(Closeness::of(register, member))
}

fn check_pairs(members: &[HouseholdMember], indices: &[usize], facts: &mut [HouseholdFacts]) {
    for &a in indices {
        for &b in indices {
            if a == b {
                continue;
            }
            let (first, second) = (&members[a], &members[b]);
            if first.number.is_some() && first.number == second.number {
                facts[a].held_in_household = true;
            }
            // The register's person for a's number is b rather than a (b is not a itself
            // listed twice: it must match the register better, on some attribute).
            let Some(register) = first.register else {
                continue;
            };
            if !is_other_member(register, second.member, first.member) {
                continue;
            }
            facts[a].number_of_household_member = true;
            facts[a].household_member.get_or_insert(b as u32);
            if second
                .register
                .is_some_and(|theirs| is_other_member(theirs, first.member, second.member))
            {
                facts[a].swap = true;
            }
            if matches!((&first.member.birth_date, &second.member.birth_date), (Ok(x), Ok(y)) if x == y)
            {
                facts[a].twins_crossed = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PersonText, Verdict, VerdictKind};
    use crate::normalize::date::EraCodeScheme;

    fn person(kanji: &str, kana: &str, birth_date: &str, sex: &str, address: &str) -> Person {
        Person::from_text(
            &PersonText {
                name_kanji: kanji,
                name_kana: kana,
                birth_date,
                sex,
                address,
            },
            EraCodeScheme::Jlis,
        )
    }

    fn comparison(address_differs: bool) -> Comparison {
        let same = Verdict::of(VerdictKind::Equal);
        Comparison {
            name_kanji: same,
            name_kana: same,
            birth_date: same,
            sex: same,
            address: Verdict::of(if address_differs {
                VerdictKind::Different
            } else {
                VerdictKind::Equal
            }),
            surname_changed: false,
            birth_date_slip: None,
        }
    }

    const HOME: &str = "東京都千代田区千代田1番1号";
    const NEW_HOME: &str = "大阪府大阪市北区梅田1丁目1番1号";

    #[test]
    fn swapped_numbers_and_crossed_twins() {
        let taro = person("山田 太郎", "ヤマダ タロウ", "20100401", "1", HOME);
        let jiro = person("山田 次郎", "ヤマダ ジロウ", "20100401", "1", HOME);
        let hanako = person("山田 花子", "ヤマダ ハナコ", "19800101", "2", HOME);
        let same = comparison(false);
        let member = |member, number, register| HouseholdMember {
            household: "H1",
            number: Some(number),
            member,
            register: Some(register),
            comparison: Some(&same),
        };
        // Twins holding each other's numbers; the mother her own.
        let facts = household_facts(&[
            member(&taro, 1, &jiro),
            member(&jiro, 2, &taro),
            member(&hanako, 3, &hanako),
        ]);
        for twin in &facts[..2] {
            assert!(twin.swap && twin.twins_crossed && twin.number_of_household_member);
            assert!(!twin.held_in_household);
        }
        assert_eq!(
            (facts[0].household_member, facts[1].household_member),
            (Some(1), Some(0))
        );
        assert_eq!(facts[2], HouseholdFacts::default());

        // The mother's number on a child: one way only, and not twins; both hold it.
        let facts = household_facts(&[member(&taro, 3, &hanako), member(&hanako, 3, &hanako)]);
        assert!(facts[0].number_of_household_member && facts[0].held_in_household);
        assert!(!facts[0].swap && !facts[0].twins_crossed);
        assert!(facts[1].held_in_household && !facts[1].number_of_household_member);

        // Another household: nothing is said.
        let mut elsewhere = member(&hanako, 3, &hanako);
        elsewhere.household = "H2";
        let facts = household_facts(&[member(&taro, 3, &hanako), elsewhere]);
        assert_eq!(facts, vec![HouseholdFacts::default(); 2]);
    }

    /// Crossed numbers only the kanji (or only the reading) tells apart: twins whose given
    /// names share a reading, a father and son of one name, spouses born on one day.
    #[test]
    fn crossed_numbers_told_apart_by_one_attribute() {
        let same = comparison(false);
        let member = |member, number, register| HouseholdMember {
            household: "H1",
            number: Some(number),
            member,
            register: Some(register),
            comparison: Some(&same),
        };
        let cases = [
            // Twins, same reading, different kanji.
            (
                person("大野 貴志", "オオノ タカシ", "20100401", "1", HOME),
                person("大野 崇史", "オオノ タカシ", "20100401", "1", HOME),
                true,
            ),
            // Twins, same kanji up to a variant, different reading.
            (
                person("山田 和", "ヤマダ カズ", "20100401", "1", HOME),
                person("山田 和", "ヤマダ ノドカ", "20100401", "1", HOME),
                true,
            ),
            // Father and son of one name.
            (
                person("山田 太郎", "ヤマダ タロウ", "19600401", "1", HOME),
                person("山田 太郎", "ヤマダ タロウ", "19900401", "1", HOME),
                false,
            ),
            // Spouses born on one day, one name's reading (ヒロミ): "twins" by the date.
            (
                person("山田 博美", "ヤマダ ヒロミ", "19800401", "1", HOME),
                person("山田 裕美", "ヤマダ ヒロミ", "19800401", "2", HOME),
                true,
            ),
        ];
        for (a, b, twins) in &cases {
            let facts = household_facts(&[member(a, 1, b), member(b, 2, a)]);
            for fact in &facts {
                assert!(fact.swap && fact.number_of_household_member, "{a:?} {b:?}");
                assert_eq!(fact.twins_crossed, *twins);
            }
            // Each holding its own: nothing.
            let facts = household_facts(&[member(a, 1, a), member(b, 2, b)]);
            assert_eq!(facts, vec![HouseholdFacts::default(); 2]);
        }
        // A member keyed in looser notation than the register (half-width kana, a variant
        // kanji) still holds its own number, whatever its twin's name.
        let takashi = person("大野 貴志", "オオノ タカシ", "20100401", "1", HOME);
        let loose = person("大野 貴志", "ｵｵﾉ ﾀｶｼ", "20100401", "1", HOME);
        let twin = person("大野 崇史", "オオノ タカシ", "20100401", "1", HOME);
        let facts = household_facts(&[member(&loose, 1, &takashi), member(&twin, 2, &twin)]);
        assert_eq!(facts, vec![HouseholdFacts::default(); 2]);
    }

    #[test]
    fn moves_of_the_whole_household_and_of_one_member() {
        let taro = person("山田 太郎", "ヤマダ タロウ", "19800401", "1", HOME);
        let hanako = person("山田 花子", "ヤマダ ハナコ", "19800101", "2", HOME);
        let taro_moved = person("山田 太郎", "ヤマダ タロウ", "19800401", "1", NEW_HOME);
        let hanako_moved = person("山田 花子", "ヤマダ ハナコ", "19800101", "2", NEW_HOME);
        let (moved, stayed) = (comparison(true), comparison(false));
        let member = |member, register, comparison| HouseholdMember {
            household: "H1",
            number: None,
            member,
            register: Some(register),
            comparison: Some(comparison),
        };
        let facts = household_facts(&[
            member(&taro, &taro_moved, &moved),
            member(&hanako, &hanako_moved, &moved),
        ]);
        assert!(facts.iter().all(|f| f.moved && !f.address_not_shared));

        let facts = household_facts(&[
            member(&taro, &taro_moved, &moved),
            member(&hanako, &hanako, &stayed),
        ]);
        assert!(facts[0].address_not_shared && !facts[0].moved);
        assert_eq!(facts[1], HouseholdFacts::default());

        // Alone, a member's move says nothing about the household.
        let facts = household_facts(&[member(&taro, &taro_moved, &moved)]);
        assert_eq!(facts[0], HouseholdFacts::default());

        // One household id on ten thousand rows (a placeholder, not a family): moves are
        // still told apart, members are not paired.
        let many: Vec<HouseholdMember> = (0..10_000)
            .map(|i| {
                if i % 2 == 0 {
                    member(&taro, &taro_moved, &moved)
                } else {
                    member(&hanako, &taro, &stayed)
                }
            })
            .collect();
        let facts = household_facts(&many);
        assert!(facts.iter().step_by(2).all(|f| f.address_not_shared));
        assert!(facts
            .iter()
            .all(|f| !f.number_of_household_member && !f.moved));
    }

    #[test]
    fn grouped_members_get_the_facts_sorting_finds() {
        let taro = person("山田 太郎", "ヤマダ タロウ", "20100401", "1", HOME);
        let jiro = person("山田 次郎", "ヤマダ ジロウ", "20100401", "1", HOME);
        let taro_moved = person("山田 太郎", "ヤマダ タロウ", "20100401", "1", NEW_HOME);
        let (same, moved) = (comparison(false), comparison(true));
        let member = |household, member, number, register, comparison| HouseholdMember {
            household,
            number: Some(number),
            member,
            register: Some(register),
            comparison: Some(comparison),
        };
        // Interleaved households, and members without one between them (each alone).
        let interleaved = [
            member("H1", &taro, 1, &jiro, &same),
            member("", &taro, 5, &jiro, &same),
            member("H2", &taro, 3, &taro_moved, &moved),
            member("", &jiro, 6, &taro, &same),
            member("H1", &jiro, 2, &taro, &same),
            member("H2", &jiro, 4, &jiro, &same),
        ];
        let grouped_order = [0, 4, 1, 3, 2, 5];
        let grouped: Vec<HouseholdMember> = grouped_order.iter().map(|&i| interleaved[i]).collect();
        let sorted = household_facts(&interleaved);
        let facts = household_facts_grouped(&grouped);
        // The member named is the other twin, wherever it stands.
        assert_eq!(
            (sorted[0].household_member, sorted[4].household_member),
            (Some(4), Some(0))
        );
        assert_eq!(
            (facts[0].household_member, facts[1].household_member),
            (Some(1), Some(0))
        );
        for (k, &i) in grouped_order.iter().enumerate() {
            let named = |fact: HouseholdFacts| HouseholdFacts {
                household_member: None,
                ..fact
            };
            assert_eq!(named(facts[k]), named(sorted[i]), "member {i}");
        }
        assert_eq!(household_facts_ordered(&grouped), facts);
        // Not grouped after all: sorted first, not checked run by run.
        assert_eq!(household_facts_ordered(&interleaved), sorted);
        assert_ne!(household_facts_grouped(&interleaved), sorted);
        assert!(sorted[0].swap && sorted[4].swap);
        assert!(sorted[2].address_not_shared);
        assert_eq!(sorted[1], HouseholdFacts::default());
        assert_eq!(sorted[3], HouseholdFacts::default());
    }
}
