//! Character width and compatibility folding shared by every attribute.
//!
//! In: any text. Out: the same text with full-width ASCII made half-width, half-width
//! katakana made full-width (with ﾞ/ﾟ composed onto their base), the ideographic space made
//! an ASCII space, combining sound marks composed, and CJK compatibility ideographs mapped to
//! their unified form (塚 U+FA10 → 塚 U+585A). Never: kanji variants (see `kanji`), kana
//! script changes (see `kana`), or anything that changes a name's meaning.
//!
//! [`to_half_width_kana`] goes the other way (ガ → ｶﾞ) with the same table: the form legacy
//! systems store, for the synthetic-data generator and the tests.
//!
//! This is a hand-rolled subset of NFKC: full NFKC also rewrites ① → 1 and ㍻ → 平成, which
//! is not ours to decide silently, and it is several times slower on the hot path.

use unicode_normalization::char::compose;
use unicode_normalization::UnicodeNormalization;

/// Half-width katakana U+FF61..=U+FF9D, in code-point order, as their full-width forms.
#[rustfmt::skip]
const HALF_WIDTH_KANA: [char; 61] = ['。', '「', '」', '、', '・', 'ヲ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ャ', 'ュ', 'ョ', 'ッ', 'ー', 'ア', 'イ', 'ウ', 'エ', 'オ', 'カ', 'キ', 'ク', 'ケ', 'コ', 'サ', 'シ', 'ス', 'セ', 'ソ', 'タ', 'チ', 'ツ', 'テ', 'ト', 'ナ', 'ニ', 'ヌ', 'ネ', 'ノ', 'ハ', 'ヒ', 'フ', 'ヘ', 'ホ', 'マ', 'ミ', 'ム', 'メ', 'モ', 'ヤ', 'ユ', 'ヨ', 'ラ', 'リ', 'ル', 'レ', 'ロ', 'ワ', 'ン'];

/// Combining voiced and semi-voiced sound marks.
const COMBINING_VOICED: char = '\u{3099}';
const COMBINING_SEMI_VOICED: char = '\u{309A}';

/// Appends the width-folded form of `input` to `out`.
pub fn fold_width_into(input: &str, out: &mut String) {
    // Most text needs nothing: copy the runs that need nothing whole.
    let mut rest = input;
    while let Some(at) = next_to_fold(rest) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        rest = &rest[c.len_utf8()..];
        match c {
            '\u{FF01}'..='\u{FF5E}' => {
                out.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c));
            }
            '\u{3000}' => out.push(' '),
            '\u{FF61}'..='\u{FF9D}' => {
                let index = (c as u32 - 0xFF61) as usize;
                out.push(HALF_WIDTH_KANA.get(index).copied().unwrap_or(c));
            }
            '\u{FF9E}' | '\u{309B}' | COMBINING_VOICED => push_sound_mark(out, COMBINING_VOICED),
            '\u{FF9F}' | '\u{309C}' | COMBINING_SEMI_VOICED => {
                push_sound_mark(out, COMBINING_SEMI_VOICED)
            }
            '\u{F900}'..='\u{FAFF}' | '\u{2F800}'..='\u{2FA1F}' => {
                out.extend(std::iter::once(c).nfc());
            }
            _ => out.push(c),
        }
    }
    out.push_str(rest);
}

/// Where the first character [`fold_width_into`] changes starts, found byte-wise: each
/// such character is a 3-byte sequence led by EF or E3 80/E3 82, or a 4-byte one led by F0
/// (UTF-8 continuation bytes are never those, so a byte step is safe).
fn next_to_fold(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            0xEF | 0xF0 | 0xE3 => {
                let c = text[i..].chars().next()?;
                if needs_folding(c) {
                    return Some(i);
                }
                i += c.len_utf8();
            }
            _ => i += 1,
        }
    }
    None
}

/// A character [`fold_width_into`] changes.
fn needs_folding(c: char) -> bool {
    matches!(
        c,
        '\u{FF01}'..='\u{FF9F}'
            | '\u{3000}'
            | '\u{3099}'..='\u{309C}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{2F800}'..='\u{2FA1F}'
    )
}

/// The width-folded form of `input`.
pub fn fold_width(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    fold_width_into(input, &mut out);
    out
}

