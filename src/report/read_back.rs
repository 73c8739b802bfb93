//! Reading back a CSV list a run wrote (an earlier run's results and suspension list, or
//! this run's lists turned into .xlsx): UTF-8 with or without a BOM, or CP932 when the
//! header is not UTF-8, a record at a time, hashed as read.

use std::borrow::Cow;
use std::io::BufRead;
use std::path::Path;

use crate::error::{Error, Result};

/// A reader that hashes (SHA-256) what is read through it.
struct Hashing<R> {
    inner: R,
    hasher: sha2::Sha256,
}

impl<R: std::io::Read> std::io::Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use sha2::Digest;
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// Calls `each` with every row of the list — its index (0: the header) and its fields —
/// and returns the file's SHA-256 (hex).
pub fn for_each_row(path: &Path, mut each: impl FnMut(usize, &[Cow<str>])) -> Result<String> {
    let read_error = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let hashing = Hashing {
        inner: file,
        hasher: sha2::Digest::new(),
    };
    let mut input = std::io::BufReader::with_capacity(1 << 20, hashing);
    if input
        .fill_buf()
        .map_err(read_error)?
        .starts_with(b"\xEF\xBB\xBF")
    {
        input.consume(3);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let csv_error = |e: csv::Error| Error::Csv {
        path: path.to_owned(),
        line: e.position().map_or(0, |p| p.line()),
        message: e.to_string(),
    };
    let mut record = csv::ByteRecord::new();
    // Written with output encoding cp932 when the header is not UTF-8. (No CP932 byte of a
    // multi-byte character is a comma, quote or line break, so the records split alike.)
    let mut cp932 = false;
    let mut row = 0;
    while reader.read_byte_record(&mut record).map_err(csv_error)? {
        if row == 0 {
            cp932 = record.iter().any(|h| std::str::from_utf8(h).is_err());
        }
        let fields: Vec<Cow<str>> = record
            .iter()
            .map(|bytes| {
                if cp932 {
                    encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes).0
                } else {
                    String::from_utf8_lossy(bytes)
                }
            })
            .collect();
        each(row, &fields);
        row += 1;
    }
    // Whatever the CSV reader left unread (nothing, once it has seen the last record).
    let mut input = reader.into_inner();
    std::io::copy(&mut input, &mut std::io::sink()).map_err(read_error)?;
    let hasher = input.into_inner().hasher;
    Ok(sha2::Digest::finalize(hasher)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}
