//! The command line as typed: clap structs only. Turning flags into [`crate::settings::Settings`]
//! happens once, in `cmd`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "myna-recon",
    version,
    about = "Monthly My Number (個人番号) reconciliation for health insurers",
    long_about = "Compares the insurer's members with the resident register's answer for their \
My Numbers on the five attributes (漢字氏名, カナ氏名, 生年月日, 性別, 住所), folds notation \
(髙/高, ｶﾅ/カナ, 1-2-3/1丁目2番3号), checks households, applies a decision policy (the default, \
which tells notation from another person, or MHLW's 2023 table to the letter), and writes the \
suspension, contact and review lists with an audit trail.\n\nExit status: 0 when the run completed \
(mismatches found is still 0); 2 for a usage or configuration error; 1 for any other failure."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the monthly reconciliation and write the lists into --out.
    Run(RunArgs),
    /// Show how values are normalised: one value per line on stdin, one JSON object per
    /// line on stdout.
    Normalize(NormalizeArgs),
    /// Compare two runs' output folders: what is new, what persists, what is resolved.
    Diff(DiffArgs),
    /// Explain one member's judgement: both sides' values and keys, the verdicts, the
    /// household facts, the policy's rules that fired and the outcome.
    Explain(ExplainArgs),
    /// Print a shipped policy (its rules as TOML), to read or to copy into a config's
    /// `[policy]` and change.
    Policy(PolicyArgs),
    /// Check the inputs without judging: encodings, columns, where every line went, the
    /// rows set aside and why, spreadsheet damage, how many numbers the register answers.
    Check(CheckArgs),
    /// Print the example config (every key, its default and what it does), or the
    /// defaults alone.
    Config(ConfigArgs),
}

/// The inputs of a run, read without writing its outputs (`check`, `explain`).
#[derive(Debug, Args)]
pub struct InputArgs {
    /// The insurer's members extract (the run's).
    #[arg(long, value_name = "FILE")]
    pub members: PathBuf,
    /// The resident-register answer for the members' numbers (the run's).
    #[arg(long, value_name = "FILE")]
    pub register: PathBuf,
    /// The run's TOML configuration (column names, encodings, policy); defaults without it.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// The example config, commented (testdata/config.example.toml); without it, the
    /// defaults alone.
    #[arg(long)]
    pub example: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The insurer's members extract (CSV or TSV with a header row).
    #[arg(long, value_name = "FILE")]
    pub members: PathBuf,
    /// The resident-register answer for the members' numbers (CSV or TSV).
    #[arg(long, value_name = "FILE")]
    pub register: PathBuf,
    /// Folder for the outputs (0700; its outputs replaced all at once, files 0600; a second
    /// run on the same folder is refused while the first writes).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// TOML configuration (column names, encodings, era-code scheme, thresholds, the
    /// policy: `default` or `mhlw-2023`); every key has a default. See
    /// testdata/config.example.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// No progress output on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// Worker threads (default: all cores). Outputs are identical whatever the number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Members judged at a time, in whole households (default 65536). Lower it to hold
    /// less memory; outputs are identical whatever the number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub chunk_members: Option<u32>,
    /// Flags already settled (CSV: member_id, decision — 理由付き疑いなし, 本人確認済 or
    /// 訂正済 —, reason, date, who, fingerprint from results.csv). A settled member whose
    /// data are unchanged is not listed again; if either side changed, it is judged afresh.
    #[arg(long, value_name = "FILE")]
    pub resolutions: Option<PathBuf>,
    /// The employers' offices (CSV: office_code, name, postal_code, address,
    /// contact_person): letters routed through an office are addressed to it.
    #[arg(long, value_name = "FILE")]
    pub offices: Option<PathBuf>,
    /// Encoding of the CSV lists (overrides the config's [output] encoding).
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub output_encoding: Option<crate::settings::OutputEncoding>,
    /// Each list also as .xlsx, ids and numbers as text (also `xlsx = true` under [output]).
    #[arg(long)]
    pub xlsx: bool,
    /// The previous run's output folder: diff.csv and the report then tell what is new,
    /// what persists and what is resolved since.
    #[arg(long, value_name = "DIR")]
    pub previous: Option<PathBuf>,
    /// Accept a --previous run that shares fewer than half of its members with this one
    /// (by default refused: it is probably another insurer's or another data set's run).
    #[arg(long, requires = "previous")]
    pub previous_may_differ: bool,
}

/// Which attribute `normalize` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ValueKind {
    NameKanji,
    NameKana,
    BirthDate,
    Sex,
    Address,
}

/// How 7-digit era codes are read (for `normalize --kind birth-date`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EraCodeSchemeArg {
    /// 1 明治, 2 大正, 3 昭和, 4 平成, 5 令和.
    Jlis,
    /// 1 明治, 3 大正, 5 昭和, 7 平成, 9 令和.
    Pension,
}

#[derive(Debug, Args)]
pub struct NormalizeArgs {
    /// The attribute the values are.
    #[arg(long, value_enum)]
    pub kind: ValueKind,
    /// How 7-digit era-code dates are read.
    #[arg(long, value_enum, default_value = "jlis")]
    pub era_code_scheme: EraCodeSchemeArg,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier run's output folder.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later run's output folder.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Write the comparison as CSV here (default: print a summary and the rows to stdout).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The member's id (member_id column).
    #[arg(long, value_name = "ID")]
    pub member: String,
    #[command(flatten)]
    pub inputs: InputArgs,
    /// The resolutions file the run used: a settled flag shows as it did in the run.
    #[arg(long, value_name = "FILE")]
    pub resolutions: Option<PathBuf>,
    /// One JSON object instead of the Japanese text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    /// Tells the person from the notation (slips, surname changes, household moves).
    Default,
    /// MHLW's 2023 table (①②③) to the letter.
    #[value(name = "mhlw-2023")]
    Mhlw2023,
}

#[derive(Debug, Args)]
pub struct PolicyArgs {
    /// Which shipped policy.
    #[arg(long, value_enum, default_value = "default")]
    pub profile: ProfileArg,
}
