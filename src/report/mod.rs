//! Writing a run's outputs: the lists (`lists`), report.html (`html`), the comparison with
//! the previous run (`diff`), summary.json (`summary`), masking (`mask`) and the atomic
//! output folder (`output`).
//!
//! In: the run's inputs and its judgements, a chunk at a time ([`RunWriter`]). Out:
//! results.csv, suspension_list.csv, contact_list.csv (its rows and the letters from
//! `notice`), letters.html (`letters`), review_list.csv, number_request_list.csv,
//! rejects.csv, report.html, with `--previous` diff.csv and lift_list.csv, summary.json,
//! and with `--xlsx` each list also as .xlsx (`xlsx`), in the output folder, all or none.

pub mod dates;
pub mod diff;
pub mod history;
pub mod html;
pub mod letters;
pub mod lists;
pub mod mask;
pub mod notice;
pub mod output;
mod read_back;
pub mod results;
pub mod summary;
pub mod xlsx;

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
pub const NUMBER_REQUEST_LIST: &str = "number_request_list.csv";
pub const LIFT_LIST: &str = "lift_list.csv";
pub const LETTERS: &str = "letters.html";

/// Every file a run may write into the output folder (the lists also as .xlsx).
pub const OUTPUTS: [&str; 19] = [
    RESULTS,
    SUSPENSION_LIST,
    CONTACT_LIST,
    REVIEW_LIST,
    NUMBER_REQUEST_LIST,
    LIFT_LIST,
    REJECTS,
    DIFF,
    SUMMARY,
    REPORT,
    LETTERS,
    "results.xlsx",
    "suspension_list.xlsx",
    "contact_list.xlsx",
    "review_list.xlsx",
    "number_request_list.xlsx",
    "lift_list.xlsx",
    "rejects.xlsx",
    "diff.xlsx",
];

type FileWriter = std::io::BufWriter<output::OutputFile>;

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

