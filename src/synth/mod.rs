//! Synthetic extracts with ground truth: members, the register's answer and a truth file
//! saying, for every member row, which [`Case`] it is, whether its number is someone
//! else's, and how its address is keyed.
//!
//! Households live at real places drawn from every town of the country (see [`address`]),
//! one address per household, and move within their city as often as far away. The register
//! writes the address in one canonical municipal form; the members file in any of the
//! notations insurers key it in.
//!
//! Deterministic by seed (its own SplitMix64, not a crate whose streams may change), streaming
//! (households are written as they are made, so 10^7 rows need little memory). It covers
//! the notation real extracts carry — width, script, spaces, date and sex codes, address
//! notation, kanji variants, placeholders, small kana — the life events that change the
//! register (moves of a whole household or of one member, surname changes), clerical slips,
//! and the wrong links docs/domain.md describes: family members' numbers, twins, same-name
//! strangers (also with the same birth date), unrelated people, numbers unknown to the
//! register, invalid numbers, numbers held twice, and numbers crossed within a household
//! (two members holding each other's, twins' crossed).

pub mod address;
pub mod pools;

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use crate::checks::check_digit;
use crate::error::{Error, Result};
use crate::normalize::date::{days_in_month, to_era_code, to_era_kanji, BirthDate, EraCodeScheme};
use crate::normalize::sex::Sex;
use crate::report::output::{encode_cp932, ListWriter};
use crate::settings::OutputEncoding;
use address::{home_in_city, random_home, Home, Notation as AddressNotation};
use pools::{
    FEMALE_GIVEN, KANJI_VARIANTS, MALE_GIVEN, SAME_READING_GIVEN, SURNAMES, VARIANT_GIVEN,
};

/// What a generated member row is, as the truth file records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Case {
    // Correct links: the number is the member's own.
    Exact,
    NotationWidth,
    NotationKanaScript,
    NotationSpaces,
    NotationDate,
    NotationSex,
    NotationAddress,
    NotationMixed,
    KanjiVariant,
    Placeholder,
    KanjiInKana,
    KanaLoose,
    Moved,
    MovedKanjiVariant,
    MovedKanaNotation,
    MovedPlaceholder,
    MovedAlone,
    SurnameChange,
    MovedSurnameChange,
    BirthDateSlip,
    DuplicateOwner,
    Unregistered,
    // Wrong links: the number is someone else's, or no one's.
    FamilySpouse,
    FamilyChild,
    Twin,
    SameNameStranger,
    SameNameSameBirth,
    Unrelated,
    UnknownNumber,
    InvalidNumber,
    DuplicateHolder,
    HouseholdSwap,
    TwinsCrossed,
}

