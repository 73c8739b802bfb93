//! A household: its members (the insured person, a spouse, children, twins now and then),
//! its one home and its move, a [`HouseholdPair`] now and then, and numbers crossed within it.

use myna_recon::normalize::sex::Sex;

use crate::address::{moved_home, random_home};
use crate::case::{pick_case, Case, HouseholdPair};
use crate::member::generate_member;
use crate::people::{
    given_name, opposite, random_date, random_sex, shifted_years, Identity, NumberIssuer,
};
use crate::pools::{SAME_READING_GIVEN, SURNAMES, VARIANT_GIVEN};
use crate::rng::Rng;
use crate::{Generated, Style};

/// Share of households with a [`HouseholdPair`], and of those whose pair's numbers cross.
const HOUSEHOLD_PAIRS: f64 = 0.04;
const PAIR_CROSSED: f64 = 0.3;

/// Share of households whose register address is a newer one (they moved).
const MOVED_HOUSEHOLDS: f64 = 0.08;

pub(crate) fn household_size(rng: &mut Rng) -> usize {
    match rng.below(100) {
        0..=39 => 1,
        40..=64 => 2,
        65..=84 => 3,
        _ => 4,
    }
}

pub(crate) fn generate_household(
    rng: &mut Rng,
    issuer: &mut NumberIssuer,
    household_number: u64,
    size: usize,
    style: Style,
) -> Vec<Generated> {
    let surname = *rng.pick(SURNAMES);
    let home = random_home(rng);
    let moved_to = rng.chance(MOVED_HOUSEHOLDS).then(|| moved_home(rng, &home));
    let household_id = format!(
        "{:04}-{:06}",
        1000 + household_number % 9000,
        household_number
    );
    let office_code = format!("{:05}", 10_000 + rng.below(90_000));
    let delivery = if rng.chance(0.05) { "home" } else { "office" };
    let postal_code = format!("{:03}-{:04}", rng.below(1000), rng.below(10_000));
    let department = *rng.pick(&["営業部", "製造部", "総務部", "開発部", ""]);

    // The insured person, a spouse, then children (twins now and then).
    let head_sex = random_sex(rng);
    let head_birth = random_date(rng, 1955, 1998);
    let mut people = Vec::with_capacity(size);
    for index in 0..size {
        let (sex, birth_date) = match index {
            0 => (head_sex, head_birth),
            1 => (opposite(head_sex), shifted_years(rng, head_birth, -5, 5)),
            _ => {
                let previous: &Identity = &people[index - 1];
                if index >= 3 && rng.chance(0.2) {
                    (random_sex(rng), previous.birth_date)
                } else {
                    (random_sex(rng), shifted_years(rng, head_birth, 22, 38))
                }
            }
        };
        let mut given = given_name(rng, sex);
        while people.iter().any(|p: &Identity| p.given.1 == given.1) {
            given = given_name(rng, sex);
        }
        people.push(Identity {
            surname,
            given,
            birth_date,
            sex,
            home,
        });
    }

    let pair = rng
        .chance(HOUSEHOLD_PAIRS)
        .then(|| make_pair(rng, &mut people))
        .flatten();

    let mut rows = Vec::with_capacity(size);
    let mut owner_number: Option<String> = None;
    for (index, person) in people.iter().enumerate() {
        let case = match moved_to {
            Some(_) => match rng.below(20) {
                0..=2 => Case::MovedKanjiVariant,
                3 | 4 => Case::MovedKanaNotation,
                5 | 6 => Case::MovedPlaceholder,
                7 => Case::MovedSurnameChange,
                _ => Case::Moved,
            },
            None => pick_case(rng),
        };
        let mut row = generate_member(
            rng,
            issuer,
            person,
            case,
            moved_to,
            style,
            owner_number.as_deref(),
        );
        if index == 0 && row.case == Case::Exact {
            owner_number = row.register.as_ref().map(|r| r[0].clone());
        }
        let member_id = format!("{household_id}-{:02}", index + 1);
        let relationship = if index == 0 { "本人" } else { "家族" };
        let status = if rng.chance(0.03) { "lapsed" } else { "active" };
        row.member.splice(0..0, [member_id]);
        row.member.extend(
            [
                household_id.as_str(),
                relationship,
                office_code.as_str(),
                delivery,
                status,
                postal_code.as_str(),
                department,
            ]
            .map(str::to_owned),
        );
        rows.push(row);
    }
    // The first member's number held again by another: the first becomes its owner.
    if rows.iter().any(|r| r.case == Case::DuplicateHolder) {
        rows[0].case = Case::DuplicateOwner;
    }
    if let Some((kind, a, b)) = pair {
        rows[a].pair = Some(kind);
        rows[b].pair = Some(kind);
    }
    cross_numbers(rng, &people, &mut rows, pair.map(|(_, a, b)| (a, b)));
    rows
}

