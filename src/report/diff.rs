//! Re-runs: what is new, what persists and what is resolved since an earlier run.
//!
//! In: the outcomes of two runs (each member's outcome code and reason codes, read from
//! results.csv or taken from the run in memory). Out: one [`DiffRow`] per member flagged
//! (suspended, contacted or reviewed) in either run, in the later run's order, then members
//! only the earlier run had. Members flagged in neither run are not listed.

use std::collections::HashMap;
use std::path::Path;

use crate::classify::Outcome;
use crate::error::{Error, Result};
use crate::pipeline::RunResult;
use crate::report::lists::{reason_codes, RESULTS_HEADER};

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

/// The outcomes of a run in memory, in input order.
pub fn outcomes_of(result: &RunResult) -> Vec<MemberOutcome> {
    let table = &result.members.table;
    result
        .judged
        .iter()
        .map(|j| MemberOutcome {
            member_id: table
                .field(j.row, result.member_fields.member_id)
                .to_owned(),
            outcome: j.decision.outcome.code().to_owned(),
            reasons: reason_codes(&j.decision),
            contacted: j.contact,
        })
        .collect()
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

/// Compares an earlier run with a later one.
pub fn diff(previous: &[MemberOutcome], current: &[MemberOutcome]) -> Vec<DiffRow> {
    let before: HashMap<&str, &MemberOutcome> =
        previous.iter().map(|o| (o.member_id.as_str(), o)).collect();
    let mut rows = Vec::new();
    for now in current {
        let earlier = before.get(now.member_id.as_str());
        let was = earlier.is_some_and(|o| is_flagged(&o.outcome));
        let change = match (was, is_flagged(&now.outcome)) {
            (false, true) => Change::New,
            (true, true) => Change::Persists,
            (true, false) => Change::Resolved,
            (false, false) => continue,
        };
        rows.push(DiffRow {
            member_id: now.member_id.clone(),
            change,
            previous: earlier.map_or(String::new(), |o| o.outcome.clone()),
            current: now.outcome.clone(),
            current_reasons: now.reasons.clone(),
        });
    }
    let now: std::collections::HashSet<&str> =
        current.iter().map(|o| o.member_id.as_str()).collect();
    for gone in previous
        .iter()
        .filter(|o| is_flagged(&o.outcome) && !now.contains(o.member_id.as_str()))
    {
        rows.push(DiffRow {
            member_id: gone.member_id.clone(),
            change: Change::Resolved,
            previous: gone.outcome.clone(),
            current: String::new(),
            current_reasons: String::new(),
        });
    }
    rows
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
        let changes: Vec<(String, Change)> = diff(&before, &after)
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
