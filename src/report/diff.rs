//! Re-runs: what is new, what persists and what is resolved since an earlier run.
//!
//! In: the earlier run's outcome per member, read from its results.csv (and, for the members
//! it suspended, their numbers from its suspension_list.csv), and the later run's, read
//! likewise or taken as its members are judged. Out: one [`DiffRow`] per member flagged
//! (suspended, contacted or reviewed) in either run, in the later run's order, then members
//! only the earlier run had; each member's [`History`] (when first flagged, in how many runs
//! in a row); and the suspensions that can be lifted ([`LiftRow`]). Members flagged in
//! neither run are not listed.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::outcome::Outcome;
use crate::report::dates::japan_date_of;
use crate::report::history::{is_flagged, times, Change, History};
use crate::report::read_back::for_each_row;
use crate::report::results::ResultColumn;

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
    /// When the member was first flagged and in how many runs in a row (empty and 0 when
    /// not flagged in the later run).
    pub first_flagged: String,
    pub times_flagged: u32,
}

/// A member suspended in the earlier run whose flag is now resolved or gone: the
/// suspension at the 中間サーバー can be lifted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiftRow {
    pub member_id: String,
    /// The number the earlier run suspended (from its suspension_list.csv).
    pub my_number: String,
    /// The later run's outcome code; empty when the member is no longer in the file.
    pub current: String,
}

impl LiftRow {
    /// Why the suspension can be lifted.
    pub fn why(&self) -> &'static str {
        match self.current.as_str() {
            "" => "今回の加入者ファイルにありません（資格喪失など）。",
            "resolved" => "解決記録により解消しました（データ変更なし）。",
            _ => "今回の照合で閲覧停止・本人確認・内部確認の対象ではなくなりました。",
        }
    }
}

/// lift_list.csv's columns: the full number, for the 中間サーバー.
pub const LIFT_HEADER: [&str; 5] = ["加入者ID", "個人番号", "前回判定", "今回判定", "解除の理由"];

/// A lift_list.csv row.
pub fn lift_record(row: &LiftRow) -> [&str; 5] {
    [
        &row.member_id,
        &row.my_number,
        outcome_name("suspend"),
        if row.current.is_empty() {
            "（加入者ファイルになし）"
        } else {
            outcome_name(&row.current)
        },
        row.why(),
    ]
}

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

/// The outcomes recorded in an output folder's results.csv (for grading a run).
pub fn read_outcomes(dir: &Path) -> Result<Vec<MemberOutcome>> {
    let columns = [
        ResultColumn::MemberId,
        ResultColumn::OutcomeCode,
        ResultColumn::ReasonCodes,
        ResultColumn::Contact,
    ]
    .map(ResultColumn::header);
    let mut outcomes = Vec::new();
    for_each_record(&dir.join(crate::report::RESULTS), &columns, 4, |fields| {
        outcomes.push(MemberOutcome {
            member_id: fields[0].to_owned(),
            outcome: fields[1].to_owned(),
            reasons: fields[2].to_owned(),
            contacted: !fields[3].is_empty(),
        })
    })?;
    Ok(outcomes)
}

/// One row of results.csv as the comparison reads it.
struct OutcomeRecord<'a> {
    member_id: &'a str,
    outcome: &'a str,
    reasons: &'a str,
    /// Empty, and 0, in a results.csv written before the columns were.
    first_flagged: &'a str,
    times_flagged: u32,
}

/// Calls `each` with every row of an output folder's results.csv, reading a record at a
/// time. Returns the file's SHA-256 (hex).
fn for_each_outcome(dir: &Path, mut each: impl FnMut(OutcomeRecord)) -> Result<String> {
    let columns = [
        ResultColumn::MemberId,
        ResultColumn::OutcomeCode,
        ResultColumn::ReasonCodes,
        ResultColumn::FirstFlagged,
        ResultColumn::TimesFlagged,
    ]
    .map(ResultColumn::header);
    for_each_record(&dir.join(crate::report::RESULTS), &columns, 3, |fields| {
        each(OutcomeRecord {
            member_id: fields[0],
            outcome: fields[1],
            reasons: fields[2],
            first_flagged: fields[3],
            times_flagged: fields[4].parse().unwrap_or(0),
        })
    })
}