/// The characters with every sound mark (combining or spacing) composed onto the kana
/// before it where Unicode has the composed letter.
pub fn compose_sound_marks(chars: impl Iterator<Item = char>) -> String {
    let mut out = String::new();
    for c in chars {
        match c {
            '\u{309B}' | COMBINING_VOICED => push_sound_mark(&mut out, COMBINING_VOICED),
            '\u{309C}' | COMBINING_SEMI_VOICED => push_sound_mark(&mut out, COMBINING_SEMI_VOICED),
            _ => out.push(c),
        }
    }
    out
}

/// Composes a sound mark onto the previous kana when Unicode has the composed letter
/// (カ+ﾞ → ガ, ハ+ﾟ → パ, ウ+ﾞ → ヴ); otherwise keeps the spacing mark (゛/゜) visible.
fn push_sound_mark(out: &mut String, mark: char) {
    if let Some(previous) = out.chars().next_back() {
        if let Some(composed) = compose(previous, mark) {
            out.pop();
            out.push(composed);
            return;
        }
    }
    out.push(if mark == COMBINING_VOICED {
        '\u{309B}'
    } else {
        '\u{309C}'
    });
}

/// True for the characters that separate name parts: any white space (ASCII and
/// ideographic spaces, tabs, a stray line break) and the middle dots used between foreign
/// given names and surnames.
pub fn is_name_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '・' | '･')
}

/// The name parts of `folded` joined by one ASCII space (separators collapsed, none at the
/// ends), each character passed through `map`.
pub fn join_name_parts(folded: &str, map: impl Fn(char) -> char) -> String {
    let mut display = String::with_capacity(folded.len());
    let mut pending_space = false;
    for c in folded.chars() {
        if is_name_separator(c) {
            pending_space = !display.is_empty();
            continue;
        }
        if pending_space {
            display.push(' ');
            pending_space = false;
        }
        display.push(map(c));
    }
    display
}

/// Variation selectors (U+FE00..FE0F and the ideographic variation selectors
/// U+E0100..E01EF): they pick a glyph, not a different character.
pub fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// Full-width katakana (and the ideographic space) to the half-width forms legacy systems
/// store (ガ → ｶﾞ, パ → ﾊﾟ): the inverse of [`fold_width`] on kana. Characters without a
/// half-width form are kept.
pub fn to_half_width_kana(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if c == '\u{3000}' {
            out.push(' ');
            continue;
        }
        let mut base = c;
        let mut mark = None;
        unicode_normalization::char::decompose_canonical(c, |part| match part {
            COMBINING_VOICED => mark = Some('ﾞ'),
            COMBINING_SEMI_VOICED => mark = Some('ﾟ'),
            other => base = other,
        });
        match HALF_WIDTH_KANA.iter().position(|&full| full == base) {
            Some(index) => {
                out.push(char::from_u32(0xFF61 + index as u32).unwrap_or(base));
                out.extend(mark);
            }
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_width_kana_folds_back_to_the_full_width_reading() {
        let cases = [
            ("ヤマダ　タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ"),
            ("ガッコウ", "ｶﾞｯｺｳ"),
            ("パピプペポ", "ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ"),
            ("ヴィ", "ｳﾞｨ"),
            ("キョウコー", "ｷｮｳｺｰ"),
            ("山田", "山田"),
        ];
        for (full, half) in cases {
            assert_eq!(to_half_width_kana(full), half, "{full}");
            assert_eq!(fold_width(half), full.replace('\u{3000}', " "), "{half}");
        }
    }

    #[test]
    fn folds_width_and_compatibility_forms() {
        let cases = [
            ("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ タロウ"),
            ("ﾊﾟﾋﾟﾌﾟ", "パピプ"),
            ("ｳﾞｧｲｵﾘﾝ", "ヴァイオリン"),
            ("ｱﾞ", "ア\u{309B}"),
            ("ﾞ", "\u{309B}"),
            ("１２３ＡＢＣ", "123ABC"),
            ("山田\u{3000}太郎", "山田 太郎"),
            ("\u{FA10}", "\u{585A}"),
            ("カ\u{3099}", "ガ"),
            ("ｰ", "ー"),
            ("高橋", "高橋"),
            ("", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(fold_width(input), expected, "input {input:?}");
        }
    }
}
