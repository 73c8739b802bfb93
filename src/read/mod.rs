//! Reading: file bytes → decoded text → rows of fields, with rows that cannot be used set
//! aside as rejects.
//!
//! In: a path, its [`crate::settings::FileConfig`]-style format settings and the required column names. Out:
//! a [`Table`] (every field kept as text — `001` stays `001`; extra columns carried) and
//! [`Reject`]s for rows that cannot be used. A bad *file* (undecodable bytes, NUL bytes,
//! missing header column) is an [`Error`]; a bad *row* is a reject and reading goes on.
//! Never: inferring types, or dropping a row without a reject.

pub mod encoding;

use std::path::Path;

use crate::error::{Error, Result};
use crate::settings::{Delimiter, InputEncoding};
use encoding::{choose_encoding, decode, TextEncoding};

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

/// All rows of one file, every field as text, stored in a few buffers (one per piece of the
/// file read in parallel).
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// Header names as written.
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

/// A file as read: its rows, its rejects, and facts for the audit trail.
#[derive(Debug)]
pub struct ReadFile {
    pub table: Table,
    pub rejects: Vec<Reject>,
    pub encoding: TextEncoding,
    /// Data rows seen (used and rejected).
    pub rows_read: usize,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    pub bytes: u64,
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

/// Reads and decodes a CSV/TSV file.
pub fn read_file(path: &Path, options: &ReadOptions) -> Result<ReadFile> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    // The hash is taken while the text is decoded and split.
    let (sha256, parsed) = rayon::join(
        || sha256_hex(&bytes),
        || decode_and_parse(path, &bytes, options),
    );
    let (table, rejects, rows_read, encoding) = parsed?;
    Ok(ReadFile {
        table,
        rejects,
        encoding,
        rows_read,
        sha256,
        bytes: bytes.len() as u64,
    })
}

/// Detects the encoding, decodes and splits the rows.
fn decode_and_parse(
    path: &Path,
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<(Table, Vec<Reject>, usize, TextEncoding)> {
    // Valid UTF-8 (with or without a BOM) is UTF-8 whether detected or configured so, and
    // is split where it lies; the bytes are validated once.
    let utf8 = matches!(options.encoding, InputEncoding::Auto | InputEncoding::Utf8)
        .then(|| simdutf8::basic::from_utf8(encoding::without_bom(bytes)).ok())
        .flatten();
    let encoding = match utf8 {
        Some(_) => TextEncoding::Utf8,
        None => choose_encoding(bytes, options.encoding),
    };
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        let line = count_byte(&bytes[..offset], b'\n') as u64 + 1;
        return Err(Error::NotText {
            path: path.to_owned(),
            line,
        });
    }
    let decode_error = |failure: encoding::DecodeFailure| Error::Decode {
        path: path.to_owned(),
        line: failure.line,
        column: failure.column,
        encoding: failure.encoding.name(),
    };
    // Other encodings are decoded into a copy.
    let decoded;
    let text = match utf8 {
        Some(text) => text,
        None => {
            decoded = decode(bytes, encoding).map_err(decode_error)?;
            decoded.as_str()
        }
    };
    let (table, rejects, rows_read) = parse_text(path, text, options)?;
    Ok((table, rejects, rows_read, encoding))
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
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

/// Splits decoded text into a [`Table`] and rejects.
pub fn parse_text(
    path: &Path,
    text: &str,
    options: &ReadOptions,
) -> Result<(Table, Vec<Reject>, usize)> {
    let header_line = text.lines().next().unwrap_or("");
    if text.trim().is_empty() {
        return Err(Error::EmptyFile {
            path: path.to_owned(),
        });
    }
    let delimiter = choose_delimiter(path, header_line, options.delimiter);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());

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
    let id_column = options
        .id_column
        .and_then(|name| headers.iter().position(|h| h == name));

    let width = headers.len();
    let body_start = (reader.position().byte() as usize).min(text.len());
    let body = &text[body_start..];
    let first_line = count_byte(&text.as_bytes()[..body_start], b'\n') as u64 + 1;
    let rows = RowsReader {
        path,
        delimiter,
        width,
        id_column,
        source: options.source,
    };
    // Plain text (no quote character, no lone carriage return) has one row per line: it is
    // split line by line, in pieces at line breaks on all threads. Otherwise the csv reader
    // reads it in one piece. Each piece keeps its fields in its own text.
    let plain = is_plain(body);
    let pieces = if plain && body.len() > PARALLEL_SPLIT_BYTES {
        line_pieces(body, first_line, rayon::current_num_threads() * 4)
    } else {
        vec![(body, first_line)]
    };
    // The field ends of all pieces go into one array, each piece into its own region (as
    // long as its lines could fill), closed up afterwards: never held twice.
    let capacities: Vec<usize> = pieces
        .iter()
        .map(|(piece, _)| most_records(piece) * width)
        .collect();
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
            .into_par_iter()
            .zip(regions)
            .map(|((piece, line), region)| rows.read(piece, line, plain, region))
            .collect::<Result<_>>()?
    };
    let mut table = Table {
        headers,
        ..Table::default()
    };
    let row_count = read.iter().map(|p| p.lines.len()).sum();
    table.lines.reserve(row_count);
    table.row_starts.reserve(row_count);
    let mut rejects = Vec::new();
    let (mut rows_read, mut region_start, mut used) = (0, 0, 0);
    for (piece, (rows, capacity)) in read.into_iter().zip(capacities).enumerate() {
        ends.copy_within(region_start..region_start + rows.fields, used);
        used += rows.fields;
        region_start += capacity;
        let piece = (piece as u64) << PIECE_SHIFT;
        table
            .row_starts
            .extend(rows.row_starts.iter().map(|&start| piece | start));
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
    Ok((table, rejects, rows_read))
}

