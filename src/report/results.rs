//! results.csv's schema, owned here: its columns in order ([`ResultColumn`]), each with its
//! header and how a judged member's value is written, then the members file's carried
//! columns. The writer renders every row from [`ResultColumn::ALL`], and `diff` and
//! `--previous` find the columns they read back by the same enum, so the header and the
//! values cannot drift apart.

use std::borrow::Cow;
use std::io::Write;

use crate::judge::judged::{Chunk, Judged, RunInputs};
use crate::model::{Attribute, Comparison};
use crate::normalize::number::mask_numbers_in;
use crate::report::history::{times, History};
use crate::report::lists::{
    basis, edits, mhlw_mark, number_status_label, reason_codes, reason_texts, score, verdict_label,
};
use crate::report::mask::mask_my_number;
use crate::report::output::ListWriter;

type Io = std::io::Result<()>;

/// One column of results.csv.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultColumn {
    MemberId,
    /// The number's last four digits.
    MaskedNumber,
    /// 判定 in Japanese.
    Outcome,
    /// 判定コード: the outcome's stable code.
    OutcomeCode,
    /// 本人連絡: 要 when the member is on the contact list.
    Contact,
    MhlwCategory,
    ReasonCodes,
    Reasons,
    /// The verdict on one attribute.
    Verdict(Attribute),
    /// What made a name meet (一致根拠).
    Basis(Attribute),
    /// Jaro-Winkler similarity.
    Similarity(Attribute),
    /// Damerau-Levenshtein edit distance.
    Edits(Attribute),
    /// How close two different addresses are (住所_一致範囲).
    AddressPlace,
    /// Where two addresses differ, or what one of them leaves out.
    AddressDifferences,
    NumberStatus,
    /// 照合データ指紋: the hash a resolution is tied to.
    Fingerprint,
    /// The insurer's resolution: decision, reason, date, who.
    Resolution,
    /// What became of the resolution.
    ResolutionStatus,
    /// 初回対象日: the date (Japan) of the first of the runs in a row that flagged it.
    FirstFlagged,
    /// 対象回数: in how many runs in a row it has been flagged.
    TimesFlagged,
}

impl ResultColumn {
    /// Every column, in the file's order.
    pub const ALL: [ResultColumn; 28] = [
        ResultColumn::MemberId,
        ResultColumn::MaskedNumber,
        ResultColumn::Outcome,
        ResultColumn::OutcomeCode,
        ResultColumn::Contact,
        ResultColumn::MhlwCategory,
        ResultColumn::ReasonCodes,
        ResultColumn::Reasons,
        ResultColumn::Verdict(Attribute::NameKanji),
        ResultColumn::Verdict(Attribute::NameKana),
        ResultColumn::Verdict(Attribute::BirthDate),
        ResultColumn::Verdict(Attribute::Sex),
        ResultColumn::Verdict(Attribute::Address),
        ResultColumn::Basis(Attribute::NameKanji),
        ResultColumn::Basis(Attribute::NameKana),
        ResultColumn::Similarity(Attribute::NameKanji),
        ResultColumn::Similarity(Attribute::NameKana),
        ResultColumn::Similarity(Attribute::Address),
        ResultColumn::Edits(Attribute::NameKanji),
        ResultColumn::Edits(Attribute::NameKana),
        ResultColumn::AddressPlace,
        ResultColumn::AddressDifferences,
        ResultColumn::NumberStatus,
        ResultColumn::Fingerprint,
        ResultColumn::Resolution,
        ResultColumn::ResolutionStatus,
        ResultColumn::FirstFlagged,
        ResultColumn::TimesFlagged,
    ];

