//! Reading: file bytes → text → rows of fields, with rows that cannot be used set aside as
//! rejects.
//!
//! In: a path, its [`crate::settings::FileConfig`]-style format settings and the required
//! column names. Out: a [`ReadFile`] and either a [`Table`] of every field ([`read_table`])
//! or a key per row ([`read_keys`], [`RowKeys`]), from which any row is read again
//! whole when it is needed ([`ReadFile::rows`]); and [`Reject`]s for rows that cannot be
//! used. Fields stay text — `001` stays `001`; extra columns are carried. A UTF-8 file is
//! read where it lies (mapped, its pages released as each block is read), another encoding
//! through a decoded temporary file mapped alike, so a file larger than memory can be read.
//! A bad *file* (undecodable bytes, NUL bytes, missing header column) is an [`Error`]; a bad
//! *row* is a reject and reading goes on. Never: inferring types, or dropping a row without a
//! reject. The inputs must not be written while a run reads them.

pub mod encoding;
mod fields;
pub mod offices;
mod parse;
mod rejects;
pub mod resolutions;
mod rows;
mod table;
mod text;

use std::path::Path;

use crate::error::{Error, Result};
use crate::settings::{Delimiter, InputEncoding};
use encoding::{choose_encoding, TextEncoding};
pub use fields::{MemberFields, PersonFields};
use parse::*;
pub use parse::{parse_text, LineCount, Parsed};
pub use rejects::MAX_FIELD_CHARS;
use rejects::*;
use rows::*;
pub use table::Table;
use table::*;
use text::*;

/// Which input a row came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Members,
    Register,
    Resolutions,
    Offices,
}

impl Source {
    /// The config section and error wording for this input.
    pub fn role(self) -> &'static str {
        match self {
            Source::Members => "members",
            Source::Register => "register",
            Source::Resolutions => "resolutions",
            Source::Offices => "offices",
        }
    }

    /// The Japanese name used in rejects.csv.
    pub fn japanese(self) -> &'static str {
        match self {
            Source::Members => "加入者ファイル",
            Source::Register => "住基照会結果ファイル",
            Source::Resolutions => "解決記録ファイル",
            Source::Offices => "事業所名簿ファイル",
        }
    }
}

/// An input row that could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reject {
    pub source: Source,
    /// 1-based line in the file where the row starts.
    pub line: u64,
    /// The member id, when the row had one.
    pub member_id: Option<String>,
    /// Japanese, for the clerk.
    pub reason: String,
}

/// A file as read: its rejects, facts for the audit trail, and its text, from which any
/// usable row is read again whole ([`ReadFile::rows`]; usable rows are numbered in file
/// order). Its text is mapped into memory — a UTF-8 file itself, another encoding decoded
/// into a temporary file — so the kernel holds its pages, and drops them when memory is
/// short or [`ReadFile::release`] says they are not needed now. Held per usable row: where
/// it starts and its line.
#[derive(Debug)]
pub struct ReadFile {
    /// Every column's name, as written.
    pub headers: Vec<String>,
    pub rejects: Vec<Reject>,
    pub encoding: TextEncoding,
    /// Data rows seen (used and rejected).
    pub rows_read: usize,
    /// Where every line of the file went.
    pub line_count: LineCount,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    pub bytes: u64,
    text: Text,
    /// Where each usable row starts in `text`, and its line.
    record_starts: Vec<u64>,
    lines: Vec<u64>,
    layout: Layout,
}

impl ReadFile {
    /// Usable rows.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Line where usable row `row` starts.
    pub fn line(&self, row: usize) -> u64 {
        self.lines[row]
    }

    /// Index of a column in the file.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|header| header == name)
    }

    /// Every column of these usable rows, read again from the text, in this order (lines
    /// kept).
    pub fn rows(&self, rows: &[usize]) -> Result<Table> {
        let text = self.text.as_str();
        self.layout
            .read_again(&self.headers, text, &self.record_starts, &self.lines, rows)
            .ok_or_else(|| {
                Error::Other(format!(
                    "{} changed while it was being read: run again on files that are not being written",
                    self.layout.path.display()
                ))
            })
    }

    /// Lets the kernel drop the text's pages from this process's memory until they are read
    /// again.
    pub fn release(&self) {
        self.text.release(0..self.text.as_str().len());
    }
}

/// How to read one input.
#[derive(Clone, Debug)]
pub struct ReadOptions<'a> {
    pub source: Source,
    pub encoding: InputEncoding,
    pub delimiter: Delimiter,
    /// Header names that must be present.
    pub required: Vec<&'a str>,
    /// The column holding the member id, to name it in rejects.
    pub id_column: Option<&'a str>,
}

