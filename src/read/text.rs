//! A file's bytes as text: mapped where it lies (UTF-8) or decoded a block at a time into an
//! unnamed temporary file ([`Text`]), surveyed for NUL bytes, valid UTF-8, quotes and line
//! ends ([`Survey`]), hashed for the audit trail, and its pages released once read.

use super::*;

/// A file's text, mapped: the file itself (from `start`, after a byte-order mark) when it is
/// UTF-8, else its text decoded into a temporary file (see [`decode_to_file`]).
pub(super) struct Text {
    pub(super) map: memmap2::Mmap,
    pub(super) start: usize,
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Text({} bytes mapped)", self.map.len())
    }
}

impl Text {
    pub(super) fn as_str(&self) -> &str {
        // SAFETY: the text was validated as UTF-8 (a decoded text is UTF-8 by construction)
        // when the file was read, and the mapping is read-only.
        unsafe { std::str::from_utf8_unchecked(&self.map[self.start..]) }
    }

    /// Drops the mapped pages of `range` (offsets in [`Text::as_str`]) from memory.
    pub(super) fn release(&self, range: std::ops::Range<usize>) {
        release_pages(&self.map, self.start + range.start..self.start + range.end);
    }
}

/// Decodes a file that is not UTF-8 into an unnamed temporary file (in `TMPDIR`, readable
/// only by its owner, gone when the run ends), a block at a time, and maps it: the decoded
/// text is never all in memory. `release` is told which input bytes are decoded.
pub(super) fn decode_to_file(
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
pub(super) fn release_pages(map: &memmap2::Mmap, range: std::ops::Range<usize>) {
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

/// SHA-256 of `bytes`, hex, read a block at a time, each block released after.
pub(super) fn sha256_hex(
    bytes: &[u8],
    release: &(dyn Fn(std::ops::Range<usize>) + Sync),
) -> String {
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
pub(super) const BLOCK_BYTES: usize = 8 << 20;

/// What one pass over a file's bytes found, block by block.
#[derive(Clone, Debug)]
pub(super) struct Survey {
    pub(super) blocks: Vec<Block>,
    /// Offset of the first NUL byte.
    pub(super) nul: Option<usize>,
    /// Every block is valid UTF-8 (blocks end after a line feed, which no character
    /// straddles, so the whole text is too).
    pub(super) utf8: bool,
}

#[derive(Clone, Debug)]
pub(super) struct Block {
    pub(super) range: std::ops::Range<usize>,
    /// Line feeds, and carriage returns not followed by one (records end at either).
    pub(super) line_feeds: usize,
    pub(super) lone_returns: usize,
    /// Holds a quote character.
    pub(super) quote: bool,
    /// Its last byte ends a line (a line feed or a carriage return).
    pub(super) ends_with_line_end: bool,
}

impl Survey {
    /// Surveys `bytes` on all threads, releasing each block once surveyed.
    pub(super) fn of(bytes: &[u8], release: &(dyn Fn(std::ops::Range<usize>) + Sync)) -> Survey {
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
                let nul = memchr::memchr(0, block).map(|i| range.start + i);
                let utf8 = simdutf8::basic::from_utf8(block).is_ok();
                let surveyed = Block {
                    line_feeds: count_byte(block, b'\n'),
                    lone_returns: count_lone_returns(block),
                    quote: memchr::memchr(b'"', block).is_some(),
                    ends_with_line_end: matches!(block.last(), Some(b'\n' | b'\r')),
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
    /// Lines in the text: its line ends (line feeds, carriage returns alone), and one more
    /// when it does not end with one.
    pub(super) fn lines(&self) -> u64 {
        let ends: usize = self
            .blocks
            .iter()
            .map(|b| b.line_feeds + b.lone_returns)
            .sum();
        let unterminated = self.blocks.last().is_some_and(|b| !b.ends_with_line_end);
        (ends + usize::from(unterminated)) as u64
    }

    pub(super) fn plain(&self) -> bool {
        self.blocks.iter().all(|b| !b.quote && b.lone_returns == 0)
    }
}
