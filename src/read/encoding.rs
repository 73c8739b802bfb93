//! Text encodings: detect UTF-8 (with or without BOM), UTF-16 with its BOM (what a
//! spreadsheet saves as "Unicode text"), CP932/Shift_JIS or EUC-JP from the bytes, and
//! decode without ever replacing a byte silently.
//!
//! In: a file's bytes and the configured [`InputEncoding`]. Out: the text, or the line and
//! column of the first byte that is not valid in the encoding.

use encoding_rs::{DecoderResult, Encoding, EUC_JP, SHIFT_JIS, UTF_16BE, UTF_16LE, UTF_8};

use crate::settings::InputEncoding;

/// A concrete encoding a file was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Cp932,
    EucJp,
    /// UTF-16 little-endian, with its BOM (a spreadsheet's "Unicode text").
    Utf16Le,
    /// UTF-16 big-endian, with its BOM.
    Utf16Be,
}

impl TextEncoding {
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Cp932 => "CP932 (Shift_JIS)",
            TextEncoding::EucJp => "EUC-JP",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
        }
    }

    fn encoding_rs(self) -> &'static Encoding {
        match self {
            TextEncoding::Utf8 => UTF_8,
            // encoding_rs's Shift_JIS is the WHATWG one: Windows-31J/CP932 with the NEC and
            // IBM extensions (髙, ①, ㈱).
            TextEncoding::Cp932 => SHIFT_JIS,
            TextEncoding::EucJp => EUC_JP,
            TextEncoding::Utf16Le => UTF_16LE,
            TextEncoding::Utf16Be => UTF_16BE,
        }
    }
}

/// Where decoding failed: 1-based line and column (in characters) of the first bad byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeFailure {
    pub encoding: TextEncoding,
    pub line: u64,
    pub column: u64,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The UTF-16 encoding whose byte-order mark `bytes` start with, if any.
pub fn utf16_by_bom(bytes: &[u8]) -> Option<TextEncoding> {
    match bytes {
        [0xFF, 0xFE, ..] => Some(TextEncoding::Utf16Le),
        [0xFE, 0xFF, ..] => Some(TextEncoding::Utf16Be),
        _ => None,
    }
}

/// Picks the encoding for `bytes`: the configured one, or by detection.
pub fn choose_encoding(bytes: &[u8], configured: InputEncoding) -> TextEncoding {
    match configured {
        InputEncoding::Utf8 => TextEncoding::Utf8,
        InputEncoding::Cp932 => TextEncoding::Cp932,
        InputEncoding::EucJp => TextEncoding::EucJp,
        InputEncoding::Auto => detect(bytes),
    }
}

/// Detects the encoding: a BOM or valid UTF-8 wins; otherwise whichever of CP932 and
/// EUC-JP decodes cleanly, and when both do, the one whose text looks more Japanese.
fn detect(bytes: &[u8]) -> TextEncoding {
    if bytes.starts_with(UTF8_BOM) {
        return TextEncoding::Utf8;
    }
    if let Some(utf16) = utf16_by_bom(bytes) {
        return utf16;
    }
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(_) => return TextEncoding::Utf8,
        Err(e) => e,
    };
    // A file whose valid prefix already holds multi-byte UTF-8 is UTF-8 with a bad byte;
    // report that byte rather than guessing another encoding.
    if bytes[..utf8_error.valid_up_to()].iter().any(|&b| b >= 0x80) {
        return TextEncoding::Utf8;
    }
    // Both decoded a block at a time, keeping only how Japanese the text looks.
    let score = |encoding| {
        let mut score = JapaneseScore::default();
        decode_blocks(bytes, encoding, |text, _| score.add(text)).map(|()| score.share())
    };
    let (cp932, euc) = rayon::join(|| score(TextEncoding::Cp932), || score(TextEncoding::EucJp));
    match (cp932, euc) {
        (Ok(cp932_score), Ok(euc_score)) => {
            if euc_score > cp932_score {
                TextEncoding::EucJp
            } else {
                TextEncoding::Cp932
            }
        }
        (Err(_), Ok(_)) => TextEncoding::EucJp,
        (Ok(_), Err(_)) => TextEncoding::Cp932,
        (Err(cp932_at), Err(euc_at)) => {
            // Report against the encoding that got further.
            if euc_at > cp932_at {
                TextEncoding::EucJp
            } else {
                TextEncoding::Cp932
            }
        }
    }
}