/// Writes one page (report.html, letters.html) into the staging folder.
fn write_page(
    dir: &OutputDir,
    name: &'static str,
    page: impl FnOnce(&mut FileWriter) -> std::io::Result<()>,
) -> Result<()> {
    let mut file = dir.create_file(name)?;
    page(&mut file).map_err(write_error(dir, name))?;
    dir.finish_file(name, file)
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
/// contact, review and number-request lists grow a chunk of judgements at a time, and only
/// counts, the rows report.html embeds, the letters and (with `--previous`) the changes
/// since the earlier run are kept; [`RunWriter::finish`] writes the rest and puts every file
/// in place at once.
pub struct RunWriter<'a> {
    settings: &'a Settings,
    dir: OutputDir,
    results: ListWriter<FileWriter>,
    /// The contact list (written from the notices).
    contact: ListWriter<FileWriter>,
    /// The suspension, review and number-request lists.
    lists: [(&'static str, ListWriter<FileWriter>, WriteRows); 3],
    tally: Tally,
    shown: html::ReportRows,
    letters: letters::Letters,
    differ: Option<diff::Differ>,
    /// The run's day in Japan: a flag first seen today is first flagged on it, and the
    /// letters are dated with it.
    today: crate::normalize::date::BirthDate,
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
            open(REVIEW_LIST, &lists::REVIEW_HEADER, lists::write_review_list)?,
            open(
                NUMBER_REQUEST_LIST,
                &lists::NUMBER_REQUEST_HEADER,
                lists::write_number_request_list,
            )?,
        ];
        let mut contact = open_list(&dir, CONTACT_LIST, settings)?;
        contact
            .write_record(notice::CONTACT_HEADER)
            .map_err(write_error(&dir, CONTACT_LIST))?;
        let letters = letters::Letters::new(dir.scratch()).map_err(write_error(&dir, LETTERS))?;
        Ok(RunWriter {
            settings,
            dir,
            results,
            contact,
            lists,
            tally: Tally::default(),
            shown: html::ReportRows::default(),
            letters,
            differ,
            today: dates::japan_day(inputs.started_at),
        })
    }

    /// Writes a chunk's judgements to the lists.
    pub fn write(&mut self, inputs: &RunInputs, chunk: &Chunk) -> Result<()> {
        self.tally.add(&chunk.judged);
        let today = &self.today.to_string();
        let histories: Vec<history::History> = chunk
            .judged
            .iter()
            .map(|j| {
                let outcome = j.decision.outcome.code();
                match &mut self.differ {
                    Some(differ) => differ.add(
                        chunk
                            .members
                            .field(j.member, inputs.member_fields.member_id),
                        outcome,
                        || lists::reason_codes(&j.decision),
                        diff::Since::Today(today),
                    ),
                    None => history::History::without_previous(outcome, today),
                }
            })
            .collect();
        let notices = notice::notices(inputs, chunk, &histories);
        // The report's rows and the letters are kept while results.csv (rendered on all
        // threads) and the lists are written.
        let Self {
            dir,
            results,
            contact,
            lists,
            shown,
            letters,
            ..
        } = self;
        let (kept, (written, listed)) = rayon::join(
            || {
                shown.add(inputs, chunk, &histories);
                letters.add(&notices).map_err(write_error(dir, LETTERS))
            },
            || {
                rayon::join(
                    || {
                        results::write_results(results, inputs, chunk, &histories)
                            .map_err(write_error(dir, RESULTS))
                    },
                    || {
                        notice::write_contact_list(contact, &notices)
                            .map_err(write_error(dir, CONTACT_LIST))?;
                        lists.iter_mut().try_for_each(|(name, writer, rows)| {
                            rows(writer, inputs, chunk).map_err(write_error(dir, name))
                        })
                    },
                )
            },
        );
        kept?;
        written?;
        listed
    }

    /// The counts so far.
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    /// Finishes the lists, writes rejects.csv, diff.csv and lift_list.csv (with
    /// `--previous`), letters.html, report.html, the .xlsx copies (with `--xlsx`) and
    /// summary.json, and puts every file in place.
    pub fn finish(self, inputs: &RunInputs, timings: &Timings, progress: &Progress) -> Result<()> {
        let RunWriter {
            settings,
            dir,
            results,
            contact,
            lists,
            tally,
            shown,
            letters,
            differ,
            today,
        } = self;
        // Steps: the lists closed, rejects, diff, xlsx, letters and report, summary, the
        // folder put in place.
        let bar = progress.bar("write", 7, Unit::Steps);
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
        let offices_name = settings
            .offices_path
            .as_deref()
            .map(file_name)
            .unwrap_or_default();
        let files = [
            &*members_name,
            &*register_name,
            &*resolutions_name,
            &*offices_name,
        ];

        let mut rows = BTreeMap::new();
        let mut unmappable = 0;
        let mut count = |name: &'static str, (written, lost): (usize, usize)| {
            rows.insert(name, written);
            unmappable += lost;
        };
        count(RESULTS, finish_list(&dir, RESULTS, results)?);
        count(CONTACT_LIST, finish_list(&dir, CONTACT_LIST, contact)?);
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
        let compared = differ.map(diff::Differ::finish);
        if let Some(compared) = &compared {
            count(
                DIFF,
                write_list(&dir, DIFF, settings, |w| {
                    w.write_record(diff::DIFF_HEADER)?;
                    compared
                        .rows
                        .iter()
                        .try_for_each(|row| w.write_record(diff::record(row)))
                })?,
            );
            count(
                LIFT_LIST,
                write_list(&dir, LIFT_LIST, settings, |w| {
                    w.write_record(diff::LIFT_HEADER)?;
                    compared
                        .lifts
                        .iter()
                        .try_for_each(|row| w.write_record(diff::lift_record(row)))
                })?,
            );
        }
        let diff_rows = compared.map(|c| c.rows);
        bar.inc(1);

        if settings.config.output.xlsx {
            bar.set_message("xlsx");
            // Every list written so far (the CSV files, counted in `rows`).
            for name in rows.keys().filter(|name| name.ends_with(".csv")) {
                let csv = dir.written(name);
                let (xlsx, scratch) = dir.staged(&name.replace(".csv", ".xlsx"));
                xlsx::write_xlsx(&csv, &xlsx, scratch)?;
            }
        }

        bar.inc(1);
        bar.set_message("letters and report");
        rows.insert(LETTERS, letters.len());
        rows.insert("cp932_unmappable_characters", unmappable);
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
        // letters.html and report.html are written at once.
        let (letters_written, report_written) = rayon::join(
            || {
                write_page(&dir, LETTERS, |file| {
                    letters.write(file, today, &settings.config.output.insurer)
                })
            },
            || {
                write_page(&dir, REPORT, |file| {
                    html::write(shown, &summary, diff_rows.as_deref(), file)
                })
            },
        );
        letters_written?;
        report_written?;
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
