//! letters.html: one printable A4 letter per contacted member, from the same record as the
//! contact list ([`crate::report::notice`]): letters routed through an employer grouped by
//! office (each group opened by a cover sheet for the office, naming whom to hand each
//! sealed letter to, never why), then the letters posted home. A home letter goes to the
//! address the insurer holds, never the register's (which may be a stranger's). Each asks
//! the member to confirm the values the insurer holds, says why in plain words (through the
//! office, never the sex, the birth date or a family member's number) and ends with a reply
//! slip. Never the My Number. Built from `templates/letters.html` and
//! `templates/letter-group.html` (askama, escaped), a group at a time.

use std::io::Write;

use askama::Template;

use crate::judge::judged::{Chunk, RunInputs};
use crate::normalize::date::{to_era_kanji, BirthDate};
use crate::report::diff::History;
use crate::report::notice::{self, column, VIA_OFFICE};

const STYLE: &str = include_str!("../../templates/letters.css");

/// The contacted members' notices, kept (one text each, its fields NUL-ended) until every
/// member is judged and the letters can be grouped by office.
#[derive(Default)]
pub struct Letters {
    kept: Vec<Box<str>>,
}

impl Letters {
    /// Keeps the notices of a chunk's contacted members.
    pub fn add(&mut self, inputs: &RunInputs, chunk: &Chunk, histories: &[History]) {
        for (judged, history) in chunk
            .judged
            .iter()
            .zip(histories)
            .filter(|(j, _)| j.contact)
        {
            let record = notice::record(inputs, chunk, judged, (&history.first_flagged, ""));
            let mut text = String::new();
            for field in &record {
                text.push_str(field);
                text.push('\0');
            }
            self.kept.push(text.into_boxed_str());
        }
    }

    /// Letters to write.
    pub fn len(&self) -> usize {
        self.kept.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// Writes letters.html: the office groups by office code, then the home letters, each
    /// group in list order. `today` is the run's date; `insurer` signs the letters.
    pub fn write(
        self,
        out: &mut impl Write,
        today: BirthDate,
        insurer: &str,
    ) -> std::io::Result<()> {
        let records: Vec<Vec<&str>> = self
            .kept
            .iter()
            .map(|text| text.split_terminator('\0').collect())
            .collect();
        // Office letters first, by office code; home letters last. Stable: list order within.
        let mut order: Vec<usize> = (0..records.len()).collect();
        order.sort_by_key(|&i| {
            let record = &records[i];
            (
                record[column::ROUTE] != VIA_OFFICE,
                record[column::OFFICE_CODE],
            )
        });
        let mut groups: Vec<Vec<&[&str]>> = Vec::new();
        for i in order {
            let record = records[i].as_slice();
            match groups.last_mut() {
                Some(group)
                    if group[0][column::ROUTE] == record[column::ROUTE]
                        && (record[column::ROUTE] != VIA_OFFICE
                            || group[0][column::OFFICE_CODE] == record[column::OFFICE_CODE]) =>
                {
                    group.push(record);
                }
                _ => groups.push(vec![record]),
            }
        }
        let date = to_era_kanji(today);
        let head = Head {
            style: STYLE,
            date: &date,
            letters: records.len(),
            groups: groups.iter().map(|g| GroupLine::of(g)).collect(),
        };
        head.write_into(out)?;
        for group in &groups {
            let via_office = group[0][column::ROUTE] == VIA_OFFICE;
            Group {
                via_office,
                office_code: group[0][column::OFFICE_CODE],
                office_name: group[0][column::OFFICE_NAME],
                to_postal_code: group[0][column::TO_POSTAL_CODE],
                to_address: group[0][column::TO_ADDRESS],
                date: &date,
                insurer,
                letters: group.iter().map(|r| Letter::of(r)).collect(),
            }
            .write_into(out)?;
        }
        out.write_all(b"</body>\n</html>\n")
    }
}

/// A line of the first page's index: a group and its letters.
struct GroupLine {
    label: String,
    letters: usize,
}

impl GroupLine {
    fn of(group: &[&[&str]]) -> GroupLine {
        let first = group[0];
        let label = if first[column::ROUTE] == VIA_OFFICE {
            match (first[column::OFFICE_CODE], first[column::OFFICE_NAME]) {
                ("", _) => "事業所経由（事業所記号なし）".to_owned(),
                (code, "") => format!("事業所経由 {code}（事業所名簿になし）"),
                (code, name) => format!("事業所経由 {code} {name}"),
            }
        } else {
            "自宅郵送".to_owned()
        };
        GroupLine {
            label,
            letters: group.len(),
        }
    }
}

/// One letter's content, from the contact list's record.
struct Letter<'a> {
    member_id: &'a str,
    name_kanji: &'a str,
    name_kana: &'a str,
    birth_date: &'a str,
    sex: &'a str,
    address: &'a str,
    postal_code: &'a str,
    to_postal_code: &'a str,
    to_address: &'a str,
    to_name: &'a str,
    suspended: bool,
    sentences: Vec<&'a str>,
}

impl<'a> Letter<'a> {
    fn of(record: &[&'a str]) -> Letter<'a> {
        Letter {
            member_id: record[column::MEMBER_ID],
            name_kanji: record[column::NAME_KANJI],
            name_kana: record[column::NAME_KANA],
            birth_date: record[column::BIRTH_DATE],
            sex: record[column::SEX],
            address: record[column::ADDRESS],
            postal_code: record[column::POSTAL_CODE],
            to_postal_code: record[column::TO_POSTAL_CODE],
            to_address: record[column::TO_ADDRESS],
            to_name: record[column::TO_NAME],
            suspended: record[column::SUSPENDED] == notice::SUSPENDED,
            sentences: record[column::NOTICE].lines().collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "letters.html")]
struct Head<'a> {
    style: &'static str,
    date: &'a str,
    letters: usize,
    groups: Vec<GroupLine>,
}

#[derive(Template)]
#[template(path = "letter-group.html")]
struct Group<'a> {
    via_office: bool,
    office_code: &'a str,
    office_name: &'a str,
    to_postal_code: &'a str,
    to_address: &'a str,
    date: &'a str,
    insurer: &'a str,
    letters: Vec<Letter<'a>>,
}