/// Bodies longer than this are split in pieces read in parallel (when they hold no quotes).
const PARALLEL_SPLIT_BYTES: usize = 4 << 20;

/// `text` cut at line breaks into about `count` pieces, each with the number of its first
/// line (counting from `first_line`).
fn line_pieces(text: &str, first_line: u64, count: usize) -> Vec<(&str, u64)> {
    let target = text.len() / count.max(1) + 1;
    let mut pieces = Vec::with_capacity(count + 1);
    let (mut start, mut line) = (0, first_line);
    while start < text.len() {
        // Searched as bytes: the target may fall inside a character; a line break cannot.
        let from = (start + target).min(text.len());
        let end = match text.as_bytes()[from..].iter().position(|&b| b == b'\n') {
            Some(offset) => from + offset + 1,
            None => text.len(),
        };
        let piece = &text[start..end];
        pieces.push((piece, line));
        line += count_byte(piece.as_bytes(), b'\n') as u64;
        start = end;
    }
    pieces
}

/// The rows of one piece of a file, with their line numbers and rejects.
struct Rows {
    /// The fields, one after another.
    text: String,
    /// Field ends written (from their row's start) at the start of the piece's region.
    fields: usize,
    /// Where each row starts in `text`.
    row_starts: Vec<u64>,
    lines: Vec<u64>,
    rejects: Vec<Reject>,
    rows_read: usize,
}

/// What reading rows needs to know about the file.
struct RowsReader<'a> {
    path: &'a Path,
    delimiter: u8,
    width: usize,
    id_column: Option<usize>,
    source: Source,
}

impl RowsReader<'_> {
    /// Reads the rows of `text`, whose first line is `first_line` of the file, writing the
    /// field ends into `region` (room for [`most_records`] rows); `plain` when the whole
    /// body [`is_plain`].
    fn read(&self, text: &str, first_line: u64, plain: bool, region: &mut [u32]) -> Result<Rows> {
        // Sized once from the line count, not grown by doubling.
        let line_count = region.len() / self.width.max(1);
        let mut rows = Rows {
            // Fields are never longer than the text they come from.
            text: String::with_capacity(text.len()),
            fields: 0,
            row_starts: Vec::with_capacity(line_count),
            lines: Vec::with_capacity(line_count),
            rejects: Vec::new(),
            rows_read: 0,
        };
        if plain {
            self.read_plain(text, first_line, region, &mut rows);
        } else {
            self.read_csv(text, first_line, region, &mut rows)?;
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
    ) -> Result<()> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        // One record buffer reused for every row; the text is UTF-8 already.
        let mut record = csv::ByteRecord::new();
        let mut lines = LineCounter::default();
        while reader
            .read_byte_record(&mut record)
            .map_err(|e| csv_error(self.path, &e))?
        {
            let line =
                first_line - 1 + lines.line_at(text, record.position().map_or(0, |p| p.byte()));
            // Fields of UTF-8 text split at ASCII separators are UTF-8.
            let fields: Vec<&str> = record
                .iter()
                .map(|field| simdutf8::basic::from_utf8(field).unwrap_or_default())
                .collect();
            self.add_row(&fields, line, true, region, rows);
        }
        Ok(())
    }

    /// Reads text without quotes or lone carriage returns: a row is a line and its fields
    /// lie between delimiters, exactly as the csv reader would find them, without its
    /// per-field copies and checks.
    fn read_plain(&self, text: &str, first_line: u64, region: &mut [u32], rows: &mut Rows) {
        let delimiter = char::from(self.delimiter);
        let mut fields: Vec<&str> = Vec::with_capacity(self.width);
        for (line, row) in (first_line..).zip(text.split('\n')) {
            let row = row.strip_suffix('\r').unwrap_or(row);
            if row.is_empty() {
                continue;
            }
            fields.clear();
            fields.extend(row.split(delimiter));
            self.add_row(&fields, line, false, region, rows);
        }
    }

    /// Adds one record's fields (trimmed) to the rows, or its reject; skips a blank line.
    /// `spans_lines`: the record may hold line breaks (read by the csv reader).
    fn add_row(
        &self,
        fields: &[&str],
        line: u64,
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
        let row_start = rows.text.len();
        for field in fields {
            rows.text.push_str(field.trim());
            // A row is far shorter than 4 GB: at most `width` fields of MAX_FIELD_CHARS.
            region[rows.fields] = (rows.text.len() - row_start) as u32;
            rows.fields += 1;
        }
        rows.row_starts.push(row_start as u64);
        rows.lines.push(line);
    }
}

