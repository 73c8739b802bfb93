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
        "number_request_list.csv",
        "rejects.csv",
        "summary.json",
        "report.html",
        "letters.html",
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

/// Every run of `len` or more consecutive digits in `text`, whole.
fn digit_runs(text: &str, len: usize) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() >= len)
        .collect()
}

/// The members file damaged each way real extracts are, and the register likewise: no
/// number (12 digits, or 11 left of one) reaches stderr, stdout or any output but the
/// suspension list, whether the run completes or stops.
#[test]
fn no_number_leaks_from_damaged_files() {
    let work = Work::new();
    generate(&work, "gen", 1_500, 23, "modern");
    let members = std::fs::read_to_string(work.path("gen/members.csv")).unwrap();
    let register = std::fs::read_to_string(work.path("gen/register.csv")).unwrap();
    let lines: Vec<&str> = members.lines().collect();
    let header = lines[0];
    let body = &lines[1..];
    let join = |rows: Vec<String>| rows.join("\n") + "\n";
    let each = |f: &dyn Fn(usize, &str) -> String| -> String {
        let mut rows = vec![header.to_owned()];
        rows.extend(body.iter().enumerate().map(|(i, row)| f(i, row)));
        join(rows)
    };
    let number_field = |row: &str, f: &dyn Fn(&str) -> String| -> String {
        let mut fields: Vec<String> = row.split(',').map(str::to_owned).collect();
        fields[1] = f(&fields[1]);
        fields.join(",")
    };
    let damaged_members: Vec<(&str, String)> = vec![
        (
            "open quote",
            each(&|i, row| {
                if i == 40 {
                    row.replacen(',', ",\"", 2)
                } else {
                    row.to_owned()
                }
            }),
        ),
        // The number copied into a carried column (as a clerk's note would).
        ("number in a carried column", {
            let mut rows = vec![format!("{header},note")];
            rows.extend(body.iter().map(|row| {
                let number = row.split(',').nth(1).unwrap_or("");
                format!("{row},番号{number}")
            }));
            join(rows)
        }),
        (
            "no header",
            join(body.iter().map(|r| r.to_string()).collect()),
        ),
        (
            "header repeated",
            each(&|i, row| {
                if i == 700 {
                    format!("{header}\n{row}")
                } else {
                    row.to_owned()
                }
            }),
        ),
        (
            "lost leading zeros (few)",
            each(&|i, row| {
                number_field(row, &|n| {
                    if i % 40 == 0 && n.starts_with('0') {
                        n[1..].to_owned()
                    } else {
                        n.to_owned()
                    }
                })
            }),
        ),
        (
            "lost leading zeros (many)",
            each(&|_, row| number_field(row, &|n| n.strip_prefix('0').unwrap_or(n).to_owned())),
        ),
        (
            "scientific notation",
            each(&|_, row| {
                number_field(row, &|n| {
                    if n.len() == 12 {
                        format!("{}.{}E+11", &n[..1], &n[1..6])
                    } else {
                        n.to_owned()
                    }
                })
            }),
        ),
        (
            "apostrophes and formulas",
            each(&|i, row| {
                number_field(row, &|n| {
                    if i % 3 == 0 {
                        format!("'{n}")
                    } else {
                        format!("=\"{n}\"")
                    }
                })
            }),
        ),
        (
            "quoted line breaks",
            each(&|i, row| {
                if i % 7 == 0 {
                    row.replacen(",", ",\"", 1).replacen(',', "\n\",", 2)
                } else {
                    row.to_owned()
                }
            }),
        ),
        (
            "wrong field counts",
            each(&|i, row| {
                if i % 9 == 0 {
                    format!("{row},x,y")
                } else {
                    row.to_owned()
                }
            }),
        ),
    ];
    let register_lines: Vec<&str> = register.lines().collect();
    let damaged_register: Vec<(&str, String)> = vec![
        ("register open quote", {
            let mut rows: Vec<String> = register_lines.iter().map(|r| r.to_string()).collect();
            rows[30] = rows[30].replacen(',', ",\"", 1);
            join(rows)
        }),
        ("register number twice", {
            let mut rows: Vec<String> = register_lines.iter().map(|r| r.to_string()).collect();
            rows.push(rows[3].replacen(",", ",別人", 1));
            join(rows)
        }),
    ];
    let mut numbers: HashSet<String> = HashSet::new();
    for text in [&members, &register] {
        numbers.extend(digit_runs(text, 11).iter().map(|r| r.to_string()));
        numbers.extend(digit_runs(text, 12).iter().map(|r| r[1..].to_string()));
    }
    let cases = damaged_members
        .iter()
        .map(|(name, text)| (*name, text.as_str(), register.as_str()))
        .chain(
            damaged_register
                .iter()
                .map(|(name, text)| (*name, members.as_str(), text.as_str())),
        );
    for (case, members_text, register_text) in cases {
        let members_path = work.write("case/members.csv", members_text);
        let register_path = work.write("case/register.csv", register_text);
        let _ = std::fs::remove_dir_all(work.path("case/out"));
        let run = work.reconcile(&members_path, &register_path, "case/out", &[]);
        assert!([0, 1].contains(&run.code()), "{case}: {}", run.stderr());
        let mut texts = vec![
            ("stderr".to_owned(), run.stderr()),
            ("stdout".to_owned(), run.stdout()),
        ];
        if let Ok(entries) = std::fs::read_dir(work.path("case/out")) {
            for entry in entries {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                if name != "suspension_list.csv" {
                    texts.push((
                        name,
                        String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned(),
                    ));
                }
            }
        }
        for (name, text) in &texts {
            let leaked: Vec<&str> = digit_runs(text, 11)
                .into_iter()
                .filter(|run| numbers.contains(*run))
                .collect();
            assert!(
                leaked.is_empty(),
                "{case}: {name} holds {} numbers",
                leaked.len()
            );
        }
    }
}
