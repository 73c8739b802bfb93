//! Generated data with ground truth (10^4 members, both export styles): every wrong-number
//! case is suspended or contacted, and notation alone never flags a correct link.

use myna_recon::evaluate::grade;
use myna_recon::synth::Case;

use crate::util::{generate, repo_path, Work};

fn graded(style: &str, seed: u64) -> myna_recon::evaluate::Grade {
    let work = Work::new();
    generate(&work, "gen", 10_000, seed, style);
    work.reconcile(
        &work.path("gen/members.csv"),
        &work.path("gen/register.csv"),
        "out",
        &["--quiet"],
    )
    .expect_code(0);
    grade(&work.path("gen/truth.csv"), &work.path("out")).unwrap()
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
