//! Resolutions: the operator's record of flags already settled (理由付き疑いなし, 訂正済),
//! so a confirmed member is not listed again every month.
//!
//! In: a CSV/TSV with `member_id`, `decision` and optionally `reason`, `date`, `who` and
//! `fingerprint` (copied from results.csv's 照合データ指紋 column when the flag was settled).
//! Out: the resolutions by member id, and rejects for rows that cannot be used. A resolution
//! is honoured only while the fingerprint — a hash of the member's number and five attributes
//! and the register's row — is unchanged: if either side changed, the member is judged afresh.
//! A resolution without a fingerprint cannot show the data are unchanged, so it is never
//! honoured; the member is judged afresh and results.csv says why.

use std::collections::HashMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::model::PersonText;
use crate::read::{read_table, ReadOptions, Reject, Source};
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

/// What became of a member's resolution in this run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResolutionStatus {
    /// Data unchanged: the member is not listed again.
    Honoured,
    /// The member's or the register's data changed since: judged afresh.
    DataChanged,
    /// No fingerprint in the file: judged afresh.
    NoFingerprint,
}

impl ResolutionStatus {
    pub fn japanese(self) -> &'static str {
        match self {
            ResolutionStatus::Honoured => "適用（データ変更なし）",
            ResolutionStatus::DataChanged => "再判定（解決後にデータが変更されたため）",
            ResolutionStatus::NoFingerprint => "再判定（解決記録に照合データ指紋がないため）",
        }
    }
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

/// A short hash of what a judgement rests on: the member's number and five attributes and
/// the register's five attributes (or their absence). Written as 16 hex characters;
/// reveals nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fingerprint(u64);

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// The [`Fingerprint`] of a member's number and attributes and the register's.
pub fn fingerprint(
    number: &str,
    member: &PersonText,
    register: Option<&PersonText>,
) -> Fingerprint {
    let mut hasher = Sha256::new();
    let mut field = |text: &str| {
        hasher.update((text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    };
    field(number);
    for person in [Some(member), register] {
        match person {
            Some(p) => {
                for text in [p.name_kanji, p.name_kana, p.birth_date, p.sex, p.address] {
                    field(text);
                }
            }
            None => field("\u{0}no register row"),
        }
    }
    let digest = hasher.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    Fingerprint(u64::from_be_bytes(first))
}

/// How a resolution applies to data with `current` fingerprint.
pub fn status(resolution: &Resolution, current: Fingerprint) -> ResolutionStatus {
    if resolution.fingerprint.is_empty() {
        ResolutionStatus::NoFingerprint
    } else if resolution
        .fingerprint
        .eq_ignore_ascii_case(&current.to_string())
    {
        ResolutionStatus::Honoured
    } else {
        ResolutionStatus::DataChanged
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(address: &str) -> PersonText<'_> {
        PersonText {
            name_kanji: "山田 太郎",
            name_kana: "ヤマダ タロウ",
            birth_date: "19700101",
            sex: "1",
            address,
        }
    }

    #[test]
    fn fingerprints_change_with_either_side() {
        let a = fingerprint("123456789018", &person("東京都"), Some(&person("東京都")));
        assert_eq!(a.to_string().len(), 16);
        assert_eq!(
            a,
            fingerprint("123456789018", &person("東京都"), Some(&person("東京都")))
        );
        assert_ne!(
            a,
            fingerprint("123456789018", &person("大阪府"), Some(&person("東京都")))
        );
        assert_ne!(
            a,
            fingerprint("123456789018", &person("東京都"), Some(&person("大阪府")))
        );
        assert_ne!(a, fingerprint("123456789018", &person("東京都"), None));
        assert!(!a.to_string().contains("123456789018"));
    }

    #[test]
    fn status_follows_the_fingerprint() {
        let mut resolution = Resolution {
            member_id: "A".into(),
            decision: "理由付き疑いなし".into(),
            reason: String::new(),
            date: String::new(),
            who: String::new(),
            fingerprint: "00000000000000FF".into(),
            line: 2,
        };
        assert_eq!(
            status(&resolution, Fingerprint(0xff)),
            ResolutionStatus::Honoured
        );
        assert_eq!(
            status(&resolution, Fingerprint(0xfe)),
            ResolutionStatus::DataChanged
        );
        resolution.fingerprint.clear();
        assert_eq!(
            status(&resolution, Fingerprint(0xff)),
            ResolutionStatus::NoFingerprint
        );
    }
}
