//! Reading: file bytes → text → rows of fields, with rows that cannot be used set aside as
//! rejects.
//!
//! In: a path, its [`crate::settings::FileConfig`]-style format settings and the required
//! column names. Out: a [`ReadFile`] and either a [`Table`] of every field ([`read_table`])
//! or a few numbers per row ([`read_keys`], [`RowKeys`]), from which any row is read again
//! whole when it is needed ([`ReadFile::rows`]); and [`Reject`]s for rows that cannot be
//! used. Fields stay text — `001` stays `001`; extra columns are carried. A UTF-8 file is
//! read where it lies (mapped, its pages released as each block is read), another encoding
//! through a decoded temporary file mapped alike, so a file larger than memory can be read.
//! A bad *file* (undecodable bytes, NUL bytes, missing header column) is an [`Error`]; a bad
//! *row* is a reject and reading goes on. Never: inferring types, or dropping a row without a
//! reject. The inputs must not be written while a run reads them.

pub mod encoding;

use std::path::Path;

use crate::error::{Error, Result};
use crate::settings::{Delimiter, InputEncoding};
use encoding::{choose_encoding, TextEncoding};

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

/// Rows of fields as text, stored in a few buffers (one per piece of the file read in
/// parallel): every row of a file ([`read_table`]), or some rows read again
/// ([`ReadFile::rows`]).
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// Names of the columns held, as written.
    pub headers: Vec<String>,
    /// The fields of each piece, one after another.
    texts: Vec<String>,
    /// Where each row's first field starts: its piece (the bits from [`PIECE_SHIFT`] up)
    /// and the offset in that piece's text.
    row_starts: Vec<u64>,
    /// `ends[row * width + column]` is where that field ends, counted from the row's start
    /// (a field starts where the one before it in the row ends).
    ends: Vec<u32>,
    /// Line where each row starts.
    lines: Vec<u64>,
}

/// Row starts carry their piece in the bits from here up (a piece holds less than 2^40
/// bytes).
const PIECE_SHIFT: u32 = 40;
const OFFSET_MASK: u64 = (1 << PIECE_SHIFT) - 1;

impl Table {
    pub fn width(&self) -> usize {
        self.headers.len()
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The field at `row`, `column`.
    pub fn field(&self, row: usize, column: usize) -> &str {
        let index = row * self.width() + column;
        let row_start = self.row_starts[row];
        let offset = (row_start & OFFSET_MASK) as usize;
        let start = if column == 0 { 0 } else { self.ends[index - 1] };
        let text = &self.texts[(row_start >> PIECE_SHIFT) as usize];
        &text[offset + start as usize..offset + self.ends[index] as usize]
    }

    /// The field at `row` in an optional column; empty when the column is absent.
    pub fn optional_field(&self, row: usize, column: Option<usize>) -> &str {
        column.map_or("", |column| self.field(row, column))
    }

    /// Line where `row` starts in the file.
    pub fn line(&self, row: usize) -> u64 {
        self.lines[row]
    }

    /// Index of a header name.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|header| header == name)
    }
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

/// What [`read_keys`] holds of every usable row instead of its text: a few numbers made from
/// a few of its fields (the rest is read again for the rows that need it).
#[derive(Clone)]
pub struct RowKeys<'a> {
    /// The columns the numbers are made from, by name (at most [`MOST_KEY_COLUMNS`]; a
    /// column the file lacks reads as empty).
    pub columns: Vec<&'a str>,
    /// Numbers per row.
    pub width: usize,
    /// Appends `width` numbers for one row, given its `columns` fields (trimmed).
    pub make: &'a (dyn Fn(&[&str], &mut Vec<u64>) + Sync),
}

/// The most columns [`RowKeys`] can be made from.
pub const MOST_KEY_COLUMNS: usize = 4;

impl std::fmt::Debug for RowKeys<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RowKeys({:?}, {} per row)", self.columns, self.width)
    }
}

/// A file's text, mapped: the file itself (from `start`, after a byte-order mark) when it is
/// UTF-8, else its text decoded into a temporary file (see [`decode_to_file`]).
struct Text {
    map: memmap2::Mmap,
    start: usize,
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Text({} bytes mapped)", self.map.len())
    }
}

