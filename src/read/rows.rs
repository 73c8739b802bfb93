//! Rows of a piece of text: quote-free lines split directly, quoted text through the csv
//! reader ([`RowsReader`]), with a quote left open set aside on its line; fields trimmed into
//! one text; where every line went (blank, inside quoted fields).

use super::*;

/// The rows of one piece of a file, with their line numbers and rejects.
pub(super) struct Rows<K> {
    /// The fields, one after another.
    pub(super) text: String,
    /// Field ends written (from their row's start) at the start of the piece's region.
    pub(super) fields: usize,
    /// Where each row starts in `text`.
    pub(super) row_starts: Vec<u64>,
    /// Where each row's record starts in the piece read.
    pub(super) record_starts: Vec<u64>,
    /// The rows' keys, when read with keys.
    pub(super) keys: Vec<K>,
    pub(super) lines: Vec<u64>,
    pub(super) rejects: Vec<Reject>,
    pub(super) rows_read: usize,
    /// Blank lines (empty or white space only).
    pub(super) blank_lines: u64,
    /// Lines rows took beyond their first (line breaks inside quoted fields).
    pub(super) inside_quoted_fields: u64,
}

/// What reading rows needs to know about the file.
pub(super) struct RowsReader<'a, K> {
    pub(super) path: &'a Path,
    pub(super) delimiter: u8,
    pub(super) width: usize,
    /// The header row's names (trimmed): a row repeating them is a reject.
    pub(super) headers: &'a [String],
    /// The keys made instead of holding fields, and where their columns are.
    pub(super) keys: Option<(&'a RowKeys<'a, K>, &'a [Option<usize>])>,
    pub(super) id_column: Option<usize>,
    pub(super) source: Source,
    /// Told how many more bytes have been split into rows.
    pub(super) progress: &'a (dyn Fn(u64) + Sync),
}

