//! Name normalisers and their comparison: never panic, keys are fixed points.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_recon::normalize::kana::{normalize_kana_name, KanaRung};
use myna_recon::normalize::kanji::normalize_kanji_name;

fuzz_target!(|text: &str| {
    let kanji = normalize_kanji_name(text);
    assert_eq!(normalize_kanji_name(&kanji.display).variant_key, kanji.variant_key);
    let kana = normalize_kana_name(text);
    for rung in KanaRung::ALL {
        assert_eq!(normalize_kana_name(kana.key(rung)).key(rung), kana.key(rung));
    }
    let _ = kana.matching_rung(&normalize_kana_name(&kanji.display));
});
