//! A member's flag over the runs: how it changed since the previous run ([`Change`]), and
//! since when and in how many runs in a row it has been flagged ([`History`]). Shared by
//! the re-run comparison (`diff`) and the lists that show it.

use crate::outcome::Outcome;

/// Whether an outcome code (as results.csv writes it) is a flag: suspended, to confirm, to
/// review.
pub fn is_flagged(outcome: &str) -> bool {
    Outcome::from_code(outcome).is_some_and(Outcome::is_flagged)
}

/// How a member's flag changed between two runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Change {
    /// Flagged now, not before.
    New,
    /// Flagged in both runs.
    Persists,
    /// Flagged before, not now (or no longer in the members file).
    Resolved,
}

impl Change {
    pub const ALL: [Change; 3] = [Change::New, Change::Persists, Change::Resolved];

    pub fn japanese(self) -> &'static str {
        match self {
            Change::New => "新規",
            Change::Persists => "継続",
            Change::Resolved => "解消",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Persists => "persists",
            Change::Resolved => "resolved",
        }
    }
}

/// A member's flag over the runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    /// How its flag changed since the previous run (`--previous`), when flagged in either.
    pub change: Option<Change>,
    /// The date (Japan) of the first of the runs in a row that flagged it; empty when not
    /// flagged now.
    pub first_flagged: String,
    /// In how many runs in a row it has been flagged, this one included; 0 when not
    /// flagged now.
    pub times_flagged: u32,
}

impl History {
    /// A member's history without an earlier run: flagged today, or not.
    pub fn without_previous(outcome: &str, today: &str) -> History {
        if is_flagged(outcome) {
            History {
                change: None,
                first_flagged: today.to_owned(),
                times_flagged: 1,
            }
        } else {
            History::default()
        }
    }
}

/// 対象回数 as written: empty when not flagged.
pub fn times(times_flagged: u32) -> String {
    if times_flagged == 0 {
        String::new()
    } else {
        times_flagged.to_string()
    }
}