/// True when no record of `text` can span lines or hold an escaped field: no quote
/// character, and every carriage return ends a line.
fn is_plain(text: &str) -> bool {
    let bytes = text.as_bytes();
    !bytes.contains(&b'"')
        && text
            .match_indices('\r')
            .all(|(i, _)| bytes.get(i + 1) == Some(&b'\n'))
}

/// The most records `text` can hold: each ends at a line feed, a carriage return not
/// followed by one (the csv reader ends a record there too), or the end of the text.
fn most_records(text: &str) -> usize {
    let bytes = text.as_bytes();
    let lone_returns = text
        .match_indices('\r')
        .filter(|&(i, _)| bytes.get(i + 1) != Some(&b'\n'))
        .count();
    count_byte(bytes, b'\n') + lone_returns + 1
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
            id_column: Some(0),
            source: Source::Members,
        };
        let fresh = || Rows {
            text: String::new(),
            fields: 0,
            row_starts: Vec::new(),
            lines: Vec::new(),
            rejects: Vec::new(),
            rows_read: 0,
        };
        for body in bodies {
            assert!(is_plain(body), "{body:?}");
            let room = (count_byte(body.as_bytes(), b'\n') + 1) * 2;
            let (mut plain_ends, mut csv_ends) = (vec![0; room], vec![0; room]);
            let (mut plain, mut csv) = (fresh(), fresh());
            reader.read_plain(body, 7, &mut plain_ends, &mut plain);
            reader.read_csv(body, 7, &mut csv_ends, &mut csv).unwrap();
            assert_eq!(plain.text, csv.text, "{body:?}");
            assert_eq!(plain.fields, csv.fields, "{body:?}");
            assert_eq!(plain_ends, csv_ends, "{body:?}");
            assert_eq!(plain.row_starts, csv.row_starts, "{body:?}");
            assert_eq!(plain.lines, csv.lines, "{body:?}");
            assert_eq!(plain.rejects, csv.rejects, "{body:?}");
            assert_eq!(plain.rows_read, csv.rows_read, "{body:?}");
        }
        assert!(!is_plain("A1,\"1\"\n"));
        assert!(!is_plain("A1,1\rA2,2\n"));
    }

    /// Carriage returns alone end records too (found by fuzzing: the room for field ends was
    /// counted from line feeds only).
    #[test]
    fn lone_carriage_returns_end_records() {
        let text = "member_id,name\rA1,1\rA2,2\rA3,3";
        let (table, rejects, rows) = parse_text(Path::new("m.csv"), text, &options()).unwrap();
        assert_eq!((table.len(), rejects.len(), rows), (3, 0, 3));
        assert_eq!(table.field(2, 0), "A3");
        assert_eq!(most_records(text), 4);
        assert_eq!(most_records("a\r\nb\r\n"), 3);
    }

    /// A body over the split size is read in pieces on all threads: every row, field and
    /// line number is what one piece would give, rejects and blank lines included.
    #[test]
    fn large_files_read_in_pieces_keep_rows_and_lines() {
        let mut text = String::from("member_id,name\r\n");
        let mut expected_lines = Vec::new();
        let mut line = 2;
        let mut row = 0;
        while text.len() < 3 * PARALLEL_SPLIT_BYTES {
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
