//! Writing a run's outputs: the lists (`lists`), report.html (`html`), the comparison with
//! the previous run (`diff`), summary.json (`summary`), masking (`mask`) and the atomic
//! output folder (`output`).
//!
//! In: the run's inputs and its judgements, a chunk at a time ([`RunWriter`]). Out: results.csv, suspension_list.csv, contact_list.csv,
//! review_list.csv, rejects.csv, report.html, diff.csv (with `--previous`) and summary.json
//! in the output folder, all or none.

pub mod diff;
pub mod html;
pub mod lists;
pub mod mask;
pub mod output;
pub mod results;
pub mod summary;

use std::collections::BTreeMap;
use std::io::Write;

use crate::error::{Error, Result};
use crate::judge::judged::{Chunk, RunInputs, Timings};
use crate::progress::{Progress, Unit};
use crate::settings::{Settings, PREVIOUS_SHARED_AT_LEAST};
use output::{ListWriter, OutputDir};
use summary::Tally;

pub const RESULTS: &str = "results.csv";
pub const SUSPENSION_LIST: &str = "suspension_list.csv";
pub const CONTACT_LIST: &str = "contact_list.csv";
pub const REVIEW_LIST: &str = "review_list.csv";
pub const REJECTS: &str = "rejects.csv";
pub const SUMMARY: &str = "summary.json";
pub const REPORT: &str = "report.html";
pub const DIFF: &str = "diff.csv";

/// Every file a run may write into the output folder.
pub const OUTPUTS: [&str; 8] = [
    RESULTS,
    SUSPENSION_LIST,
    CONTACT_LIST,
    REVIEW_LIST,
    REJECTS,
    SUMMARY,
    REPORT,
    DIFF,
];

type FileWriter = std::io::BufWriter<std::fs::File>;

/// Writes a list's rows for a chunk.
type WriteRows = fn(&mut ListWriter<FileWriter>, &RunInputs, &Chunk) -> std::io::Result<()>;

/// Writes one list into the staging folder; returns its data rows and the characters the
/// encoding could not hold.
fn write_list(
    dir: &OutputDir,
    name: &str,
    settings: &Settings,
    write: impl FnOnce(&mut ListWriter<FileWriter>) -> std::io::Result<()>,
) -> Result<(usize, usize)> {
    let mut writer = open_list(dir, name, settings)?;
    write(&mut writer).map_err(write_error(dir, name))?;
    finish_list(dir, name, writer)
}

fn write_error<'a>(dir: &'a OutputDir, name: &'a str) -> impl FnOnce(std::io::Error) -> Error + 'a {
    move |source| Error::Write {
        path: dir.path().join(name),
        source,
    }
}

/// Opens a list in the staging folder (its BOM written, when it has one).
fn open_list(dir: &OutputDir, name: &str, settings: &Settings) -> Result<ListWriter<FileWriter>> {
    let file = dir.create_file(name)?;
    ListWriter::new(file, settings.config.output.encoding).map_err(write_error(dir, name))
}

/// Finishes a list; returns its data rows and the characters the encoding could not hold.
fn finish_list(
    dir: &OutputDir,
    name: &str,
    writer: ListWriter<FileWriter>,
) -> Result<(usize, usize)> {
    let counts = (writer.rows.saturating_sub(1), writer.unmappable);
    dir.finish_file(name, writer.into_inner())?;
    Ok(counts)
}

