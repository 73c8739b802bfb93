//! Spreadsheet damage across a file: how many rows of the number and birth-date columns
//! show each kind of [`Damage`], and where the first is. Past
//! [`SPREADSHEET_DAMAGE_LIMIT`] of the rows the run stops before judging (a file saved from
//! a spreadsheet would otherwise suspend or write to a share of the insurer); below it the
//! damaged rows are judged, the number check naming the damage, and summary.json counts them.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::normalize::spreadsheet::Damage;
use crate::read::ReadFile;
use crate::settings::SPREADSHEET_DAMAGE_LIMIT;

/// The damage found in a file's number (index 0) and birth-date (index 1) columns.
#[derive(Clone, Debug, Default)]
pub struct DamageTally {
    /// (column, damage) → (rows, the first row).
    found: BTreeMap<(usize, Damage), (usize, usize)>,
    rows: usize,
}

impl DamageTally {
    /// Tallies each row's damage, in row order.
    pub fn of(rows: impl Iterator<Item = [Option<Damage>; 2]>) -> DamageTally {
        let mut tally = DamageTally::default();
        for (row, damage) in rows.enumerate() {
            tally.rows += 1;
            for (column, damage) in damage.into_iter().enumerate() {
                if let Some(damage) = damage {
                    tally.found.entry((column, damage)).or_insert((0, row)).0 += 1;
                }
            }
        }
        tally
    }

    /// Stops the run when a kind of damage holds more than [`SPREADSHEET_DAMAGE_LIMIT`] of a
    /// column's rows: the error names the file, the column, the kind, the count and the first
    /// line — never a value. `columns`: the number's and the birth date's column names.
    pub fn check(&self, file: &ReadFile, path: &Path, columns: [&str; 2]) -> Result<()> {
        let worst = self
            .found
            .iter()
            .max_by_key(|(_, &(count, _))| count)
            .filter(|(_, &(count, _))| count as f64 > SPREADSHEET_DAMAGE_LIMIT * self.rows as f64);
        let Some((&(column, damage), &(count, first))) = worst else {
            return Ok(());
        };
        Err(Error::WrongFile {
            path: path.to_owned(),
            message: format!(
                "column `{}`: {count} of {} rows ({:.1}%) hold {}, the first on line {}: the file was saved from a spreadsheet. Export it again as text (the column formatted as text) and run again; nothing was judged",
                columns[column],
                self.rows,
                100.0 * count as f64 / self.rows.max(1) as f64,
                damage.english(),
                file.line(first),
            ),
        })
    }

    /// Rows with each kind of damage, by column name (for summary.json).
    pub fn by_column(&self, columns: [&str; 2]) -> BTreeMap<String, BTreeMap<&'static str, usize>> {
        let mut by_column: BTreeMap<String, BTreeMap<&'static str, usize>> = BTreeMap::new();
        for (&(column, damage), &(count, _)) in &self.found {
            by_column
                .entry(columns[column].to_owned())
                .or_default()
                .insert(damage.code(), count);
        }
        by_column
    }
}
