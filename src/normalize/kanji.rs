//! 漢字氏名: the display form and the comparison key.
//!
//! In: a kanji name as typed (spaces of either width or none, possibly with variation
//! selectors, compatibility ideographs or full-width letters). Out: [`KanjiName`] with the
//! display form, the key (no spaces, iteration marks written out) and notes on what was
//! folded, so a clerk can see why two names met. Never: reading kanji as kana, or folding one
//! standard kanji into another without a table that says they are variants.

use super::width::{fold_width_into, is_name_separator, is_variation_selector};

/// Something the normaliser changed that a person reviewing a match should know.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KanjiNote {
    /// A variation selector (IVS/SVS) was removed: the glyph choice is not compared.
    VariationSelectorRemoved,
    /// A CJK compatibility ideograph was replaced by its unified form.
    CompatibilityIdeographFolded,
    /// Full-width letters/digits or half-width kana were changed in width.
    WidthFolded,
    /// An iteration mark (々, ゝ, ヽ …) was written out as the character it repeats.
    IterationMarkExpanded,
}

/// A kanji name normalised for display and comparison.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KanjiName {
    /// Width-folded, variation selectors removed, parts separated by one ASCII space.
    pub display: String,
    /// The display form without spaces and with iteration marks written out.
    pub key: String,
    /// What was folded on the way.
    pub notes: Vec<KanjiNote>,
}

impl KanjiName {
    /// The name's parts (surname, given name) when the input separated them.
    pub fn parts(&self) -> Vec<&str> {
        self.display.split(' ').collect()
    }
}

/// Normalises a kanji name.
pub fn normalize_kanji_name(input: &str) -> KanjiName {
    let mut notes = Vec::new();
    let trimmed = input.trim();

    let mut without_selectors = String::with_capacity(trimmed.len());
    for c in trimmed.chars() {
        if is_variation_selector(c) {
            note(&mut notes, KanjiNote::VariationSelectorRemoved);
        } else {
            without_selectors.push(c);
        }
    }
    if without_selectors
        .chars()
        .any(|c| matches!(c, '\u{F900}'..='\u{FAFF}' | '\u{2F800}'..='\u{2FA1F}'))
    {
        note(&mut notes, KanjiNote::CompatibilityIdeographFolded);
    }
    if without_selectors
        .chars()
        .any(|c| matches!(c, '\u{FF01}'..='\u{FF5E}' | '\u{FF61}'..='\u{FF9F}'))
    {
        note(&mut notes, KanjiNote::WidthFolded);
    }

    let mut folded = String::with_capacity(without_selectors.len());
    fold_width_into(&without_selectors, &mut folded);

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
        display.push(c);
    }

    let mut key = String::with_capacity(display.len());
    for c in display.chars().filter(|&c| c != ' ') {
        match expand_iteration_mark(c, key.chars().next_back()) {
            Some(repeated) => {
                note(&mut notes, KanjiNote::IterationMarkExpanded);
                key.push(repeated);
            }
            None => key.push(c),
        }
    }
    KanjiName {
        display,
        key,
        notes,
    }
}

fn note(notes: &mut Vec<KanjiNote>, new: KanjiNote) {
    if !notes.contains(&new) {
        notes.push(new);
    }
}

/// The character an iteration mark stands for, given the character before it.
/// 々 and 〻 repeat a kanji; ゝ/ヽ repeat a kana, ゞ/ヾ repeat it voiced.
fn expand_iteration_mark(mark: char, previous: Option<char>) -> Option<char> {
    let previous = previous?;
    match mark {
        '々' | '〻' => Some(previous),
        'ゝ' | 'ヽ' => Some(unvoiced(previous)),
        'ゞ' | 'ヾ' => Some(voiced(unvoiced(previous))),
        _ => None,
    }
}

fn voiced(c: char) -> char {
    unicode_normalization::char::compose(c, '\u{3099}').unwrap_or(c)
}

fn unvoiced(c: char) -> char {
    let mut base = c;
    unicode_normalization::char::decompose_canonical(c, |part| {
        if base == c {
            base = part;
        }
    });
    base
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_key() {
        let cases = [
            ("山田 太郎", "山田 太郎", "山田太郎"),
            ("山田　太郎", "山田 太郎", "山田太郎"),
            ("山田太郎", "山田太郎", "山田太郎"),
            (" 佐々木  健一 ", "佐々木 健一", "佐佐木健一"),
            ("佐佐木 健一", "佐佐木 健一", "佐佐木健一"),
            ("\u{FA10}本 花子", "\u{585A}本 花子", "\u{585A}本花子"),
            ("葛\u{E0100}西 一郎", "葛西 一郎", "葛西一郎"),
            ("いすゞ", "いすゞ", "いすず"),
            ("ＡＢＣ 太郎", "ABC 太郎", "ABC太郎"),
            ("々", "々", "々"),
            ("", "", ""),
        ];
        for (input, display, key) in cases {
            let name = normalize_kanji_name(input);
            assert_eq!(name.display, display, "display of {input:?}");
            assert_eq!(name.key, key, "key of {input:?}");
        }
    }

    #[test]
    fn notes_record_what_was_folded() {
        let name = normalize_kanji_name("葛\u{E0100}西 \u{FA10}子");
        assert_eq!(
            name.notes,
            vec![
                KanjiNote::VariationSelectorRemoved,
                KanjiNote::CompatibilityIdeographFolded
            ]
        );
        assert!(normalize_kanji_name("佐々木")
            .notes
            .contains(&KanjiNote::IterationMarkExpanded));
        assert!(normalize_kanji_name("山田 太郎").notes.is_empty());
    }
}
