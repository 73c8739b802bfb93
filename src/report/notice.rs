//! What a contacted member is sent: one record per member, the contact list's row (a
//! mail-merge source) and the letter's content alike.
//!
//! In: a judged member on the contact list, its row, and the offices file. Out: the values
//! the member is asked to confirm as the insurer holds them (never the register's, which may
//! be a stranger's: a home letter goes to the insurer's address), where the notice goes (the
//! employer's office, or home), and what it says — one plain sentence per kind of reason
//! ([`crate::outcome::member_sentences`]); through the office, never the sex, the birth
//! date or a family member's number. The specific reasons stay in the internal lists (here
//! only as codes). Never the My Number.

use crate::judge::judged::{parse_delivery, Chunk, Delivery, Judged, RunInputs};
use crate::normalize::date::{parse_birth_date, to_era_kanji};
use crate::normalize::sex::parse_sex;
use crate::outcome::{member_sentences, Outcome};
use crate::report::history::{times, History};
use crate::report::lists::reason_codes;
use crate::report::output::ListWriter;

/// The contact list's columns: a [`Notice`] holds them in this order.
pub const CONTACT_HEADER: [&str; 20] = [
    "加入者ID",
    "漢字氏名",
    "カナ氏名",
    "生年月日",
    "性別",
    "住所",
    "郵便番号",
    "送付方法",
    "事業所記号",
    "事業所名",
    "宛先郵便番号",
    "送付先住所",
    "宛名",
    "閲覧停止",
    "お知らせ",
    "理由コード",
    "世帯ID",
    "続柄",
    "初回対象日",
    "対象回数",
];

/// Where each column is in [`CONTACT_HEADER`] (the letters read the record by these).
pub mod column {
    pub const MEMBER_ID: usize = 0;
    pub const NAME_KANJI: usize = 1;
    pub const NAME_KANA: usize = 2;
    pub const BIRTH_DATE: usize = 3;
    pub const SEX: usize = 4;
    pub const ADDRESS: usize = 5;
    pub const POSTAL_CODE: usize = 6;
    pub const ROUTE: usize = 7;
    pub const OFFICE_CODE: usize = 8;
    pub const OFFICE_NAME: usize = 9;
    pub const TO_POSTAL_CODE: usize = 10;
    pub const TO_ADDRESS: usize = 11;
    pub const TO_NAME: usize = 12;
    pub const SUSPENDED: usize = 13;
    pub const NOTICE: usize = 14;
}

/// 送付方法 of a letter through the employer, and of one posted home.
pub const VIA_OFFICE: &str = "事業所経由";
pub const HOME: &str = "自宅郵送";
/// 閲覧停止 of a suspended member.
pub const SUSPENDED: &str = "停止中";

/// A contacted member's notice: the contact list's record, its columns in
/// [`CONTACT_HEADER`] order (the letters read it by [`column`]).
/// Held as one text, each field ended by a NUL (which no input field holds): one allocation
/// per member, written as the contact list's row and kept as such for the letters.
pub struct Notice {
    text: String,
}

impl Notice {
    /// The fields, in [`CONTACT_HEADER`] order.
    pub fn fields(&self) -> std::str::SplitTerminator<'_, char> {
        self.text.split_terminator('\0')
    }

    /// Field `column` (see [`column`]).
    pub fn field(&self, column: usize) -> &str {
        self.fields().nth(column).unwrap_or_default()
    }

    /// The text, each field NUL-ended.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// The notices of a chunk's contacted members, in list order (made on all threads).
pub fn notices(inputs: &RunInputs, chunk: &Chunk, histories: &[History]) -> Vec<Notice> {
    use rayon::prelude::*;
    chunk
        .judged
        .par_iter()
        .zip(histories)
        .filter(|(judged, _)| judged.contact)
        .map(|(judged, history)| {
            let times = times(history.times_flagged);
            record(inputs, chunk, judged, (&history.first_flagged, &times))
        })
        .collect()
}

/// A contacted member's notice; `flagged_since` fills 初回対象日 and 対象回数.
fn record(
    inputs: &RunInputs,
    chunk: &Chunk,
    judged: &Judged,
    flagged_since: (&str, &str),
) -> Notice {
    let table = &chunk.members;
    let fields = &inputs.member_fields;
    let row = judged.member;
    let text = fields.person.text(table, row);
    let delivery = parse_delivery(table.optional_field(row, fields.delivery));
    let office_code = table.optional_field(row, fields.office_code);
    let postal_code = table.optional_field(row, fields.postal_code);
    let scheme = inputs.members_era_code_scheme;
    let birth_date = parse_birth_date(text.birth_date, scheme).map_or_else(
        |_| text.birth_date.to_owned(),
        |(date, _)| to_era_kanji(date),
    );
    let sex = parse_sex(text.sex).map_or(text.sex, |s| s.japanese());
    let name = format!("{} 様", text.name_kanji);
    let (route, office_name, to_postal_code, to_address, to_name) = match delivery {
        Delivery::Home => (
            HOME,
            String::new(),
            postal_code.to_owned(),
            text.address.to_owned(),
            name,
        ),
        Delivery::Office => {
            let office = inputs
                .offices
                .as_ref()
                .and_then(|offices| offices.by_code.get(office_code));
            match office {
                Some(office) => (
                    VIA_OFFICE,
                    office.name.clone(),
                    office.postal_code.clone(),
                    office.address.clone(),
                    if office.contact_person.is_empty() {
                        format!("{} ご担当者 様（{name} 親展）", office.name)
                    } else {
                        format!(
                            "{} {} 様（{name} 親展）",
                            office.name, office.contact_person
                        )
                    },
                ),
                None => (
                    VIA_OFFICE,
                    String::new(),
                    String::new(),
                    String::new(),
                    format!("事業所ご担当者 様（{name} 親展）"),
                ),
            }
        }
    };
    let sentences = member_sentences(&judged.decision.reasons, delivery == Delivery::Office);
    let suspended = if judged.decision.outcome == Outcome::Suspend {
        SUSPENDED
    } else {
        ""
    };
    let fields: [&str; CONTACT_HEADER.len()] = [
        table.field(row, fields.member_id),
        text.name_kanji,
        text.name_kana,
        &birth_date,
        sex,
        text.address,
        postal_code,
        route,
        office_code,
        &office_name,
        &to_postal_code,
        &to_address,
        &to_name,
        suspended,
        &sentences.join("\n"),
        &reason_codes(&judged.decision),
        table.optional_field(row, fields.household_id),
        table.optional_field(row, fields.relationship),
        flagged_since.0,
        flagged_since.1,
    ];
    let mut notice = String::with_capacity(fields.iter().map(|f| f.len() + 1).sum());
    for field in fields {
        notice.push_str(field);
        notice.push('\0');
    }
    Notice { text: notice }
}

/// Writes the contact list's rows for a chunk: each contacted member's notice (see
/// [`crate::report::notice`]), a mail-merge source.
pub fn write_contact_list<W: std::io::Write>(
    out: &mut ListWriter<W>,
    notices: &[Notice],
) -> std::io::Result<()> {
    notices
        .iter()
        .try_for_each(|notice| out.write_record(notice.fields()))
}
