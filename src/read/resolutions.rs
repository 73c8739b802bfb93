//! The resolutions file: the operator's record of flags already settled (理由付き疑いなし,
//! 訂正済), so a confirmed member is not listed again every month.
//!
//! In: a CSV/TSV with `member_id`, `decision` and optionally `reason`, `date`, `who` and
//! `fingerprint` (copied from results.csv's 照合データ指紋 column when the flag was settled).
//! Out: the resolutions by member id, and rejects for rows that cannot be used. Whether one
//! is honoured is for judging to say (`judge::resolutions`).

use std::collections::HashMap;
use std::path::Path;

use super::{read_table, ReadOptions, Reject, Source};
use crate::error::{Error, Result};
use crate::normalize::date::{parse_birth_date, EraCodeScheme};
use crate::normalize::number::mask_numbers_in;
use crate::settings::{Delimiter, InputEncoding};

/// One settled flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolution {
    pub member_id: String,
    /// 理由付き疑いなし, 訂正済, …
    pub decision: String,
    pub reason: String,
    pub date: String,
    pub who: String,
    /// Fingerprint of the data when the flag was settled; empty when not given.
    pub fingerprint: String,
    /// Line in the resolutions file.
    pub line: u64,
}

/// Resolutions read from a file, by member id.
#[derive(Clone, Debug, Default)]
pub struct Resolutions {
    pub by_member: HashMap<String, Resolution>,
    pub rejects: Vec<Reject>,
    pub sha256: String,
    pub rows_read: usize,
}

/// The decisions a resolution may record, each lifting the member's flag while the data are
/// unchanged: (decision, what it means).
pub const DECISIONS: [(&str, &str); 3] = [
    (
        "理由付き疑いなし",
        "the insurer checked and found no other person's number",
    ),
    (
        "本人確認済",
        "the member confirmed the data on file are theirs",
    ),
    (
        "訂正済",
        "the number or the data were corrected at the source",
    ),
];

/// Reads a resolutions file. A row is used only with a member id, a decision from
/// [`DECISIONS`], a reason, a date and who decided, and a fingerprint that is empty or 16
/// hexadecimal digits; anything else is a reject. A member id on several rows is a reject on
/// each (none applies: the member is judged afresh). Free text is kept with any number as
/// long as a My Number masked.
pub fn read_resolutions(path: &Path) -> Result<Resolutions> {
    let read = read_table(
        path,
        &ReadOptions {
            source: Source::Resolutions,
            encoding: InputEncoding::Auto,
            delimiter: Delimiter::Auto,
            required: vec!["member_id", "decision"],
            id_column: Some("member_id"),
        },
    );
    let (file, table) = match read {
        // No flag settled yet: a header alone is a valid resolutions file.
        Err(Error::NoDataRows { .. }) => return Ok(Resolutions::default()),
        other => other?,
    };
    let table = &table;
    let column = |name| table.column(name);
    let (id, decision) = (column("member_id"), column("decision"));
    let (reason, date, who, fingerprint) = (
        column("reason"),
        column("date"),
        column("who"),
        column("fingerprint"),
    );
    let mut resolutions = Resolutions {
        rejects: file.rejects,
        sha256: file.sha256,
        rows_read: file.rows_read,
        ..Resolutions::default()
    };
    // Lines of each member id, to find the repeated ones.
    let lines_of = table.lines_by_value(id);
    for row in 0..table.len() {
        let member_id = table.optional_field(row, id);
        let resolution = Resolution {
            member_id: member_id.to_owned(),
            decision: table.optional_field(row, decision).to_owned(),
            reason: mask_numbers_in(table.optional_field(row, reason)).into_owned(),
            date: table.optional_field(row, date).to_owned(),
            who: mask_numbers_in(table.optional_field(row, who)).into_owned(),
            fingerprint: table.optional_field(row, fingerprint).to_owned(),
            line: table.line(row),
        };
        let lines = lines_of.get(member_id).map_or(&[][..], Vec::as_slice);
        match problem(&resolution, lines) {
            Some(reason) => resolutions.rejects.push(Reject {
                source: Source::Resolutions,
                line: resolution.line,
                member_id: Some(resolution.member_id).filter(|id| !id.is_empty()),
                reason,
            }),
            None => {
                resolutions
                    .by_member
                    .insert(resolution.member_id.clone(), resolution);
            }
        }
    }
    Ok(resolutions)
}

/// Why a resolution cannot be used, if it cannot; `lines`: every line with its member id.
fn problem(resolution: &Resolution, lines: &[u64]) -> Option<String> {
    let missing: Vec<&str> = [
        ("member_id", &resolution.member_id),
        ("decision", &resolution.decision),
        ("reason", &resolution.reason),
        ("date", &resolution.date),
        ("who", &resolution.who),
    ]
    .iter()
    .filter(|(_, value)| value.trim().is_empty())
    .map(|(name, _)| *name)
    .collect();
    if !missing.is_empty() {
        return Some(format!("解決記録に{}がありません。", missing.join("・")));
    }
    if !DECISIONS.iter().any(|(d, _)| *d == resolution.decision) {
        let known: Vec<&str> = DECISIONS.iter().map(|(d, _)| *d).collect();
        return Some(format!(
            "解決記録の決定（decision）は{}のいずれかです。",
            known.join("・")
        ));
    }
    if parse_birth_date(&resolution.date, EraCodeScheme::Jlis).is_err() {
        return Some("解決記録の日付（date）が日付として読めません。".into());
    }
    let fingerprint = &resolution.fingerprint;
    if !fingerprint.is_empty()
        && (fingerprint.len() != 16 || !fingerprint.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return Some(
            "照合データ指紋（fingerprint）は results.csv の16桁の値を写してください。".into(),
        );
    }
    if lines.len() > 1 {
        let others: Vec<String> = lines
            .iter()
            .filter(|&&line| line != resolution.line)
            .map(u64::to_string)
            .collect();
        return Some(format!(
            "同じ加入者IDの解決記録が{}行目にもあります。どれも適用せず、判定し直しました。",
            others.join("・")
        ));
    }
    None
}