/// A run's outputs being written into the staging folder: results.csv and the suspension,
/// contact and review lists grow a chunk of judgements at a time, and only counts, the rows
/// report.html embeds and (with `--previous`) the changes since the earlier run are kept;
/// [`RunWriter::finish`] writes the rest and puts every file in place at once.
pub struct RunWriter<'a> {
    settings: &'a Settings,
    dir: OutputDir,
    results: ListWriter<FileWriter>,
    /// The suspension, contact and review lists.
    lists: [(&'static str, ListWriter<FileWriter>, WriteRows); 3],
    tally: Tally,
    shown: html::ReportRows,
    differ: Option<diff::Differ>,
}

impl<'a> RunWriter<'a> {
    /// Reads the previous run (before anything is written: it may be the same folder),
    /// creates the staging folder and writes the lists' headers.
    pub fn open(settings: &'a Settings, inputs: &RunInputs) -> Result<RunWriter<'a>> {
        let differ = match &settings.previous_dir {
            Some(previous) => Some(diff::Differ::read(previous)?),
            None => None,
        };
        let dir = OutputDir::create(&settings.out_dir, &OUTPUTS)?;
        let mut results = open_list(&dir, RESULTS, settings)?;
        results
            .write_record(results::results_header(inputs))
            .map_err(write_error(&dir, RESULTS))?;
        let open = |name: &'static str, header: &[&str], rows: WriteRows| -> Result<_> {
            let mut writer = open_list(&dir, name, settings)?;
            writer
                .write_record(header)
                .map_err(write_error(&dir, name))?;
            Ok((name, writer, rows))
        };
        let lists = [
            open(
                SUSPENSION_LIST,
                &lists::SUSPENSION_HEADER,
                lists::write_suspension_list,
            )?,
            open(
                CONTACT_LIST,
                &lists::CONTACT_HEADER,
                lists::write_contact_list,
            )?,
            open(REVIEW_LIST, &lists::REVIEW_HEADER, lists::write_review_list)?,
        ];
        Ok(RunWriter {
            settings,
            dir,
            results,
            lists,
            tally: Tally::default(),
            shown: html::ReportRows::default(),
            differ,
        })
    }

    /// Writes a chunk's judgements to the lists.
    pub fn write(&mut self, inputs: &RunInputs, chunk: &Chunk) -> Result<()> {
        self.tally.add(&chunk.judged);
        let changes: Vec<Option<diff::Change>> = match &mut self.differ {
            Some(differ) => chunk
                .judged
                .iter()
                .map(|j| {
                    differ.add(
                        chunk
                            .members
                            .field(j.member, inputs.member_fields.member_id),
                        j.decision.outcome.code(),
                        || lists::reason_codes(&j.decision),
                    )
                })
                .collect(),
            None => Vec::new(),
        };
        self.shown.add(inputs, chunk, &changes);
        // results.csv (rendered on all threads) is written while the lists are.
        let Self {
            dir,
            results,
            lists,
            ..
        } = self;
        let (written, listed) = rayon::join(
            || results::write_results(results, inputs, chunk).map_err(write_error(dir, RESULTS)),
            || {
                lists.iter_mut().try_for_each(|(name, writer, rows)| {
                    rows(writer, inputs, chunk).map_err(write_error(dir, name))
                })
            },
        );
        written?;
        listed
    }

    /// The counts so far.
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    /// Finishes the lists, writes rejects.csv, diff.csv (with `--previous`), report.html
    /// and summary.json, and puts every file in place.
    pub fn finish(self, inputs: &RunInputs, timings: &Timings, progress: &Progress) -> Result<()> {
        let RunWriter {
            settings,
            dir,
            results,
            lists,
            tally,
            shown,
            differ,
        } = self;
        // Steps: the lists closed, rejects, diff, report, summary, the folder put in place.
        let bar = progress.bar("write", 6, Unit::Steps);
        bar.set_message("lists");
        let file_name = |p: &std::path::Path| {
            p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        };
        let members_name = file_name(&settings.members_path);
        let register_name = file_name(&settings.register_path);
        let resolutions_name = settings
            .resolutions_path
            .as_deref()
            .map(file_name)
            .unwrap_or_default();
        let files = [&*members_name, &*register_name, &*resolutions_name];

        let mut rows = BTreeMap::new();
        let mut unmappable = 0;
        let mut count = |name: &'static str, (written, lost): (usize, usize)| {
            rows.insert(name, written);
            unmappable += lost;
        };
        count(RESULTS, finish_list(&dir, RESULTS, results)?);
        for (name, writer, _) in lists {
            count(name, finish_list(&dir, name, writer)?);
        }
        bar.inc(1);
        bar.set_message("rejects");
        count(
            REJECTS,
            write_list(&dir, REJECTS, settings, |w| {
                lists::write_rejects(w, &inputs.rejects, files)
            })?,
        );
        if let Some(differ) = &differ {
            refuse_unrelated_previous(settings, differ)?;
        }
        bar.inc(1);
        bar.set_message("diff");
        let previous_sha256 = differ
            .as_ref()
            .map(|d| d.results_sha256.clone())
            .unwrap_or_default();
        let diff_rows = differ.map(diff::Differ::finish);
        if let Some(diff_rows) = &diff_rows {
            count(
                DIFF,
                write_list(&dir, DIFF, settings, |w| {
                    w.write_record(diff::DIFF_HEADER)?;
                    diff_rows
                        .iter()
                        .try_for_each(|row| w.write_record(diff::record(row)))
                })?,
            );
        }
        rows.insert("cp932_unmappable_characters", unmappable);

        bar.inc(1);
        bar.set_message("report");
        let summary = summary::summary(
            settings,
            inputs,
            &tally,
            timings,
            rows,
            diff_rows
                .as_deref()
                .map(|rows| (rows, previous_sha256.as_str())),
        );
        let mut file = dir.create_file(REPORT)?;
        html::write(shown, &summary, diff_rows.as_deref(), &mut file)
            .map_err(write_error(&dir, REPORT))?;
        dir.finish_file(REPORT, file)?;

        bar.inc(1);
        bar.set_message("summary");
        let mut file = dir.create_file(SUMMARY)?;
        serde_json::to_writer_pretty(&mut file, &summary)
            .map_err(std::io::Error::from)
            .and_then(|_| file.write_all(b"\n"))
            .map_err(write_error(&dir, SUMMARY))?;
        dir.finish_file(SUMMARY, file)?;
        bar.inc(1);
        bar.set_message("putting the outputs in place");
        let committed = dir.commit();
        bar.finish_and_clear();
        committed
    }
}

/// A previous run that shares fewer than [`PREVIOUS_SHARED_AT_LEAST`] of its members with
/// this one is another data set's: its flags would all read as resolved. Refused (a usage
/// error) unless the operator accepts it.
fn refuse_unrelated_previous(settings: &Settings, differ: &diff::Differ) -> Result<()> {
    let (shared, previous) = differ.members_shared();
    let share = shared as f64 / previous.max(1) as f64;
    if settings.previous_may_differ || previous == 0 || share >= PREVIOUS_SHARED_AT_LEAST {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "--previous {}: only {shared} of its {previous} members are in this run ({:.0}%): it looks like another data set's run, and its flags would all read as resolved. Nothing was written; give the right folder, or --previous-may-differ to compare anyway",
        settings
            .previous_dir
            .as_deref()
            .map_or_else(String::new, |p| p.display().to_string()),
        share * 100.0
    )))
}
