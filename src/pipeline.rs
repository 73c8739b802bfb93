//! The monthly run, stage by stage: read both files as keys ([`crate::read`]) → settle
//! repeated ids and numbers and join on the number ([`crate::join`]) → then, a chunk of whole
//! households at a time (`--chunk-members`), judge ([`crate::judge`]) and append to the lists
//! ([`crate::report`]) → finally rejects, report and summary, and every file put in place at
//! once.
//!
//! In: [`Settings`]. Out: the output folder's files and a [`RunReport`] for the console.
//! Every member row read ends in exactly one of results.csv and rejects.csv. Held for the
//! whole run: per row only its key ([`crate::join::keys`]: the member id, number and
//! household id, the register's number), with where the row starts in its file; the files' text stays in the files
//! (mapped, see [`crate::read::ReadFile`]). Each chunk's rows are read again whole and
//! judged, and the chunk is written while the next one is judged: what judging holds (the
//! rows, normalised values, comparisons, household facts, judgements) is bounded by two
//! chunks.

use std::collections::HashMap;
use std::time::SystemTime;

use crate::error::{Error, Result};
use crate::join::damage::DamageTally;
use crate::join::keys::{MemberKey, RegisterKey};
use crate::join::{join, Join, Joined};
use crate::judge::judge;
use crate::judge::judged::{RunInputs, Timings};
use crate::outcome::Outcome;
use crate::progress::{Progress, Unit};
use crate::read::offices::read_offices;
use crate::read::resolutions::read_resolutions;
use crate::read::{read_keys, ReadFile, ReadOptions, RowKeys, Source};
use crate::read::{MemberFields, PersonFields};
use crate::report;
use crate::settings::Settings;

/// What the console says after a run.
#[derive(Clone, Debug)]
pub struct RunReport {
    pub members_read: usize,
    pub counts: HashMap<Outcome, usize>,
    pub contacted: usize,
    /// Member rows set aside (in rejects.csv).
    pub rejected: usize,
}

/// Runs the reconciliation and writes the outputs.
pub fn run(settings: &Settings) -> Result<RunReport> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.jobs)
        .build()
        .map_err(|e| {
            Error::Other(format!(
                "cannot start {} worker threads: {e}",
                settings.jobs
            ))
        })?;
    pool.install(|| run_in_pool(settings))
}

fn run_in_pool(settings: &Settings) -> Result<RunReport> {
    let started_at = SystemTime::now();
    let progress = Progress::new(settings.progress);
    let mut timings = Timings::start();
    let (inputs, joined) = prepare(settings, &progress, started_at, &mut timings)?;
    let mut writer = report::RunWriter::open(settings, &inputs)?;
    judge(
        settings,
        &inputs,
        &joined,
        &progress,
        &mut timings,
        |chunk| {
            let written = writer.write(&inputs, &chunk);
            chunk.release();
            written
        },
    )?;
    drop(joined);
    let tally = writer.tally();
    let report = RunReport {
        members_read: inputs.members.rows_read,
        counts: Outcome::ALL
            .iter()
            .map(|&o| (o, tally.outcome(o)))
            .collect(),
        contacted: tally.contacted(),
        rejected: inputs.rejects_from(Source::Members).count(),
    };
    writer.finish(&inputs, &timings, &progress)?;
    Ok(report)
}

