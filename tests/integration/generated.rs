//! Generated data with ground truth (10^4 members, both export styles), under both
//! policies. Default: every wrong-number case is suspended or contacted, notation alone
//! never flags a correct link, and a correct link is suspended only when a lapsed member's
//! address doubt cannot be asked about. mhlw-2023: the outcome is the ①②③ table on every
//! record.

use std::collections::HashMap;

use myna_synth::evaluate::{grade, Grade};
use myna_synth::Case;

use crate::util::{generate, repo_path, Csv, Work};

/// Generates, runs both policies, and grades the default run.
fn graded(style: &str, seed: u64) -> Grade {
    let work = Work::new();
    generate(&work, "gen", 10_000, seed, style);
    let (members, register) = (work.path("gen/members.csv"), work.path("gen/register.csv"));
    work.reconcile(&members, &register, "out", &["--quiet"])
        .expect_code(0);
    let config = work.write("mhlw.toml", "[policy]\nprofile = \"mhlw-2023\"\n");
    work.reconcile(
        &members,
        &register,
        "out-mhlw",
        &["--quiet", "--config", config.to_str().unwrap()],
    )
    .expect_code(0);
    assert_mhlw_table(style, &Csv::read(&work.path("out-mhlw/results.csv")));
    assert_correct_links_suspended_only_when_lapsed(
        style,
        &Csv::read(&work.path("gen/truth.csv")),
        &Csv::read(&work.path("out/results.csv")),
    );
    grade(&work.path("gen/truth.csv"), &work.path("out")).unwrap()
}

/// mhlw-2023: a member compared with the register is suspended exactly when ①②③ applies,
/// and otherwise nothing is done; one that cannot be compared is suspended for its number
/// or, without one, unregistered.
fn assert_mhlw_table(style: &str, results: &Csv) {
    let mut compared = 0;
    for row in &results.rows {
        let outcome = results.get(row, "判定コード");
        let category = results.get(row, "MHLW区分");
        match results.get(row, "番号状態") {
            "照合済" => {
                compared += 1;
                let expected = if category.is_empty() { "ok" } else { "suspend" };
                assert_eq!(outcome, expected, "{style}: {row:?}");
            }
            "未登録" => assert_eq!(outcome, "unregistered", "{style}: {row:?}"),
            _ => assert_eq!(outcome, "suspend", "{style}: {row:?}"),
        }
    }
    assert!(compared > 9_000, "{style}: only {compared} compared");
}

/// The only correct links the default policy suspends are lapsed members whose register
/// address differs with nothing in the household to say they moved: they cannot be asked,
/// and a same-name, same-birth stranger looks the same.
fn assert_correct_links_suspended_only_when_lapsed(style: &str, truth: &Csv, results: &Csv) {
    let wrong_link: HashMap<&str, bool> = truth
        .rows
        .iter()
        .map(|row| (row[0].as_str(), truth.get(row, "wrong_link") == "1"))
        .collect();
    for row in &results.rows {
        if wrong_link[row[0].as_str()] || results.get(row, "判定コード") != "suspend" {
            continue;
        }
        let reasons = results.get(row, "理由コード");
        assert!(
            reasons.contains("LAPSED_CANNOT_BE_ASKED")
                && (reasons.contains("ADDRESS_DIFFERS")
                    || reasons.contains("ADDRESS_NOT_SHARED_BY_HOUSEHOLD")),
            "{style}: correct link {} suspended for {reasons}",
            row[0]
        );
    }
}

/// Correct links whose member record differs from the register in notation only (names
/// included): never suspended, contacted or reviewed — except placeholders and names
/// written in kana, which cannot be verified and go to review.
const NOTATION_CASES: [Case; 4] = [
    Case::KanjiVariant,
    Case::KanaLoose,
    Case::Placeholder,
    Case::KanjiInKana,
];

/// The same notation on a household that moved: reviewed as a household move or contacted
/// about the move, never suspended for the notation (a lapsed member, who cannot be asked,
/// is suspended for the move).
const MOVED_NOTATION_CASES: [Case; 4] = [
    Case::MovedKanjiVariant,
    Case::MovedKanaNotation,
    Case::MovedPlaceholder,
    Case::MovedSurnameChange,
];

fn assert_grade(style: &str, seed: u64) {
    let grade = graded(style, seed);
    let table = grade.to_markdown();
    assert_eq!(grade.wrong_links_missed(), 0, "{style}:\n{table}");
    assert_eq!(grade.notation_flagged(), 0, "{style}:\n{table}");
    for (case, tally) in &grade.by_case {
        assert_eq!(tally.missing, 0, "{style} {case:?} lost rows:\n{table}");
        if *case == Case::Exact || case.is_notation_only() || NOTATION_CASES.contains(case) {
            assert_eq!(tally.suspended, 0, "{style} {case:?}:\n{table}");
            assert_eq!(tally.contacted, 0, "{style} {case:?}:\n{table}");
        }
        if matches!(case, Case::KanjiVariant | Case::KanaLoose) {
            assert_eq!(tally.review, 0, "{style} {case:?}:\n{table}");
        }
        if MOVED_NOTATION_CASES.contains(case) || *case == Case::SurnameChange {
            assert_eq!(tally.nothing, 0, "{style} {case:?}:\n{table}");
            assert!(
                tally.suspended * 10 <= tally.rows,
                "{style} {case:?}:\n{table}"
            );
        }
        // Numbers crossed within a household are suspended, never merely asked about.
        if matches!(case, Case::HouseholdSwap | Case::TwinsCrossed) {
            assert_eq!(tally.suspended, tally.rows, "{style} {case:?}:\n{table}");
        }
        // A member whose register address the rest of the household does not share is
        // asked (it may be a same-name stranger).
        if *case == Case::MovedAlone {
            assert_eq!(
                tally.nothing + tally.review,
                0,
                "{style} {case:?}:\n{table}"
            );
        }
        // Surname changes and birth-date slips of the same person are asked about, not
        // suspended (but for the lapsed, who cannot be asked).
        if matches!(case, Case::SurnameChange | Case::BirthDateSlip) {
            assert!(
                tally.contact_only * 10 >= tally.rows * 8,
                "{style} {case:?}:\n{table}"
            );
        }
    }
    // Every kind of case was generated.
    for case in Case::ALL {
        assert!(
            grade.by_case.get(&case).is_some_and(|t| t.rows > 0),
            "{style}: no {case:?} rows"
        );
    }
}

#[test]
fn modern_export_wrong_links_found_and_notation_left_alone() {
    assert_grade("modern", 1);
}

#[test]
fn legacy_export_wrong_links_found_and_notation_left_alone() {
    assert_grade("legacy", 2);
}

#[test]
fn shipped_testdata_is_what_gen_writes() {
    let work = Work::new();
    generate(&work, "modern", 500, 1, "modern");
    generate(&work, "legacy", 500, 2, "legacy");
    for (dir, shipped) in [("modern", "testdata"), ("legacy", "testdata/legacy")] {
        for name in ["members.csv", "register.csv", "truth.csv"] {
            assert!(
                std::fs::read(work.path(&format!("{dir}/{name}"))).unwrap()
                    == std::fs::read(repo_path(&format!("{shipped}/{name}"))).unwrap(),
                "{shipped}/{name} is stale: regenerate it with scripts/gen-testdata"
            );
        }
    }
}
