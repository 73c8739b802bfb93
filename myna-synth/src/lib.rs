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
//!
//! A crate of its own, apart from the binary that handles real My Numbers: it depends on
//! the `myna-recon` library for its tables (the gazetteer, the half-width kana table, the
//! kanji-variant table through the normaliser) and its column names. The `myna-synth`
//! binary (`gen`, `evaluate`) is in `main.rs`.
//!
//! | module | what |
//! | --- | --- |
//! | [`case`] | what a member row is (the truth file's case) and how often |
//! | `household` | a household: who lives together, where, moves, pairs, crossed numbers |
//! | [`people`] | who a person is: names, birth dates, sex, numbers |
//! | `member` | one member's row and the register's row for its number, by case |
//! | `notation` | how the members file writes a person (width, script, dates, sex codes, address) |
//! | [`address`] | homes at real places and the notations insurers key them in |
//! | [`pools`] | names, readings, variant kanji, buildings |
//! | [`rng`] | the seeded random stream |
//! | [`evaluate`] | grading a run's results.csv against truth.csv |

pub mod address;
pub mod case;
pub mod evaluate;
mod household;
mod member;
mod notation;
pub mod people;
pub mod pools;
pub mod rng;

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use myna_recon::error::{Error, Result};
use myna_recon::report::output::ListWriter;
use myna_recon::settings::{MemberColumns, OutputEncoding};

use address::Notation as AddressNotation;
pub use case::{Case, HouseholdPair};
use household::{generate_household, household_size};
use people::NumberIssuer;
pub use rng::Rng;

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

/// truth.csv's columns, in the order each row is written: the member, its [`Case`], 1 when
/// its number is not its own, how its address is keyed, and its [`HouseholdPair`] if any.
pub const TRUTH_COLUMNS: [&str; 5] = [
    "member_id",
    "case",
    "wrong_link",
    "address_notation",
    "household_pair",
];

/// A carried column (not read by myna-recon) the members file also has, as real extracts do.
const CARRIED_COLUMN: &str = "department";

/// One generated member row with its register row (if the register answers) and truth.
pub(crate) struct Generated {
    pub(crate) member: Vec<String>,
    pub(crate) register: Option<Vec<String>>,
    pub(crate) case: Case,
    /// How the member's address is keyed.
    pub(crate) address_notation: AddressNotation,
    /// The pair of the household the member is one of, if any.
    pub(crate) pair: Option<HouseholdPair>,
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
    // The headers are the library's own column names (their defaults).
    let member_columns = MemberColumns::default();
    let mut member_header = member_columns.all();
    member_header.push(CARRIED_COLUMN);
    members
        .write_record(member_header)
        .map_err(io(MEMBERS_FILE))?;
    register
        .write_record(member_columns.person().required())
        .map_err(io(REGISTER_FILE))?;
    truth.write_record(TRUTH_COLUMNS).map_err(io(TRUTH_FILE))?;

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

#[cfg(test)]
mod tests {
    use super::*;

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