/// Reads both files (and the resolutions), sets aside the rows that cannot be used and
/// joins the members to the register on the number.
pub fn prepare(
    settings: &Settings,
    progress: &Progress,
    started_at: SystemTime,
    timings: &mut Timings,
) -> Result<(RunInputs, Joined)> {
    let config = &settings.config;
    let member_columns = &config.members.columns;
    let register_columns = &config.register.columns;

    // Each file is surveyed and then split into rows: twice its bytes.
    let file_bytes = |path: &std::path::Path| std::fs::metadata(path).map_or(0, |m| m.len());
    let read_bar = progress.bar(
        "read",
        2 * (file_bytes(&settings.members_path) + file_bytes(&settings.register_path)),
        Unit::Bytes,
    );
    let read_progress = |bytes: u64| read_bar.inc(bytes);
    // Held per row instead of its text: for a member its id and household id (hashed) and
    // its number (as an integer); for the register its number or why it is not one.
    let member_keys = RowKeys {
        columns: MemberKey::columns(member_columns),
        make: &MemberKey::of,
    };
    let register_keys = RowKeys {
        columns: RegisterKey::columns(register_columns),
        make: &RegisterKey::of,
    };
    // Both files at once: reading is most of the floor of a run.
    let read_members = || {
        read_keys(
            &settings.members_path,
            &ReadOptions {
                source: Source::Members,
                encoding: config.members.encoding,
                delimiter: config.members.delimiter,
                required: member_columns.required(),
                id_column: Some(&member_columns.member_id),
            },
            &member_keys,
            &read_progress,
        )
        .map_err(|e| explain_swapped_files(e, settings, Source::Members))
    };
    let read_register = || {
        read_keys(
            &settings.register_path,
            &ReadOptions {
                source: Source::Register,
                encoding: config.register.encoding,
                delimiter: config.register.delimiter,
                required: register_columns.required(),
                id_column: None,
            },
            &register_keys,
            &read_progress,
        )
    };
    let (members, register) = rayon::join(read_members, read_register);
    let ((members, member_keys), (register, register_keys)) = (members?, register?);
    read_bar.finish_and_clear();
    let join_bar = progress.bar("join", 3, Unit::Steps);
    join_bar.set_message("checks");
    refuse_one_file_twice(settings, &members, &register)?;
    // A file saved from a spreadsheet stops the run here, before anything is judged.
    let member_damage = DamageTally::of(member_keys.iter().map(|k| k.number.damage()));
    member_damage.check(
        &members,
        &settings.members_path,
        [&member_columns.my_number, &member_columns.birth_date],
    )?;
    let register_damage = DamageTally::of(register_keys.iter().map(|k| k.0.damage()));
    register_damage.check(
        &register,
        &settings.register_path,
        [&register_columns.my_number, &register_columns.birth_date],
    )?;
    let resolutions = match &settings.resolutions_path {
        Some(path) => {
            join_bar.set_message("resolutions");
            Some(read_resolutions(path)?)
        }
        None => None,
    };
    let offices = settings
        .offices_path
        .as_deref()
        .map(read_offices)
        .transpose()?;
    join_bar.inc(1);
    join_bar.set_message("members to the register on the number");
    timings.lap("read");

    let policy = config.policy.resolve();
    let member_fields = MemberFields::locate(&members, member_columns, &settings.members_path)?;
    let register_fields = PersonFields::locate(
        &register,
        register_columns,
        &settings.register_path,
        Source::Register,
    )?;
    let Join {
        joined,
        mut rejects,
        register_exact_duplicates,
    } = join(
        &members,
        member_keys,
        &member_fields,
        &register,
        register_keys,
        &register_fields,
        resolutions.as_ref(),
    )?;
    join_bar.inc(2);
    join_bar.finish_and_clear();
    timings.lap("numbers and join");
    if let Some(offices) = &offices {
        rejects.extend(offices.rejects.iter().cloned());
    }
    let inputs = RunInputs {
        members,
        register,
        member_fields,
        register_fields,
        rejects,
        register_exact_duplicates,
        register_rows_used: joined.register_rows.len(),
        resolutions,
        offices,
        policy,
        members_era_code_scheme: config.members.era_code_scheme,
        started_at,
        spreadsheet_damage: [member_damage, register_damage],
    };
    Ok((inputs, joined))
}

/// The members file given again as the register (a copy, a link, or a file of the same
/// columns) would be judged against itself and clear everyone: refused.
fn refuse_one_file_twice(
    settings: &Settings,
    members: &ReadFile,
    register: &ReadFile,
) -> Result<()> {
    let message = if members.sha256 == register.sha256 {
        "has the same content as the members file: give the register's answer for the numbers as --register"
    } else if members.headers == register.headers {
        "has the same columns as the members file: it looks like a members extract, not the register's answer for the numbers"
    } else {
        return Ok(());
    };
    Err(Error::WrongFile {
        path: settings.register_path.clone(),
        message: message.into(),
    })
}

/// A members file that lacks member_id but has every register column was probably given
/// as --register by mistake: say so.
fn explain_swapped_files(error: Error, settings: &Settings, source: Source) -> Error {
    let Error::MissingColumn {
        path,
        column,
        found,
        ..
    } = &error
    else {
        return error;
    };
    let member_id = &settings.config.members.columns.member_id;
    if source == Source::Members && column == member_id {
        let headers: Vec<&str> = found.split(", ").collect();
        let register = &settings.config.register.columns;
        let looks_like_register = [
            &register.my_number,
            &register.name_kanji,
            &register.birth_date,
        ]
        .iter()
        .all(|c| headers.contains(&c.as_str()));
        if looks_like_register {
            return Error::WrongFile {
                path: path.clone(),
                message: format!(
                    "this looks like the register file (it has no `{member_id}` column): were --members and --register swapped?"
                ),
            };
        }
    }
    error
}