impl Case {
    pub const ALL: [Case; 33] = [
        Case::Exact,
        Case::NotationWidth,
        Case::NotationKanaScript,
        Case::NotationSpaces,
        Case::NotationDate,
        Case::NotationSex,
        Case::NotationAddress,
        Case::NotationMixed,
        Case::KanjiVariant,
        Case::Placeholder,
        Case::KanjiInKana,
        Case::KanaLoose,
        Case::Moved,
        Case::MovedKanjiVariant,
        Case::MovedKanaNotation,
        Case::MovedPlaceholder,
        Case::MovedAlone,
        Case::SurnameChange,
        Case::MovedSurnameChange,
        Case::BirthDateSlip,
        Case::DuplicateOwner,
        Case::Unregistered,
        Case::FamilySpouse,
        Case::FamilyChild,
        Case::Twin,
        Case::SameNameStranger,
        Case::SameNameSameBirth,
        Case::Unrelated,
        Case::UnknownNumber,
        Case::InvalidNumber,
        Case::DuplicateHolder,
        Case::HouseholdSwap,
        Case::TwinsCrossed,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Case::Exact => "exact",
            Case::NotationWidth => "notation_width",
            Case::NotationKanaScript => "notation_kana_script",
            Case::NotationSpaces => "notation_spaces",
            Case::NotationDate => "notation_date",
            Case::NotationSex => "notation_sex",
            Case::NotationAddress => "notation_address",
            Case::NotationMixed => "notation_mixed",
            Case::KanjiVariant => "kanji_variant",
            Case::Placeholder => "placeholder",
            Case::KanjiInKana => "kanji_in_kana",
            Case::KanaLoose => "kana_loose",
            Case::Moved => "moved",
            Case::MovedKanjiVariant => "moved_kanji_variant",
            Case::MovedKanaNotation => "moved_kana_notation",
            Case::MovedPlaceholder => "moved_placeholder",
            Case::MovedAlone => "moved_alone",
            Case::SurnameChange => "surname_change",
            Case::MovedSurnameChange => "moved_surname_change",
            Case::BirthDateSlip => "birth_date_slip",
            Case::DuplicateOwner => "duplicate_owner",
            Case::Unregistered => "unregistered",
            Case::FamilySpouse => "family_spouse",
            Case::FamilyChild => "family_child",
            Case::Twin => "twin",
            Case::SameNameStranger => "same_name_stranger",
            Case::SameNameSameBirth => "same_name_same_birth",
            Case::Unrelated => "unrelated",
            Case::UnknownNumber => "unknown_number",
            Case::InvalidNumber => "invalid_number",
            Case::DuplicateHolder => "duplicate_holder",
            Case::HouseholdSwap => "household_swap",
            Case::TwinsCrossed => "twins_crossed",
        }
    }

    pub fn from_name(name: &str) -> Option<Case> {
        Case::ALL.into_iter().find(|c| c.name() == name)
    }

    /// True when the member's number is not the member's own.
    pub fn is_wrong_link(self) -> bool {
        self >= Case::FamilySpouse
    }

    /// True when the difference is notation only (width, script, spaces, date or sex code,
    /// address notation): such a record must never be suspended or contacted.
    pub fn is_notation_only(self) -> bool {
        matches!(
            self,
            Case::NotationWidth
                | Case::NotationKanaScript
                | Case::NotationSpaces
                | Case::NotationDate
                | Case::NotationSex
                | Case::NotationAddress
                | Case::NotationMixed
        )
    }
}

/// Relative weights of the per-member cases outside moved households.
const CASE_WEIGHTS: &[(Case, u32)] = &[
    (Case::Exact, 400),
    (Case::NotationWidth, 40),
    (Case::NotationKanaScript, 30),
    (Case::NotationSpaces, 40),
    (Case::NotationDate, 40),
    (Case::NotationSex, 30),
    (Case::NotationAddress, 50),
    (Case::NotationMixed, 40),
    (Case::KanjiVariant, 40),
    (Case::Placeholder, 15),
    (Case::KanjiInKana, 5),
    (Case::KanaLoose, 30),
    (Case::MovedAlone, 10),
    (Case::SurnameChange, 20),
    (Case::BirthDateSlip, 10),
    (Case::Unregistered, 25),
    (Case::FamilySpouse, 10),
    (Case::FamilyChild, 6),
    (Case::Twin, 5),
    (Case::SameNameStranger, 4),
    (Case::SameNameSameBirth, 4),
    (Case::Unrelated, 5),
    (Case::UnknownNumber, 5),
    (Case::InvalidNumber, 5),
    (Case::DuplicateHolder, 8),
];

/// Two members of a household whose data only one attribute tells apart: the hard case
/// when their numbers cross.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HouseholdPair {
    /// Twins of one sex whose given names share a reading (貴志 / 崇史, タカシ).
    SameReadingTwins,
    /// Twins whose given names differ by a variant kanji and are read differently.
    VariantTwins,
    /// Spouses born on one day.
    SameBirthSpouses,
    /// A father and a son of one given name (Jr.).
    Junior,
}

impl HouseholdPair {
    pub const ALL: [HouseholdPair; 4] = [
        HouseholdPair::SameReadingTwins,
        HouseholdPair::VariantTwins,
        HouseholdPair::SameBirthSpouses,
        HouseholdPair::Junior,
    ];

