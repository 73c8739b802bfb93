//! Configuration: the TOML file's shape, every default in one place, and the resolved
//! [`Settings`] the pipeline runs on.
//!
//! In: the `run` flags and an optional TOML file. Out: [`Settings`]. Every key has a
//! default (see `testdata/config.example.toml` for the commented file); unknown keys are an
//! error that names the key, so a typo never silently falls back to a default.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::normalize::date::{EraCodeScheme, SlipKind};
use crate::policy::{toml_error, Policy, Profile, Rule};

/// The whole configuration file.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The insurer's extract.
    pub members: FileConfig<MemberColumns>,
    /// The resident-register answer.
    pub register: FileConfig<PersonColumns>,
    /// Thresholds for comparing values that are not equal after normalisation.
    pub compare: CompareConfig,
    /// Which policy decides, and changes to it.
    pub policy: PolicyConfig,
    /// How the lists are written.
    pub output: OutputConfig,
}

/// The policy: a shipped profile, optionally with other birth-date slip kinds or a whole
/// rule list of the insurer's own (same shape as `policies/*.toml`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PolicyConfig {
    /// `default` or `mhlw-2023`.
    pub profile: Profile,
    /// Replaces the profile's birth-date slip kinds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date_slips: Option<Vec<SlipKind>>,
    /// Replaces the profile's rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<Rule>>,
}

impl PolicyConfig {
    /// The policy the run applies.
    pub fn resolve(&self) -> Policy {
        let mut policy = self.profile.policy();
        if let Some(slips) = &self.birth_date_slips {
            policy.birth_date_slips = slips.clone();
        }
        if let Some(rules) = &self.rules {
            policy.name = format!("{} (rules from the config)", policy.name);
            policy.rules = rules.clone();
        }
        policy
    }
}

/// Text encoding of an input file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputEncoding {
    /// Detected from the bytes: UTF-8 (with or without BOM), CP932/Shift_JIS or EUC-JP.
    #[default]
    Auto,
    #[serde(rename = "utf-8", alias = "utf8")]
    Utf8,
    #[serde(
        alias = "shift_jis",
        alias = "shift-jis",
        alias = "sjis",
        alias = "windows-31j"
    )]
    Cp932,
    #[serde(alias = "euc_jp", alias = "eucjp")]
    EucJp,
}

/// Field separator of an input file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Delimiter {
    /// Tab for `.tsv`/`.tab` files; otherwise whichever of tab and comma the header uses.
    #[default]
    Auto,
    Comma,
    Tab,
}

/// Encoding of the lists written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum OutputEncoding {
    /// UTF-8 with a byte-order mark, so Excel opens it as UTF-8.
    #[default]
    #[serde(rename = "utf-8-bom")]
    #[value(name = "utf-8-bom")]
    Utf8Bom,
    /// UTF-8 without a byte-order mark.
    #[serde(rename = "utf-8", alias = "utf8")]
    #[value(name = "utf-8")]
    Utf8,
    /// CP932 (Windows Shift_JIS); characters outside it are written as 〓 and counted.
    Cp932,
}

/// One input file: how it is read and which header names hold which field.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FileConfig<C> {
    pub encoding: InputEncoding,
    pub delimiter: Delimiter,
    /// How the first digit of a 7-digit era-code birth date names the era.
    pub era_code_scheme: EraCodeScheme,
    pub columns: C,
}

impl<C: Default> Default for FileConfig<C> {
    fn default() -> Self {
        FileConfig {
            encoding: InputEncoding::Auto,
            delimiter: Delimiter::Auto,
            era_code_scheme: EraCodeScheme::Jlis,
            columns: C::default(),
        }
    }
}

/// Header names of the five attributes and the number; used by both files.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PersonColumns {
    pub my_number: String,
    pub name_kanji: String,
    pub name_kana: String,
    pub birth_date: String,
    pub sex: String,
    pub address: String,
}

impl Default for PersonColumns {
    fn default() -> Self {
        PersonColumns {
            my_number: "my_number".into(),
            name_kanji: "name_kanji".into(),
            name_kana: "name_kana".into(),
            birth_date: "birth_date".into(),
            sex: "sex".into(),
            address: "address".into(),
        }
    }
}

/// Header names of the members file.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MemberColumns {
    pub member_id: String,
    pub my_number: String,
    pub name_kanji: String,
    pub name_kana: String,
    pub birth_date: String,
    pub sex: String,
    pub address: String,
    pub household_id: String,
    pub relationship: String,
    pub office_code: String,
    pub delivery: String,
    pub status: String,
    pub postal_code: String,
}