impl Text {
    fn as_str(&self) -> &str {
        // SAFETY: the text was validated as UTF-8 (a decoded text is UTF-8 by construction)
        // when the file was read, and the mapping is read-only.
        unsafe { std::str::from_utf8_unchecked(&self.map[self.start..]) }
    }

    /// Drops the mapped pages of `range` (offsets in [`Text::as_str`]) from memory.
    fn release(&self, range: std::ops::Range<usize>) {
        release_pages(&self.map, self.start + range.start..self.start + range.end);
    }
}

/// Decodes a file that is not UTF-8 into an unnamed temporary file (in `TMPDIR`, readable
/// only by its owner, gone when the run ends), a block at a time, and maps it: the decoded
/// text is never all in memory. `release` is told which input bytes are decoded.
fn decode_to_file(
    path: &Path,
    bytes: &[u8],
    encoding: TextEncoding,
    release: &dyn Fn(std::ops::Range<usize>),
) -> Result<memmap2::Mmap> {
    use std::io::Write;
    let spill_error = |source: std::io::Error| Error::Read {
        path: path.to_owned(),
        source: std::io::Error::new(
            source.kind(),
            format!("decoding into a temporary file (TMPDIR): {source}"),
        ),
    };
    let spill = tempfile::tempfile().map_err(spill_error)?;
    let mut writer = std::io::BufWriter::with_capacity(1 << 20, &spill);
    let mut written = Ok(());
    encoding::decode_blocks(bytes, encoding, |text, range| {
        if written.is_ok() {
            written = writer.write_all(text.as_bytes());
        }
        release(range);
    })
    .map_err(|offset| {
        let failure = encoding::failure_at(bytes, encoding, offset);
        Error::Decode {
            path: path.to_owned(),
            line: failure.line,
            column: failure.column,
            encoding: failure.encoding.name(),
        }
    })?;
    written.and_then(|()| writer.flush()).map_err(spill_error)?;
    drop(writer);
    // SAFETY: the temporary file has no name: nothing else can write it.
    unsafe { memmap2::Mmap::map(&spill) }.map_err(spill_error)
}

/// Drops the pages of `range` of a read-only file mapping from this process's memory; the
/// next read of them maps them again from the page cache or the file.
fn release_pages(map: &memmap2::Mmap, range: std::ops::Range<usize>) {
    #[cfg(unix)]
    if !range.is_empty() {
        // SAFETY: the mapping is shared and read-only, so after MADV_DONTNEED its pages read
        // back exactly as before (the file's contents, which the program does not change):
        // no borrow of the text sees different bytes.
        let _ = unsafe {
            map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, range.start, range.len())
        };
    }
    #[cfg(not(unix))]
    let _ = (map, range);
}

/// Reads a CSV/TSV file and every field of its usable rows.
pub fn read_table(path: &Path, options: &ReadOptions) -> Result<(ReadFile, Table)> {
    let (file, table, _) = read_file(path, options, None)?;
    Ok((file, table))
}

/// Reads a CSV/TSV file keeping only `keys` of its usable rows: `keys.width` numbers a row,
/// one row after another.
pub fn read_keys(
    path: &Path,
    options: &ReadOptions,
    keys: &RowKeys,
) -> Result<(ReadFile, Vec<u64>)> {
    let (file, _, keys) = read_file(path, options, Some(keys))?;
    Ok((file, keys))
}

/// Reads a CSV/TSV file: its encoding detected, its bytes hashed and checked, its rows split
/// into a table or (with `keys`) reduced to numbers (the table then holds only lines).
fn read_file(
    path: &Path,
    options: &ReadOptions,
    keys: Option<&RowKeys>,
) -> Result<(ReadFile, Table, Vec<u64>)> {
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
        layout,
    } = parse(path, text.as_str(), options, keys, &survey, &|range| {
        text.release(range)
    })?;
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
        sha256,
        bytes: length,
        text,
        record_starts,
        lines,
        layout,
    };
    Ok((file, table, row_keys))
}

