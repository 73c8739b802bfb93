//! Where each configured column is in a file read: the one mapping from column names (the
//! config's [`MemberColumns`], [`PersonColumns`]) to field indices, used by every stage that
//! reads a row again. A required column the file lacks is an error naming the column and the
//! columns the file has.

use std::path::Path;

use super::{ReadFile, Source, Table};
use crate::error::{Error, Result};
use crate::model::PersonText;
use crate::settings::{MemberColumns, PersonColumns};

/// Where each field of the members file is.
#[derive(Clone, Debug)]
pub struct MemberFields {
    pub member_id: usize,
    pub person: PersonFields,
    pub household_id: Option<usize>,
    pub relationship: Option<usize>,
    pub office_code: Option<usize>,
    pub delivery: Option<usize>,
    pub status: Option<usize>,
    pub postal_code: Option<usize>,
    /// Columns not mapped to any field: carried into results.csv.
    pub extra: Vec<usize>,
}

/// Where the number and the five attributes are in a file.
#[derive(Clone, Copy, Debug)]
pub struct PersonFields {
    pub my_number: usize,
    pub name_kanji: usize,
    pub name_kana: usize,
    pub birth_date: usize,
    pub sex: usize,
    pub address: usize,
}

impl PersonFields {
    /// Where the columns are in `file` (read from `path` as `source`); a missing column is
    /// an error naming it and the columns the file has.
    pub fn locate(
        file: &ReadFile,
        columns: &PersonColumns,
        path: &Path,
        source: Source,
    ) -> Result<PersonFields> {
        let at = |name: &str| {
            file.column(name)
                .ok_or_else(|| missing(file, name, path, source))
        };
        Ok(PersonFields {
            my_number: at(&columns.my_number)?,
            name_kanji: at(&columns.name_kanji)?,
            name_kana: at(&columns.name_kana)?,
            birth_date: at(&columns.birth_date)?,
            sex: at(&columns.sex)?,
            address: at(&columns.address)?,
        })
    }

    /// The five attributes' text in one row.
    pub fn text<'a>(&self, table: &'a Table, row: usize) -> PersonText<'a> {
        PersonText {
            name_kanji: table.field(row, self.name_kanji),
            name_kana: table.field(row, self.name_kana),
            birth_date: table.field(row, self.birth_date),
            sex: table.field(row, self.sex),
            address: table.field(row, self.address),
        }
    }

    pub fn all(&self) -> [usize; 6] {
        [
            self.my_number,
            self.name_kanji,
            self.name_kana,
            self.birth_date,
            self.sex,
            self.address,
        ]
    }
}

impl MemberFields {
    /// Where the columns are in `file` (read from `path`; the optional ones where it has
    /// them); a missing required column is an error naming it and the columns the file has.
    pub fn locate(file: &ReadFile, columns: &MemberColumns, path: &Path) -> Result<MemberFields> {
        let optional = |name: &str| file.column(name);
        let source = Source::Members;
        let mut fields = MemberFields {
            member_id: file
                .column(&columns.member_id)
                .ok_or_else(|| missing(file, &columns.member_id, path, source))?,
            person: PersonFields::locate(file, &columns.person(), path, source)?,
            household_id: optional(&columns.household_id),
            relationship: optional(&columns.relationship),
            office_code: optional(&columns.office_code),
            delivery: optional(&columns.delivery),
            status: optional(&columns.status),
            postal_code: optional(&columns.postal_code),
            extra: Vec::new(),
        };
        let mut known: Vec<usize> = fields.person.all().to_vec();
        known.push(fields.member_id);
        known.extend(
            [
                fields.household_id,
                fields.relationship,
                fields.office_code,
                fields.delivery,
                fields.status,
                fields.postal_code,
            ]
            .into_iter()
            .flatten(),
        );
        fields.extra = (0..file.headers.len())
            .filter(|c| !known.contains(c))
            .collect();
        Ok(fields)
    }
}

/// The error for a column `file` lacks.
fn missing(file: &ReadFile, column: &str, path: &Path, source: Source) -> Error {
    super::parse::missing_column(&file.headers, column, path, source)
}
