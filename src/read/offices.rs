//! The offices file (事業所名簿): where a letter routed through the employer goes.
//!
//! In: a CSV/TSV with `office_code` and `name`, and optionally `postal_code`, `address` and
//! `contact_person` (`--offices`). Out: the offices by code, and rejects for rows that
//! cannot be used (no code, no name, a code on several rows).

use std::collections::HashMap;
use std::path::Path;

use super::{read_table, ReadOptions, Reject, Source};
use crate::error::Result;
use crate::settings::{Delimiter, InputEncoding};

/// One employer's office, as letters address it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Office {
    pub name: String,
    pub postal_code: String,
    pub address: String,
    pub contact_person: String,
}

/// Offices read from a file, by office code.
#[derive(Clone, Debug, Default)]
pub struct Offices {
    pub by_code: HashMap<String, Office>,
    pub rejects: Vec<Reject>,
    pub sha256: String,
    pub rows_read: usize,
}

/// Reads an offices file. A row is used with a code and a name; a code on several rows is
/// a reject on each (the letters of that office then say the office is not in the file).
pub fn read_offices(path: &Path) -> Result<Offices> {
    let (file, table) = read_table(
        path,
        &ReadOptions {
            source: Source::Offices,
            encoding: InputEncoding::Auto,
            delimiter: Delimiter::Auto,
            required: vec!["office_code", "name"],
            id_column: Some("office_code"),
        },
    )?;
    let column = |name| table.column(name);
    let (code, name) = (column("office_code"), column("name"));
    let (postal_code, address, contact_person) = (
        column("postal_code"),
        column("address"),
        column("contact_person"),
    );
    let mut offices = Offices {
        rejects: file.rejects,
        sha256: file.sha256,
        rows_read: file.rows_read,
        ..Offices::default()
    };
    let lines_of = table.lines_by_value(code);
    for row in 0..table.len() {
        let office_code = table.optional_field(row, code);
        let office = Office {
            name: table.optional_field(row, name).to_owned(),
            postal_code: table.optional_field(row, postal_code).to_owned(),
            address: table.optional_field(row, address).to_owned(),
            contact_person: table.optional_field(row, contact_person).to_owned(),
        };
        let problem = if office_code.is_empty() {
            Some("事業所記号（office_code）が空です。")
        } else if office.name.is_empty() {
            Some("事業所名（name）が空です。")
        } else if lines_of
            .get(office_code)
            .is_some_and(|lines| lines.len() > 1)
        {
            Some("同じ事業所記号が複数の行にあります（どの行も使いません）。")
        } else {
            None
        };
        match problem {
            Some(reason) => offices.rejects.push(Reject {
                source: Source::Offices,
                line: table.line(row),
                member_id: Some(office_code.to_owned()).filter(|c| !c.is_empty()),
                reason: reason.to_owned(),
            }),
            None => {
                offices.by_code.insert(office_code.to_owned(), office);
            }
        }
    }
    Ok(offices)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_without_code_or_name_and_repeated_codes_are_rejects() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("offices.csv");
        std::fs::write(
            &path,
            "office_code,name,postal_code,address,contact_person\n\
             E100,株式会社あおば,100-0005,東京都千代田区丸の内1-1-1,総務 佐藤\n\
             E200,有限会社みどり,,,\n\
             E200,有限会社みどり（重複）,,,\n\
             ,名前だけ,,,\n\
             E300,,,,\n",
        )
        .unwrap();
        let offices = read_offices(&path).unwrap();
        assert_eq!(offices.by_code.len(), 1);
        assert_eq!(offices.by_code["E100"].contact_person, "総務 佐藤");
        let rejected: Vec<(u64, Option<&str>)> = offices
            .rejects
            .iter()
            .map(|r| (r.line, r.member_id.as_deref()))
            .collect();
        assert_eq!(
            rejected,
            [
                (3, Some("E200")),
                (4, Some("E200")),
                (5, None),
                (6, Some("E300"))
            ]
        );
        assert!(offices.rejects[0].reason.contains("複数の行"));
    }
}