/// SHA-256 of `bytes`, hex, read a block at a time, each block released after.
fn sha256_hex(bytes: &[u8], release: &(dyn Fn(std::ops::Range<usize>) + Sync)) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for start in (0..bytes.len()).step_by(BLOCK_BYTES) {
        let end = (start + BLOCK_BYTES).min(bytes.len());
        hasher.update(&bytes[start..end]);
        release(start..end);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Texts are surveyed and split in blocks of about this many bytes, cut after a line feed:
/// read on all threads, each released once read.
const BLOCK_BYTES: usize = 8 << 20;

/// What one pass over a file's bytes found, block by block.
#[derive(Clone, Debug)]
struct Survey {
    blocks: Vec<Block>,
    /// Offset of the first NUL byte.
    nul: Option<usize>,
    /// Every block is valid UTF-8 (blocks end after a line feed, which no character
    /// straddles, so the whole text is too).
    utf8: bool,
}

#[derive(Clone, Debug)]
struct Block {
    range: std::ops::Range<usize>,
    /// Line feeds, and carriage returns not followed by one (records end at either).
    line_feeds: usize,
    lone_returns: usize,
    /// Holds a quote character.
    quote: bool,
}

impl Survey {
    /// Surveys `bytes` on all threads, releasing each block once surveyed.
    fn of(bytes: &[u8], release: &(dyn Fn(std::ops::Range<usize>) + Sync)) -> Survey {
        use rayon::prelude::*;
        let mut ranges = Vec::new();
        let mut start = 0;
        while start < bytes.len() {
            let from = (start + BLOCK_BYTES).min(bytes.len());
            let end = match bytes[from..].iter().position(|&b| b == b'\n') {
                Some(offset) => from + offset + 1,
                None => bytes.len(),
            };
            ranges.push(start..end);
            start = end;
        }
        let surveyed: Vec<(Block, Option<usize>, bool)> = ranges
            .into_par_iter()
            .map(|range| {
                let block = &bytes[range.clone()];
                let nul = block.iter().position(|&b| b == 0).map(|i| range.start + i);
                let utf8 = simdutf8::basic::from_utf8(block).is_ok();
                let lone_returns = block
                    .iter()
                    .enumerate()
                    .filter(|&(i, &b)| b == b'\r' && block.get(i + 1) != Some(&b'\n'))
                    .count();
                let surveyed = Block {
                    line_feeds: count_byte(block, b'\n'),
                    lone_returns,
                    quote: block.contains(&b'"'),
                    range: range.clone(),
                };
                release(range);
                (surveyed, nul, utf8)
            })
            .collect();
        Survey {
            nul: surveyed.iter().find_map(|s| s.1),
            utf8: surveyed.iter().all(|s| s.2),
            blocks: surveyed.into_iter().map(|s| s.0).collect(),
        }
    }

    /// No record can span lines or hold an escaped field: no quote character, and every
    /// carriage return ends a line.
    fn plain(&self) -> bool {
        self.blocks.iter().all(|b| !b.quote && b.lone_returns == 0)
    }
}

/// How a file's records lie in its text: enough to read any of them again.
#[derive(Clone, Debug)]
struct Layout {
    path: std::path::PathBuf,
    delimiter: u8,
    /// One record per line (see [`Survey::plain`]).
    plain: bool,
    width: usize,
}

impl Layout {
    /// Every field of these `rows` of `text` (numbered as `record_starts` and `lines`, where
    /// each starts), in this order; `None` if one no longer has the file's width (the file
    /// changed).
    fn read_again(
        &self,
        headers: &[String],
        text: &str,
        record_starts: &[u64],
        lines: &[u64],
        rows: &[usize],
    ) -> Option<Table> {
        use rayon::prelude::*;
        let starts: Vec<u64> = rows.iter().map(|&r| record_starts[r]).collect();
        let row_lines: Vec<u64> = rows.iter().map(|&r| lines[r]).collect();
        const ROWS_PER_PIECE: usize = 4096;
        /// One piece's fields, their ends and where each row starts.
        type Piece = (String, Vec<u32>, Vec<u64>);
        let pieces: Vec<Option<Piece>> = starts
            .par_chunks(ROWS_PER_PIECE)
            .map(|starts| {
                // A plain record is its line; the piece is sized from the lines (fields are
                // never longer), not grown.
                let lines: Vec<&str> = if self.plain {
                    starts
                        .iter()
                        .map(|&start| {
                            let rest = text.get(start as usize..)?;
                            let line = rest.split('\n').next().unwrap_or("");
                            Some(line.strip_suffix('\r').unwrap_or(line))
                        })
                        .collect::<Option<_>>()?
                } else {
                    Vec::new()
                };
                let piece_bytes = if self.plain {
                    lines.iter().map(|line| line.len()).sum()
                } else {
                    starts.len() * 256
                };
                let mut piece = String::with_capacity(piece_bytes);
                let mut ends = Vec::with_capacity(starts.len() * self.width);
                let mut row_starts = Vec::with_capacity(starts.len());
                let mut push = |fields: &[&str]| {
                    if fields.len() != self.width {
                        return false;
                    }
                    let row_start = push_fields(&mut piece, fields, |end| ends.push(end));
                    row_starts.push(row_start as u64);
                    true
                };
                if self.plain {
                    let mut fields: Vec<&str> = Vec::with_capacity(self.width);
                    let delimiter = char::from(self.delimiter);
                    for line in lines {
                        fields.clear();
                        fields.extend(line.split(delimiter));
                        if !push(&fields) {
                            return None;
                        }
                    }
                } else {
                    let mut reader = csv_reader(self.delimiter)
                        .from_reader(std::io::Cursor::new(text.as_bytes()));
                    let mut record = csv::ByteRecord::new();
                    for &start in starts {
                        let mut position = csv::Position::new();
                        position.set_byte(start);
                        reader.seek(position).ok()?;
                        if !reader.read_byte_record(&mut record).ok()? {
                            return None;
                        }
                        let fields = record
                            .iter()
                            .map(std::str::from_utf8)
                            .collect::<std::result::Result<Vec<&str>, _>>()
                            .ok()?;
                        if !push(&fields) {
                            return None;
                        }
                    }
                }
                Some((piece, ends, row_starts))
            })
            .collect();
        let mut table = Table {
            headers: headers.to_vec(),
            lines: row_lines,
            ..Table::default()
        };
        for (index, piece) in pieces.into_iter().enumerate() {
            let (piece, ends, row_starts) = piece?;
            let index = (index as u64) << PIECE_SHIFT;
            table
                .row_starts
                .extend(row_starts.into_iter().map(|start| index | start));
            table.ends.extend(ends);
            table.texts.push(piece);
        }
        Some(table)
    }
}

/// A text split into rows: every field of each usable row (or its keys) and where it starts.
pub struct Parsed {
    /// Every column's name.
    pub headers: Vec<String>,
    /// Every field of each usable row; with keys, only their lines.
    pub table: Table,
    /// [`RowKeys::width`] numbers per usable row, when read with keys.
    pub keys: Vec<u64>,
    /// Where each row of `table` starts in the text.
    pub record_starts: Vec<u64>,
    pub rejects: Vec<Reject>,
    /// Data rows seen (used and rejected).
    pub rows_read: usize,
    layout: Layout,
}

impl Parsed {
    /// Every column of these rows of [`Parsed::table`], read again from `text` (the text
    /// parsed), in this order; `None` if one no longer has the file's width.
    pub fn rows(&self, text: &str, rows: &[usize]) -> Option<Table> {
        let (starts, lines) = (&self.record_starts, &self.table.lines);
        self.layout
            .read_again(&self.headers, text, starts, lines, rows)
    }
}

/// The csv reader every record is read with: no header row (it is read as a record), any
/// number of fields (a wrong count is a reject, not an error).
fn csv_reader(delimiter: u8) -> csv::ReaderBuilder {
    let mut builder = csv::ReaderBuilder::new();
    builder
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true);
    builder
}

