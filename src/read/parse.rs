//! Text into rows and fields: the header and delimiter, the text cut into pieces read on all
//! threads by [`RowsReader`](super::rows::RowsReader) ([`parse`]), and rows read again whole
//! by where they start ([`Layout`]).

use super::*;

/// How a file's records lie in its text: enough to read any of them again.
#[derive(Clone, Debug)]
pub(super) struct Layout {
    pub(super) path: std::path::PathBuf,
    pub(super) delimiter: u8,
    /// One record per line (see [`Survey::plain`]).
    pub(super) plain: bool,
    pub(super) width: usize,
}

impl Layout {
    /// Every field of these `rows` of `text` (numbered as `record_starts` and `lines`, where
    /// each starts), in this order; `None` if one no longer has the file's width (the file
    /// changed).
    pub(super) fn read_again(
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
                            let line = &rest
                                [..memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len())];
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
                    let fields = without_empty_tail(fields, self.width);
                    if fields.len() != self.width {
                        return false;
                    }
                    let row_start = push_fields(&mut piece, fields, |end| ends.push(end));
                    row_starts.push(row_start as u64);
                    true
                };
                if self.plain {
                    let mut fields: Vec<&str> = Vec::with_capacity(self.width);
                    for line in lines {
                        fields.clear();
                        split_fields(line, self.delimiter, &mut fields);
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
pub struct Parsed<K = ()> {
    /// Every column's name.
    pub headers: Vec<String>,
    /// Every field of each usable row; with keys, only their lines.
    pub table: Table,
    /// One key per usable row, when read with keys.
    pub keys: Vec<K>,
    /// Where each row of `table` starts in the text.
    pub record_starts: Vec<u64>,
    pub rejects: Vec<Reject>,
    /// Data rows seen (used and rejected).
    pub rows_read: usize,
    /// Where every line of the text went.
    pub line_count: LineCount,
    pub(super) layout: Layout,
}

/// Where every line of a file went: the header, blank lines, data rows (used or rejected),
/// and the lines a row took beyond its first (line breaks inside quoted fields). They add up
/// to `lines`, counted on their own from the text's line breaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct LineCount {
    pub lines: u64,
    pub header: u64,
    pub blank: u64,
    pub inside_quoted_fields: u64,
}

impl LineCount {
    /// Whether the lines add up, given the data rows read.
    pub fn adds_up(&self, rows_read: usize) -> bool {
        self.lines == self.header + self.blank + self.inside_quoted_fields + rows_read as u64
    }
}

impl<K> Parsed<K> {
    /// Every column of these rows of [`Parsed::table`], read again from `text` (the text
    /// parsed), in this order; `None` if one no longer has the file's width.
    pub fn rows(&self, text: &str, rows: &[usize]) -> Option<Table> {
        let (starts, lines) = (&self.record_starts, &self.table.lines);
        self.layout
            .read_again(&self.headers, text, starts, lines, rows)
    }
}

pub(super) fn choose_delimiter(path: &Path, header_line: &str, configured: Delimiter) -> u8 {
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
pub fn parse_text<K: Send>(
    path: &Path,
    text: &str,
    options: &ReadOptions,
    keys: Option<&RowKeys<K>>,
) -> Result<Parsed<K>> {
    let survey = Survey::of(text.as_bytes(), &|_| {});
    parse(path, text, options, keys, &survey, &|_| {}, &|_| {})
}

/// Splits `text` (as `survey` found it) into rows and rejects, releasing each piece once
/// read.
pub(super) fn parse<K: Send>(
    path: &Path,
    text: &str,
    options: &ReadOptions,
    keys: Option<&RowKeys<K>>,
    survey: &Survey,
    progress: &(dyn Fn(u64) + Sync),
    release: &(dyn Fn(std::ops::Range<usize>) + Sync),
) -> Result<Parsed<K>> {
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
            return Err(missing_column(&headers, required, path, options.source));
        }
    }
    if let Some((name, first, second)) = repeated_column(&headers) {
        return Err(Error::WrongFile {
            path: path.to_owned(),
            message: format!(
                "the header names the column `{name}` twice (columns {first} and {second}); each column must have its own name"
            ),
        });
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
    // The body starts after the header's line end (the csv reader's position is before it).
    let header_end = (reader.position().byte() as usize).min(text.len());
    let rest = &text[header_end..];
    let body_start = header_end
        + rest
            .strip_prefix("\r\n")
            .or_else(|| rest.strip_prefix(['\n', '\r']))
            .map_or(0, |after| rest.len() - after.len());
    progress(body_start as u64);
    let plain = survey.plain();
    let rows = RowsReader {
        path,
        delimiter,
        width,
        headers: &headers,
        keys: keys.map(|k| (k, key_columns.as_slice())),
        id_column,
        source: options.source,
        progress,
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
                line + count_line_ends(&text.as_bytes()[block.range.start..start]) as u64;
            match pieces.last_mut() {
                Some(last) if !plain => {
                    last.0.end = block.range.end;
                    last.2 += records;
                }
                _ => pieces.push((start..block.range.end, first_line, records)),
            }
        }
        line += (block.line_feeds + block.lone_returns) as u64;
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
    let read: Vec<Rows<K>> = {
        use rayon::prelude::*;
        pieces
            .par_iter()
            .zip(regions)
            .map(|((range, line, records), region)| {
                let piece = &text[range.clone()];
                let piece_release = |upto: usize| release(range.start..range.start + upto);
                let rows = rows.read(piece, *line, plain, region, *records, &piece_release);
                piece_release(piece.len());
                if plain {
                    progress(piece.len() as u64);
                }
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
    let mut row_keys = Vec::with_capacity(if keys.is_some() { row_count } else { 0 });
    let mut rejects = Vec::new();
    let (mut rows_read, mut region_start, mut used) = (0, 0, 0);
    let mut line_count = LineCount {
        lines: survey.lines(),
        header: count_line_ends(&text.as_bytes()[..body_start]) as u64
            + u64::from(body_start == text.len() && !text.ends_with(['\n', '\r'])),
        ..LineCount::default()
    };
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
        line_count.blank += rows.blank_lines;
        line_count.inside_quoted_fields += rows.inside_quoted_fields;
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
        line_count,
        layout: Layout {
            path: path.to_owned(),
            delimiter,
            plain,
            width,
        },
    })
}

/// The error for a column the header lacks (`source` says which file it is).
pub(super) fn missing_column(
    headers: &[String],
    column: &str,
    path: &Path,
    source: Source,
) -> Error {
    Error::MissingColumn {
        path: path.to_owned(),
        role: source.role(),
        column: column.to_owned(),
        found: describe_header(headers),
    }
}

/// The header's names as an error may show them; not shown when the first line looks like
/// data rather than names (a file without a header would echo its first member's number,
/// name and address).
pub(super) fn describe_header(headers: &[String]) -> String {
    let looks_like_data = headers
        .iter()
        .any(|h| h.chars().count() > 40 || h.chars().filter(char::is_ascii_digit).count() >= 4);
    if looks_like_data {
        "(not shown: the first line looks like data, not column names; does the file lack its header row?)".into()
    } else {
        headers.join(", ")
    }
}

/// The first column name the header has twice, and its two (1-based) positions.
fn repeated_column(headers: &[String]) -> Option<(&str, usize, usize)> {
    headers.iter().enumerate().find_map(|(second, name)| {
        let first = headers[..second].iter().position(|h| h == name)?;
        (!name.is_empty()).then_some((name.as_str(), first + 1, second + 1))
    })
}
