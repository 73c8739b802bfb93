//! Text encodings: detect UTF-8 (with or without BOM), CP932/Shift_JIS or EUC-JP from the
//! bytes, and decode without ever replacing a byte silently.
//!
//! In: a file's bytes and the configured [`InputEncoding`]. Out: the text, or the line and
//! column of the first byte that is not valid in the encoding.

use encoding_rs::{DecoderResult, Encoding, EUC_JP, SHIFT_JIS, UTF_8};

use crate::settings::InputEncoding;

/// A concrete encoding a file was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Cp932,
    EucJp,
}

impl TextEncoding {
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Cp932 => "CP932 (Shift_JIS)",
            TextEncoding::EucJp => "EUC-JP",
        }
    }

    fn encoding_rs(self) -> &'static Encoding {
        match self {
            TextEncoding::Utf8 => UTF_8,
            // encoding_rs's Shift_JIS is the WHATWG one: Windows-31J/CP932 with the NEC and
            // IBM extensions (髙, ①, ㈱).
            TextEncoding::Cp932 => SHIFT_JIS,
            TextEncoding::EucJp => EUC_JP,
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
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(_) => return TextEncoding::Utf8,
        Err(e) => e,
    };
    // A file whose valid prefix already holds multi-byte UTF-8 is UTF-8 with a bad byte;
    // report that byte rather than guessing another encoding.
    if bytes[..utf8_error.valid_up_to()].iter().any(|&b| b >= 0x80) {
        return TextEncoding::Utf8;
    }
    let cp932 = decode_strict(bytes, TextEncoding::Cp932);
    let euc = decode_strict(bytes, TextEncoding::EucJp);
    match (cp932, euc) {
        (Ok(cp932_text), Ok(euc_text)) => {
            if japanese_score(&euc_text) > japanese_score(&cp932_text) {
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
/// encoding is full of rare kanji and half-width kana.
fn japanese_score(text: &str) -> f64 {
    let mut good = 0usize;
    let mut total = 0usize;
    for c in text.chars() {
        total += 1;
        if c.is_ascii()
            || matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF5E}')
            || matches!(c, '\u{4E00}'..='\u{7FFF}')
        {
            good += 1;
        }
    }
    if total == 0 {
        0.0
    } else {
        good as f64 / total as f64
    }
}

/// Decodes all of `bytes`, or returns the byte offset of the first malformed sequence.
/// The bytes after a UTF-8 byte-order mark, if there is one.
pub fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes)
}

fn decode_strict(bytes: &[u8], encoding: TextEncoding) -> Result<String, usize> {
    let body = if encoding == TextEncoding::Utf8 {
        bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes)
    } else {
        bytes
    };
    let offset = bytes.len() - body.len();
    let mut decoder = encoding.encoding_rs().new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(body.len())
        .unwrap_or(body.len() * 3);
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(body, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok(text),
        DecoderResult::Malformed(bad_len, after) => {
            Err(offset + read - bad_len as usize - after as usize)
        }
        DecoderResult::OutputFull => Err(offset + read),
    }
}

/// Decodes `bytes` in `encoding` (a UTF-8 BOM is dropped).
pub fn decode(bytes: &[u8], encoding: TextEncoding) -> Result<String, DecodeFailure> {
    decode_strict(bytes, encoding).map_err(|offset| {
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
    })
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