fn choose_delimiter(path: &Path, header_line: &str, configured: Delimiter) -> u8 {
    match configured {
        Delimiter::Comma => b',',
        Delimiter::Tab => b'\t',
        Delimiter::Auto => {
            let extension = path
                .extension()
                .and_then(|e| e.to_str())
                .map(|e| e.to_ascii_lowercase());
            if matches!(extension.as_deref(), Some("tsv" | "tab")) {
                return b'\t';
            }
            if header_line.matches('\t').count() > header_line.matches(',').count() {
                b'\t'
            } else {
                b','
            }
        }
    }
}

/// Splits decoded text into rows (reduced to `keys`, when given) and rejects.
pub fn parse_text(
    path: &Path,
    text: &str,
    options: &ReadOptions,
    keys: Option<&RowKeys>,
) -> Result<Parsed> {
    let survey = Survey::of(text.as_bytes(), &|_| {});
    parse(path, text, options, keys, &survey, &|_| {})
}

/// Splits `text` (as `survey` found it) into rows and rejects, releasing each piece once
/// read.
fn parse(
    path: &Path,
    text: &str,
    options: &ReadOptions,
    keys: Option<&RowKeys>,
    survey: &Survey,
    release: &(dyn Fn(std::ops::Range<usize>) + Sync),
) -> Result<Parsed> {
    let header_line = text.lines().next().unwrap_or("");
    if text.trim().is_empty() {
        return Err(Error::EmptyFile {
            path: path.to_owned(),
        });
    }
    let delimiter = choose_delimiter(path, header_line, options.delimiter);
    let mut reader = csv_reader(delimiter).from_reader(text.as_bytes());

    // The header row; the rows after it are read by `RowsReader`.
    let mut record = csv::ByteRecord::new();
    let has_header = reader
        .read_byte_record(&mut record)
        .map_err(|e| csv_error(path, &e))?;
    if !has_header {
        return Err(Error::EmptyFile {
            path: path.to_owned(),
        });
    }
    let headers: Vec<String> = record
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_owned())
        .collect();
    for required in &options.required {
        if !headers.iter().any(|h| h == required) {
            return Err(Error::MissingColumn {
                path: path.to_owned(),
                role: options.source.role(),
                column: (*required).to_owned(),
                found: headers.join(", "),
            });
        }
    }
    let column = |name: &str| headers.iter().position(|h| h == name);
    let id_column = options.id_column.and_then(column);
    let key_columns: Vec<Option<usize>> = keys
        .map(|k| k.columns.iter().map(|name| column(name)).collect())
        .unwrap_or_default();
    assert!(
        key_columns.len() <= MOST_KEY_COLUMNS,
        "too many key columns"
    );
    // Columns whose fields are held: all, unless keys are made instead.
    let kept = if keys.is_some() { 0 } else { headers.len() };

    let width = headers.len();
    let body_start = (reader.position().byte() as usize).min(text.len());
    let plain = survey.plain();
    let rows = RowsReader {
        path,
        delimiter,
        width,
        keys: keys.map(|k| (k, key_columns.as_slice())),
        id_column,
        source: options.source,
    };
    // Plain text has one row per line: it is split line by line, a surveyed block at a time
    // on all threads. Otherwise the csv reader reads the body in one piece. Each piece
    // keeps its fields in its own text; its room for field ends is counted from the
    // records its blocks can hold.
    let mut pieces: Vec<(std::ops::Range<usize>, u64, usize)> = Vec::new();
    let mut line = 1;
    for block in &survey.blocks {
        let records = block.line_feeds + block.lone_returns + 1;
        if block.range.end > body_start {
            let start = block.range.start.max(body_start);
            let first_line =
                line + count_byte(&text.as_bytes()[block.range.start..start], b'\n') as u64;
            match pieces.last_mut() {
                Some(last) if !plain => {
                    last.0.end = block.range.end;
                    last.2 += records;
                }
                _ => pieces.push((start..block.range.end, first_line, records)),
            }
        }
        line += block.line_feeds as u64;
    }
    // The field ends of all pieces go into one array, each piece into its own region,
    // closed up afterwards: never held twice.
    let capacities: Vec<usize> = pieces.iter().map(|p| p.2 * kept).collect();
    let mut ends = vec![0u32; capacities.iter().sum()];
    let mut regions: Vec<&mut [u32]> = Vec::with_capacity(pieces.len());
    let mut rest = ends.as_mut_slice();
    for &capacity in &capacities {
        let (region, after) = rest.split_at_mut(capacity);
        regions.push(region);
        rest = after;
    }
    let read: Vec<Rows> = {
        use rayon::prelude::*;
        pieces
            .par_iter()
            .zip(regions)
            .map(|((range, line, records), region)| {
                let piece = &text[range.clone()];
                let piece_release = |upto: usize| release(range.start..range.start + upto);
                let rows = rows.read(piece, *line, plain, region, *records, &piece_release);
                piece_release(piece.len());
                rows
            })
            .collect::<Result<_>>()?
    };
    let mut table = Table {
        headers: if keys.is_some() {
            Vec::new()
        } else {
            headers.clone()
        },
        ..Table::default()
    };
    let row_count = read.iter().map(|p| p.lines.len()).sum();
    table.lines.reserve(row_count);
    table.row_starts.reserve(row_count);
    let mut record_starts = Vec::with_capacity(row_count);
    let mut row_keys = Vec::with_capacity(row_count * keys.map_or(0, |k| k.width));
    let mut rejects = Vec::new();
    let (mut rows_read, mut region_start, mut used) = (0, 0, 0);
    for (piece, ((rows, capacity), (range, _, _))) in
        read.into_iter().zip(capacities).zip(&pieces).enumerate()
    {
        ends.copy_within(region_start..region_start + rows.fields, used);
        used += rows.fields;
        region_start += capacity;
        let piece = (piece as u64) << PIECE_SHIFT;
        table
            .row_starts
            .extend(rows.row_starts.iter().map(|&start| piece | start));
        let offset = range.start as u64;
        record_starts.extend(rows.record_starts.iter().map(|&start| offset + start));
        row_keys.extend(rows.keys);
        table.lines.extend(rows.lines);
        table.texts.push(rows.text);
        rejects.extend(rows.rejects);
        rows_read += rows.rows_read;
    }
    ends.truncate(used);
    table.ends = ends;
    if rows_read == 0 {
        return Err(Error::NoDataRows {
            path: path.to_owned(),
        });
    }
    Ok(Parsed {
        headers,
        table,
        keys: row_keys,
        record_starts,
        rejects,
        rows_read,
        layout: Layout {
            path: path.to_owned(),
            delimiter,
            plain,
            width,
        },
    })
}