/// What [`read_keys`] holds of every usable row instead of its text: a key (a small value of
/// the caller's type) made from a few of its fields; the rest is read again for the rows
/// that need it.
#[derive(Clone)]
pub struct RowKeys<'a, K> {
    /// The columns the key is made from, by name (at most [`MOST_KEY_COLUMNS`]; a column the
    /// file lacks reads as empty).
    pub columns: Vec<&'a str>,
    /// The key of one row, given its `columns` fields (trimmed).
    pub make: &'a (dyn Fn(&[&str]) -> K + Sync),
}

/// The most columns [`RowKeys`] can be made from.
pub const MOST_KEY_COLUMNS: usize = 4;

impl<K> std::fmt::Debug for RowKeys<'_, K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RowKeys({:?})", self.columns)
    }
}

/// Reads a CSV/TSV file and every field of its usable rows.
pub fn read_table(path: &Path, options: &ReadOptions) -> Result<(ReadFile, Table)> {
    let (file, table, _) = read_file::<()>(path, options, None, &|_| {})?;
    Ok((file, table))
}

/// Reads a CSV/TSV file keeping only a key of each usable row, in row order. `progress(n)`:
/// `n` more bytes of the file are surveyed, and again as they are split into rows (twice
/// the file's size in all).
pub fn read_keys<K: Send>(
    path: &Path,
    options: &ReadOptions,
    keys: &RowKeys<K>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(ReadFile, Vec<K>)> {
    let (file, _, keys) = read_file(path, options, Some(keys), progress)?;
    Ok((file, keys))
}

/// Reads a CSV/TSV file: its encoding detected, its bytes hashed and checked, its rows split
/// into a table or (with `keys`) reduced to keys (the table then holds only lines).
fn read_file<K: Send>(
    path: &Path,
    options: &ReadOptions,
    keys: Option<&RowKeys<K>>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(ReadFile, Table, Vec<K>)> {
    let read_error = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let length = file.metadata().map_err(read_error)?.len();
    if length == 0 {
        return Err(Error::EmptyFile {
            path: path.to_owned(),
        });
    }
    // SAFETY: the file is mapped read-only; the program assumes, as any reader must, that
    // its input is not written while it runs.
    let map = unsafe { memmap2::Mmap::map(&file) }.map_err(read_error)?;
    let bytes: &[u8] = &map;
    let release = |range: std::ops::Range<usize>| release_pages(&map, range);
    // A mapped text starts after the byte-order mark: the survey is of that text.
    let body = encoding::without_bom(bytes);
    let start = bytes.len() - body.len();
    // The hash is taken while the bytes are checked.
    let (sha256, survey) = rayon::join(
        || sha256_hex(bytes, &release),
        || {
            Survey::of(body, &|range| {
                progress(range.len() as u64);
                release(start + range.start..start + range.end)
            })
        },
    );
    // UTF-16 (a spreadsheet's "Unicode text") holds NUL bytes in every ASCII character: its
    // text is checked once decoded.
    let utf16 = encoding::utf16_by_bom(bytes).is_some() && options.encoding == InputEncoding::Auto;
    // A NUL byte at `offset` of `text`: not a text file, said with its line.
    let not_text = |text: &[u8], offset: usize| Error::NotText {
        path: path.to_owned(),
        line: count_line_ends(&text[..offset]) as u64 + 1,
    };
    if let (Some(offset), false) = (survey.nul, utf16) {
        return Err(not_text(body, offset));
    }
    // Valid UTF-8 (with or without a BOM) is UTF-8 whether detected or configured so, and
    // is read where it lies.
    let utf8 = survey.utf8 && matches!(options.encoding, InputEncoding::Auto | InputEncoding::Utf8);
    let body_length = body.len() as u64;
    let (encoding, text, survey) = if utf8 {
        (TextEncoding::Utf8, Text { map, start }, survey)
    } else {
        let encoding = choose_encoding(bytes, options.encoding);
        let map = decode_to_file(path, bytes, encoding, &release)?;
        let text = Text { map, start: 0 };
        let survey = Survey::of(text.as_str().as_bytes(), &|range| text.release(range));
        if let Some(offset) = survey.nul {
            return Err(not_text(text.as_str().as_bytes(), offset));
        }
        (encoding, text, survey)
    };
    let Parsed {
        headers,
        mut table,
        keys: row_keys,
        record_starts,
        rejects,
        rows_read,
        line_count,
        layout,
    } = parse(
        path,
        text.as_str(),
        options,
        keys,
        &survey,
        // A decoded text is longer than the file: its bytes are told in the file's.
        &|decoded: u64| {
            let length = text.as_str().len().max(1) as u64;
            progress(decoded * body_length / length)
        },
        &|range| text.release(range),
    )?;
    // With keys the table holds no fields: its lines go to the file.
    let lines = match keys {
        Some(_) => std::mem::take(&mut table.lines),
        None => table.lines.clone(),
    };
    let file = ReadFile {
        headers,
        rejects,
        encoding,
        rows_read,
        line_count,
        sha256,
        bytes: length,
        text,
        record_starts,
        lines,
        layout,
    };
    Ok((file, table, row_keys))
}

#[cfg(test)]
mod tests;
