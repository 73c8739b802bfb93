//! `myna-recon check --members F --register F [--config F]`: what a run would read, without
//! judging — each file's encoding, size and hash, where each configured column is, where
//! every line went, the rows set aside and why, the spreadsheet damage found, and how many
//! members' numbers the register answers. A file that would stop the run stops the check
//! with the same message (exit 1); otherwise exit 0. Writes nothing; never a number.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::cli::CheckArgs;
use crate::error::Result;
use crate::join::Joined;
use crate::judge::judged::{RunInputs, Timings};
use crate::pipeline;
use crate::progress::Progress;
use crate::read::{ReadFile, Source};
use crate::settings::Settings;

pub fn run(args: CheckArgs) -> Result<()> {
    let settings = super::reading_settings(args.inputs, None)?;
    let mut timings = Timings::start();
    let (inputs, joined) = pipeline::prepare(
        &settings,
        &Progress::new(false),
        std::time::SystemTime::now(),
        &mut timings,
    )?;
    print!("{}", report(&settings, &inputs, &joined));
    Ok(())
}

/// The check's report, as printed.
fn report(settings: &Settings, inputs: &RunInputs, joined: &Joined) -> String {
    let mut out = String::new();
    let members_columns = &settings.config.members.columns;
    let register_columns = &settings.config.register.columns;
    let member_rejects = inputs
        .rejects
        .iter()
        .filter(|r| r.source == Source::Members)
        .count();
    file(
        &mut out,
        "members",
        &settings.members_path,
        &inputs.members,
        inputs.members.rows_read - member_rejects,
        inputs,
        Source::Members,
        0,
        [&members_columns.my_number, &members_columns.birth_date],
    );
    file(
        &mut out,
        "register",
        &settings.register_path,
        &inputs.register,
        inputs.register_rows_used,
        inputs,
        Source::Register,
        inputs.register_exact_duplicates,
        [&register_columns.my_number, &register_columns.birth_date],
    );
    let found = joined.links.register.iter().filter(|r| r.is_some()).count();
    let _ = writeln!(
        out,
        "\nmembers to judge: {}; the register answers for the number of {} of them",
        joined.used_members.len(),
        found
    );
    let _ = writeln!(
        out,
        "carried into results.csv: {}",
        list(
            inputs
                .member_fields
                .extra
                .iter()
                .map(|&c| inputs.members.headers[c].as_str())
        )
    );
    let _ = writeln!(out, "ok: the files can be run");
    out
}

#[allow(clippy::too_many_arguments)]
fn file(
    out: &mut String,
    role: &str,
    path: &std::path::Path,
    file: &ReadFile,
    used: usize,
    inputs: &RunInputs,
    source: Source,
    repeated_exactly: usize,
    damage_columns: [&str; 2],
) {
    let lines = &file.line_count;
    let _ = writeln!(
        out,
        "{role} {}: {}, {} bytes, SHA-256 {}",
        path.display(),
        file.encoding.name(),
        file.bytes,
        file.sha256
    );
    let _ = writeln!(
        out,
        "  columns: {}",
        list(file.headers.iter().map(String::as_str))
    );
    let _ = writeln!(
        out,
        "  lines {} = header {} + blank {} + inside quoted fields {} + rows {}",
        lines.lines, lines.header, lines.blank, lines.inside_quoted_fields, file.rows_read
    );
    let rejected: Vec<&str> = inputs
        .rejects
        .iter()
        .filter(|r| r.source == source)
        .map(|r| r.reason.as_str())
        .collect();
    let _ = writeln!(
        out,
        "  rows {} = used {used} + set aside {} + repeated exactly {repeated_exactly}",
        file.rows_read,
        rejected.len()
    );
    let mut by_reason: BTreeMap<&str, (usize, u64)> = BTreeMap::new();
    for reject in inputs.rejects.iter().filter(|r| r.source == source) {
        let entry = by_reason
            .entry(reject.reason.as_str())
            .or_insert((0, reject.line));
        entry.0 += 1;
    }
    for (reason, (count, first_line)) in by_reason {
        let _ = writeln!(
            out,
            "    {count} set aside (first at line {first_line}): {reason}"
        );
    }
    let index = usize::from(source == Source::Register);
    let damage = inputs.spreadsheet_damage[index].by_column(damage_columns);
    if damage.is_empty() {
        let _ = writeln!(out, "  spreadsheet damage: none");
    }
    for (column, kinds) in damage {
        for (kind, count) in kinds {
            let _ = writeln!(out, "  spreadsheet damage in {column}: {kind} × {count}");
        }
    }
}

fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<&str> = items.collect();
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.join(", ")
    }
}