    pub fn name(self) -> &'static str {
        match self {
            HouseholdPair::SameReadingTwins => "same_reading_twins",
            HouseholdPair::VariantTwins => "variant_twins",
            HouseholdPair::SameBirthSpouses => "same_birth_spouses",
            HouseholdPair::Junior => "junior",
        }
    }
}

/// Share of households with a [`HouseholdPair`], and of those whose pair's numbers cross.
const HOUSEHOLD_PAIRS: f64 = 0.04;
const PAIR_CROSSED: f64 = 0.3;

/// Share of households whose register address is a newer one (they moved).
const MOVED_HOUSEHOLDS: f64 = 0.08;

/// SplitMix64: small, fast, and its stream is fixed by this code, not by a crate version.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x6D79_6E61_7265_636F)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub fn range(&mut self, low: u32, high_inclusive: u32) -> u32 {
        low + self.below(u64::from(high_inclusive - low + 1)) as u32
    }

    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Who a person really is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub surname: (&'static str, &'static str),
    pub given: (&'static str, &'static str),
    pub birth_date: BirthDate,
    pub sex: Sex,
    pub home: Home,
}

fn random_date(rng: &mut Rng, first_year: u32, last_year: u32) -> BirthDate {
    let year = rng.range(first_year, last_year);
    let month = rng.range(1, 12);
    let day = rng.range(1, days_in_month(year, month));
    BirthDate {
        year: year as u16,
        month: month as u8,
        day: day as u8,
    }
}

fn given_name(rng: &mut Rng, sex: Sex) -> (&'static str, &'static str) {
    *rng.pick(if sex == Sex::Male {
        MALE_GIVEN
    } else {
        FEMALE_GIVEN
    })
}

fn other_given_name(
    rng: &mut Rng,
    sex: Sex,
    not: (&'static str, &'static str),
) -> (&'static str, &'static str) {
    loop {
        let name = given_name(rng, sex);
        if name.0 != not.0 && name.1 != not.1 {
            return name;
        }
    }
}

fn random_sex(rng: &mut Rng) -> Sex {
    if rng.chance(0.5) {
        Sex::Male
    } else {
        Sex::Female
    }
}

fn opposite(sex: Sex) -> Sex {
    if sex == Sex::Male {
        Sex::Female
    } else {
        Sex::Male
    }
}

fn random_identity(rng: &mut Rng) -> Identity {
    let sex = random_sex(rng);
    Identity {
        surname: *rng.pick(SURNAMES),
        given: given_name(rng, sex),
        birth_date: random_date(rng, 1940, 2023),
        sex,
        home: random_home(rng),
    }
}

/// Issues unique valid My Numbers: an affine walk over 11-digit bodies, plus the check digit.
struct NumberIssuer {
    next: u64,
    stride: u64,
}

const BODY_SPACE: u64 = 100_000_000_000;

impl NumberIssuer {
    fn new(rng: &mut Rng) -> NumberIssuer {
        // An odd stride not divisible by 5 is coprime to 10^11: no body repeats.
        let mut stride = rng.below(BODY_SPACE) | 1;
        while stride.is_multiple_of(5) {
            stride += 2;
        }
        NumberIssuer {
            next: rng.below(BODY_SPACE),
            stride,
        }
    }

    fn issue(&mut self) -> String {
        let body = format!("{:011}", self.next);
        self.next = (self.next + self.stride) % BODY_SPACE;
        let digit = check_digit(&body);
        format!("{body}{digit}")
    }
}

/// How the members file is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// UTF-8 with BOM, full-width kana, Gregorian dates.
    Modern,
    /// CP932, half-width kana, 7-digit era codes.
    Legacy,
}

/// Options for [`generate`].
#[derive(Clone, Copy, Debug)]
pub struct GenOptions {
    pub members: usize,
    pub seed: u64,
    pub style: Style,
}

/// Counts of what was written.
#[derive(Clone, Debug, Default)]
pub struct GenReport {
    pub members: usize,
    pub register_rows: usize,
    pub wrong_links: usize,
}

pub const MEMBERS_FILE: &str = "members.csv";
pub const REGISTER_FILE: &str = "register.csv";
pub const TRUTH_FILE: &str = "truth.csv";