/// The rows of one piece of a file, with their line numbers and rejects.
struct Rows {
    /// The fields, one after another.
    text: String,
    /// Field ends written (from their row's start) at the start of the piece's region.
    fields: usize,
    /// Where each row starts in `text`.
    row_starts: Vec<u64>,
    /// Where each row's record starts in the piece read.
    record_starts: Vec<u64>,
    /// The rows' keys, when read with keys.
    keys: Vec<u64>,
    lines: Vec<u64>,
    rejects: Vec<Reject>,
    rows_read: usize,
}

/// What reading rows needs to know about the file.
struct RowsReader<'a> {
    path: &'a Path,
    delimiter: u8,
    width: usize,
    /// The keys made instead of holding fields, and where their columns are.
    keys: Option<(&'a RowKeys<'a>, &'a [Option<usize>])>,
    id_column: Option<usize>,
    source: Source,
}

impl RowsReader<'_> {
    /// Reads the rows of `text`, whose first line is `first_line` of the file, writing the
    /// kept field ends into `region` (room for every record `text` can hold); `plain` when
    /// the whole file is (see [`Survey::plain`]). `release(n)`: the first `n` bytes of
    /// `text` are read.
    fn read(
        &self,
        text: &str,
        first_line: u64,
        plain: bool,
        region: &mut [u32],
        records: usize,
        release: &dyn Fn(usize),
    ) -> Result<Rows> {
        // Sized once from the records the text can hold, not grown by doubling.
        let holds_fields = self.keys.is_none();
        let mut rows = Rows {
            // Fields are never longer than the text they come from.
            text: String::with_capacity(if holds_fields { text.len() } else { 0 }),
            fields: 0,
            row_starts: Vec::with_capacity(if holds_fields { records } else { 0 }),
            record_starts: Vec::with_capacity(records),
            keys: Vec::with_capacity(records * self.keys.map_or(0, |(k, _)| k.width)),
            lines: Vec::with_capacity(records),
            rejects: Vec::new(),
            rows_read: 0,
        };
        if plain {
            self.read_plain(text, first_line, region, &mut rows);
        } else {
            self.read_csv(text, first_line, region, &mut rows, release)?;
        }
        rows.text.shrink_to_fit();
        Ok(rows)
    }

    /// Reads any text with the csv reader (quoted fields, line breaks inside them).
    fn read_csv(
        &self,
        text: &str,
        first_line: u64,
        region: &mut [u32],
        rows: &mut Rows,
        release: &dyn Fn(usize),
    ) -> Result<()> {
        /// What has been read is released every this many records.
        const RELEASE_EVERY: usize = 1 << 16;
        let mut reader = csv_reader(self.delimiter).from_reader(text.as_bytes());
        // One record buffer reused for every row; the text is UTF-8 already.
        let mut record = csv::ByteRecord::new();
        let mut lines = LineCounter::default();
        let mut count = 0;
        while reader
            .read_byte_record(&mut record)
            .map_err(|e| csv_error(self.path, &e))?
        {
            let start = record.position().map_or(0, |p| p.byte());
            let line = first_line - 1 + lines.line_at(text, start);
            // Fields of UTF-8 text split at ASCII separators are UTF-8.
            let fields: Vec<&str> = record
                .iter()
                .map(|field| simdutf8::basic::from_utf8(field).unwrap_or_default())
                .collect();
            self.add_row(&fields, line, start, true, region, rows);
            count += 1;
            if count % RELEASE_EVERY == 0 {
                release(start as usize);
            }
        }
        Ok(())
    }

    /// Reads text without quotes or lone carriage returns: a row is a line and its fields
    /// lie between delimiters, exactly as the csv reader would find them, without its
    /// per-field copies and checks.
    fn read_plain(&self, text: &str, first_line: u64, region: &mut [u32], rows: &mut Rows) {
        let delimiter = char::from(self.delimiter);
        let mut fields: Vec<&str> = Vec::with_capacity(self.width);
        let mut start = 0;
        for (line, row) in (first_line..).zip(text.split('\n')) {
            let row_start = start;
            start += row.len() + 1;
            let row = row.strip_suffix('\r').unwrap_or(row);
            if row.is_empty() {
                continue;
            }
            fields.clear();
            fields.extend(row.split(delimiter));
            self.add_row(&fields, line, row_start as u64, false, region, rows);
        }
    }

    /// Adds one record's fields (trimmed) to the rows, or its reject; skips a blank line.
    /// `spans_lines`: the record may hold line breaks (read by the csv reader).
    fn add_row(
        &self,
        fields: &[&str],
        line: u64,
        record_start: u64,
        spans_lines: bool,
        region: &mut [u32],
        rows: &mut Rows,
    ) {
        if fields.len() == 1 && fields[0].trim().is_empty() {
            return; // a blank line
        }
        rows.rows_read += 1;
        if let Some(reason) = row_problem(fields, self.width, spans_lines) {
            rows.rejects.push(Reject {
                source: self.source,
                line,
                member_id: self
                    .id_column
                    .and_then(|c| fields.get(c))
                    .map(|id| id.trim().chars().take(MAX_FIELD_CHARS).collect::<String>())
                    .filter(|id| !id.is_empty() && !id.contains(['\n', '\r'])),
                reason,
            });
            return;
        }
        match self.keys {
            Some((keys, columns)) => {
                let mut selected = [""; MOST_KEY_COLUMNS];
                for (field, column) in selected.iter_mut().zip(columns) {
                    *field = column.map_or("", |c| fields[c].trim());
                }
                (keys.make)(&selected[..columns.len()], &mut rows.keys);
            }
            None => {
                let row_start = push_fields(&mut rows.text, fields, |end| {
                    region[rows.fields] = end;
                    rows.fields += 1;
                });
                rows.row_starts.push(row_start as u64);
            }
        }
        rows.record_starts.push(record_start);
        rows.lines.push(line);
    }
}

