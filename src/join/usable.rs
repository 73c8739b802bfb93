//! The rows that can be joined: members with a unique, non-empty id; register rows with a
//! valid number, one per number (a row repeating an earlier one exactly is dropped and
//! counted, one repeating the number with other data is a reject).

use rayon::prelude::*;

use super::keys::{MemberKey, RegisterKey, TextHash};
use crate::error::Result;
use crate::normalize::number::NumberStatus;
use crate::read::{MemberFields, PersonFields};
use crate::read::{ReadFile, Reject, Source};

/// Member rows that can be judged; an empty or repeated member id is a reject. Repeats are
/// found by sorting the ids' hashes (on all threads), and the rows sharing one are read again
/// to compare the ids themselves.
pub(super) fn usable_members(
    members: &ReadFile,
    fields: &MemberFields,
    keys: &[MemberKey],
    rejects: &mut Vec<Reject>,
) -> Result<Vec<usize>> {
    let mut hashed: Vec<(TextHash, u32)> = (0..members.len())
        .into_par_iter()
        .filter(|&row| !keys[row].id.is_empty())
        .map(|row| (keys[row].id, row as u32))
        .collect();
    hashed.par_sort_unstable();
    // Each repeat with the earlier row holding the same id, and the id.
    let mut repeats: Vec<(usize, usize, String)> = Vec::new();
    for same_hash in hashed.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
        // In row order; a hash shared by different ids is told apart by the text.
        let rows: Vec<usize> = same_hash.iter().map(|&(_, row)| row as usize).collect();
        let read = members.rows(&rows)?;
        let id = |k: usize| read.field(k, fields.member_id);
        for k in 1..rows.len() {
            if let Some(first) = (0..k).find(|&j| id(j) == id(k)) {
                repeats.push((rows[k], rows[first], id(k).to_owned()));
            }
        }
    }
    drop(hashed);
    repeats.sort_unstable();
    let mut repeats = repeats.into_iter().peekable();
    let mut used = Vec::with_capacity(members.len());
    for (row, key) in keys.iter().enumerate() {
        let line = members.line(row);
        if key.id.is_empty() {
            rejects.push(Reject {
                source: Source::Members,
                line,
                member_id: None,
                reason: "加入者IDが空です。".into(),
            });
        } else if let Some((_, first, id)) = repeats.next_if(|&(repeat, _, _)| repeat == row) {
            rejects.push(Reject {
                source: Source::Members,
                line,
                member_id: Some(id),
                reason: format!(
                    "加入者IDが重複しています（{}行目と同じ）。",
                    members.line(first)
                ),
            });
        } else {
            used.push(row);
        }
    }
    Ok(used)
}

/// Register rows with a valid number, one per number, with the number as an integer,
/// sorted by number. A row repeating an earlier one exactly is dropped and counted; one that
/// repeats the number with different data is a reject.
pub(super) fn usable_register_rows(
    register: &ReadFile,
    keys: &[RegisterKey],
    fields: &PersonFields,
    rejects: &mut Vec<Reject>,
) -> Result<(Vec<(usize, u64)>, usize)> {
    let mut numbered: Vec<(u64, usize)> = Vec::with_capacity(keys.len());
    for (row, key) in keys.iter().enumerate() {
        let reason = match key.number() {
            Ok(number) => {
                numbered.push((number, row));
                continue;
            }
            Err(NumberStatus::Empty) => "個人番号が空です。",
            Err(NumberStatus::CheckDigitFails) => "個人番号の検査用数字が合いません。",
            Err(NumberStatus::LeadingZeroLost) => {
                "個人番号の先頭の「0」が欠けています（表計算ソフトで保存したためと見られます）。"
            }
            Err(NumberStatus::ScientificNotation) => {
                "個人番号が表計算ソフトで指数表記に変わり、桁が失われています。"
            }
            Err(_) => "個人番号が12桁の数字ではありません。",
        };
        rejects.push(Reject {
            source: Source::Register,
            line: register.line(row),
            member_id: None,
            reason: reason.into(),
        });
    }
    // Each number's rows together, the first in the file first.
    numbered.par_sort_unstable();
    let mut rows = Vec::with_capacity(numbered.len());
    let mut exact_duplicates = 0;
    for same_number in numbered.chunk_by(|a, b| a.0 == b.0) {
        let (number, first) = same_number[0];
        rows.push((first, number));
        for &(_, row) in &same_number[1..] {
            // Rare: both rows are read again whole.
            let both = register.rows(&[row, first])?;
            let same = fields
                .all()
                .iter()
                .skip(1)
                .all(|&c| both.field(0, c) == both.field(1, c));
            if same {
                exact_duplicates += 1;
            } else {
                rejects.push(Reject {
                    source: Source::Register,
                    line: register.line(row),
                    member_id: None,
                    reason: format!(
                        "同じ個人番号の行が{}行目にもあり、内容が異なります。最初の行で照合しました。",
                        register.line(first)
                    ),
                });
            }
        }
    }
    Ok((rows, exact_duplicates))
}