/// Makes two members of the household a [`HouseholdPair`] (the last two children as twins,
/// the spouses, or the insured father and a son), returning the kind and the two members;
/// None when the household is too small for any.
pub(crate) fn make_pair(
    rng: &mut Rng,
    people: &mut [Identity],
) -> Option<(HouseholdPair, usize, usize)> {
    let kinds: Vec<HouseholdPair> = HouseholdPair::ALL
        .into_iter()
        .filter(|kind| match kind {
            HouseholdPair::SameReadingTwins | HouseholdPair::VariantTwins => people.len() >= 4,
            HouseholdPair::SameBirthSpouses => people.len() >= 2,
            HouseholdPair::Junior => people.len() >= 3 && people[0].sex == Sex::Male,
        })
        .collect();
    if kinds.is_empty() {
        return None;
    }
    let kind = *rng.pick(&kinds);
    let last = people.len() - 1;
    let (a, b) = match kind {
        HouseholdPair::SameReadingTwins => {
            let &(reading, male, kanji) = rng.pick(SAME_READING_GIVEN);
            let sex = if male { Sex::Male } else { Sex::Female };
            let first = rng.below(kanji.len() as u64) as usize;
            let second = (first + 1 + rng.below(kanji.len() as u64 - 1) as usize) % kanji.len();
            for (i, k) in [(last - 1, first), (last, second)] {
                people[i].sex = sex;
                people[i].given = (kanji[k], reading);
            }
            people[last].birth_date = people[last - 1].birth_date;
            (last - 1, last)
        }
        HouseholdPair::VariantTwins => {
            let &(kanji, reading, other, other_reading, male) = rng.pick(VARIANT_GIVEN);
            let sex = if male { Sex::Male } else { Sex::Female };
            people[last - 1].given = (kanji, reading);
            people[last].given = (other, other_reading);
            people[last - 1].sex = sex;
            people[last].sex = sex;
            people[last].birth_date = people[last - 1].birth_date;
            (last - 1, last)
        }
        HouseholdPair::SameBirthSpouses => {
            people[1].birth_date = people[0].birth_date;
            (0, 1)
        }
        HouseholdPair::Junior => {
            people[last].sex = Sex::Male;
            people[last].given = people[0].given;
            (0, last)
        }
    };
    Some((kind, a, b))
}

/// Numbers crossed within a household: a [`HouseholdPair`]'s now and then, twins' now and
/// then, any two members' rarely. Only members whose own rows are exact are crossed, so the
/// truth stays one case per row.
pub(crate) fn cross_numbers(
    rng: &mut Rng,
    people: &[Identity],
    rows: &mut [Generated],
    made_pair: Option<(usize, usize)>,
) {
    let exact = |i: usize| rows[i].case == Case::Exact;
    let born_together = |a: usize, b: usize| people[a].birth_date == people[b].birth_date;
    let crossed_case = |a: usize, b: usize| {
        if born_together(a, b) {
            Case::TwinsCrossed
        } else {
            Case::HouseholdSwap
        }
    };
    let twins = (1..people.len()).find(|&i| born_together(i, i - 1) && exact(i) && exact(i - 1));
    let pair = match (made_pair, twins) {
        (Some((a, b)), _) if exact(a) && exact(b) && rng.chance(PAIR_CROSSED) => {
            Some((a, b, crossed_case(a, b)))
        }
        (_, Some(i)) if rng.chance(0.3) => Some((i - 1, i, Case::TwinsCrossed)),
        _ => {
            let mut exact_rows = (0..rows.len()).filter(|&i| exact(i));
            match (exact_rows.next(), exact_rows.next()) {
                (Some(a), Some(b)) if rng.chance(0.01) => Some((a, b, Case::HouseholdSwap)),
                _ => None,
            }
        }
    };
    if let Some((a, b, case)) = pair {
        // The number is the member row's second field (after member_id).
        let number = std::mem::take(&mut rows[a].member[1]);
        rows[a].member[1] = std::mem::replace(&mut rows[b].member[1], number);
        rows[a].case = case;
        rows[b].case = case;
    }
}
