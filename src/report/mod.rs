//! Writing a run's outputs: the lists (`lists`), report.html (`html`), the comparison with
//! the previous run (`diff`), summary.json (`summary`), masking (`mask`) and the atomic
//! output folder (`output`).
//!
//! In: the judged run. Out: results.csv, suspension_list.csv, contact_list.csv,
//! review_list.csv, rejects.csv, report.html, diff.csv (with `--previous`) and summary.json
//! in the output folder, all or none.

pub mod diff;
pub mod html;
pub mod lists;
pub mod mask;
pub mod output;
pub mod summary;

use std::collections::BTreeMap;
use std::io::Write;

use crate::error::{Error, Result};
use crate::pipeline::RunResult;
use crate::progress::Progress;
use crate::settings::Settings;
use output::{ListWriter, OutputDir};

pub const RESULTS: &str = "results.csv";
pub const SUSPENSION_LIST: &str = "suspension_list.csv";
pub const CONTACT_LIST: &str = "contact_list.csv";
pub const REVIEW_LIST: &str = "review_list.csv";
pub const REJECTS: &str = "rejects.csv";
pub const SUMMARY: &str = "summary.json";
pub const REPORT: &str = "report.html";
pub const DIFF: &str = "diff.csv";

type FileWriter = std::io::BufWriter<std::fs::File>;

/// Writes one list into the staging folder; returns its data rows and the characters the
/// encoding could not hold.
fn write_list(
    dir: &OutputDir,
    name: &str,
    settings: &Settings,
    write: impl FnOnce(&mut ListWriter<FileWriter>) -> std::io::Result<()>,
) -> Result<(usize, usize)> {
    let file = dir.create_file(name)?;
    let io = |source| Error::Write {
        path: dir.path().join(name),
        source,
    };
    let mut writer = ListWriter::new(file, settings.config.output.encoding).map_err(io)?;
    write(&mut writer).map_err(io)?;
    let counts = (writer.rows.saturating_sub(1), writer.unmappable);
    dir.finish_file(name, writer.into_inner())?;
    Ok(counts)
}

/// Writes every output of a run into the output folder, atomically.
pub fn write_all(settings: &Settings, result: &RunResult, progress: &Progress) -> Result<()> {
    // Read the previous run before anything is written: it may be the same folder.
    let diff_rows = match &settings.previous_dir {
        Some(previous) => Some(diff::diff(
            &diff::read_outcomes(previous)?,
            &diff::outcomes_of(result),
        )),
        None => None,
    };
    let dir = OutputDir::create(&settings.out_dir)?;
    let bar = progress.stage("write", 8);
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

    // results.csv (rendered on all threads) is written while the lists are.
    type WriteList<'a> = &'a (dyn Fn(&mut ListWriter<FileWriter>) -> std::io::Result<()> + Sync);
    let files = [&*members_name, &*register_name, &*resolutions_name];
    let lists: [(&'static str, WriteList); 4] = [
        (SUSPENSION_LIST, &|w| {
            lists::write_suspension_list(w, result)
        }),
        (CONTACT_LIST, &|w| lists::write_contact_list(w, result)),
        (REVIEW_LIST, &|w| lists::write_review_list(w, result)),
        (REJECTS, &|w| lists::write_rejects(w, result, files)),
    ];
    let (results, lists) = rayon::join(
        || write_list(&dir, RESULTS, settings, |w| lists::write_results(w, result)),
        || {
            lists
                .into_iter()
                .map(|(name, write)| Ok((name, write_list(&dir, name, settings, write)?)))
                .collect::<Result<Vec<_>>>()
        },
    );
    let mut rows = BTreeMap::new();
    let mut unmappable = 0;
    for (name, (count, lost)) in [(RESULTS, results?)].into_iter().chain(lists?) {
        rows.insert(name, count);
        unmappable += lost;
        bar.inc(1);
    }
    if let Some(diff_rows) = &diff_rows {
        let (count, lost) = write_list(&dir, DIFF, settings, |w| {
            w.write_record(diff::DIFF_HEADER)?;
            diff_rows
                .iter()
                .try_for_each(|row| w.write_record(diff::record(row)))
        })?;
        rows.insert(DIFF, count);
        unmappable += lost;
    }
    rows.insert("cp932_unmappable_characters", unmappable);

    let summary = summary::summary(settings, result, rows, diff_rows.as_deref());
    let report = html::render(result, &summary, diff_rows.as_deref());
    let mut file = dir.create_file(REPORT)?;
    file.write_all(report.as_bytes())
        .map_err(|source| Error::Write {
            path: dir.path().join(REPORT),
            source,
        })?;
    dir.finish_file(REPORT, file)?;
    bar.inc(1);

    let mut file = dir.create_file(SUMMARY)?;
    let path = dir.path().join(SUMMARY);
    serde_json::to_writer_pretty(&mut file, &summary)
        .map_err(std::io::Error::from)
        .and_then(|_| file.write_all(b"\n"))
        .map_err(|source| Error::Write { path, source })?;
    dir.finish_file(SUMMARY, file)?;
    bar.finish_and_clear();
    dir.commit()
}
