//! The CSV lists: suspension, review, members without a number, and rejects (results.csv
//! is `results`, the contact list `notice`). Headers and reasons
//! in Japanese; the full My Number only in the suspension list.

use std::io::Write;

use crate::judge::classify::Decision;
use crate::judge::judged::{Chunk, Judged, RunInputs};
use crate::model::{Attribute, Comparison};
use crate::normalize::number::mask_numbers_in;
use crate::outcome::Outcome;
use crate::read::{Reject, Source};
use crate::report::output::ListWriter;

type Io = std::io::Result<()>;

/// Reason codes joined by `;`.
pub fn reason_codes(decision: &Decision) -> String {
    decision
        .reasons
        .iter()
        .map(|r| r.code())
        .collect::<Vec<_>>()
        .join(";")
}

/// A judged member's reason sentences joined by a space; a household reason names the
/// household member whose number it is (its 加入者ID, never a number).
pub fn reason_texts(inputs: &RunInputs, chunk: &Chunk, judged: &Judged) -> String {
    let household_member = judged
        .household_member
        .map(|row| chunk.members.field(row, inputs.member_fields.member_id));
    let mut text = String::new();
    for reason in judged.decision.reasons.iter() {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(reason.japanese());
        if let (true, Some(member)) = (reason.names_household_member(), household_member) {
            text.push_str(&format!("（同じ世帯の加入者: {member}）"));
        }
    }
    text
}

pub(crate) fn mhlw_mark(decision: &Decision) -> &'static str {
    decision.mhlw.map_or("", |c| c.mark())
}

pub(crate) fn verdict_label(comparison: Option<&Comparison>, attribute: Attribute) -> &'static str {
    comparison.map_or("照合なし", |c| c.get(attribute).kind.japanese())
}

pub(crate) fn score(comparison: Option<&Comparison>, attribute: Attribute) -> String {
    comparison
        .and_then(|c| c.get(attribute).score)
        .map_or(String::new(), three_decimals)
}

/// A score in 0..=1 with three decimals exactly as `format!("{score:.3}")` writes it (ties
/// to even, on the exact value: an f32 times 1000 is exact in f64), several times faster:
/// results.csv writes three per member.
fn three_decimals(score: f32) -> String {
    if !(score.is_sign_positive() && score <= 1.0) {
        return format!("{score:.3}");
    }
    let thousandths = (f64::from(score) * 1000.0).round_ties_even() as u32;
    let digit = |value: u32| char::from(b'0' + (value % 10) as u8);
    let mut text = String::with_capacity(5);
    text.push(digit(thousandths / 1000));
    text.push('.');
    text.push(digit(thousandths / 100));
    text.push(digit(thousandths / 10));
    text.push(digit(thousandths));
    text
}

pub(crate) fn basis(comparison: Option<&Comparison>, attribute: Attribute) -> &'static str {
    comparison
        .and_then(|c| c.get(attribute).basis)
        .map_or("", |b| b.japanese())
}

pub(crate) fn edits(comparison: Option<&Comparison>, attribute: Attribute) -> String {
    comparison
        .and_then(|c| c.get(attribute).edits)
        .map_or(String::new(), |e| e.to_string())
}

pub fn number_status_label(judged: &Judged) -> &'static str {
    use crate::normalize::number::NumberStatus::*;
    match judged.number_status {
        Empty => "未登録",
        Malformed => "形式不正",
        LeadingZeroLost => "先頭の0欠落",
        ScientificNotation => "指数表記",
        CheckDigitFails => "検査用数字不一致",
        Valid if judged.register_row.is_none() => "住基に該当なし",
        Valid => "照合済",
    }
}

pub const SUSPENSION_HEADER: [&str; 7] = [
    "加入者ID",
    "個人番号",
    "MHLW区分",
    "停止範囲",
    "相違項目",
    "理由コード",
    "理由",
];

/// Writes the suspension list's rows for a chunk.
pub fn write_suspension_list<W: Write>(
    out: &mut ListWriter<W>,
    inputs: &RunInputs,
    chunk: &Chunk,
) -> Io {
    let table = &chunk.members;
    for judged in chunk
        .judged
        .iter()
        .filter(|j| j.decision.outcome == Outcome::Suspend)
    {
        let decision = &judged.decision;
        out.write_record([
            table.field(judged.member, inputs.member_fields.member_id),
            &inputs.number(chunk, judged).digits,
            mhlw_mark(decision),
            decision.suspension_scope().japanese(),
            &differing_attributes(judged),
            &reason_codes(decision),
            &reason_texts(inputs, chunk, judged),
        ])?;
    }
    Ok(())
}

