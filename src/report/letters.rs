//! letters.html: one printable A4 letter per contacted member, from the same record as the
//! contact list ([`crate::report::notice`]): letters routed through an employer grouped by
//! office (each group opened by a cover sheet for the office, naming whom to hand each
//! sealed letter to, never why), then the letters posted home. A home letter goes to the
//! address the insurer holds, never the register's (which may be a stranger's). Each asks
//! the member to confirm the values the insurer holds, says why in plain words (through the
//! office, never the sex, the birth date or a family member's number) and ends with a reply
//! slip. Never the My Number. The page (`templates/letters.html`, askama, escaped) embeds
//! the letters as JSON (each sentence once, the letters pointing to them) and its script
//! draws the chosen group's pages: a national run's 10^5 letters stay a file a browser
//! opens, and one office's letters print at a time.

use std::io::Write;

use askama::Template;
use serde::Serialize;

use crate::normalize::date::{to_era_kanji, BirthDate};
use crate::report::html::script_safe;
use crate::report::notice::{self, column, Notice, VIA_OFFICE};

const STYLE: &str = include_str!("../../templates/letters.css");
const SCRIPT: &str = include_str!("../../templates/letters.js");

/// The contacted members' notices, kept (one text each, its fields NUL-ended) until every
/// member is judged and the letters can be grouped by office.
#[derive(Default)]
pub struct Letters {
    kept: Vec<Box<str>>,
}

impl Letters {
    /// Keeps the notices of a chunk's contacted members.
    pub fn add(&mut self, notices: &[Notice]) {
        use rayon::prelude::*;
        let kept: Vec<Box<str>> = notices
            .par_iter()
            .map(|notice| {
                let mut text = String::with_capacity(notice.iter().map(|f| f.len() + 1).sum());
                for field in notice {
                    text.push_str(field);
                    text.push('\0');
                }
                text.into_boxed_str()
            })
            .collect();
        self.kept.extend(kept);
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
        // Each sentence once; the letters point to them.
        let mut sentences: Vec<&str> = Vec::new();
        for record in &records {
            for sentence in record[column::NOTICE].lines() {
                if !sentences.contains(&sentence) {
                    sentences.push(sentence);
                }
            }
        }
        // Each group's JSON made on all threads (every `<` escaped: nothing can end the
        // script element), then joined as the page writes it.
        let rendered: Vec<String> = {
            use rayon::prelude::*;
            groups
                .par_iter()
                .map(|group| {
                    script_safe(
                        serde_json::to_string(&GroupData::of(group, &sentences))
                            .unwrap_or_default(),
                    )
                })
                .collect()
        };
        let json = LettersJson {
            groups: rendered,
            sentences: script_safe(serde_json::to_string(&sentences).unwrap_or_default()),
        };
        let date = to_era_kanji(today);
        Page {
            style: STYLE,
            script: SCRIPT,
            date: &date,
            insurer,
            letters: records.len(),
            groups: groups.iter().map(|g| GroupLine::of(g)).collect(),
            data: json,
        }
        .write_into(out)
    }
}

/// The letters as the page's script reads them — `{"groups": [...], "sentences": [...]}` —
/// each part rendered already.
struct LettersJson {
    groups: Vec<String>,
    sentences: String,
}

impl std::fmt::Display for LettersJson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("{\"groups\":[")?;
        for (i, group) in self.groups.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(group)?;
        }
        write!(f, "],\"sentences\":{}}}", self.sentences)
    }
}

/// A group: an office's letters (its code, name and address) or the letters posted home.
#[derive(Serialize)]
struct GroupData<'a> {
    office: bool,
    /// Office code and name, and where its letters go.
    oc: &'a str,
    on: &'a str,
    tp: &'a str,
    ta: &'a str,
    letters: Vec<LetterData<'a>>,
}

/// One letter: the values to confirm as the insurer holds them, where it goes, whether the
/// member is suspended, and its sentences (indices into the sentences).
#[derive(Serialize)]
struct LetterData<'a> {
    id: &'a str,
    nk: &'a str,
    nn: &'a str,
    bd: &'a str,
    sx: &'a str,
    ad: &'a str,
    pc: &'a str,
    tp: &'a str,
    ta: &'a str,
    tn: &'a str,
    s: bool,
    t: Vec<usize>,
}

impl<'a> GroupData<'a> {
    fn of(group: &[&'a [&'a str]], sentences: &[&str]) -> GroupData<'a> {
        let first = group[0];
        GroupData {
            office: first[column::ROUTE] == VIA_OFFICE,
            oc: first[column::OFFICE_CODE],
            on: first[column::OFFICE_NAME],
            tp: first[column::TO_POSTAL_CODE],
            ta: first[column::TO_ADDRESS],
            letters: group
                .iter()
                .map(|record| LetterData {
                    id: record[column::MEMBER_ID],
                    nk: record[column::NAME_KANJI],
                    nn: record[column::NAME_KANA],
                    bd: record[column::BIRTH_DATE],
                    sx: record[column::SEX],
                    ad: record[column::ADDRESS],
                    pc: record[column::POSTAL_CODE],
                    tp: record[column::TO_POSTAL_CODE],
                    ta: record[column::TO_ADDRESS],
                    tn: record[column::TO_NAME],
                    s: record[column::SUSPENDED] == notice::SUSPENDED,
                    t: record[column::NOTICE]
                        .lines()
                        .filter_map(|sentence| sentences.iter().position(|s| *s == sentence))
                        .collect(),
                })
                .collect(),
        }
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

#[derive(Template)]
#[template(path = "letters.html")]
struct Page<'a> {
    style: &'static str,
    script: &'static str,
    date: &'a str,
    insurer: &'a str,
    letters: usize,
    groups: Vec<GroupLine>,
    data: LettersJson,
}