/// Share of characters that are kana, common kanji or ASCII: text decoded in the wrong
/// encoding is full of rare kanji and half-width kana. Counted a block of text at a time.
#[derive(Default)]
struct JapaneseScore {
    good: usize,
    total: usize,
}

impl JapaneseScore {
    fn add(&mut self, text: &str) {
        for c in text.chars() {
            self.total += 1;
            if c.is_ascii()
                || matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF5E}')
                || matches!(c, '\u{4E00}'..='\u{7FFF}')
            {
                self.good += 1;
            }
        }
    }

    fn share(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.good as f64 / self.total as f64
        }
    }
}

/// The bytes after a UTF-8 byte-order mark, if there is one.
pub fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes)
}

/// Input bytes decoded per call of [`decode_blocks`]' callback.
const DECODE_BLOCK_BYTES: usize = 4 << 20;

/// Decodes `bytes` in `encoding` (a UTF-8 BOM is dropped) a block at a time, handing each
/// block's text and the range of `bytes` it came from to `on_block`; or returns the byte
/// offset of the first malformed sequence. A character split between blocks is carried
/// over by the decoder.
pub fn decode_blocks(
    bytes: &[u8],
    encoding: TextEncoding,
    on_block: impl FnMut(&str, std::ops::Range<usize>),
) -> Result<(), usize> {
    decode_in_blocks_of(DECODE_BLOCK_BYTES, bytes, encoding, on_block)
}

/// [`decode_blocks`] with blocks of `block_bytes`.
fn decode_in_blocks_of(
    block_bytes: usize,
    bytes: &[u8],
    encoding: TextEncoding,
    mut on_block: impl FnMut(&str, std::ops::Range<usize>),
) -> Result<(), usize> {
    let body = match encoding {
        TextEncoding::Utf8 => without_bom(bytes),
        TextEncoding::Utf16Le | TextEncoding::Utf16Be => &bytes[2.min(bytes.len())..],
        _ => bytes,
    };
    let offset = bytes.len() - body.len();
    let mut decoder = encoding.encoding_rs().new_decoder_without_bom_handling();
    let mut text = String::new();
    let mut start = 0;
    loop {
        let end = (start + block_bytes).min(body.len());
        let last = end == body.len();
        let block = &body[start..end];
        text.clear();
        let capacity = decoder
            .max_utf8_buffer_length_without_replacement(block.len())
            .unwrap_or(block.len() * 3);
        text.reserve(capacity);
        let (result, read) = decoder.decode_to_string_without_replacement(block, &mut text, last);
        match result {
            DecoderResult::InputEmpty => {}
            DecoderResult::Malformed(bad_len, after) => {
                return Err(offset + start + read - bad_len as usize - after as usize)
            }
            DecoderResult::OutputFull => return Err(offset + start + read),
        }
        on_block(&text, offset + start..offset + end);
        if last {
            return Ok(());
        }
        start = end;
    }
}

fn decode_strict(bytes: &[u8], encoding: TextEncoding) -> Result<String, usize> {
    let mut text = String::new();
    decode_blocks(bytes, encoding, |block, _| text.push_str(block))?;
    Ok(text)
}

/// Where decoding failed, as the line and column of the byte at `offset`.
pub fn failure_at(bytes: &[u8], encoding: TextEncoding, offset: usize) -> DecodeFailure {
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let prefix = &before[line_start..];
    let prefix = if line_start == 0 {
        prefix.strip_prefix(UTF8_BOM).unwrap_or(prefix)
    } else {
        prefix
    };
    let column = match decode_strict(prefix, encoding) {
        Ok(text) => text.chars().count() as u64 + 1,
        Err(_) => prefix.len() as u64 + 1,
    };
    DecodeFailure {
        encoding,
        line,
        column,
    }
}