const MEMBER_HEADER: [&str; 14] = [
    "member_id",
    "my_number",
    "name_kanji",
    "name_kana",
    "birth_date",
    "sex",
    "address",
    "household_id",
    "relationship",
    "office_code",
    "delivery",
    "status",
    "postal_code",
    "department",
];

const REGISTER_HEADER: [&str; 6] = [
    "my_number",
    "name_kanji",
    "name_kana",
    "birth_date",
    "sex",
    "address",
];

/// One generated member row with its register row (if the register answers) and truth.
struct Generated {
    member: Vec<String>,
    register: Option<Vec<String>>,
    case: Case,
    /// How the member's address is keyed.
    address_notation: AddressNotation,
    /// The pair of the household the member is one of, if any.
    pair: Option<HouseholdPair>,
}

/// Writes members.csv, register.csv and truth.csv into `dir`.
pub fn generate(dir: &Path, options: GenOptions) -> Result<GenReport> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_owned(),
        source,
    })?;
    let open = |name: &str| -> Result<BufWriter<File>> {
        let path = dir.join(name);
        File::create(&path)
            .map(|f| BufWriter::with_capacity(1 << 20, f))
            .map_err(|source| Error::Write { path, source })
    };
    let io = |name: &str| {
        let path = dir.join(name);
        move |source| Error::Write { path, source }
    };
    let member_encoding = match options.style {
        Style::Modern => OutputEncoding::Utf8Bom,
        Style::Legacy => OutputEncoding::Cp932,
    };
    let mut members =
        ListWriter::new(open(MEMBERS_FILE)?, member_encoding).map_err(io(MEMBERS_FILE))?;
    let mut register =
        ListWriter::new(open(REGISTER_FILE)?, OutputEncoding::Utf8).map_err(io(REGISTER_FILE))?;
    let mut truth =
        ListWriter::new(open(TRUTH_FILE)?, OutputEncoding::Utf8).map_err(io(TRUTH_FILE))?;
    members
        .write_record(MEMBER_HEADER)
        .map_err(io(MEMBERS_FILE))?;
    register
        .write_record(REGISTER_HEADER)
        .map_err(io(REGISTER_FILE))?;
    truth
        .write_record([
            "member_id",
            "case",
            "wrong_link",
            "address_notation",
            "household_pair",
        ])
        .map_err(io(TRUTH_FILE))?;

    let mut rng = Rng::new(options.seed);
    let mut issuer = NumberIssuer::new(&mut rng);
    let mut report = GenReport::default();
    let mut household_number = 0u64;
    while report.members < options.members {
        household_number += 1;
        let wanted = (options.members - report.members).min(household_size(&mut rng));
        let rows = generate_household(
            &mut rng,
            &mut issuer,
            household_number,
            wanted,
            options.style,
        );
        for row in rows {
            members
                .write_record(&row.member)
                .map_err(io(MEMBERS_FILE))?;
            if let Some(register_row) = &row.register {
                register
                    .write_record(register_row)
                    .map_err(io(REGISTER_FILE))?;
                report.register_rows += 1;
            }
            truth
                .write_record([
                    row.member[0].as_str(),
                    row.case.name(),
                    if row.case.is_wrong_link() { "1" } else { "0" },
                    row.address_notation.name(),
                    row.pair.map_or("", HouseholdPair::name),
                ])
                .map_err(io(TRUTH_FILE))?;
            report.members += 1;
            report.wrong_links += usize::from(row.case.is_wrong_link());
        }
    }
    for (name, writer) in [
        (MEMBERS_FILE, members.into_inner()),
        (REGISTER_FILE, register.into_inner()),
        (TRUTH_FILE, truth.into_inner()),
    ] {
        writer.into_inner().map_err(|e| io(name)(e.into_error()))?;
    }
    Ok(report)
}

/// Where a household (or one member) moved: within the same city as often as far away,
/// never to the same town and block.
fn moved_home(rng: &mut Rng, home: &Home) -> Home {
    loop {
        let new_home = if rng.chance(0.5) {
            home_in_city(rng, home.city)
        } else {
            random_home(rng)
        };
        if !same_town(&new_home, home) || new_home.ban != home.ban {
            return new_home;
        }
    }
}