/// Calls `each` with the `columns` of every row of a CSV list a run wrote, a record at a
/// time; the first `required` columns must be there, the others read as empty when
/// missing. Returns the file's SHA-256 (hex).
fn for_each_record(
    path: &Path,
    columns: &[&str],
    required: usize,
    mut each: impl FnMut(&[&str]),
) -> Result<String> {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut positions: Vec<Option<usize>> = Vec::with_capacity(columns.len());
    let mut missing = None;
    let sha256 = for_each_row(path, |row, fields| {
        if row == 0 {
            for (i, column) in columns.iter().enumerate() {
                let position = fields.iter().position(|h| h == column);
                if position.is_none() && i < required && missing.is_none() {
                    missing = Some(*column);
                }
                positions.push(position);
            }
            return;
        }
        if missing.is_some() {
            return;
        }
        let picked: Vec<&str> = positions
            .iter()
            .map(|p| p.and_then(|i| fields.get(i)).map_or("", |f| f.as_ref()))
            .collect();
        each(&picked);
    })?;
    match missing {
        Some(column) => Err(Error::WrongFile {
            path: path.to_owned(),
            message: format!("no column {column}: not a {name} written by myna-recon"),
        }),
        None => Ok(sha256),
    }
}

/// The comparison of an earlier run with a later one, built while the later run's members
/// come, in its order. Held of the earlier run: each member's id, place and outcome, when a
/// flagged member was first flagged, and the numbers it suspended.
pub struct Differ {
    /// The earlier run's members by id (hashed fast: the ids are the insurer's own).
    before: HashMap<Box<str>, Earlier, foldhash::fast::RandomState>,
    /// The earlier run's outcome codes, each once ([`Earlier::outcome`] indexes it).
    codes: Vec<String>,
    /// The numbers the earlier run suspended, by member id.
    suspended_numbers: HashMap<Box<str>, Box<str>, foldhash::fast::RandomState>,
    /// The date (Japan) of the earlier run, for flags it recorded without their first date.
    earlier_date: String,
    rows: Vec<DiffRow>,
    lifts: Vec<LiftRow>,
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
    /// When first flagged and in how many runs, for a flagged member.
    since: Option<Box<(Box<str>, u32)>>,
}