/// Decodes `bytes` in `encoding` (a UTF-8 BOM is dropped).
pub fn decode(bytes: &[u8], encoding: TextEncoding) -> Result<String, DecodeFailure> {
    decode_strict(bytes, encoding).map_err(|offset| failure_at(bytes, encoding, offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(text: &str, encoding: &'static Encoding) -> Vec<u8> {
        encoding.encode(text).0.into_owned()
    }

    #[test]
    fn detects_each_encoding() {
        let text = "member_id,name_kanji,name_kana\nA1,髙橋 花子,ﾀｶﾊｼ ﾊﾅｺ\n";
        assert_eq!(detect(text.as_bytes()), TextEncoding::Utf8);
        let with_bom = [UTF8_BOM, text.as_bytes()].concat();
        assert_eq!(detect(&with_bom), TextEncoding::Utf8);
        assert_eq!(detect(&encode(text, SHIFT_JIS)), TextEncoding::Cp932);
        let euc = encode("member_id,name_kanji\nA1,山田 太郎\nA2,佐藤 花子\n", EUC_JP);
        assert_eq!(detect(&euc), TextEncoding::EucJp);
    }

    #[test]
    fn decodes_round_trip() {
        let text = "A1,髙橋 花子,ﾀｶﾊｼ ﾊﾅｺ,①\n";
        let bytes = encode(text, SHIFT_JIS);
        assert_eq!(decode(&bytes, TextEncoding::Cp932).unwrap(), text);
        let with_bom = [UTF8_BOM, text.as_bytes()].concat();
        assert_eq!(decode(&with_bom, TextEncoding::Utf8).unwrap(), text);
    }

    /// Text decoded in blocks of every size from 1 to 29 bytes (so characters are split
    /// between blocks everywhere) is the text decoded whole; a bad byte in a later block is
    /// found where it is.
    #[test]
    fn decodes_across_blocks() {
        let text = "A1,髙橋 花子,ﾀｶﾊｼ ﾊﾅｺ\nA2,渡邉 一郎,ﾜﾀﾅﾍﾞ ｲﾁﾛｳ\n";
        for (encoding, kind) in [
            (SHIFT_JIS, TextEncoding::Cp932),
            (EUC_JP, TextEncoding::EucJp),
        ] {
            let bytes = encode(text, encoding);
            let mut broken = bytes.clone();
            broken.extend_from_slice(b"A3,\xFF\n");
            for block_bytes in 1..30 {
                let mut decoded = String::new();
                let mut covered = 0;
                decode_in_blocks_of(block_bytes, &bytes, kind, |block, range| {
                    assert_eq!(range.start, covered);
                    covered = range.end;
                    decoded.push_str(block);
                })
                .unwrap();
                assert_eq!(
                    (decoded.as_str(), covered),
                    (text, bytes.len()),
                    "{block_bytes}"
                );
                let bad = decode_in_blocks_of(block_bytes, &broken, kind, |_, _| {});
                assert_eq!(bad, Err(bytes.len() + 3), "{block_bytes}");
            }
            assert_eq!(detect(&bytes), kind);
        }
    }

    #[test]
    fn reports_line_and_column_of_a_bad_byte() {
        let bytes = b"id,name\nA1,\xE5\xB1\xB1\xFF\n".to_vec();
        assert_eq!(
            decode(&bytes, TextEncoding::Utf8),
            Err(DecodeFailure {
                encoding: TextEncoding::Utf8,
                line: 2,
                column: 5
            })
        );
        let mut sjis = encode("id,name\nA1,山田\nA2,", SHIFT_JIS);
        sjis.extend_from_slice(b"\x81\x20x\n");
        let failure = decode(&sjis, TextEncoding::Cp932).unwrap_err();
        assert_eq!((failure.line, failure.column), (3, 4));
    }
}
