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
mod parse;
mod rejects;
pub mod resolutions;
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
}

impl Source {
    /// The config section and error wording for this input.
    pub fn role(self) -> &'static str {
        match self {
            Source::Members => "members",
            Source::Register => "register",
            Source::Resolutions => "resolutions",
        }
    }

    /// The Japanese name used in rejects.csv.
    pub fn japanese(self) -> &'static str {
        match self {
            Source::Members => "加入者ファイル",
            Source::Register => "住基照会結果ファイル",
            Source::Resolutions => "解決記録ファイル",
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
    if let Some(offset) = survey.nul {
        let line = count_byte(&body[..offset], b'\n') as u64 + 1;
        return Err(Error::NotText {
            path: path.to_owned(),
            line,
        });
    }
    // Valid UTF-8 (with or without a BOM) is UTF-8 whether detected or configured so, and
    // is read where it lies.
    let utf8 = survey.utf8 && matches!(options.encoding, InputEncoding::Auto | InputEncoding::Utf8);
    let (encoding, text, survey) = if utf8 {
        (TextEncoding::Utf8, Text { map, start }, survey)
    } else {
        let encoding = choose_encoding(bytes, options.encoding);
        let map = decode_to_file(path, bytes, encoding, &release)?;
        let text = Text { map, start: 0 };
        let survey = Survey::of(text.as_str().as_bytes(), &|range| text.release(range));
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
        progress,
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
mod tests {
    use super::*;

    fn options() -> ReadOptions<'static> {
        ReadOptions {
            source: Source::Members,
            encoding: InputEncoding::Auto,
            delimiter: Delimiter::Auto,
            required: vec!["member_id", "name"],
            id_column: Some("member_id"),
        }
    }

    /// Every column of every row, the rejects and the rows read.
    fn parse_text(
        path: &Path,
        text: &str,
        options: &ReadOptions,
    ) -> Result<(Table, Vec<Reject>, usize)> {
        super::parse_text::<()>(path, text, options, None)
            .map(|p| (p.table, p.rejects, p.rows_read))
    }

    fn plain(text: &str) -> bool {
        Survey::of(text.as_bytes(), &|_| {}).plain()
    }

    /// Every field of every row, with its line.
    fn cells(table: &Table) -> Vec<(u64, Vec<String>)> {
        (0..table.len())
            .map(|row| {
                let fields = (0..table.width())
                    .map(|c| table.field(row, c).to_owned())
                    .collect();
                (table.line(row), fields)
            })
            .collect()
    }

    /// Rows reduced to keys and read again whole are the rows read whole, and their keys are
    /// made from their fields: plain and quoted text, line breaks inside quotes, CRLF, blank
    /// lines, rejects between rows.
    #[test]
    fn rows_read_again_are_the_rows_read() {
        let texts = [
            "member_id,name,extra\n001, 山田 ,x\n\n002,佐藤,\nbad\n003,,z",
            "member_id,name,extra\r\n001,\"山田, 太郎\",\"a\nb\"\r\n\r\n002,\"佐\"\"藤\",\r\nbad\r\n003,,z\r\n",
            "member_id\tname\textra\n1\t\u{3000}花子\u{3000}\t\n",
        ];
        for text in texts {
            let path = Path::new(if text.contains('\t') {
                "m.tsv"
            } else {
                "m.csv"
            });
            let whole = super::parse_text::<()>(path, text, &options(), None).unwrap();
            // A key of two numbers a row: the lengths of `extra` and of a column the file
            // lacks, and the bytes of `member_id`'s first character.
            let keys = RowKeys {
                columns: vec!["extra", "missing", "member_id"],
                make: &|fields| {
                    (
                        fields[0].len() + 1000 * fields[1].len(),
                        fields[2].bytes().next().map_or(0, u64::from),
                    )
                },
            };
            let kept = super::parse_text(path, text, &options(), Some(&keys)).unwrap();
            assert_eq!(kept.rejects, whole.rejects, "{text:?}");
            assert_eq!(kept.table.len(), whole.table.len());
            assert_eq!(kept.keys.len(), whole.table.len());
            for row in 0..whole.table.len() {
                let first = whole
                    .table
                    .field(row, 0)
                    .bytes()
                    .next()
                    .map_or(0, u64::from);
                assert_eq!(kept.keys[row], (whole.table.field(row, 2).len(), first));
            }
            // Read again in another order, one row twice.
            let rows: Vec<usize> = (0..kept.table.len()).rev().chain([0]).collect();
            let again = kept.rows(text, &rows).unwrap();
            let expected: Vec<_> = rows
                .iter()
                .map(|&r| cells(&whole.table)[r].clone())
                .collect();
            assert_eq!(cells(&again), expected, "{text:?}");
            assert_eq!(again.headers, whole.table.headers);
        }
    }

    /// A file read from disk: UTF-8 (with a BOM) is mapped, CP932 decoded; either way its
    /// rows read again whole are the rows as written, and its hash is the file's.
    #[test]
    fn files_read_again_by_row() {
        use sha2::{Digest, Sha256};
        let dir = tempfile::tempdir().unwrap();
        let text = "member_id,name,extra\r\n001,髙橋 花子,x\r\n002,\"山田, 太郎\",y\r\n";
        let utf8 = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        let cp932 = encoding_rs::SHIFT_JIS.encode(text).0.into_owned();
        for (name, bytes, encoding) in [
            ("utf8.csv", utf8, TextEncoding::Utf8),
            ("cp932.csv", cp932, TextEncoding::Cp932),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, &bytes).unwrap();
            let (file, table) = read_table(&path, &options()).unwrap();
            assert_eq!(file.encoding, encoding);
            assert_eq!(table.field(1, 0), "002");
            let ids = RowKeys {
                columns: vec!["member_id"],
                make: &|fields| fields[0].parse::<u64>().unwrap(),
            };
            let told = std::sync::atomic::AtomicU64::new(0);
            let progress = |bytes: u64| {
                told.fetch_add(bytes, std::sync::atomic::Ordering::Relaxed);
            };
            let (file, keys) = read_keys(&path, &options(), &ids, &progress).unwrap();
            if encoding == TextEncoding::Utf8 {
                // Surveyed, then split into rows: twice the text after its byte-order mark.
                assert_eq!(told.into_inner(), 2 * (bytes.len() as u64 - 3));
            }
            assert_eq!(keys, [1, 2]);
            assert_eq!((file.len(), file.line(1)), (2, 3));
            let expected: String = Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(file.sha256, expected);
            let rows = file.rows(&[1, 0]).unwrap();
            file.release();
            assert_eq!(rows.field(0, 1), "山田, 太郎");
            assert_eq!(rows.field(1, 1), "髙橋 花子");
            assert_eq!((rows.line(0), rows.line(1)), (3, 2));
        }
    }

    #[test]
    fn an_empty_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.csv");
        std::fs::write(&path, "").unwrap();
        assert!(matches!(
            read_table(&path, &options()),
            Err(Error::EmptyFile { .. })
        ));
    }

    #[test]
    fn reads_fields_and_keeps_leading_zeros() {
        let (table, rejects, rows) = parse_text(
            Path::new("m.csv"),
            "member_id,name,extra\n001,\"山田, 太郎\",x\n\n002,佐藤,\n",
            &options(),
        )
        .unwrap();
        assert!(rejects.is_empty());
        assert_eq!(rows, 2);
        assert_eq!(table.len(), 2);
        assert_eq!(table.field(0, 0), "001");
        assert_eq!(table.field(0, 1), "山田, 太郎");
        assert_eq!(table.field(1, 2), "");
        assert_eq!(table.line(1), 4);
    }

    /// Quote-free text split line by line gives exactly what the csv reader gives: rows,
    /// trimmed fields, line numbers, rejects and blank lines.
    #[test]
    fn lines_without_quotes_read_as_the_csv_reader_reads_them() {
        let bodies = [
            "A1,1\nA2,2\n",
            "A1,1\r\nA2,2\r\n\r\nA3,3",
            "\n\nA1, 1 \n   \n\u{3000}A2\u{3000},2\n",
            "A1,1,extra\nA2\nA3,\n,\n,,\n",
            "A1,1\nA2,2\n\n\n",
            "A1\t1\nA2,2\n",
            "",
            "\n",
            "A1,1",
        ];
        let reader = RowsReader::<()> {
            path: Path::new("m.csv"),
            delimiter: b',',
            width: 2,
            headers: &[],
            keys: None,
            id_column: Some(0),
            source: Source::Members,
            progress: &|_| {},
        };
        let fresh = || Rows {
            text: String::new(),
            fields: 0,
            row_starts: Vec::new(),
            record_starts: Vec::new(),
            keys: Vec::new(),
            lines: Vec::new(),
            rejects: Vec::new(),
            rows_read: 0,
            blank_lines: 0,
            inside_quoted_fields: 0,
        };
        for body in bodies {
            assert!(plain(body), "{body:?}");
            let room = (count_byte(body.as_bytes(), b'\n') + 1) * 2;
            let (mut plain_ends, mut csv_ends) = (vec![0; room], vec![0; room]);
            let (mut plain, mut csv) = (fresh(), fresh());
            reader.read_plain(body, 7, &mut plain_ends, &mut plain);
            reader
                .read_csv(body, 7, &mut csv_ends, &mut csv, &|_| {})
                .unwrap();
            assert_eq!(plain.text, csv.text, "{body:?}");
            assert_eq!(plain.fields, csv.fields, "{body:?}");
            assert_eq!(plain_ends, csv_ends, "{body:?}");
            assert_eq!(plain.row_starts, csv.row_starts, "{body:?}");
            // (Record starts differ: the csv reader's may fall on the line end before a
            // record, where it reads again from; see `rows_read_again_are_the_rows_read`.)
            assert_eq!(plain.lines, csv.lines, "{body:?}");
            assert_eq!(plain.rejects, csv.rejects, "{body:?}");
            assert_eq!(plain.rows_read, csv.rows_read, "{body:?}");
            assert_eq!(plain.blank_lines, csv.blank_lines, "{body:?}");
            // Every line is a row or a blank line.
            let lines = body.split_inclusive('\n').count() as u64;
            assert_eq!(
                plain.rows_read as u64 + plain.blank_lines,
                lines,
                "{body:?}"
            );
        }
        assert!(!plain("A1,\"1\"\n"));
        assert!(!plain("A1,1\rA2,2\n"));
    }

    /// Carriage returns alone end records too (found by fuzzing: the room for field ends was
    /// counted from line feeds only).
    #[test]
    fn lone_carriage_returns_end_records() {
        let text = "member_id,name\rA1,1\rA2,2\rA3,3";
        let (table, rejects, rows) = parse_text(Path::new("m.csv"), text, &options()).unwrap();
        assert_eq!((table.len(), rejects.len(), rows), (3, 0, 3));
        assert_eq!(table.field(2, 0), "A3");
        let records = |text: &str| {
            let survey = Survey::of(text.as_bytes(), &|_| {});
            let block = &survey.blocks[0];
            block.line_feeds + block.lone_returns + 1
        };
        assert_eq!(records(text), 4);
        assert_eq!(records("a\r\nb\r\n"), 3);
    }

    /// A body over the block size is read in pieces on all threads: every row, field and
    /// line number is what one piece would give, rejects and blank lines included.
    #[test]
    fn large_files_read_in_pieces_keep_rows_and_lines() {
        let mut text = String::from("member_id,name\r\n");
        let mut expected_lines = Vec::new();
        let mut line = 2;
        let mut row = 0;
        while text.len() < 3 * BLOCK_BYTES {
            match row % 100_000 {
                500 => text.push_str("bad,row,with,too,many\r\n"),
                700 => text.push_str("\r\n"),
                _ => {
                    text.push_str(&format!("{row:08},名前{row}\r\n"));
                    expected_lines.push(line);
                }
            }
            row += 1;
            line += 1;
        }
        let (table, rejects, rows_read) =
            parse_text(Path::new("m.csv"), &text, &options()).unwrap();
        assert_eq!(table.len(), expected_lines.len());
        assert_eq!(
            (0..table.len()).map(|r| table.line(r)).collect::<Vec<_>>(),
            expected_lines
        );
        let last = table.len() - 1;
        assert_eq!(
            table.field(last, 1),
            format!("名前{}", table.field(last, 0).parse::<u32>().unwrap())
        );
        assert!(!rejects.is_empty());
        assert!(rejects.iter().all(|r| (r.line - 2) % 100_000 == 500));
        assert_eq!(rows_read, table.len() + rejects.len());
    }

    #[test]
    fn tab_separated_by_extension_or_header() {
        let (table, _, _) =
            parse_text(Path::new("m.txt"), "member_id\tname\n1\t山田\n", &options()).unwrap();
        assert_eq!(table.field(0, 1), "山田");
    }

    #[test]
    fn wrong_field_count_is_a_reject_with_line_and_id() {
        let (table, rejects, rows) = parse_text(
            Path::new("m.csv"),
            "member_id,name\n1,a\n2,b,c\n3,c\n",
            &options(),
        )
        .unwrap();
        assert_eq!(rows, 3);
        assert_eq!(table.len(), 2);
        assert_eq!(rejects.len(), 1);
        assert_eq!(rejects[0].line, 3);
        assert_eq!(rejects[0].member_id.as_deref(), Some("2"));
    }

    #[test]
    fn missing_column_empty_file_and_header_only_are_errors() {
        let missing = parse_text(Path::new("m.csv"), "member_id,x\n1,2\n", &options());
        assert!(matches!(missing, Err(Error::MissingColumn { .. })));
        let empty = parse_text(Path::new("m.csv"), "", &options());
        assert!(matches!(empty, Err(Error::EmptyFile { .. })));
        let header_only = parse_text(Path::new("m.csv"), "member_id,name\n\n", &options());
        assert!(matches!(header_only, Err(Error::NoDataRows { .. })));
    }

    #[test]
    fn open_quotes_and_huge_fields_are_rejects() {
        // A quote left open on line 3: that line is a reject and reading resumes on line 4
        // (nothing after it is swallowed); line 5 is too long; line 6 holds a quoted line
        // break and the header's number of fields: one row (legal CSV).
        let text = format!(
            "member_id,name\n1,a\n2,\"b\n3,c\n4,{}\n5,\"d\ne\"\n6,f\n",
            "x".repeat(MAX_FIELD_CHARS + 1)
        );
        let (table, rejects, rows) = parse_text(Path::new("m.csv"), &text, &options()).unwrap();
        let lines: Vec<u64> = rejects.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 5], "{rejects:?}");
        assert!(
            rejects[0].reason.contains("引用符"),
            "{}",
            rejects[0].reason
        );
        assert_eq!(rejects[0].member_id.as_deref(), Some("2"));
        let ids: Vec<&str> = (0..table.len()).map(|r| table.field(r, 0)).collect();
        assert_eq!(ids, ["1", "3", "5", "6"]);
        assert_eq!(table.field(2, 1), "d\ne");
        assert_eq!(table.lines, [2, 4, 6, 8]);
        // Every data line is a row, a reject or inside a row's quotes.
        assert_eq!(rows, 6);
        let (_, rejects, _) = parse_text(
            Path::new("m.csv"),
            &format!("member_id,name\n1,{}\n", "y".repeat(MAX_FIELD_CHARS + 1)),
            &options(),
        )
        .unwrap();
        assert!(
            rejects[0].reason.contains("長すぎます"),
            "{}",
            rejects[0].reason
        );
    }
}