/// Appends a row's fields, trimmed, to `text`, telling `end` where each ends (counted from
/// the row's start); returns where the row starts.
fn push_fields(text: &mut String, fields: &[&str], mut end: impl FnMut(u32)) -> usize {
    let row_start = text.len();
    for field in fields {
        text.push_str(field.trim());
        // A row is far shorter than 4 GB: at most `width` fields of MAX_FIELD_CHARS.
        end((text.len() - row_start) as u32);
    }
    row_start
}

/// How many times `byte` occurs.
fn count_byte(bytes: &[u8], byte: u8) -> usize {
    bytes.iter().filter(|&&b| b == byte).count()
}

/// The longest field a row may hold. Names and addresses are far shorter; a longer field is
/// a broken export (or a quote left open), not data.
pub const MAX_FIELD_CHARS: usize = 1_000;

/// Why a row cannot be used, if it cannot. Only a record read by the csv reader
/// (`spans_lines`) can hold a line break.
fn row_problem(record: &[&str], width: usize, spans_lines: bool) -> Option<String> {
    // A quote left open swallows line breaks and the rows after it into one field.
    if spans_lines
        && record
            .iter()
            .any(|f| f.bytes().any(|b| b == b'\n' || b == b'\r'))
    {
        return Some(format!(
            "引用符（\"）が閉じられていないか、項目の中に改行があります（この行から{}列を読み取りました）。",
            record.len()
        ));
    }
    if record.len() != width {
        return Some(format!(
            "列の数が見出しと合いません（見出し{}列、この行{}列）。",
            width,
            record.len()
        ));
    }
    // Characters are counted only where the bytes could hold too many.
    let (column, longest) = record
        .iter()
        .enumerate()
        .filter(|(_, f)| f.len() > MAX_FIELD_CHARS)
        .map(|(i, f)| (i, f.chars().count()))
        .max_by_key(|&(_, n)| n)?;
    (longest > MAX_FIELD_CHARS).then(|| {
        format!(
            "{}列目の項目が長すぎます（{longest}文字、上限{MAX_FIELD_CHARS}文字）。",
            column + 1
        )
    })
}

