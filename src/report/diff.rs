//! Re-runs: what is new, what persists and what is resolved since an earlier run.
//!
//! In: the earlier run's outcome per member, read from its results.csv, and the later run's,
//! read likewise or taken as its members are judged. Out: one [`DiffRow`] per member flagged
//! (suspended, contacted or reviewed) in either run, in the later run's order, then members
//! only the earlier run had. Members flagged in neither run are not listed.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::outcome::Outcome;
use crate::report::results::ResultColumn;

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
    let mut outcomes = Vec::new();
    for_each_outcome(dir, |member_id, outcome, reasons, contacted| {
        outcomes.push(MemberOutcome {
            member_id: member_id.to_owned(),
            outcome: outcome.to_owned(),
            reasons: reasons.to_owned(),
            contacted,
        })
    })?;
    Ok(outcomes)
}

/// A reader that hashes (SHA-256) what is read through it.
struct Hashing<R> {
    inner: R,
    hasher: sha2::Sha256,
}

impl<R: std::io::Read> std::io::Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use sha2::Digest;
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// Calls `each` with every row of an output folder's results.csv — member id, outcome
/// code, reason codes, contacted — reading a record at a time (UTF-8, with or without a
/// BOM, or CP932 when the header is not UTF-8). Returns the file's SHA-256 (hex).
fn for_each_outcome(dir: &Path, mut each: impl FnMut(&str, &str, &str, bool)) -> Result<String> {
    use std::io::BufRead;
    let path = dir.join(crate::report::RESULTS);
    let read_error = |source| Error::Read {
        path: path.clone(),
        source,
    };
    let file = std::fs::File::open(&path).map_err(read_error)?;
    let hashing = Hashing {
        inner: file,
        hasher: sha2::Digest::new(),
    };
    let mut input = std::io::BufReader::with_capacity(1 << 20, hashing);
    if input
        .fill_buf()
        .map_err(read_error)?
        .starts_with(b"\xEF\xBB\xBF")
    {
        input.consume(3);
    }
    let mut reader = csv::ReaderBuilder::new().from_reader(input);
    let csv_error = |e: csv::Error| Error::Csv {
        path: path.clone(),
        line: e.position().map_or(0, |p| p.line()),
        message: e.to_string(),
    };
    let headers = reader.byte_headers().map_err(csv_error)?.clone();
    // Written with output encoding cp932 when the header is not UTF-8. (No CP932 byte of a
    // multi-byte character is a comma, quote or line break, so the records split alike.)
    let cp932 = headers.iter().any(|h| std::str::from_utf8(h).is_err());
    fn text(cp932: bool, bytes: &[u8]) -> std::borrow::Cow<'_, str> {
        if cp932 {
            encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes).0
        } else {
            String::from_utf8_lossy(bytes)
        }
    }
    let names: Vec<String> = headers
        .iter()
        .map(|h| text(cp932, h).into_owned())
        .collect();
    let column = |name: &str| {
        names
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| Error::WrongFile {
                path: path.clone(),
                message: format!("no column {name}: not a results.csv written by myna-recon"),
            })
    };
    let (id, outcome, contacted, reasons) = (
        column(ResultColumn::MemberId.header())?,
        column(ResultColumn::OutcomeCode.header())?,
        column(ResultColumn::Contact.header())?,
        column(ResultColumn::ReasonCodes.header())?,
    );
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record).map_err(csv_error)? {
        let field = |i: usize| text(cp932, record.get(i).unwrap_or_default());
        each(
            &field(id),
            &field(outcome),
            &field(reasons),
            !field(contacted).is_empty(),
        );
    }
    // Whatever the CSV reader left unread (nothing, once it has seen the last record).
    let mut input = reader.into_inner();
    std::io::copy(&mut input, &mut std::io::sink()).map_err(read_error)?;
    let hasher = input.into_inner().hasher;
    Ok(sha2::Digest::finalize(hasher)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// The comparison of an earlier run with a later one, built while the later run's members
/// come, in its order. Held of the earlier run: each member's id, place and outcome.
pub struct Differ {
    /// The earlier run's members by id (hashed fast: the ids are the insurer's own).
    before: HashMap<Box<str>, Earlier, foldhash::fast::RandomState>,
    /// The earlier run's outcome codes, each once ([`Earlier::outcome`] indexes it).
    codes: Vec<String>,
    rows: Vec<DiffRow>,
    /// SHA-256 of the earlier run's results.csv (named in the audit trail).
    pub results_sha256: String,
}

/// A member of the earlier run.
struct Earlier {
    /// Its place in the earlier run.
    order: u32,
    /// Its outcome code, in [`Differ::codes`].
    outcome: u32,
    /// Also in the later run.
    seen: bool,
}

impl Differ {
    /// The earlier run's outcomes, read from its output folder a record at a time.
    pub fn read(dir: &Path) -> Result<Differ> {
        let mut differ = Differ::empty();
        let mut order = 0;
        let results_sha256 = for_each_outcome(dir, |member_id, outcome, _, _| {
            differ.insert(order, member_id, outcome);
            order += 1;
        })?;
        differ.results_sha256 = results_sha256;
        Ok(differ)
    }

    fn empty() -> Differ {
        Differ {
            before: HashMap::default(),
            codes: Vec::new(),
            rows: Vec::new(),
            results_sha256: String::new(),
        }
    }

    fn insert(&mut self, order: usize, member_id: &str, outcome: &str) {
        let code = match self.codes.iter().position(|c| c == outcome) {
            Some(code) => code,
            None => {
                self.codes.push(outcome.to_owned());
                self.codes.len() - 1
            }
        };
        let earlier = Earlier {
            order: order as u32,
            outcome: code as u32,
            seen: false,
        };
        self.before.insert(member_id.into(), earlier);
    }

    /// A member of the later run: its id, outcome code and reason codes (asked for only
    /// when the member is listed). Returns how its flag changed, if it was flagged in
    /// either run.
    pub fn add(
        &mut self,
        member_id: &str,
        outcome: &str,
        reasons: impl FnOnce() -> String,
    ) -> Option<Change> {
        let previous = self.before.get_mut(member_id).map(|earlier| {
            earlier.seen = true;
            self.codes[earlier.outcome as usize].as_str()
        });
        let was = previous.is_some_and(is_flagged);
        let change = match (was, is_flagged(outcome)) {
            (false, true) => Change::New,
            (true, true) => Change::Persists,
            (true, false) => Change::Resolved,
            (false, false) => return None,
        };
        self.rows.push(DiffRow {
            member_id: member_id.to_owned(),
            change,
            previous: previous.unwrap_or_default().to_owned(),
            current: outcome.to_owned(),
            current_reasons: reasons(),
        });
        Some(change)
    }

    /// How many of the earlier run's members the later run has, of how many.
    pub fn members_shared(&self) -> (usize, usize) {
        let seen = self.before.values().filter(|e| e.seen).count();
        (seen, self.before.len())
    }

    /// The rows: the later run's, then the members flagged only in the earlier run (no
    /// longer in the members file), in its order.
    pub fn finish(self) -> Vec<DiffRow> {
        let Differ {
            before,
            codes,
            mut rows,
            ..
        } = self;
        let mut gone: Vec<(u32, Box<str>, &str)> = before
            .into_iter()
            .map(|(id, e)| (e.order, id, codes[e.outcome as usize].as_str(), e.seen))
            .filter(|&(_, _, outcome, seen)| !seen && is_flagged(outcome))
            .map(|(order, id, outcome, _)| (order, id, outcome))
            .collect();
        gone.sort_unstable_by_key(|g| g.0);
        rows.extend(gone.into_iter().map(|(_, id, outcome)| DiffRow {
            member_id: id.into(),
            change: Change::Resolved,
            previous: outcome.to_owned(),
            current: String::new(),
            current_reasons: String::new(),
        }));
        rows
    }
}

/// Compares two runs' output folders, reading each a record at a time.
pub fn diff(earlier: &Path, later: &Path) -> Result<Vec<DiffRow>> {
    let mut differ = Differ::read(earlier)?;
    for_each_outcome(later, |member_id, outcome, reasons, _| {
        differ.add(member_id, outcome, || reasons.to_owned());
    })?;
    Ok(differ.finish())
}

/// Rows per change.
pub fn count(rows: &[DiffRow]) -> Vec<(Change, usize)> {
    Change::ALL
        .iter()
        .map(|&c| (c, rows.iter().filter(|r| r.change == c).count()))
        .collect()
}

pub const DIFF_HEADER: [&str; 8] = [
    "加入者ID",
    "区分",
    "区分コード",
    "前回判定",
    "前回判定コード",
    "今回判定",
    "今回判定コード",
    "今回理由コード",
];

/// An outcome code's Japanese name; empty for none (not in that run).
fn outcome_name(code: &str) -> &'static str {
    Outcome::ALL
        .iter()
        .find(|o| o.code() == code)
        .map_or("", |o| o.japanese())
}

/// The row as written to diff.csv: each change and outcome in Japanese, and as its code.
pub fn record(row: &DiffRow) -> [&str; 8] {
    [
        &row.member_id,
        row.change.japanese(),
        row.change.code(),
        outcome_name(&row.previous),
        &row.previous,
        outcome_name(&row.current),
        &row.current,
        &row.current_reasons,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    type Run<'a> = [(&'a str, &'a str)];

    /// The rows of comparing two runs of (member id, outcome code).
    fn diff(before: &Run, after: &Run) -> Vec<DiffRow> {
        let mut differ = Differ::empty();
        for (order, (id, outcome)) in before.iter().enumerate() {
            differ.insert(order, id, outcome);
        }
        for (id, outcome) in after {
            differ.add(id, outcome, String::new);
        }
        differ.finish()
    }

    #[test]
    fn new_persisting_and_resolved_flags() {
        let before = [
            ("A", "suspend"),
            ("B", "contact"),
            ("C", "ok"),
            ("D", "review"),
            ("E", "suspend"),
            ("G", "ok"),
        ];
        let after = [
            ("A", "contact"),
            ("B", "ok"),
            ("C", "suspend"),
            ("D", "resolved"),
            ("F", "review"),
            ("G", "ok"),
        ];
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
