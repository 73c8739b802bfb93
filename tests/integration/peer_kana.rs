//! Peer test cases for kana and width (testdata/peer/, see its README): jaconv (Python and
//! npm), mojimoji, neologdn and jageocoder. Each row's input and expected output are the
//! same name in different notation, so our keys must meet on the rung the conversion
//! belongs to. Romanisation rows are outside our scope and counted as skipped.

use std::collections::BTreeMap;

use myna_recon::normalize::kana::{normalize_kana_name, KanaRung};
use myna_recon::normalize::kanji::normalize_kanji_name;

use crate::util::repo_path;

/// How a row is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Check {
    /// Width and script: the notation key.
    Notation,
    /// Small kana written large: the small-kana rung.
    SmallKana,
    /// Long-vowel marks and look-alikes: the loosest rung.
    LongVowel,
    /// Kanji variants: the kanji variant key.
    KanjiVariant,
    /// Romanisation: out of scope.
    Skip,
}

fn check_for(function: &str) -> Check {
    match function {
        "enlarge_smallkana" => Check::SmallKana,
        "normalize" => Check::LongVowel,
        "itaiji.Converter.standardize" => Check::KanjiVariant,
        // Romanisation, and neologdn's collapsing of repeated phrases, are not notation
        // of a name.
        "kana2alphabet" | "alphabet2kana" | "kata2alphabet" | "hiragana2julius" | "toHebon"
        | "shorten_repeat" => Check::Skip,
        _ => Check::Notation,
    }
}

fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn meets(check: Check, input: &str, expected: &str) -> bool {
    let kana =
        |rung| normalize_kana_name(input).key(rung) == normalize_kana_name(expected).key(rung);
    match check {
        Check::Notation => kana(KanaRung::Notation),
        Check::SmallKana => kana(KanaRung::SmallKana),
        Check::LongVowel => kana(KanaRung::LongVowel),
        Check::KanjiVariant => {
            normalize_kanji_name(input).variant_key == normalize_kanji_name(expected).variant_key
        }
        Check::Skip => true,
    }
}

struct Row {
    source: String,
    test: String,
    function: String,
    input: String,
    expected: String,
}

fn read_rows(file: &str, source_column: Option<&str>) -> Vec<Row> {
    let text = std::fs::read_to_string(repo_path(file)).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (test, function, input, expected) =
        (at("test"), at("function"), at("input"), at("expected"));
    let status = header.iter().position(|h| *h == "status");
    let source = source_column.map(at);
    lines
        .map(|line| line.split('\t').collect::<Vec<_>>())
        // Rows upstream never ran (and that do not hold for it) are not evidence.
        .filter(|f| status.is_none_or(|s| !f[s].starts_with("not_run_upstream")))
        .map(|f| Row {
            source: source.map_or("pypi:jaconv".to_owned(), |s| {
                f[s].split('@').next().unwrap().to_owned()
            }),
            test: f[test].to_owned(),
            function: f[function].to_owned(),
            input: unescape(f[input]),
            expected: unescape(f[expected]),
        })
        .collect()
}

/// Rows where we deliberately differ: a pattern of the failure line and the reason.
const DELIBERATE: &[(&str, &str)] = &[
    (
        "zenhan.spec.ts toHanAscii",
        "curly quotes and ￥ are not width forms of ASCII; npm jaconv and mojimoji disagree on ￥ and no name holds them",
    ),
    (
        "zenhan.spec.ts toZenAscii",
        "the same quote and ￥ pairs, the other way round",
    ),
    (
        "test_zen_to_han zen_to_han: \"＃？！￥＼\"",
        "￥ (U+FFE5) is kept: mojimoji folds it to ¥, npm jaconv to a backslash",
    ),
    (
        "test_han_to_zen han_to_zen: \"#?!¥\\\\\"",
        "¥ (U+00A5) is not ASCII and is kept",
    ),
    (
        "〰い\" vs \"わい\"",
        "in a reading a wave dash after kana stands for a long vowel; neologdn drops it as decoration",
    ),
    (
        "チルダ~∼∾〜〰～",
        "the same: tildes after kana are long vowels in a reading; ∾ is not a dash",
    ),
    (
        "itaiji.Converter.standardize",
        "jageocoder's address folds (numerals, の/ノ, ヶ/ガ) belong to the address normaliser, not to names",
    ),
];

#[test]
fn peer_kana_cases_meet_on_their_rung() {
    let mut rows = read_rows("testdata/peer/kana-jaconv-py.tsv", None);
    rows.extend(read_rows(
        "testdata/peer/kana-width-other.tsv",
        Some("source"),
    ));
    let mut tally: BTreeMap<(String, String), (usize, usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for row in &rows {
        let check = check_for(&row.function);
        let entry = tally
            .entry((row.source.clone(), row.function.clone()))
            .or_default();
        if check == Check::Skip {
            entry.2 += 1;
        } else if meets(check, &row.input, &row.expected) {
            entry.0 += 1;
        } else {
            entry.1 += 1;
            failures.push(format!(
                "{} {} {}: {:?} vs {:?}",
                row.source, row.test, row.function, row.input, row.expected
            ));
        }
    }
    let report: Vec<String> = tally
        .iter()
        .map(|((source, function), (pass, fail, skip))| {
            format!("{source} {function}: {pass} pass, {fail} fail, {skip} skipped")
        })
        .collect();
    for (pattern, reason) in DELIBERATE {
        assert!(
            failures.iter().any(|f| f.contains(pattern)),
            "deliberate difference {pattern:?} ({reason}) no longer happens: remove it"
        );
    }
    let unexplained: Vec<&String> = failures
        .iter()
        .filter(|f| !DELIBERATE.iter().any(|(needle, _)| f.contains(needle)))
        .collect();
    assert!(
        unexplained.is_empty(),
        "{}\n\nfailures:\n{}",
        report.join("\n"),
        failures.join("\n")
    );
    let passed: usize = tally.values().map(|t| t.0).sum();
    println!("{}\n{passed} pass", report.join("\n"));
}
