//! Re-runs: what is new, what persists and what is resolved since an earlier run.
//!
//! In: the earlier run's outcome per member, read from its results.csv, and the later run's,
//! read likewise or taken as its members are judged. Out: one [`DiffRow`] per member flagged
//! (suspended, contacted or reviewed) in either run, in the later run's order, then members
//! only the earlier run had. Members flagged in neither run are not listed.

use std::collections::HashMap;
use std::path::Path;

use crate::classify::Outcome;
use crate::error::{Error, Result};
use crate::report::lists::RESULTS_HEADER;

/// One member's outcome in a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberOutcome {
    pub member_id: String,
    /// Outcome code as in results.csv (`suspend`, `contact`, `review`, `ok`, …).
    pub outcome: String,
    pub reasons: String,
    /// On the contact list.
    pub contacted: bool,
}

fn is_flagged(outcome: &str) -> bool {
    Outcome::ALL
        .iter()
        .any(|o| o.is_flagged() && o.code() == outcome)
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

/// One member flagged in either run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffRow {
    pub member_id: String,
    pub change: Change,
    /// Empty when the member was not in the earlier run.
    pub previous: String,
    /// Empty when the member is not in the later run.
    pub current: String,
    pub current_reasons: String,
}

/// The outcomes recorded in an output folder's results.csv.
pub fn read_outcomes(dir: &Path) -> Result<Vec<MemberOutcome>> {
    let path = dir.join(crate::report::RESULTS);
    let bytes = std::fs::read(&path).map_err(|source| Error::Read {
        path: path.clone(),
        source,
    })?;
    let text = match std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)) {
        Ok(text) => text.to_owned(),
        // Written with output encoding cp932.
        Err(_) => encoding_rs::SHIFT_JIS.decode(&bytes).0.into_owned(),
    };
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let csv_error = |e: csv::Error| Error::Csv {
        path: path.clone(),
        line: e.position().map_or(0, |p| p.line()),
        message: e.to_string(),
    };
    let headers = reader.headers().map_err(csv_error)?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| Error::WrongFile {
                path: path.clone(),
                message: format!("no column {name}: not a results.csv written by myna-recon"),
            })
    };
    let (id, outcome, contacted, reasons) = (
        column(RESULTS_HEADER[0])?,
        column(RESULTS_HEADER[3])?,
        column(RESULTS_HEADER[4])?,
        column(RESULTS_HEADER[6])?,
    );
    let mut outcomes = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let field = |i: usize| record.get(i).unwrap_or("").to_owned();
        outcomes.push(MemberOutcome {
            member_id: field(id),
            outcome: field(outcome),
            reasons: field(reasons),
            contacted: !field(contacted).is_empty(),
        });
    }
    Ok(outcomes)
}

/// The comparison of an earlier run with a later one, built while the later run's members
/// come, in its order.
pub struct Differ {
    /// The earlier run's members by id.
    before: HashMap<Box<str>, Earlier>,
    rows: Vec<DiffRow>,
}

/// A member of the earlier run.
struct Earlier {
    /// Its place in the earlier run.
    order: usize,
    /// Its outcome code.
    outcome: String,
    /// Also in the later run.
    seen: bool,
}

impl Differ {
    pub fn new(previous: Vec<MemberOutcome>) -> Differ {
        let before = previous
            .into_iter()
            .enumerate()
            .map(|(order, o)| {
                let earlier = Earlier {
                    order,
                    outcome: o.outcome,
                    seen: false,
                };
                (o.member_id.into_boxed_str(), earlier)
            })
            .collect();
        Differ {
            before,
            rows: Vec::new(),
        }
    }

    /// A member of the later run: its id, outcome code and reason codes (asked for only
    /// when the member is listed).
    pub fn add(&mut self, member_id: &str, outcome: &str, reasons: impl FnOnce() -> String) {
        let earlier = self.before.get_mut(member_id);
        let previous = match earlier {
            Some(earlier) => {
                earlier.seen = true;
                Some(&earlier.outcome)
            }
            None => None,
        };
        let was = previous.is_some_and(|o| is_flagged(o));
        let change = match (was, is_flagged(outcome)) {
            (false, true) => Change::New,
            (true, true) => Change::Persists,
            (true, false) => Change::Resolved,
            (false, false) => return,
        };
        self.rows.push(DiffRow {
            member_id: member_id.to_owned(),
            change,
            previous: previous.cloned().unwrap_or_default(),
            current: outcome.to_owned(),
            current_reasons: reasons(),
        });
    }

    /// The rows: the later run's, then the members flagged only in the earlier run (no
    /// longer in the members file), in its order.
    pub fn finish(self) -> Vec<DiffRow> {
        let mut rows = self.rows;
        let mut gone: Vec<(usize, Box<str>, String)> = self
            .before
            .into_iter()
            .filter(|(_, e)| !e.seen && is_flagged(&e.outcome))
            .map(|(id, e)| (e.order, id, e.outcome))
            .collect();
        gone.sort_unstable_by_key(|g| g.0);
        rows.extend(gone.into_iter().map(|(_, id, outcome)| DiffRow {
            member_id: id.into(),
            change: Change::Resolved,
            previous: outcome,
            current: String::new(),
            current_reasons: String::new(),
        }));
        rows
    }
}

/// Compares two runs' outcomes.
pub fn diff(previous: Vec<MemberOutcome>, current: &[MemberOutcome]) -> Vec<DiffRow> {
    let mut differ = Differ::new(previous);
    for now in current {
        differ.add(&now.member_id, &now.outcome, || now.reasons.clone());
    }
    differ.finish()
}

/// Rows per change.
pub fn count(rows: &[DiffRow]) -> Vec<(Change, usize)> {
    Change::ALL
        .iter()
        .map(|&c| (c, rows.iter().filter(|r| r.change == c).count()))
        .collect()
}

pub const DIFF_HEADER: [&str; 6] = [
    "加入者ID",
    "区分",
    "区分コード",
    "前回判定コード",
    "今回判定コード",
    "今回理由コード",
];

/// The row as written to diff.csv.
pub fn record(row: &DiffRow) -> [&str; 6] {
    [
        &row.member_id,
        row.change.japanese(),
        row.change.code(),
        &row.previous,
        &row.current,
        &row.current_reasons,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(rows: &[(&str, &str)]) -> Vec<MemberOutcome> {
        rows.iter()
            .map(|(id, outcome)| MemberOutcome {
                member_id: id.to_string(),
                outcome: outcome.to_string(),
                reasons: String::new(),
                contacted: false,
            })
            .collect()
    }

    #[test]
    fn new_persisting_and_resolved_flags() {
        let before = run(&[
            ("A", "suspend"),
            ("B", "contact"),
            ("C", "ok"),
            ("D", "review"),
            ("E", "suspend"),
            ("G", "ok"),
        ]);
        let after = run(&[
            ("A", "contact"),
            ("B", "ok"),
            ("C", "suspend"),
            ("D", "resolved"),
            ("F", "review"),
            ("G", "ok"),
        ]);
        let changes: Vec<(String, Change)> = diff(before, &after)
            .into_iter()
            .map(|r| (r.member_id, r.change))
            .collect();
        let expected = [
            ("A", Change::Persists),
            ("B", Change::Resolved),
            ("C", Change::New),
            ("D", Change::Resolved),
            ("F", Change::New),
            ("E", Change::Resolved),
        ];
        assert_eq!(changes, expected.map(|(id, c)| (id.to_owned(), c)).to_vec());
    }
}
