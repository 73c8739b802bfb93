//! Kanji variants (異体字/旧字): one standard form per variant, from the table that
//! `scripts/gen-kanji-variants.py` builds out of IPA's MJ縮退マップ and the permissive tables
//! (`data/kanji-variants.tsv`, CC BY-SA 2.1 JP; see data/LICENSE-kanji-variants.md).
//!
//! In: one character (already width-folded and NFC, variation selectors removed). Out: its
//! standard form (髙 → 高, 邊/邉 → 辺, 𠮷 → 吉), or the character itself. The table is
//! resolved to a fixed point by the script, so one lookup suffices and folding is idempotent.
//! Never: folding two standard JIS X 0208 kanji together unless an official list or two
//! independent sources say they are one character.

use std::sync::OnceLock;

/// The embedded table: `variant<TAB>standard<TAB>sources`, `#` comments.
const TABLE: &str = include_str!("../../data/kanji-variants.tsv");

fn table() -> &'static [(char, char)] {
    static PAIRS: OnceLock<Vec<(char, char)>> = OnceLock::new();
    PAIRS.get_or_init(|| {
        let mut pairs: Vec<(char, char)> = TABLE
            .lines()
            .filter(|line| !line.starts_with('#') && !line.is_empty())
            .filter_map(|line| {
                let mut fields = line.split('\t');
                let variant = fields.next()?.chars().next()?;
                let standard = fields.next()?.chars().next()?;
                Some((variant, standard))
            })
            .collect();
        pairs.sort_unstable();
        pairs
    })
}

/// The basic multilingual plane from U+3400 (CJK extension A, unified ideographs,
/// compatibility ideographs) is looked up directly; other planes by binary search.
const DIRECT_FROM: u32 = 0x3400;
const DIRECT_TO: u32 = 0x10000;

/// Standard forms of the plane's characters, indexed from [`DIRECT_FROM`] (the character
/// itself where it has none): folding is on every character of every name and place.
fn direct() -> &'static [char] {
    static DIRECT: OnceLock<Vec<char>> = OnceLock::new();
    DIRECT.get_or_init(|| {
        let mut direct: Vec<char> = (DIRECT_FROM..DIRECT_TO)
            .map(|code| char::from_u32(code).unwrap_or('\u{FFFD}'))
            .collect();
        for &(variant, standard) in table() {
            if (DIRECT_FROM..DIRECT_TO).contains(&(variant as u32)) {
                direct[(variant as u32 - DIRECT_FROM) as usize] = standard;
            }
        }
        direct
    })
}

/// The standard form of a kanji, or the kanji itself when it has none.
pub fn fold_variant(c: char) -> char {
    let code = c as u32;
    if code < DIRECT_FROM {
        return c;
    }
    if code < DIRECT_TO {
        return direct()[(code - DIRECT_FROM) as usize];
    }
    let pairs = table();
    match pairs.binary_search_by_key(&c, |&(variant, _)| variant) {
        Ok(index) => pairs[index].1,
        Err(_) => c,
    }
}

/// Number of variants the table knows.
pub fn table_len() -> usize {
    table().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_the_variants_real_extracts_carry() {
        let cases = [
            ('髙', '高'),
            ('﨑', '崎'),
            ('嵜', '崎'),
            ('邊', '辺'),
            ('邉', '辺'),
            ('齋', '斎'),
            ('齊', '斉'),
            ('澤', '沢'),
            ('濱', '浜'),
            ('嶋', '島'),
            ('冨', '富'),
            ('𠮷', '吉'),
            ('廣', '広'),
            ('國', '国'),
            ('櫻', '桜'),
            ('高', '高'),
            ('山', '山'),
            ('ア', 'ア'),
        ];
        for (variant, standard) in cases {
            assert_eq!(fold_variant(variant), standard, "{variant}");
        }
    }

    #[test]
    fn distinct_standard_kanji_stay_apart() {
        // Pairs that look or sound alike but are different characters; some are paired in
        // a single source (切/功, 傅/伝 in the MJ map) and must not fold on that alone.
        let apart = [
            ('斎', '斉'),
            ('崎', '埼'),
            ('切', '功'),
            ('傅', '伝'),
            ('大', '太'),
            ('土', '士'),
            ('未', '末'),
            ('己', '巳'),
            ('島', '鳥'),
            ('会', '曽'),
        ];
        for (a, b) in apart {
            assert_ne!(
                fold_variant(a),
                fold_variant(b),
                "{a} and {b} must stay apart"
            );
        }
    }

    /// Every JIS X 0208 kanji (rows 16–84), read off EUC-JP.
    fn jis_x_0208_kanji() -> Vec<char> {
        let mut kanji = Vec::new();
        for lead in 0xB0u8..=0xF4 {
            for trail in 0xA1u8..=0xFE {
                let bytes = [lead, trail];
                let (text, _, had_errors) = encoding_rs::EUC_JP.decode(&bytes);
                if !had_errors {
                    kanji.extend(text.chars());
                }
            }
        }
        kanji
    }

    #[test]
    fn two_jis_x_0208_kanji_fold_together_only_when_an_official_list_or_two_sources_say_so() {
        let sources: std::collections::HashMap<char, &str> = TABLE
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let mut fields = line.split('\t');
                let variant = fields.next()?.chars().next()?;
                Some((variant, fields.nth(1)?))
            })
            .collect();
        let kanji = jis_x_0208_kanji();
        assert!(kanji.len() > 6_000, "{} kanji", kanji.len());
        let standard: std::collections::HashSet<char> = kanji.iter().copied().collect();
        let mut folded_pairs = 0;
        for &c in &kanji {
            let target = fold_variant(c);
            if target == c || !standard.contains(&target) {
                continue;
            }
            folded_pairs += 1;
            let attested = sources[&c];
            assert!(
                attested.contains("official") || attested.split(',').count() >= 2,
                "{c} → {target} rests on {attested} alone"
            );
        }
        assert!(folded_pairs > 300, "{folded_pairs}");
    }

    #[test]
    fn the_table_is_a_fixed_point() {
        for &(variant, standard) in table() {
            assert_ne!(variant, standard);
            assert_eq!(
                fold_variant(standard),
                standard,
                "{variant} → {standard} → …"
            );
        }
        assert!(table_len() > 15_000);
    }
}
