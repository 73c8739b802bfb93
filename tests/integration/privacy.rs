//! The full My Number appears only in suspension_list.csv: never in stderr, stdout,
//! results, contact or review lists, rejects or the summary.

use std::collections::HashSet;

use crate::util::{generate, Csv, Work};

/// Every run of 12 consecutive digits in `text`.
fn twelve_digit_runs(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut start = None;
    for i in 0..=bytes.len() {
        let digit = i < bytes.len() && bytes[i].is_ascii_digit();
        match (digit, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if i - s >= 12 {
                    for offset in s..=i - 12 {
                        found.push(text[offset..offset + 12].to_owned());
                    }
                }
                start = None;
            }
            _ => {}
        }
    }
    found
}

fn numbers_in_inputs(work: &Work, dir: &str) -> HashSet<String> {
    let mut numbers = HashSet::new();
    for name in ["members.csv", "register.csv"] {
        let bytes = std::fs::read(work.path(&format!("{dir}/{name}"))).unwrap();
        let (text, _, _) = encoding_rs::SHIFT_JIS.decode(&bytes);
        let text = if std::str::from_utf8(&bytes).is_ok() {
            String::from_utf8(bytes).unwrap()
        } else {
            text.into_owned()
        };
        // Numbers may be written 1234-5678-9012 in legacy files.
        numbers.extend(twelve_digit_runs(&text.replace('-', "")));
        numbers.extend(twelve_digit_runs(&text));
    }
    numbers
}

fn assert_no_number_outside_the_suspension_list(style: &str, seed: u64) {
    let work = Work::new();
    generate(&work, "gen", 3_000, seed, style);
    let numbers = numbers_in_inputs(&work, "gen");
    assert!(numbers.len() > 2_000);
    // Without --quiet, so the console summary is scanned too.
    let run = work
        .reconcile(
            &work.path("gen/members.csv"),
            &work.path("gen/register.csv"),
            "out",
            &[],
        )
        .expect_code(0);
    let mut texts = vec![
        ("stderr".to_owned(), run.stderr()),
        ("stdout".to_owned(), run.stdout()),
    ];
    for name in [
        "results.csv",
        "contact_list.csv",
        "review_list.csv",
        "rejects.csv",
        "summary.json",
        "report.html",
    ] {
        texts.push((
            name.to_owned(),
            std::fs::read_to_string(work.path(&format!("out/{name}"))).unwrap(),
        ));
    }
    for (name, text) in &texts {
        let leaked: Vec<&String> = twelve_digit_runs(text)
            .iter()
            .filter_map(|run| numbers.get(run))
            .collect();
        assert!(
            leaked.is_empty(),
            "{name} holds {} My Numbers",
            leaked.len()
        );
    }
    let suspension = Csv::read(&work.path("out/suspension_list.csv"));
    let full = suspension.values("個人番号");
    assert!(!full.is_empty());
    assert!(full
        .iter()
        .filter(|n| n.len() == 12)
        .all(|n| numbers.contains(n)));
}

#[test]
fn modern_export_number_never_leaks() {
    assert_no_number_outside_the_suspension_list("modern", 21);
}

#[test]
fn legacy_export_number_never_leaks() {
    assert_no_number_outside_the_suspension_list("legacy", 22);
}

#[test]
fn error_messages_do_not_echo_numbers() {
    let work = Work::new();
    let members = work.write(
        "m.csv",
        "member_id,my_number,name_kanji,name_kana,birth_date,sex\nA,123456789018,山田,ヤマダ,19700101,1\n",
    );
    let register = work.write("r.csv", "my_number,name_kanji\n123456789018,山田\n");
    let run = work
        .reconcile(&members, &register, "out", &[])
        .expect_code(1);
    assert!(run.stderr().contains("address"), "{}", run.stderr());
    assert!(
        twelve_digit_runs(&run.stderr()).is_empty(),
        "{}",
        run.stderr()
    );
}