/// How the later run knows since when a member is flagged.
#[derive(Clone, Copy, Debug)]
pub enum Since<'a> {
    /// It is being judged: a flag first seen is first flagged on this day (Japan).
    Today(&'a str),
    /// Its results.csv recorded it: the first date and the runs in a row (empty and 0 in a
    /// results.csv written before the columns were).
    Recorded(&'a str, u32),
}

/// What a comparison found: the rows of diff.csv and of lift_list.csv.
pub struct Compared {
    pub rows: Vec<DiffRow>,
    pub lifts: Vec<LiftRow>,
}

impl Differ {
    /// The earlier run, read from its output folder a record at a time: the outcomes from
    /// results.csv, the suspended numbers from suspension_list.csv, the date from
    /// summary.json (when there).
    pub fn read(dir: &Path) -> Result<Differ> {
        let mut differ = Differ::empty();
        let mut order = 0;
        let results_sha256 = for_each_outcome(dir, |record| {
            differ.insert(order, &record);
            order += 1;
        })?;
        differ.results_sha256 = results_sha256;
        let suspension_list = dir.join(crate::report::SUSPENSION_LIST);
        if suspension_list.is_file() {
            let columns = [
                crate::report::lists::SUSPENSION_HEADER[0],
                crate::report::lists::SUSPENSION_HEADER[1],
            ];
            for_each_record(&suspension_list, &columns, 2, |fields| {
                differ
                    .suspended_numbers
                    .insert(fields[0].into(), fields[1].into());
            })?;
        }
        differ.earlier_date = std::fs::read_to_string(dir.join(crate::report::SUMMARY))
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .and_then(|summary| summary["finished_at"].as_str().and_then(japan_date_of))
            .unwrap_or_default();
        Ok(differ)
    }

    fn empty() -> Differ {
        Differ {
            before: HashMap::default(),
            codes: Vec::new(),
            suspended_numbers: HashMap::default(),
            earlier_date: String::new(),
            rows: Vec::new(),
            lifts: Vec::new(),
            results_sha256: String::new(),
        }
    }

    fn insert(&mut self, order: usize, record: &OutcomeRecord) {
        let outcome = record.outcome;
        let code = match self.codes.iter().position(|c| c == outcome) {
            Some(code) => code,
            None => {
                self.codes.push(outcome.to_owned());
                self.codes.len() - 1
            }
        };
        let since = (is_flagged(outcome) && !record.first_flagged.is_empty())
            .then(|| Box::new((record.first_flagged.into(), record.times_flagged.max(1))));
        let earlier = Earlier {
            order: order as u32,
            outcome: code as u32,
            seen: false,
            since,
        };
        self.before.insert(record.member_id.into(), earlier);
    }

    /// A member of the later run (its id, outcome code, and reason codes, asked for only
    /// when the member is listed); `since` says how the later run knows since when it is
    /// flagged. Returns its history.
    pub fn add(
        &mut self,
        member_id: &str,
        outcome: &str,
        reasons: impl FnOnce() -> String,
        since: Since,
    ) -> History {
        let earlier = self.before.get_mut(member_id).map(|earlier| {
            earlier.seen = true;
            (
                self.codes[earlier.outcome as usize].as_str(),
                earlier.since.as_deref(),
            )
        });
        let previous = earlier.map(|e| e.0);
        let was = previous.is_some_and(is_flagged);
        let flagged = is_flagged(outcome);
        let change = match (was, flagged) {
            (false, true) => Change::New,
            (true, true) => Change::Persists,
            (true, false) => Change::Resolved,
            (false, false) => return History::default(),
        };
        let (first_flagged, times_flagged) = match (flagged, since, earlier.and_then(|e| e.1)) {
            (false, ..) => (String::new(), 0),
            (true, Since::Recorded(first, times), _) if !first.is_empty() => {
                (first.to_owned(), times)
            }
            (true, _, Some((first, times))) if was => (first.to_string(), times + 1),
            // Flagged before, in a run that did not record since when.
            (true, _, None) if was => (self.earlier_date.clone(), 2),
            (true, Since::Today(today) | Since::Recorded(today, _), _) => (today.to_owned(), 1),
        };
        if previous == Some("suspend") && !flagged {
            self.lifts.push(LiftRow {
                member_id: member_id.to_owned(),
                my_number: self.number_suspended(member_id),
                current: outcome.to_owned(),
            });
        }
        self.rows.push(DiffRow {
            member_id: member_id.to_owned(),
            change,
            previous: previous.unwrap_or_default().to_owned(),
            current: outcome.to_owned(),
            current_reasons: reasons(),
            first_flagged: first_flagged.clone(),
            times_flagged,
        });
        History {
            change: Some(change),
            first_flagged,
            times_flagged,
        }
    }

    fn number_suspended(&self, member_id: &str) -> String {
        self.suspended_numbers
            .get(member_id)
            .map_or_else(String::new, |n| n.to_string())
    }

    /// How many of the earlier run's members the later run has, of how many.
    pub fn members_shared(&self) -> (usize, usize) {
        let seen = self.before.values().filter(|e| e.seen).count();
        (seen, self.before.len())
    }

    /// The rows — the later run's, then the members flagged only in the earlier run (no
    /// longer in the members file), in its order — and the suspensions to lift.
    pub fn finish(mut self) -> Compared {
        let before = std::mem::take(&mut self.before);
        let mut gone: Vec<(u32, Box<str>, &str)> = before
            .into_iter()
            .map(|(id, e)| (e.order, id, self.codes[e.outcome as usize].as_str(), e.seen))
            .filter(|&(_, _, outcome, seen)| !seen && is_flagged(outcome))
            .map(|(order, id, outcome, _)| (order, id, outcome))
            .collect();
        gone.sort_unstable_by_key(|g| g.0);
        let mut rows = std::mem::take(&mut self.rows);
        let mut lifts = std::mem::take(&mut self.lifts);
        for (_, id, outcome) in gone {
            if outcome == "suspend" {
                lifts.push(LiftRow {
                    member_id: id.to_string(),
                    my_number: self.number_suspended(&id),
                    current: String::new(),
                });
            }
            rows.push(DiffRow {
                member_id: id.into(),
                change: Change::Resolved,
                previous: outcome.to_owned(),
                current: String::new(),
                current_reasons: String::new(),
                first_flagged: String::new(),
                times_flagged: 0,
            });
        }
        Compared { rows, lifts }
    }
}

/// Compares two runs' output folders, reading each a record at a time. A member flagged in
/// the later run keeps the history that run recorded.
pub fn diff(earlier: &Path, later: &Path) -> Result<Compared> {
    let mut differ = Differ::read(earlier)?;
    for_each_outcome(later, |record| {
        differ.add(
            record.member_id,
            record.outcome,
            || record.reasons.to_owned(),
            Since::Recorded(record.first_flagged, record.times_flagged),
        );
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

pub const DIFF_HEADER: [&str; 10] = [
    "加入者ID",
    "区分",
    "区分コード",
    "前回判定",
    "前回判定コード",
    "今回判定",
    "今回判定コード",
    "今回理由コード",
    "初回対象日",
    "対象回数",
];

/// An outcome code's Japanese name; empty for none (not in that run).
fn outcome_name(code: &str) -> &'static str {
    Outcome::from_code(code).map_or("", Outcome::japanese)
}

/// The row as written to diff.csv: each change and outcome in Japanese, and as its code.
pub fn record(row: &DiffRow) -> [String; 10] {
    [
        row.member_id.clone(),
        row.change.japanese().to_owned(),
        row.change.code().to_owned(),
        outcome_name(&row.previous).to_owned(),
        row.previous.clone(),
        outcome_name(&row.current).to_owned(),
        row.current.clone(),
        row.current_reasons.clone(),
        row.first_flagged.clone(),
        times(row.times_flagged),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    type Run<'a> = [(&'a str, &'a str)];

    /// The rows of comparing two runs of (member id, outcome code).
    fn diff(before: &Run, after: &Run) -> Vec<DiffRow> {
        compare(before, after).rows
    }

    fn compare(before: &Run, after: &Run) -> Compared {
        let mut differ = Differ::empty();
        for (order, (id, outcome)) in before.iter().enumerate() {
            let record = OutcomeRecord {
                member_id: id,
                outcome,
                reasons: "",
                first_flagged: if is_flagged(outcome) {
                    "2026-11-01"
                } else {
                    ""
                },
                times_flagged: u32::from(is_flagged(outcome)) * 3,
            };
            differ.insert(order, &record);
            if *outcome == "suspend" {
                differ
                    .suspended_numbers
                    .insert((*id).into(), format!("12345678901{order}").into());
            }
        }
        for (id, outcome) in after {
            differ.add(id, outcome, String::new, Since::Today("2026-12-01"));
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

        // Flagged in both runs: since the first date, one run more; new: since today.
        let compared = compare(&before, &after);
        let history: Vec<(&str, &str, u32)> = compared
            .rows
            .iter()
            .map(|r| {
                (
                    r.member_id.as_str(),
                    r.first_flagged.as_str(),
                    r.times_flagged,
                )
            })
            .collect();
        assert!(history.contains(&("A", "2026-11-01", 4)));
        assert!(history.contains(&("C", "2026-12-01", 1)));
        assert!(history.contains(&("B", "", 0)));
        // Suspended before and gone: lifted with the number suspended. (A, suspended and
        // now contacted, is still flagged: not lifted.)
        let lifts: Vec<(&str, &str, &str)> = compared
            .lifts
            .iter()
            .map(|l| {
                (
                    l.member_id.as_str(),
                    l.my_number.as_str(),
                    l.current.as_str(),
                )
            })
            .collect();
        assert_eq!(lifts, [("E", "123456789014", "")]);
    }

    #[test]
    fn a_suspension_resolved_or_cleared_is_lifted() {
        let before = [("A", "suspend"), ("B", "suspend"), ("C", "suspend")];
        let after = [("A", "resolved"), ("B", "ok"), ("C", "contact")];
        let lifts: Vec<(String, String)> = compare(&before, &after)
            .lifts
            .into_iter()
            .map(|l| (l.member_id.clone(), l.why().to_owned()))
            .collect();
        assert_eq!(lifts.len(), 2, "C is still flagged: {lifts:?}");
        assert_eq!(lifts[0].0, "A");
        assert!(lifts[0].1.contains("解決記録"));
        assert_eq!(lifts[1].0, "B");
    }
}
