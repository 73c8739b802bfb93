//! What a run holds between its stages and what the writers read: the inputs read and
//! checked ([`RunInputs`]) with the positions of their columns ([`MemberFields`],
//! [`PersonFields`]), a chunk of judged members ([`Chunk`], [`Judged`]), how a notice
//! reaches a member ([`Delivery`]), and the stages' timings ([`Timings`]). `pipeline` makes
//! them, `report` writes them; this module imports neither.

use std::time::SystemTime;

use crate::join::damage::DamageTally;
use crate::judge::classify::Decision;
use crate::judge::resolutions::{Fingerprint, ResolutionStatus};
use crate::model::{Comparison, Person};
use crate::normalize::number::{check_my_number, NumberCheck, NumberStatus};
use crate::policy::{Policy, Signals};
use crate::read::offices::Offices;
use crate::read::resolutions::{Resolution, Resolutions};
use crate::read::{MemberFields, PersonFields, ReadFile, Reject, Source, Table};

/// How a notice reaches the member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Through the employer's office (事業所), sealed.
    Office,
    /// By post to the home address (任意継続).
    Home,
}

/// Reads the `delivery` field: `home` (or 自宅) means post; anything else the office.
pub fn parse_delivery(text: &str) -> Delivery {
    match text.trim().to_ascii_lowercase().as_str() {
        "home" | "自宅" | "自宅送付" | "任意継続" => Delivery::Home,
        _ => Delivery::Office,
    }
}

/// Reads the `status` field: `lapsed` (or 資格喪失/喪失) means the member has lapsed.
pub fn parse_lapsed(text: &str) -> bool {
    matches!(
        text.trim().to_ascii_lowercase().as_str(),
        "lapsed" | "資格喪失" | "喪失"
    )
}

/// The judgement on one member row.
#[derive(Clone, Debug)]
pub struct Judged {
    /// Row in its chunk's members table.
    pub member: usize,
    /// The number's form (its digits are read again when written: see
    /// [`RunInputs::number`]).
    pub number_status: NumberStatus,
    /// Row in its chunk's register table for the number, if the register has it.
    pub register_row: Option<usize>,
    pub comparison: Option<Comparison>,
    /// Where the two addresses differ (see [`crate::normalize::address::differences`]),
    /// when they name different places; what one of them leaves out (see
    /// [`crate::normalize::address::written_on_one_side`]) when they name one place in
    /// different notation; empty otherwise.
    pub address_differences: Box<str>,
    /// The signals the policy's rules were applied to.
    pub signals: Signals,
    pub decision: Decision,
    /// Row in its chunk's members table of the household member whose person the register
    /// gives for this member's number (the reasons name it).
    pub household_member: Option<usize>,
    /// On the contact list: suspended or to confirm, and not lapsed.
    pub contact: bool,
    /// Hash of the data the judgement rests on (see [`crate::judge::resolutions::fingerprint`]).
    pub fingerprint: Fingerprint,
    /// The insurer's resolution for this member, and what became of it.
    /// (Boxed: few members have one, and every member carries the field.)
    pub resolution: Option<Box<(Resolution, ResolutionStatus)>>,
    /// The member's person in its chunk's [`Chunk::people`], and the register's for its
    /// number (when the register has one).
    pub person: usize,
    pub register_person: Option<usize>,
}

/// A run's inputs, read and checked: what judging and the writers look up.
pub struct RunInputs {
    /// The members file (its rows are read again a chunk at a time).
    pub members: ReadFile,
    /// The register (its rows are read again a chunk at a time).
    pub register: ReadFile,
    pub member_fields: MemberFields,
    pub register_fields: PersonFields,
    /// Rows of both files that could not be used, in file then line order, then the
    /// resolutions that could not be used.
    pub rejects: Vec<Reject>,
    /// Register rows repeating an earlier row exactly (dropped, counted).
    pub register_exact_duplicates: usize,
    /// Register rows joined on (a valid number, once each).
    pub register_rows_used: usize,
    /// The resolutions file, when given.
    pub resolutions: Option<Resolutions>,
    /// The offices file, when given (letters routed through an office are addressed to
    /// it).
    pub offices: Option<Offices>,
    /// The policy that decides.
    pub policy: Policy,
    /// How the members file writes 7-digit era codes (the letters read its dates).
    pub members_era_code_scheme: crate::normalize::date::EraCodeScheme,
    pub started_at: SystemTime,
    /// Spreadsheet damage found in the members file and the register (below the limit).
    pub spreadsheet_damage: [DamageTally; 2],
}

impl RunInputs {
    /// The rows of one input that could not be used.
    pub fn rejects_from(&self, source: Source) -> impl Iterator<Item = &Reject> {
        self.rejects.iter().filter(move |r| r.source == source)
    }

    /// The member's number as checked (digits folded), from its chunk's members table.
    pub fn number(&self, chunk: &Chunk, judged: &Judged) -> NumberCheck {
        check_my_number(
            chunk
                .members
                .field(judged.member, self.member_fields.person.my_number),
        )
    }
}

/// A chunk of members judged, with every column of their rows and of the register rows
/// linked to them.
#[derive(Clone, Debug)]
pub struct Chunk {
    /// The members' rows; [`Judged::member`] indexes it.
    pub members: Table,
    /// The register rows for their numbers; [`Judged::register_row`] indexes it.
    pub register: Table,
    /// One per member, households together, households in the order of their first member.
    pub judged: Vec<Judged>,
    /// The normalised values of the members and the register rows linked to them
    /// ([`Judged::person`] and [`Judged::register_person`] index it): what the report shows
    /// under the values as written.
    pub people: Vec<Person>,
}

impl Chunk {
    /// Lets go of the chunk, its many small values freed on all threads.
    pub fn release(self) {
        use rayon::prelude::*;
        self.people.into_par_iter().for_each(drop);
    }
}

/// Wall-clock seconds of each stage, in order, and the peak memory (RSS) reached by its end.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Timings {
    #[serde(skip)]
    since: std::time::Instant,
    pub stages: Vec<(&'static str, f64)>,
    /// Peak resident memory in MB at the end of each stage (Linux; empty elsewhere).
    pub peak_mb: Vec<(&'static str, u64)>,
}

impl Timings {
    pub fn start() -> Timings {
        Timings {
            since: std::time::Instant::now(),
            stages: Vec::new(),
            peak_mb: Vec::new(),
        }
    }

    /// Ends the current stage. A stage met again (one per chunk of members) adds up.
    pub fn lap(&mut self, stage: &'static str) {
        self.add(stage, self.since.elapsed().as_secs_f64());
    }

    /// Adds `seconds` to a stage timed on its own (one that overlaps another: a chunk's
    /// writing runs while the next chunk is judged); the next lap counts from now.
    pub fn add(&mut self, stage: &'static str, seconds: f64) {
        self.since = std::time::Instant::now();
        let round = |s: f64| (s * 1000.0).round() / 1000.0;
        match self.stages.iter_mut().find(|(name, _)| *name == stage) {
            Some((_, total)) => *total = round(*total + seconds),
            None => self.stages.push((stage, round(seconds))),
        }
        if let Some(peak) = peak_rss_mb() {
            match self.peak_mb.iter_mut().find(|(name, _)| *name == stage) {
                Some((_, highest)) => *highest = peak,
                None => self.peak_mb.push((stage, peak)),
            }
        }
    }
}

/// The process's peak resident memory so far, in MB (VmHWM; Linux only).
fn peak_rss_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
