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
use crate::read::{Reject, Source};
use crate::report::summary::{self, InputFile};
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
    let files = summary::inputs(settings, inputs, joined.used_members.len());
    for (role, file, headers, source) in [
        (
            "members",
            &files.members,
            &inputs.members.headers,
            Source::Members,
        ),
        (
            "register",
            &files.register,
            &inputs.register.headers,
            Source::Register,
        ),
    ] {
        describe_file(&mut out, role, file, headers, inputs.rejects_from(source));
    }
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

/// One file: as summary.json accounts for it, its columns, and its rows set aside by reason.
fn describe_file<'a>(
    out: &mut String,
    role: &str,
    file: &InputFile,
    headers: &[String],
    rejects: impl Iterator<Item = &'a Reject>,
) {
    let _ = writeln!(
        out,
        "{role} {}: {}, {} bytes, SHA-256 {}",
        file.path, file.encoding, file.bytes, file.sha256
    );
    let _ = writeln!(
        out,
        "  columns: {}",
        list(headers.iter().map(String::as_str))
    );
    let _ = writeln!(
        out,
        "  lines {} = header {} + blank {} + inside quoted fields {} + rows {}",
        file.lines,
        file.header_lines,
        file.blank_lines,
        file.lines_inside_quoted_fields,
        file.rows_read
    );
    let _ = writeln!(
        out,
        "  rows {} = used {} + set aside {} + repeated exactly {}",
        file.rows_read, file.rows_used, file.rows_rejected, file.rows_repeated_exactly
    );
    let mut by_reason: BTreeMap<&str, (usize, u64)> = BTreeMap::new();
    for reject in rejects {
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
    if file.spreadsheet_damage.is_empty() {
        let _ = writeln!(out, "  spreadsheet damage: none");
    }
    for (column, kinds) in &file.spreadsheet_damage {
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