impl Default for MemberColumns {
    fn default() -> Self {
        MemberColumns {
            member_id: "member_id".into(),
            my_number: "my_number".into(),
            name_kanji: "name_kanji".into(),
            name_kana: "name_kana".into(),
            birth_date: "birth_date".into(),
            sex: "sex".into(),
            address: "address".into(),
            household_id: "household_id".into(),
            relationship: "relationship".into(),
            office_code: "office_code".into(),
            delivery: "delivery".into(),
            status: "status".into(),
            postal_code: "postal_code".into(),
        }
    }
}

impl PersonColumns {
    /// The columns a file must have: the number and the five attributes.
    pub fn required(&self) -> Vec<&str> {
        vec![
            &self.my_number,
            &self.name_kanji,
            &self.name_kana,
            &self.birth_date,
            &self.sex,
            &self.address,
        ]
    }
}

impl MemberColumns {
    /// The columns the members file must have: the member id, then the number and the
    /// five attributes.
    pub fn required(&self) -> Vec<&str> {
        vec![
            &self.member_id,
            &self.my_number,
            &self.name_kanji,
            &self.name_kana,
            &self.birth_date,
            &self.sex,
            &self.address,
        ]
    }

    /// Every column the program reads, required ones first: the header a file written for
    /// it (by the synthetic-data generator) starts with.
    pub fn all(&self) -> Vec<&str> {
        let mut all = self.required();
        all.extend([
            self.household_id.as_str(),
            &self.relationship,
            &self.office_code,
            &self.delivery,
            &self.status,
            &self.postal_code,
        ]);
        all
    }

    /// The number and the five attributes, as for the register.
    pub fn person(&self) -> PersonColumns {
        PersonColumns {
            my_number: self.my_number.clone(),
            name_kanji: self.name_kanji.clone(),
            name_kana: self.name_kana.clone(),
            birth_date: self.birth_date.clone(),
            sex: self.sex.clone(),
            address: self.address.clone(),
        }
    }
}

/// Similarity thresholds (Jaro-Winkler, 0–1) above which a differing value is "similar"
/// (a possible typo) rather than "different". Similar still counts as differing for the
/// MHLW table; the score is shown so a clerk can judge.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CompareConfig {
    pub name_similarity: f64,
    /// Names within this many edits (Damerau-Levenshtein, on the loosest key; names of
    /// three characters or more) are "similar" too.
    pub name_max_edits: usize,
    pub address_similarity: f64,
}

impl Default for CompareConfig {
    fn default() -> Self {
        CompareConfig {
            name_similarity: 0.85,
            name_max_edits: 1,
            address_similarity: 0.85,
        }
    }
}

/// How the lists are written.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutputConfig {
    pub encoding: OutputEncoding,
    /// Each list also as .xlsx (ids and numbers as text, so no leading zero is lost).
    pub xlsx: bool,
    /// The insurer's name, signing the letters (letters.html); empty: unsigned.
    pub insurer: String,
}

impl Config {
    /// Reads a config file; every key not given keeps its default.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Config {
            path: path.to_owned(),
            message: format!("cannot read it: {source}"),
        })?;
        Config::parse(&text).map_err(|message| Error::Config {
            path: path.to_owned(),
            message,
        })
    }

    /// Parses config text; the error is one sentence naming the key or line.
    pub fn parse(text: &str) -> std::result::Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> std::result::Result<(), String> {
        for (key, value) in [
            ("compare.name_similarity", self.compare.name_similarity),
            (
                "compare.address_similarity",
                self.compare.address_similarity,
            ),
        ] {
            if !(0.0..=1.0).contains(&value) {
                return Err(format!("{key} must be between 0 and 1, got {value}"));
            }
        }
        self.policy
            .resolve()
            .validate()
            .map_err(|message| format!("policy: {message}"))
    }
}

/// Everything one `run` needs, resolved from flags, the config file and defaults.
#[derive(Clone, Debug)]
pub struct Settings {
    pub members_path: PathBuf,
    pub register_path: PathBuf,
    pub out_dir: PathBuf,
    pub config_path: Option<PathBuf>,
    pub config: Config,
    /// Flags the insurer has settled (`--resolutions`).
    pub resolutions_path: Option<PathBuf>,
    /// The employers' offices letters are routed through (`--offices`).
    pub offices_path: Option<PathBuf>,
    /// The previous run's output folder (`--previous`), for what is new, persists or resolved.
    pub previous_dir: Option<PathBuf>,
    /// Accept a previous run sharing fewer than [`PREVIOUS_SHARED_AT_LEAST`] of its members
    /// (`--previous-may-differ`).
    pub previous_may_differ: bool,
    /// Worker threads (`--jobs`; default: all cores).
    pub jobs: usize,
    /// Members judged at a time (`--chunk-members`; default [`DEFAULT_CHUNK_MEMBERS`]).
    pub chunk_members: usize,
    /// Progress bars on stderr (off with `--quiet` or when stderr is not a terminal).
    pub progress: bool,
}

