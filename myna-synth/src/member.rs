//! One member's row (without the household fields) and the register's row for its number,
//! made for the member's [`Case`].

use crate::address::{moved_home, random_home, same_town, Home, Notation as AddressNotation};
use crate::case::Case;
use crate::notation::{address_notation, Notation};
use crate::people::{
    opposite, other_given_name, random_date, random_identity, random_sex, shifted_years, slip,
    Identity, NumberIssuer,
};
use crate::pools::SURNAMES;
use crate::rng::Rng;
use crate::{Generated, Style};

/// A member row (without the household fields) and the register's row for its number.
pub(crate) fn generate_member(
    rng: &mut Rng,
    issuer: &mut NumberIssuer,
    person: &Identity,
    case: Case,
    moved_to: Option<Home>,
    style: Style,
    owner_number: Option<&str>,
) -> Generated {
    let mut case = case;
    let mut member_view = person.clone();
    let mut register_view = person.clone();
    if let Some(new_home) = moved_to {
        register_view.home = new_home;
    }
    let mut notation = Notation::plain(style);
    let mut number = issuer.issue();
    let mut register_answers = true;

    match case {
        Case::Exact | Case::Moved => {}
        Case::MovedAlone => {
            while same_town(&register_view.home, &person.home) {
                register_view.home = moved_home(rng, &person.home);
            }
        }
        Case::NotationWidth => notation.half_width_kana = true,
        Case::NotationKanaScript => notation.hiragana = true,
        Case::NotationSpaces => notation.spaces = 1 + rng.below(3) as u8,
        Case::NotationDate => notation.date = 1 + rng.below(5) as u8,
        Case::NotationSex => notation.sex = 1 + rng.below(3) as u8,
        Case::NotationAddress => {
            notation.address =
                address_notation(rng, &person.home, &AddressNotation::ALL[1..], style)
        }
        Case::NotationMixed => {
            notation.half_width_kana = rng.chance(0.5);
            notation.hiragana = !notation.half_width_kana && rng.chance(0.5);
            notation.spaces = rng.below(4) as u8;
            notation.date = rng.below(6) as u8;
            notation.sex = rng.below(4) as u8;
            notation.address = address_notation(rng, &person.home, &AddressNotation::ALL, style);
        }
        Case::KanjiVariant | Case::MovedKanjiVariant => {
            if !notation.set_variant(rng, person, style) {
                case = if case == Case::KanjiVariant {
                    Case::NotationMixed
                } else {
                    Case::Moved
                };
            }
        }
        Case::Placeholder | Case::MovedPlaceholder => {
            notation.placeholder = Some(*rng.pick(&["●", "〓", "■", "？", "\u{E0A1}"]))
        }
        Case::KanjiInKana => notation.kanji_in_kana = true,
        Case::KanaLoose => {
            let reading = format!("{}{}", person.surname.1, person.given.1);
            if !notation.set_loose_kana(&reading) {
                case = Case::NotationWidth;
                notation.half_width_kana = true;
            }
        }
        Case::MovedKanaNotation => {
            notation.half_width_kana = true;
            let reading = format!("{}{}", person.surname.1, person.given.1);
            notation.set_loose_kana(&reading);
        }
        Case::SurnameChange | Case::MovedSurnameChange => {
            let mut new_surname = *rng.pick(SURNAMES);
            while new_surname.1 == person.surname.1 || new_surname.0 == person.surname.0 {
                new_surname = *rng.pick(SURNAMES);
            }
            register_view.surname = new_surname;
        }
        Case::BirthDateSlip => member_view.birth_date = slip(rng, person.birth_date),
        // Made from exact rows once the household is complete (see `cross_numbers`).
        Case::DuplicateOwner | Case::HouseholdSwap | Case::TwinsCrossed => {}
        Case::Unregistered => {
            number.clear();
            register_answers = false;
        }
        Case::FamilySpouse => {
            register_view.sex = opposite(person.sex);
            register_view.given = other_given_name(rng, register_view.sex, person.given);
            register_view.birth_date = shifted_years(rng, person.birth_date, -6, 6);
        }
        Case::FamilyChild => {
            register_view.sex = random_sex(rng);
            register_view.given = other_given_name(rng, register_view.sex, person.given);
            register_view.birth_date = shifted_years(rng, person.birth_date, 20, 35);
        }
        Case::Twin => {
            if rng.chance(0.5) {
                register_view.sex = opposite(person.sex);
            }
            register_view.given = other_given_name(rng, register_view.sex, person.given);
        }
        Case::SameNameStranger => {
            register_view.home = random_home(rng);
            while register_view.birth_date == person.birth_date {
                register_view.birth_date = random_date(rng, 1940, 2023);
            }
        }
        Case::SameNameSameBirth => {
            register_view.home = random_home(rng);
            while same_town(&register_view.home, &person.home) {
                register_view.home = random_home(rng);
            }
        }
        Case::Unrelated => {
            register_view = random_identity(rng);
            while register_view.surname.1 == person.surname.1 {
                register_view = random_identity(rng);
            }
        }
        Case::UnknownNumber => register_answers = false,
        Case::InvalidNumber => {
            register_answers = false;
            number = match rng.below(4) {
                0 => number[..11].to_owned(),
                1 => format!("{number}{}", rng.below(10)),
                _ => {
                    let last = number.as_bytes()[11] - b'0';
                    format!("{}{}", &number[..11], (last + 1 + rng.below(9) as u8) % 10)
                }
            };
        }
        Case::DuplicateHolder => match owner_number {
            Some(owner) => {
                number = owner.to_owned();
                register_answers = false; // the owner's row is already in the register
            }
            None => {
                case = Case::Unrelated;
                register_view = random_identity(rng);
                while register_view.surname.1 == person.surname.1 {
                    register_view = random_identity(rng);
                }
            }
        },
    }

    let member = vec![
        if style == Style::Legacy && case != Case::Unregistered && rng.chance(0.1) {
            // Legacy screens print numbers in groups of four.
            format!(
                "{}-{}-{}",
                &number[..4.min(number.len())],
                &number[4.min(number.len())..8.min(number.len())],
                &number[8.min(number.len())..]
            )
        } else {
            number.clone()
        },
        notation.kanji_name(&member_view),
        notation.kana_name(&member_view),
        notation.birth_date(&member_view),
        notation.sex(&member_view),
        notation.address(&member_view),
    ];
    let register = register_answers.then(|| {
        vec![
            number,
            format!("{}　{}", register_view.surname.0, register_view.given.0),
            format!("{}　{}", register_view.surname.1, register_view.given.1),
            format!(
                "{:04}{:02}{:02}",
                register_view.birth_date.year,
                register_view.birth_date.month,
                register_view.birth_date.day
            ),
            register_view.sex.code().to_string(),
            register_view.home.canonical(),
        ]
    });
    Generated {
        member,
        register,
        case,
        address_notation: notation.address,
        pair: None,
    }
}
