//! Crossed numbers within households, over generated households (myna-synth/src: twins whose
//! given names share a reading or differ by a variant kanji, spouses born on one day, a
//! father and son of one name, and every other household): whatever the two members have in
//! common, a member holding another member's number is suspended for a household reason;
//! in a household where every member holds its own number, nobody is.

use std::collections::{HashMap, HashSet};

use proptest::prelude::{any, prop_assert, prop_assert_eq, proptest};

use crate::util::{generate, Csv, Work};

/// Household reasons: the register's person for the number is another member.
const HOUSEHOLD_REASONS: [&str; 3] = [
    "HOUSEHOLD_SWAP",
    "TWINS_CROSSED",
    "NUMBER_OF_HOUSEHOLD_MEMBER",
];

proptest! {
    // A fixed seed: the same households each run; each case is a run of the program on
    // 3,000 generated members (about 60 household pairs).
    #![proptest_config(proptest::test_runner::Config {
        cases: 12,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x6D79_6E61),
        ..proptest::test_runner::Config::default()
    })]

    #[test]
    fn crossed_numbers_are_suspended_and_own_numbers_are_not(seed in any::<u32>()) {
        let work = Work::new();
        generate(&work, "gen", 3_000, u64::from(seed), "modern");
        work.reconcile(
            &work.path("gen/members.csv"),
            &work.path("gen/register.csv"),
            "out",
            &["--quiet"],
        )
        .expect_code(0);
        let truth = Csv::read(&work.path("gen/truth.csv"));
        let results = Csv::read(&work.path("out/results.csv"));
        let outcome: HashMap<&str, (&str, &str)> = results
            .rows
            .iter()
            .map(|row| {
                (
                    row[0].as_str(),
                    (results.get(row, "判定コード"), results.get(row, "理由コード")),
                )
            })
            .collect();
        let household = |id: &str| id.rsplit_once('-').map_or(id, |(h, _)| h).to_owned();
        // Households where some member holds a number not its own.
        let with_wrong_link: HashSet<String> = truth
            .rows
            .iter()
            .filter(|row| truth.get(row, "wrong_link") == "1")
            .map(|row| household(&row[0]))
            .collect();
        let mut crossed = 0;
        for row in &truth.rows {
            let (code, reasons) = outcome[row[0].as_str()];
            let household_reason = HOUSEHOLD_REASONS.iter().any(|r| reasons.contains(r));
            match truth.get(row, "case") {
                "household_swap" | "twins_crossed" => {
                    crossed += 1;
                    prop_assert_eq!(code, "suspend", "{} {}", &row[0], reasons);
                    prop_assert!(household_reason, "{} {}", &row[0], reasons);
                }
                _ if !with_wrong_link.contains(&household(&row[0])) => {
                    prop_assert!(!household_reason, "{} {}", &row[0], reasons);
                }
                _ => {}
            }
        }
        prop_assert!(crossed > 0);
    }
}