/// The attributes that differ from the register (漢字氏名・住所), or why none can be
/// compared.
fn differing_attributes(judged: &Judged) -> String {
    match &judged.comparison {
        None => "照合なし".to_owned(),
        Some(comparison) => Attribute::ALL
            .iter()
            .filter(|&&a| comparison.get(a).kind.differs())
            .map(|a| a.japanese())
            .collect::<Vec<_>>()
            .join("・"),
    }
}

pub const NUMBER_REQUEST_HEADER: [&str; 10] = [
    "加入者ID",
    "漢字氏名",
    "カナ氏名",
    "生年月日",
    "性別",
    "住所",
    "郵便番号",
    "世帯ID",
    "続柄",
    "照会の内容",
];

/// What the insurer asks J-LIS for a member without a number.
pub const NUMBER_REQUEST: &str =
    "個人番号の照会（基本4情報: 氏名・生年月日・性別・住所による。届出を本人に求めることも可）";

/// Writes the rows of the members without a number (番号未登録) for a chunk: the four
/// attributes the number is requested from J-LIS with, as the insurer holds them.
pub fn write_number_request_list<W: Write>(
    out: &mut ListWriter<W>,
    inputs: &RunInputs,
    chunk: &Chunk,
) -> Io {
    let table = &chunk.members;
    let fields = &inputs.member_fields;
    for judged in chunk
        .judged
        .iter()
        .filter(|j| j.decision.outcome == Outcome::Unregistered)
    {
        let row = judged.member;
        let text = fields.person.text(table, row);
        out.write_record([
            table.field(row, fields.member_id),
            text.name_kanji,
            text.name_kana,
            text.birth_date,
            text.sex,
            text.address,
            table.optional_field(row, fields.postal_code),
            table.optional_field(row, fields.household_id),
            table.optional_field(row, fields.relationship),
            NUMBER_REQUEST,
        ])?;
    }
    Ok(())
}

pub const REVIEW_HEADER: [&str; 10] = [
    "加入者ID",
    "理由コード",
    "理由",
    "漢字氏名_判定",
    "カナ氏名_判定",
    "生年月日_判定",
    "性別_判定",
    "住所_判定",
    "漢字氏名_一致根拠",
    "カナ氏名_一致根拠",
];

/// Writes the review list's rows for a chunk.
pub fn write_review_list<W: Write>(
    out: &mut ListWriter<W>,
    inputs: &RunInputs,
    chunk: &Chunk,
) -> Io {
    let table = &chunk.members;
    for judged in chunk
        .judged
        .iter()
        .filter(|j| j.decision.outcome == Outcome::Review)
    {
        let comparison = judged.comparison.as_ref();
        let mut record = vec![
            table
                .field(judged.member, inputs.member_fields.member_id)
                .to_owned(),
            reason_codes(&judged.decision),
            reason_texts(inputs, chunk, judged),
        ];
        record.extend(
            Attribute::ALL
                .iter()
                .map(|&a| verdict_label(comparison, a).to_owned()),
        );
        record.push(basis(comparison, Attribute::NameKanji).to_owned());
        record.push(basis(comparison, Attribute::NameKana).to_owned());
        out.write_record(record)?;
    }
    Ok(())
}

pub const REJECTS_HEADER: [&str; 4] = ["ファイル", "行", "加入者ID", "理由"];

/// Writes rejects.csv (header and rows). `file_names` are the members, register,
/// resolutions and offices files as the operator named them.
pub fn write_rejects<W: Write>(
    out: &mut ListWriter<W>,
    rejects: &[Reject],
    file_names: [&str; 4],
) -> Io {
    out.write_record(REJECTS_HEADER)?;
    for reject in rejects {
        let file = match reject.source {
            Source::Members => file_names[0],
            Source::Register => file_names[1],
            Source::Resolutions => file_names[2],
            Source::Offices => file_names[3],
        };
        // A broken row's first field may be anything, a number too: masked like free text.
        let member_id = mask_numbers_in(reject.member_id.as_deref().unwrap_or(""));
        out.write_record([file, &reject.line.to_string(), &member_id, &reject.reason])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::three_decimals;

    #[test]
    fn scores_are_written_as_format_writes_them() {
        // Every exact tie (k/2000 that an f32 holds), the ends, and a sweep of bit patterns.
        let ties = (0..=2000).map(|k| k as f32 / 2000.0);
        let sweep = (0..=1f32.to_bits()).step_by(9_973).map(f32::from_bits);
        let edges = [0.0, 1.0, 0.0005, 0.9995, 0.999_999_9, 1e-30];
        for score in ties.chain(sweep).chain(edges) {
            assert_eq!(three_decimals(score), format!("{score:.3}"), "{score:e}");
        }
        assert_eq!(three_decimals(0.0625), "0.062");
        assert_eq!(three_decimals(0.875), "0.875");
    }
}