/// The share of a column's rows showing one kind of spreadsheet damage (numbers in
/// scientific notation, leading zeros lost, dates as serial numbers…) past which the run
/// stops before judging: the file went through a spreadsheet and must be exported again.
pub const SPREADSHEET_DAMAGE_LIMIT: f64 = 0.05;

/// The share of a previous run's members this run must have for `--previous` to be taken
/// as the same data set's earlier run.
pub const PREVIOUS_SHARED_AT_LEAST: f64 = 0.5;

/// Members judged at a time unless `--chunk-members` says otherwise. What is held per
/// member while judging (normalised names and addresses, comparisons, household facts)
/// lives for one chunk of whole households (two at a time: one written while the next is
/// judged); larger chunks find more repeated names and addresses to normalise once, smaller
/// ones hold less. On realistic 10^6 members (two cores, median of three) 65,536 takes
/// 3.56 s and peaks at 0.54 GB, against 3.65 s and 1.03 GB for 262,144 (less memory touched
/// for the first time, and it is reused chunk after chunk), 3.57 s and 0.70 GB for 131,072,
/// 3.59 s and 0.47 GB for 32,768.
pub const DEFAULT_CHUNK_MEMBERS: usize = 1 << 16;

/// The example config: every key with its default and what it does (`myna-recon config
/// --example`; a test checks it spells out exactly the defaults).
pub const EXAMPLE_CONFIG: &str = include_str!("../testdata/config.example.toml");

/// The number of cores this machine offers.
pub fn available_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_config_spells_out_exactly_the_defaults() {
        let parsed = Config::parse(EXAMPLE_CONFIG).unwrap();
        assert_eq!(
            serde_json::to_value(&parsed).unwrap(),
            serde_json::to_value(Config::default()).unwrap()
        );
        // Every key of the defaults appears in the example (no undocumented key).
        let defaults = toml::to_string(&Config::default()).unwrap();
        for line in defaults.lines().filter(|l| l.contains(" = ")) {
            let key = line.split(" = ").next().unwrap();
            assert!(
                EXAMPLE_CONFIG.contains(&format!("\n{key} = ")),
                "{key} missing from the example"
            );
        }
    }

    #[test]
    fn errors_name_the_key_or_line() {
        let unknown = Config::parse("[members]\nencodng = \"cp932\"\n").unwrap_err();
        assert!(unknown.contains("encodng"), "{unknown}");
        assert!(unknown.starts_with("line 2"), "{unknown}");
        let bad_value = Config::parse("[output]\nencoding = \"latin1\"\n").unwrap_err();
        assert!(bad_value.contains("utf-8-bom"), "{bad_value}");
        let range = Config::parse("[compare]\nname_similarity = 1.5\n").unwrap_err();
        assert!(range.contains("compare.name_similarity"), "{range}");
    }

    #[test]
    fn partial_configs_keep_the_other_defaults() {
        let config = Config::parse("[members.columns]\nmember_id = \"被保険者番号\"\n").unwrap();
        assert_eq!(config.members.columns.member_id, "被保険者番号");
        assert_eq!(config.members.columns.name_kana, "name_kana");
        assert_eq!(config.output.encoding, OutputEncoding::Utf8Bom);
    }

    #[test]
    fn the_policy_is_a_profile_with_optional_changes() {
        let mhlw = Config::parse("[policy]\nprofile = \"mhlw-2023\"\n").unwrap();
        assert_eq!(mhlw.policy.resolve(), Profile::Mhlw2023.policy());
        let slips = Config::parse("[policy]\nbirth_date_slips = [\"one_digit\"]\n").unwrap();
        let policy = slips.policy.resolve();
        assert_eq!(policy.birth_date_slips, vec![SlipKind::OneDigit]);
        assert_eq!(policy.rules, Profile::Default.policy().rules);
        let moves = "[[policy.rules]]\nname = \"moves\"\nwhen = [\"address_differs\"]\noutcome = \"review\"\nreason = \"ADDRESS_DIFFERS\"\n";
        let strangers = "[[policy.rules]]\nname = \"strangers\"\nwhen = [\"sex_differs\"]\noutcome = \"suspend\"\nreason = \"SEX_DIFFERS\"\n";
        let own = Config::parse(&format!("{moves}{strangers}")).unwrap();
        assert_eq!(own.policy.resolve().rules.len(), 2);
        // A policy that can never suspend is refused, as is one without rules.
        for never in [moves.to_owned(), "[policy]\nrules = []\n".to_owned()] {
            let error = Config::parse(&never).unwrap_err();
            assert!(error.contains("never be suspended"), "{error}");
        }
        let unknown = Config::parse("[policy]\nprofile = \"strict\"\n").unwrap_err();
        assert!(unknown.contains("mhlw-2023"), "{unknown}");
    }
}