fn same_town(a: &Home, b: &Home) -> bool {
    (a.city, a.town) == (b.city, b.town)
}

fn household_size(rng: &mut Rng) -> usize {
    match rng.below(100) {
        0..=39 => 1,
        40..=64 => 2,
        65..=84 => 3,
        _ => 4,
    }
}

fn pick_case(rng: &mut Rng) -> Case {
    let total: u32 = CASE_WEIGHTS.iter().map(|(_, w)| w).sum();
    let mut roll = rng.below(u64::from(total)) as u32;
    for &(case, weight) in CASE_WEIGHTS {
        if roll < weight {
            return case;
        }
        roll -= weight;
    }
    Case::Exact
}

fn generate_household(
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
fn make_pair(rng: &mut Rng, people: &mut [Identity]) -> Option<(HouseholdPair, usize, usize)> {
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
fn cross_numbers(
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

fn shifted_years(rng: &mut Rng, date: BirthDate, low: i32, high: i32) -> BirthDate {
    let shift = low + rng.below((high - low + 1) as u64) as i32;
    let year = (i32::from(date.year) + shift).clamp(1900, 2024) as u32;
    random_date(rng, year, year)
}

/// A member row (without the household fields) and the register's row for its number.
fn generate_member(
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

/// A clerical slip of the same person's birth date: a digit off, day and month swapped, or
/// the year off by one.
fn slip(rng: &mut Rng, date: BirthDate) -> BirthDate {
    for _ in 0..20 {
        let candidate = match rng.below(3) {
            0 => BirthDate {
                day: ((u32::from(date.day) + rng.range(1, 8) - 1) % 28 + 1) as u8,
                ..date
            },
            1 if date.day <= 12 && date.day != date.month => BirthDate {
                month: date.day,
                day: date.month,
                ..date
            },
            _ => BirthDate {
                year: date.year - 1 + 2 * rng.below(2) as u16,
                ..date
            },
        };
        if candidate != date
            && u32::from(candidate.day)
                <= days_in_month(u32::from(candidate.year), u32::from(candidate.month))
        {
            return candidate;
        }
    }
    BirthDate {
        year: date.year + 1,
        ..date
    }
}

/// How the member file writes one person: each field's notation.
#[derive(Clone, Debug, Default)]
struct Notation {
    half_width_kana: bool,
    hiragana: bool,
    large_small_kana: bool,
    /// 0 full-width space, 1 ASCII space, 2 none, 3 two spaces.
    spaces: u8,
    /// 0 YYYYMMDD, 1 YYYY-MM-DD, 2 YYYY/M/D, 3 era kanji, 4 era letter, 5 era code.
    date: u8,
    /// 0 code, 1 男/女, 2 M/F, 3 full-width code.
    sex: u8,
    /// How the address is keyed (the register's form by default).
    address: AddressNotation,
    /// Variant kanji replacing a standard one: (standard, variant).
    variant: Option<(char, &'static str)>,
    placeholder: Option<&'static str>,
    /// The kanji field holds the reading in hiragana (the system could not store a kanji).
    kanji_in_kana: bool,
    /// Kana written loosely: ヅ/ヂ as ズ/ジ, ウ after an o/u sound as ー.
    sound_fold: bool,
    long_vowel: bool,
}

impl Notation {
    fn plain(style: Style) -> Notation {
        match style {
            Style::Modern => Notation::default(),
            Style::Legacy => Notation {
                half_width_kana: true,
                date: 5,
                spaces: 1,
                address: AddressNotation::FullWidth,
                ..Notation::default()
            },
        }
    }

    /// Picks a kanji of the name that has a variant form; false when none does.
    /// A legacy (CP932) system only holds variants CP932 can encode; it stores the others as
    /// placeholders, which is the `placeholder` case.
    fn set_variant(&mut self, rng: &mut Rng, person: &Identity, style: Style) -> bool {
        let name = format!("{}{}", person.surname.0, person.given.0);
        let storable = |variant: &&str| style == Style::Modern || encode_cp932(variant).1 == 0;
        let candidates: Vec<(char, &'static str)> = KANJI_VARIANTS
            .iter()
            .filter(|(standard, _)| name.contains(*standard))
            .filter_map(|&(standard, variants)| {
                let usable: Vec<&'static str> = variants.iter().copied().filter(storable).collect();
                (!usable.is_empty()).then(|| (standard, *rng.pick(&usable)))
            })
            .collect();
        if candidates.is_empty() {
            return false;
        }
        self.variant = Some(*rng.pick(&candidates));
        true
    }

    /// Picks the loose kana spellings the reading allows; false when it allows none.
    fn set_loose_kana(&mut self, reading: &str) -> bool {
        self.large_small_kana = reading.contains(['ャ', 'ュ', 'ョ', 'ッ']);
        self.sound_fold = reading.contains(['ヅ', 'ヂ']);
        self.long_vowel = [
            "ユウ", "ョウ", "オウ", "コウ", "ソウ", "トウ", "ノウ", "ホウ", "ロウ", "ゴウ", "ドウ",
            "ボウ",
        ]
        .iter()
        .any(|pair| reading.contains(pair));
        self.large_small_kana || self.sound_fold || self.long_vowel
    }

    fn separator(&self, full_width: &'static str) -> &'static str {
        match self.spaces {
            0 => full_width,
            1 => " ",
            2 => "",
            _ => "  ",
        }
    }

    fn kanji_name(&self, person: &Identity) -> String {
        if self.kanji_in_kana {
            let reading = format!(
                "{}{}{}",
                person.surname.1,
                self.separator("　"),
                person.given.1
            );
            return to_hiragana(&reading);
        }
        let mut name = format!(
            "{}{}{}",
            person.surname.0,
            self.separator("　"),
            person.given.0
        );
        if let Some((standard, variant)) = self.variant {
            name = name.replacen(standard, variant, 1);
        }
        if let Some(mark) = self.placeholder {
            if let Some(c) = person.surname.0.chars().last() {
                name = name.replacen(c, mark, 1);
            }
        }
        name
    }

    fn kana_name(&self, person: &Identity) -> String {
        let mut kana = format!(
            "{}{}{}",
            person.surname.1,
            self.separator("　"),
            person.given.1
        );
        if self.long_vowel {
            // ユウコ → ユーコ, ショウタ → ショータ: the second vowel written as a long mark.
            for (from, to) in [
                ("ユウ", "ユー"),
                ("ョウ", "ョー"),
                ("オウ", "オー"),
                ("コウ", "コー"),
                ("ソウ", "ソー"),
                ("トウ", "トー"),
                ("ノウ", "ノー"),
                ("ホウ", "ホー"),
                ("ロウ", "ロー"),
                ("ゴウ", "ゴー"),
                ("ドウ", "ドー"),
                ("ボウ", "ボー"),
            ] {
                kana = kana.replace(from, to);
            }
        }
        if self.large_small_kana {
            kana = kana
                .replace('ャ', "ヤ")
                .replace('ュ', "ユ")
                .replace('ョ', "ヨ")
                .replace('ッ', "ツ");
        }
        if self.sound_fold {
            kana = kana.replace('ヅ', "ズ").replace('ヂ', "ジ");
        }
        if self.hiragana {
            kana = to_hiragana(&kana);
        }
        if self.half_width_kana {
            kana = to_half_width_kana(&kana);
        }
        kana
    }

    fn birth_date(&self, person: &Identity) -> String {
        let d = person.birth_date;
        match self.date {
            0 => format!("{:04}{:02}{:02}", d.year, d.month, d.day),
            1 => format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
            2 => format!("{}/{}/{}", d.year, d.month, d.day),
            3 => to_era_kanji(d),
            4 => {
                let code = to_era_code(d, EraCodeScheme::Jlis);
                let letter = ['M', 'T', 'S', 'H', 'R'][usize::from(code.as_bytes()[0] - b'1')];
                format!("{letter}{}.{}.{}", &code[1..3], &code[3..5], &code[5..7])
            }
            _ => to_era_code(d, EraCodeScheme::Jlis),
        }
    }

    fn sex(&self, person: &Identity) -> String {
        match self.sex {
            0 => person.sex.code().to_string(),
            1 => person.sex.japanese().to_owned(),
            2 => if person.sex == Sex::Male { "M" } else { "F" }.to_owned(),
            _ => if person.sex == Sex::Male {
                "１"
            } else {
                "２"
            }
            .to_owned(),
        }
    }

    fn address(&self, person: &Identity) -> String {
        self.address
            .write(&person.home)
            .unwrap_or_else(|| person.home.canonical())
    }
}

/// One of `notations` that can write `home` (a 郡 to drop, a building to glue…) in what the
/// style's system can store (a legacy CP932 system has no 𠮷); the register's form when
/// none can.
fn address_notation(
    rng: &mut Rng,
    home: &Home,
    notations: &[AddressNotation],
    style: Style,
) -> AddressNotation {
    let storable = |text: &str| style == Style::Modern || encode_cp932(text).1 == 0;
    let usable: Vec<AddressNotation> = notations
        .iter()
        .copied()
        .filter(|n| n.write(home).is_some_and(|text| storable(&text)))
        .collect();
    if usable.is_empty() {
        AddressNotation::Canonical
    } else {
        *rng.pick(&usable)
    }
}

fn to_hiragana(katakana: &str) -> String {
    katakana
        .chars()
        .map(|c| match c {
            'ァ'..='ヶ' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Full-width katakana to the half-width forms legacy systems store (ガ → ｶﾞ).
pub fn to_half_width_kana(text: &str) -> String {
    const FULL: &str = "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if c == '\u{3000}' {
            out.push(' ');
            continue;
        }
        let mut base = c;
        let mut mark = None;
        unicode_normalization::char::decompose_canonical(c, |part| match part {
            '\u{3099}' => mark = Some('ﾞ'),
            '\u{309A}' => mark = Some('ﾟ'),
            other => base = other,
        });
        match FULL.chars().position(|f| f == base) {
            Some(index) => {
                out.push(char::from_u32(0xFF61 + index as u32).unwrap_or(base));
                if let Some(mark) = mark {
                    out.push(mark);
                }
            }
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::{check_my_number, NumberStatus};
    use crate::normalize::kana::normalize_kana_name;

    #[test]
    fn issued_numbers_are_valid_and_unique() {
        let mut rng = Rng::new(7);
        let mut issuer = NumberIssuer::new(&mut rng);
        let numbers: std::collections::HashSet<String> =
            (0..10_000).map(|_| issuer.issue()).collect();
        assert_eq!(numbers.len(), 10_000);
        assert!(numbers
            .iter()
            .all(|n| check_my_number(n).status == NumberStatus::Valid));
    }

    #[test]
    fn half_width_kana_round_trips_through_the_normaliser() {
        for reading in [
            "ヤマダ　タロウ",
            "ガッコウ",
            "パピプペポ",
            "ヴィ",
            "キョウコ",
        ] {
            let half = to_half_width_kana(reading);
            assert!(
                half.chars()
                    .all(|c| c.is_ascii() || ('\u{FF61}'..='\u{FF9F}').contains(&c)),
                "{half}"
            );
            assert_eq!(
                normalize_kana_name(&half).key(crate::normalize::kana::KanaRung::Notation),
                normalize_kana_name(reading).key(crate::normalize::kana::KanaRung::Notation)
            );
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_files() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let options = GenOptions {
            members: 300,
            seed: 42,
            style: Style::Legacy,
        };
        generate(a.path(), options).unwrap();
        generate(b.path(), options).unwrap();
        for name in [MEMBERS_FILE, REGISTER_FILE, TRUTH_FILE] {
            assert_eq!(
                std::fs::read(a.path().join(name)).unwrap(),
                std::fs::read(b.path().join(name)).unwrap(),
                "{name}"
            );
        }
    }
}
