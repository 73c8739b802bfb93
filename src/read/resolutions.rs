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

/// Reads a resolutions file. A repeated member id keeps the last row (the latest decision);
/// rows without member id or decision are rejects.
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
    for row in 0..table.len() {
        let member_id = table.optional_field(row, id);
        let decided = table.optional_field(row, decision);
        if member_id.is_empty() || decided.is_empty() {
            resolutions.rejects.push(Reject {
                source: Source::Resolutions,
                line: table.line(row),
                member_id: Some(member_id.to_owned()).filter(|id| !id.is_empty()),
                reason: "解決記録に加入者IDまたは決定（decision）がありません。".into(),
            });
            continue;
        }
        resolutions.by_member.insert(
            member_id.to_owned(),
            Resolution {
                member_id: member_id.to_owned(),
                decision: decided.to_owned(),
                reason: table.optional_field(row, reason).to_owned(),
                date: table.optional_field(row, date).to_owned(),
                who: table.optional_field(row, who).to_owned(),
                fingerprint: table.optional_field(row, fingerprint).to_owned(),
                line: table.line(row),
            },
        );
    }
    Ok(resolutions)
}
