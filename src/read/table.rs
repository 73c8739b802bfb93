//! A table of rows read whole: every field of each row, kept as pieces of text with
//! their field ends (see [`Table`]).

use std::collections::HashMap;

/// Rows of fields as text, stored in a few buffers (one per piece of the file read in
/// parallel): every row of a file ([`read_table`](super::read_table)), or some rows read again
/// ([`ReadFile::rows`](super::ReadFile::rows)).
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// Names of the columns held, as written.
    pub headers: Vec<String>,
    /// The fields of each piece, one after another.
    pub(super) texts: Vec<String>,
    /// Where each row's first field starts: its piece (the bits from [`PIECE_SHIFT`] up)
    /// and the offset in that piece's text.
    pub(super) row_starts: Vec<u64>,
    /// `ends[row * width + column]` is where that field ends, counted from the row's start
    /// (a field starts where the one before it in the row ends).
    pub(super) ends: Vec<u32>,
    /// Line where each row starts.
    pub(super) lines: Vec<u64>,
}

/// Row starts carry their piece in the bits from here up (a piece holds less than 2^40
/// bytes).
pub(super) const PIECE_SHIFT: u32 = 40;
pub(super) const OFFSET_MASK: u64 = (1 << PIECE_SHIFT) - 1;

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

    /// The lines of the rows holding each value of `column` (empty values left out): a
    /// key with more than one line is repeated.
    pub fn lines_by_value(&self, column: Option<usize>) -> HashMap<&str, Vec<u64>> {
        let mut lines: HashMap<&str, Vec<u64>> = HashMap::new();
        for row in 0..self.len() {
            let value = self.optional_field(row, column);
            if !value.is_empty() {
                lines.entry(value).or_default().push(self.line(row));
            }
        }
        lines
    }

    /// Index of a header name.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|header| header == name)
    }
}