    /// The column's header.
    pub fn header(self) -> &'static str {
        use Attribute::*;
        match self {
            ResultColumn::MemberId => "加入者ID",
            ResultColumn::MaskedNumber => "個人番号(マスク)",
            ResultColumn::Outcome => "判定",
            ResultColumn::OutcomeCode => "判定コード",
            ResultColumn::Contact => "本人連絡",
            ResultColumn::MhlwCategory => "MHLW区分",
            ResultColumn::ReasonCodes => "理由コード",
            ResultColumn::Reasons => "理由",
            ResultColumn::Verdict(NameKanji) => "漢字氏名_判定",
            ResultColumn::Verdict(NameKana) => "カナ氏名_判定",
            ResultColumn::Verdict(BirthDate) => "生年月日_判定",
            ResultColumn::Verdict(Sex) => "性別_判定",
            ResultColumn::Verdict(Address) => "住所_判定",
            ResultColumn::Basis(NameKana) => "カナ氏名_一致根拠",
            ResultColumn::Basis(_) => "漢字氏名_一致根拠",
            ResultColumn::Similarity(NameKana) => "カナ氏名_類似度",
            ResultColumn::Similarity(Address) => "住所_類似度",
            ResultColumn::Similarity(_) => "漢字氏名_類似度",
            ResultColumn::Edits(NameKana) => "カナ氏名_編集距離",
            ResultColumn::Edits(_) => "漢字氏名_編集距離",
            ResultColumn::AddressPlace => "住所_一致範囲",
            ResultColumn::AddressDifferences => "住所_相違箇所",
            ResultColumn::NumberStatus => "番号状態",
            ResultColumn::Fingerprint => "照合データ指紋",
            ResultColumn::Resolution => "解決記録",
            ResultColumn::ResolutionStatus => "解決記録の扱い",
            ResultColumn::FirstFlagged => "初回対象日",
            ResultColumn::TimesFlagged => "対象回数",
        }
    }

    /// The column's value for one judged member of a chunk (borrowed from the chunk's
    /// rows where the text is there already).
    fn value<'a>(
        self,
        inputs: &'a RunInputs,
        chunk: &'a Chunk,
        judged: &Judged,
        history: &'a History,
    ) -> Cow<'a, str> {
        let comparison: Option<&Comparison> = judged.comparison.as_ref();
        let decision = &judged.decision;
        match self {
            ResultColumn::MemberId => chunk
                .members
                .field(judged.member, inputs.member_fields.member_id)
                .into(),
            ResultColumn::MaskedNumber => {
                mask_my_number(&inputs.number(chunk, judged).digits).into()
            }
            ResultColumn::Outcome => decision.outcome.japanese().into(),
            ResultColumn::OutcomeCode => decision.outcome.code().into(),
            ResultColumn::Contact => if judged.contact { "要" } else { "" }.into(),
            ResultColumn::MhlwCategory => mhlw_mark(decision).into(),
            ResultColumn::ReasonCodes => reason_codes(decision).into(),
            ResultColumn::Reasons => reason_texts(inputs, chunk, judged).into(),
            ResultColumn::Verdict(attribute) => verdict_label(comparison, attribute).into(),
            ResultColumn::Basis(attribute) => basis(comparison, attribute).into(),
            ResultColumn::Similarity(attribute) => score(comparison, attribute).into(),
            ResultColumn::Edits(attribute) => edits(comparison, attribute).into(),
            ResultColumn::AddressPlace => comparison
                .and_then(|c| c.address.place)
                .map_or("", |p| p.japanese())
                .into(),
            ResultColumn::AddressDifferences => judged.address_differences.to_string().into(),
            ResultColumn::NumberStatus => number_status_label(judged).into(),
            ResultColumn::Fingerprint => judged.fingerprint.to_string().into(),
            ResultColumn::Resolution => match judged.resolution.as_deref() {
                Some((resolution, _)) => [
                    resolution.decision.as_str(),
                    &resolution.reason,
                    &resolution.date,
                    &resolution.who,
                ]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" / ")
                .into(),
                None => "".into(),
            },
            ResultColumn::ResolutionStatus => judged
                .resolution
                .as_deref()
                .map_or("", |(_, status)| status.japanese())
                .into(),
            ResultColumn::FirstFlagged => history.first_flagged.as_str().into(),
            ResultColumn::TimesFlagged => times(history.times_flagged).into(),
        }
    }
}

/// Header of results.csv: every [`ResultColumn`], then the carried extra columns (their
/// values with any number as long as a My Number masked).
pub fn results_header(inputs: &RunInputs) -> Vec<String> {
    let headers = &inputs.members.headers;
    ResultColumn::ALL
        .iter()
        .map(|c| c.header().to_owned())
        .chain(
            inputs
                .member_fields
                .extra
                .iter()
                .map(|&c| headers[c].clone()),
        )
        .collect()
}

/// Writes results.csv's rows for a chunk (rendered on all threads).
pub fn write_results<W: Write + Send>(
    out: &mut ListWriter<W>,
    inputs: &RunInputs,
    chunk: &Chunk,
    histories: &[History],
) -> Io {
    let members: Vec<(&Judged, &History)> = chunk.judged.iter().zip(histories).collect();
    out.write_records_parallel(&members, |&(judged, history), out| {
        // Borrowed where the text exists already, and written as made: one row is some
        // thirty fields.
        let carried = inputs
            .member_fields
            .extra
            .iter()
            .map(|&c| mask_numbers_in(chunk.members.field(judged.member, c)));
        out.write_record(
            ResultColumn::ALL
                .iter()
                .map(|c| c.value(inputs, chunk, judged, history))
                .chain(carried),
        )
    })
}