impl<K> RowsReader<'_, K> {
    /// Reads the rows of `text`, whose first line is `first_line` of the file, writing the
    /// kept field ends into `region` (room for every record `text` can hold); `plain` when
    /// the whole file is (see [`Survey::plain`]). `release(n)`: the first `n` bytes of
    /// `text` are read.
    pub(super) fn read(
        &self,
        text: &str,
        first_line: u64,
        plain: bool,
        region: &mut [u32],
        records: usize,
        release: &dyn Fn(usize),
    ) -> Result<Rows<K>> {
        // Sized once from the records the text can hold, not grown by doubling.
        let holds_fields = self.keys.is_none();
        let mut rows = Rows {
            // Fields are never longer than the text they come from.
            text: String::with_capacity(if holds_fields { text.len() } else { 0 }),
            fields: 0,
            row_starts: Vec::with_capacity(if holds_fields { records } else { 0 }),
            record_starts: Vec::with_capacity(records),
            keys: Vec::with_capacity(if holds_fields { 0 } else { records }),
            lines: Vec::with_capacity(records),
            rejects: Vec::new(),
            rows_read: 0,
            blank_lines: 0,
            inside_quoted_fields: 0,
        };
        if plain {
            self.read_plain(text, first_line, region, &mut rows);
        } else {
            self.read_csv(text, first_line, region, &mut rows, release)?;
        }
        rows.text.shrink_to_fit();
        Ok(rows)
    }

    /// Reads any text with the csv reader (quoted fields, line breaks inside them). A record
    /// with a line break inside a quoted field is one row (legal CSV), unless it is a quote
    /// left open ([`RowsReader::quote_left_open`]): then its first line is a reject and reading
    /// resumes at the next line, so no row after it is swallowed.
    pub(super) fn read_csv(
        &self,
        text: &str,
        first_line: u64,
        region: &mut [u32],
        rows: &mut Rows<K>,
        release: &dyn Fn(usize),
    ) -> Result<()> {
        /// What has been read is released every this many records.
        const RELEASE_EVERY: usize = 1 << 16;
        // One record buffer reused for every row; the text is UTF-8 already.
        let mut record = csv::ByteRecord::new();
        let mut lines = LineCounter::default();
        let mut count = 0;
        // Lines records took (the rest of the text's lines are blank).
        let mut taken = 0;
        // Bytes told to `progress` so far.
        let mut reported = 0;
        // Where the reader starts: the text's start, then the line after each open quote.
        let mut resume = Some(0);
        while let Some(offset) = resume.take() {
            let mut reader = csv_reader(self.delimiter).from_reader(&text.as_bytes()[offset..]);
            while reader
                .read_byte_record(&mut record)
                .map_err(|e| csv_error(self.path, &e))?
            {
                let start = offset as u64 + record.position().map_or(0, |p| p.byte());
                let line = first_line - 1 + lines.line_at(text, start);
                // Fields of UTF-8 text split at ASCII separators are UTF-8.
                let fields: Vec<&str> = record
                    .iter()
                    .map(|field| simdutf8::basic::from_utf8(field).unwrap_or_default())
                    .collect();
                if self.quote_left_open(&fields) {
                    self.reject_open_quote(&fields, line, rows);
                    taken += 1;
                    // (The csv reader's position may fall on the line end before the record.)
                    let first = start as usize + skipped_line_ends(&text[start as usize..]);
                    resume = Some(next_line_start(text, first));
                    break;
                }
                // The record's lines: from its first character to its end (its own line end
                // not counted).
                let end = offset + reader.position().byte() as usize;
                let first = start as usize + skipped_line_ends(&text[start as usize..end]);
                let span = text[first..end].trim_end_matches(['\n', '\r']);
                let extra = count_line_ends(span.as_bytes()) as u64;
                taken += 1 + extra;
                rows.inside_quoted_fields += extra;
                self.add_row(&fields, line, start, region, rows);
                count += 1;
                if count % RELEASE_EVERY == 0 {
                    release(start as usize);
                    (self.progress)((end - reported) as u64);
                    reported = end;
                }
            }
        }
        let lines = count_line_ends(text.as_bytes()) as u64
            + u64::from(!text.is_empty() && !text.ends_with(['\n', '\r']));
        rows.blank_lines += lines.saturating_sub(taken);
        (self.progress)((text.len() - reported) as u64);
        Ok(())
    }

    /// Whether a record is a quote left open that ran into the rows after it: a field holds a
    /// line break and either the record has not the header's number of fields or such a
    /// field holds the delimiter (a row's separator, not an address's).
    fn quote_left_open(&self, fields: &[&str]) -> bool {
        let delimiter = char::from(self.delimiter);
        let mut broken = fields
            .iter()
            .filter(|f| f.contains(['\n', '\r']))
            .peekable();
        broken.peek().is_some()
            && (fields.len() != self.width || broken.any(|f| f.contains(delimiter)))
    }

    /// A record a quote left open ran into the lines after it: a reject on its first line.
    fn reject_open_quote(&self, fields: &[&str], line: u64, rows: &mut Rows<K>) {
        rows.rows_read += 1;
        rows.rejects.push(Reject {
            source: self.source,
            line,
            member_id: self.member_id(fields),
            reason: "引用符（\"）が閉じられていません。この行を除き、次の行から読み続けました。"
                .into(),
        });
    }

    /// The member id of a row set aside, when it has a readable one.
    fn member_id(&self, fields: &[&str]) -> Option<String> {
        self.id_column
            .and_then(|c| fields.get(c))
            .map(|id| id.trim().chars().take(MAX_FIELD_CHARS).collect::<String>())
            .filter(|id| !id.is_empty() && !id.contains(['\n', '\r']))
    }

    /// Reads text without quotes or lone carriage returns: a row is a line and its fields
    /// lie between delimiters, exactly as the csv reader would find them, without its
    /// per-field copies and checks.
    pub(super) fn read_plain(
        &self,
        text: &str,
        first_line: u64,
        region: &mut [u32],
        rows: &mut Rows<K>,
    ) {
        let mut fields: Vec<&str> = Vec::with_capacity(self.width);
        for (line, (row_start, row)) in (first_line..).zip(lines_with_starts(text)) {
            if row.is_empty() {
                rows.blank_lines += 1;
                continue;
            }
            fields.clear();
            split_fields(row, self.delimiter, &mut fields);
            self.add_row(&fields, line, row_start as u64, region, rows);
        }
    }

    /// Adds one record's fields (trimmed) to the rows, or its reject; skips a blank line.
    pub(super) fn add_row(
        &self,
        fields: &[&str],
        line: u64,
        record_start: u64,
        region: &mut [u32],
        rows: &mut Rows<K>,
    ) {
        if fields.len() == 1 && fields[0].trim().is_empty() {
            rows.blank_lines += 1;
            return;
        }
        rows.rows_read += 1;
        let fields = without_empty_tail(fields, self.width);
        if let Some(reason) = row_problem(fields, self.width, self.headers) {
            rows.rejects.push(Reject {
                source: self.source,
                line,
                member_id: self.member_id(fields),
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
                rows.keys.push((keys.make)(&selected[..columns.len()]));
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
pub(super) fn push_fields(text: &mut String, fields: &[&str], mut end: impl FnMut(u32)) -> usize {
    let row_start = text.len();
    for field in fields {
        text.push_str(field.trim());
        // A row is far shorter than 4 GB: at most `width` fields of MAX_FIELD_CHARS.
        end((text.len() - row_start) as u32);
    }
    row_start
}

/// Line ends in `bytes`: line feeds, and carriage returns not followed by one (a
/// spreadsheet on an old Mac ends lines with CR alone).
pub(super) fn count_line_ends(bytes: &[u8]) -> usize {
    count_byte(bytes, b'\n') + count_lone_returns(bytes)
}

/// Carriage returns not followed by a line feed.
pub(super) fn count_lone_returns(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\r', bytes)
        .filter(|&i| bytes.get(i + 1) != Some(&b'\n'))
        .count()
}

/// How many times `byte` occurs.
pub(super) fn count_byte(bytes: &[u8], byte: u8) -> usize {
    memchr::memchr_iter(byte, bytes).count()
}

/// The fields of a line of text without quotes, as the csv reader would find them: the
/// text between delimiters (an ASCII byte, so each piece is whole characters).
pub(super) fn split_fields<'t>(line: &'t str, delimiter: u8, fields: &mut Vec<&'t str>) {
    let mut start = 0;
    for end in memchr::memchr_iter(delimiter, line.as_bytes()) {
        fields.push(&line[start..end]);
        start = end + 1;
    }
    fields.push(&line[start..]);
}

/// Each line of `text` with where it starts, its line end (LF or CR LF) left out; a last
/// line without one is a line too.
pub(super) fn lines_with_starts(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let ends = memchr::memchr_iter(b'\n', bytes)
        .chain((!text.is_empty() && !text.ends_with('\n')).then_some(text.len()));
    ends.scan(0, move |start, end| {
        let line_start = *start;
        *start = end + 1;
        let line = &text[line_start..end];
        Some((line_start, line.strip_suffix('\r').unwrap_or(line)))
    })
}

/// Line numbers from byte offsets, counted incrementally (offsets only grow). The csv
/// crate's own line numbers skip blank lines.
#[derive(Default)]
pub(super) struct LineCounter {
    pub(super) byte: usize,
    pub(super) line: u64,
}

impl LineCounter {
    /// The line of the record the csv crate says starts at `byte` (its positions include
    /// the blank lines before a record, so those are skipped first).
    pub(super) fn line_at(&mut self, text: &str, byte: u64) -> u64 {
        let mut byte = (byte as usize).min(text.len());
        while matches!(text.as_bytes().get(byte), Some(b'\n' | b'\r')) {
            byte += 1;
        }
        if byte >= self.byte {
            self.line += count_line_ends(&text.as_bytes()[self.byte..byte]) as u64;
            self.byte = byte;
        }
        self.line + 1
    }
}

pub(super) fn csv_error(path: &Path, error: &csv::Error) -> Error {
    let line = error.position().map_or(0, |p| p.line());
    Error::Csv {
        path: path.to_owned(),
        line,
        message: error.to_string(),
    }
}

/// The csv reader every record is read with: no header row (it is read as a record), any
/// number of fields (a wrong count is a reject, not an error).
pub(super) fn csv_reader(delimiter: u8) -> csv::ReaderBuilder {
    let mut builder = csv::ReaderBuilder::new();
    builder
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true);
    builder
}

/// Where the line after the one at `from` starts: past its line feed, CR LF or lone CR.
fn next_line_start(text: &str, from: usize) -> usize {
    let rest = &text.as_bytes()[from..];
    match rest.iter().position(|&b| b == b'\n' || b == b'\r') {
        Some(at) if rest[at] == b'\r' && rest.get(at + 1) == Some(&b'\n') => from + at + 2,
        Some(at) => from + at + 1,
        None => text.len(),
    }
}

/// How many line ends (blank lines the csv reader passed over) `text` starts with.
fn skipped_line_ends(text: &str) -> usize {
    text.len() - text.trim_start_matches(['\n', '\r']).len()
}