/// Line numbers from byte offsets, counted incrementally (offsets only grow). The csv
/// crate's own line numbers skip blank lines.
#[derive(Default)]
struct LineCounter {
    byte: usize,
    line: u64,
}

impl LineCounter {
    /// The line of the record the csv crate says starts at `byte` (its positions include
    /// the blank lines before a record, so those are skipped first).
    fn line_at(&mut self, text: &str, byte: u64) -> u64 {
        let mut byte = (byte as usize).min(text.len());
        while matches!(text.as_bytes().get(byte), Some(b'\n' | b'\r')) {
            byte += 1;
        }
        if byte >= self.byte {
            self.line += text.as_bytes()[self.byte..byte]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.byte = byte;
        }
        self.line + 1
    }
}

fn csv_error(path: &Path, error: &csv::Error) -> Error {
    let line = error.position().map_or(0, |p| p.line());
    Error::Csv {
        path: path.to_owned(),
        line,
        message: error.to_string(),
    }
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
        super::parse_text(path, text, options, None).map(|p| (p.table, p.rejects, p.rows_read))
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
            let whole = super::parse_text(path, text, &options(), None).unwrap();
            // Two numbers a row: the lengths of `extra` and of a column the file lacks, and
            // the bytes of `member_id`'s first character.
            let keys = RowKeys {
                columns: vec!["extra", "missing", "member_id"],
                width: 2,
                make: &|fields, keys| {
                    keys.push((fields[0].len() + 1000 * fields[1].len()) as u64);
                    keys.push(fields[2].bytes().next().map_or(0, u64::from));
                },
            };
            let kept = super::parse_text(path, text, &options(), Some(&keys)).unwrap();
            assert_eq!(kept.rejects, whole.rejects, "{text:?}");
            assert_eq!(kept.table.len(), whole.table.len());
            assert_eq!(kept.keys.len(), 2 * whole.table.len());
            for row in 0..whole.table.len() {
                assert_eq!(kept.keys[2 * row], whole.table.field(row, 2).len() as u64);
                let first = whole
                    .table
                    .field(row, 0)
                    .bytes()
                    .next()
                    .map_or(0, u64::from);
                assert_eq!(kept.keys[2 * row + 1], first);
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
                width: 1,
                make: &|fields, keys| keys.push(fields[0].parse().unwrap()),
            };
            let (file, keys) = read_keys(&path, &options(), &ids).unwrap();
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
        let reader = RowsReader {
            path: Path::new("m.csv"),
            delimiter: b',',
            width: 2,
            keys: None,
            id_column: Some(0),
            source: Source::Members,
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
        let text = format!(
            "member_id,name\n1,a\n2,\"b\n3,c\n4,{}\n",
            "x".repeat(MAX_FIELD_CHARS + 1)
        );
        let (table, rejects, rows) = parse_text(Path::new("m.csv"), &text, &options()).unwrap();
        assert_eq!(table.len(), 1);
        assert_eq!(rows, 2);
        assert_eq!(rejects.len(), 1);
        assert_eq!(rejects[0].line, 3);
        assert!(
            rejects[0].reason.contains("引用符"),
            "{}",
            rejects[0].reason
        );
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
