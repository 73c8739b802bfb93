//! Grading a run against generated ground truth.
//!
//! In: truth.csv (member_id, case, wrong_link) and the run's results.csv (read as `diff`
//! reads it). Out: a table per
//! case (rows, suspended, contacted, review, nothing) and the headline figures: the share of
//! wrong-number cases suspended; the share suspended or contacted; correct links suspended
//! (count and rate); contacted correct links per wrong link found.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use crate::case::Case;
use crate::TRUTH_COLUMNS;
use myna_recon::error::{Error, Result};
use myna_recon::report::diff::read_outcomes;

/// Per-case tallies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub rows: usize,
    pub suspended: usize,
    /// On the contact list (suspended or not).
    pub contacted: usize,
    /// Contacted without being suspended.
    pub contact_only: usize,
    pub review: usize,
    pub nothing: usize,
    /// In truth.csv but not in results.csv (rejected or lost).
    pub missing: usize,
}

/// The grade of one run.
#[derive(Clone, Debug, Default)]
pub struct Grade {
    pub by_case: BTreeMap<Case, Tally>,
}

impl Grade {
    fn total(&self, wrong_link: bool) -> Tally {
        let mut total = Tally::default();
        for (case, tally) in &self.by_case {
            if case.is_wrong_link() == wrong_link {
                total.rows += tally.rows;
                total.suspended += tally.suspended;
                total.contacted += tally.contacted;
                total.contact_only += tally.contact_only;
                total.review += tally.review;
                total.nothing += tally.nothing;
                total.missing += tally.missing;
            }
        }
        total
    }

    /// Wrong-number cases neither suspended nor contacted.
    pub fn wrong_links_missed(&self) -> usize {
        let wrong = self.total(true);
        wrong.rows - wrong.suspended - wrong.contact_only
    }

    /// Correct links suspended.
    pub fn correct_links_suspended(&self) -> usize {
        self.total(false).suspended
    }

    /// Notation-only correct links suspended, contacted or sent to review.
    pub fn notation_flagged(&self) -> usize {
        self.by_case
            .iter()
            .filter(|(case, _)| case.is_notation_only())
            .map(|(_, t)| t.suspended + t.contact_only + t.review)
            .sum()
    }

    /// The table and headline figures as Markdown.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "| case | wrong link | rows | suspended | contacted | contact only | review | nothing | not in results |"
        );
        let _ = writeln!(out, "|---|---|---:|---:|---:|---:|---:|---:|---:|");
        for (case, t) in &self.by_case {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                case.name(),
                if case.is_wrong_link() { "yes" } else { "no" },
                t.rows,
                t.suspended,
                t.contacted,
                t.contact_only,
                t.review,
                t.nothing,
                t.missing
            );
        }
        let wrong = self.total(true);
        let correct = self.total(false);
        let share = |part: usize, whole: usize| {
            if whole == 0 {
                "n/a".to_owned()
            } else {
                format!("{:.2}%", 100.0 * part as f64 / whole as f64)
            }
        };
        let found = wrong.suspended + wrong.contact_only;
        let contacted_correct = correct.contacted;
        let _ = writeln!(out);
        let _ = writeln!(out, "| headline | value |");
        let _ = writeln!(out, "|---|---:|");
        let _ = writeln!(
            out,
            "| wrong-number cases suspended | {} of {} ({}) |",
            wrong.suspended,
            wrong.rows,
            share(wrong.suspended, wrong.rows)
        );
        let _ = writeln!(
            out,
            "| wrong-number cases suspended or contacted | {} of {} ({}) |",
            found,
            wrong.rows,
            share(found, wrong.rows)
        );
        let _ = writeln!(
            out,
            "| correct links suspended | {} of {} ({}) |",
            correct.suspended,
            correct.rows,
            share(correct.suspended, correct.rows)
        );
        let _ = writeln!(
            out,
            "| contacted correct links per wrong link found | {} |",
            if found == 0 {
                "n/a".to_owned()
            } else {
                format!(
                    "{:.2} ({contacted_correct} / {found})",
                    contacted_correct as f64 / found as f64
                )
            }
        );
        let _ = writeln!(
            out,
            "| notation-only records flagged (suspended, contacted or review) | {} |",
            self.notation_flagged()
        );
        out
    }
}

/// truth.csv: header and rows.
fn read_csv(path: &Path) -> Result<(Vec<String>, Vec<Vec<String>>)> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    let text =
        String::from_utf8_lossy(myna_recon::read::encoding::without_bom(&bytes)).into_owned();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::Other(format!("{}: {e}", path.display())))?
        .iter()
        .map(str::to_owned)
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Error::Other(format!("{}: {e}", path.display())))?;
        rows.push(record.iter().map(str::to_owned).collect());
    }
    Ok((headers, rows))
}

/// Grades `results.csv` in `results_dir` against `truth`.
pub fn grade(truth: &Path, results_dir: &Path) -> Result<Grade> {
    let results = read_outcomes(results_dir)?;
    let by_id: HashMap<&str, (&str, bool)> = results
        .iter()
        .map(|o| (o.member_id.as_str(), (o.outcome.as_str(), o.contacted)))
        .collect();

    let (headers, truth_rows) = read_csv(truth)?;
    let column = |name: &str| {
        headers.iter().position(|h| h == name).ok_or_else(|| {
            Error::Other(format!(
                "{}: no column {name}: not a truth.csv written by myna-synth gen",
                truth.display()
            ))
        })
    };
    let (id_column, case_column) = (column(TRUTH_COLUMNS[0])?, column(TRUTH_COLUMNS[1])?);
    let mut grade = Grade::default();
    for row in &truth_rows {
        let field = |column: usize| row.get(column).map_or("", String::as_str);
        let case = Case::from_name(field(case_column)).ok_or_else(|| {
            Error::Other(format!(
                "{}: unknown case {}",
                truth.display(),
                field(case_column)
            ))
        })?;
        let tally = grade.by_case.entry(case).or_default();
        tally.rows += 1;
        match by_id.get(field(id_column)) {
            None => tally.missing += 1,
            Some(&(outcome, contacted)) => {
                if contacted {
                    tally.contacted += 1;
                }
                match outcome {
                    "suspend" => tally.suspended += 1,
                    "review" => tally.review += 1,
                    _ if contacted => {}
                    _ => tally.nothing += 1,
                }
                if contacted && outcome != "suspend" {
                    tally.contact_only += 1;
                }
            }
        }
    }
    Ok(grade)
}
