//! Files that went through a spreadsheet: past a share of damaged rows the run stops before
//! judging, naming the file, column, kind, count and first line (never a value); below it the
//! damaged rows are judged and the damage named.

use crate::util::{generate, Csv, Run, Work};

/// Generated members (modern, UTF-8) with `damage` applied to the number (field 1) or birth
/// date (field 4) of the rows `chosen` picks; returns the file's path and the damaged ids.
fn damaged_members(
    work: &Work,
    chosen: impl Fn(usize, &[&str]) -> bool,
    field: usize,
    damage: impl Fn(&str) -> String,
) -> (std::path::PathBuf, Vec<String>) {
    let text = std::fs::read_to_string(work.path("gen/members.csv")).unwrap();
    let mut ids = Vec::new();
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let mut fields: Vec<String> = line.split(',').map(str::to_owned).collect();
        let borrowed: Vec<&str> = line.split(',').collect();
        if i > 0 && !borrowed[field].is_empty() && chosen(i, &borrowed) {
            fields[field] = damage(borrowed[field]);
            ids.push(fields[0].clone());
        }
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    (work.write("gen/damaged.csv", out), ids)
}

/// Runs `members` against the generated register into `out`; results.csv and its rows by id.
fn judged(
    work: &Work,
    members: &std::path::Path,
) -> (Csv, std::collections::HashMap<String, Vec<String>>) {
    work.reconcile(members, &work.path("gen/register.csv"), "out", &["--quiet"])
        .expect_code(0);
    let results = Csv::read(&work.path("out/results.csv"));
    let rows = results.by_first_column();
    (results, rows)
}

/// Runs `members` against the generated register, which must stop the run (exit 1).
fn refused(work: &Work, members: &std::path::Path) -> Run {
    let run = work.reconcile(members, &work.path("gen/register.csv"), "out", &["--quiet"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    run
}

fn setup() -> Work {
    let work = Work::new();
    generate(&work, "gen", 2_000, 21, "modern");
    work
}

#[test]
fn a_file_of_numbers_in_scientific_notation_stops_the_run() {
    let work = setup();
    let (members, _) = damaged_members(
        &work,
        |_, _| true,
        1,
        |n| format!("{}.{}E+11", &n[..1], &n[1..6]),
    );
    let run = refused(&work, &members);
    let stderr = run.stderr();
    for needle in [
        "damaged.csv",
        "column `my_number`",
        "scientific notation",
        "the first on line 3",
    ] {
        assert!(stderr.contains(needle), "{needle} not in {stderr}");
    }
    // No value: neither a damaged one nor the number it was.
    let text = std::fs::read_to_string(&members).unwrap();
    let line = text.lines().nth(2).unwrap();
    let value = line.split(',').nth(1).unwrap();
    assert!(!stderr.contains(value), "a value echoed: {stderr}");
    assert!(!stderr.contains(&value[..1 + 3]), "{stderr}");
    assert!(
        !work.path("out").exists(),
        "nothing judged, nothing written"
    );
}

#[test]
fn leading_zeros_lost_past_the_share_stop_the_run_and_below_it_are_named() {
    let work = setup();
    // Every number starting with 0 loses it: about one in ten.
    let starts_with_zero = |_: usize, fields: &[&str]| fields[1].starts_with('0');
    let (members, ids) = damaged_members(&work, starts_with_zero, 1, |n| n[1..].to_owned());
    assert!(ids.len() > 100, "{}", ids.len());
    let run = refused(&work, &members);
    assert!(
        run.stderr().contains("lost their leading zero"),
        "{}",
        run.stderr()
    );

    // One in a hundred: judged, each suspended with the cause named.
    let few = |i: usize, fields: &[&str]| fields[1].starts_with('0') && i.is_multiple_of(10);
    let (members, ids) = damaged_members(&work, few, 1, |n| n[1..].to_owned());
    assert!(!ids.is_empty());
    let (results, rows) = judged(&work, &members);
    for id in &ids {
        let row = &rows[id];
        assert_eq!(results.get(row, "判定コード"), "suspend", "{id}");
        assert!(
            results.get(row, "理由コード").contains("LEADING_ZERO_LOST"),
            "{id}"
        );
        assert!(
            results
                .get(row, "理由")
                .contains("先頭の「0」が欠けています"),
            "{id}"
        );
    }
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(work.path("out/summary.json")).unwrap())
            .unwrap();
    // (The generator's cut numbers count too where their 0-prefixed form passes the check.)
    let counted = &summary["inputs"]["members"]["spreadsheet_damage"]["my_number"];
    assert!(
        counted["leading_zero_lost"].as_u64().unwrap() >= ids.len() as u64,
        "{counted}"
    );
}

#[test]
fn birth_dates_as_serial_numbers_stop_the_run() {
    let work = setup();
    let every_tenth = |i: usize, _: &[&str]| i.is_multiple_of(10);
    let (members, _) = damaged_members(&work, every_tenth, 4, |_| "25000".to_owned());
    let run = refused(&work, &members);
    for needle in ["column `birth_date`", "serial numbers", "line 11"] {
        assert!(run.stderr().contains(needle), "{needle}: {}", run.stderr());
    }
}

#[test]
fn text_marks_a_spreadsheet_leaves_on_whole_numbers_are_notation() {
    let work = setup();
    let few = |i: usize, _: &[&str]| i.is_multiple_of(50);
    let turn = std::cell::Cell::new(0);
    let (members, ids) = damaged_members(&work, few, 1, |n| {
        turn.set(turn.get() + 1);
        match turn.get() % 3 {
            0 => format!("'{n}"),
            1 => format!("=\"{n}\""),
            _ => format!("{n}.0"),
        }
    });
    assert!(ids.len() >= 30);
    work.reconcile(
        &members,
        &work.path("gen/register.csv"),
        "marked",
        &["--quiet"],
    )
    .expect_code(0);
    work.reconcile(
        &work.path("gen/members.csv"),
        &work.path("gen/register.csv"),
        "clean",
        &["--quiet"],
    )
    .expect_code(0);
    let (marked, clean) = (
        Csv::read(&work.path("marked/results.csv")),
        Csv::read(&work.path("clean/results.csv")),
    );
    let (marked_rows, clean_rows) = (marked.by_first_column(), clean.by_first_column());
    for id in &ids {
        assert_eq!(
            marked.get(&marked_rows[id], "判定コード"),
            clean.get(&clean_rows[id], "判定コード"),
            "{id}"
        );
    }
}

#[test]
fn a_few_dates_a_spreadsheet_changed_are_named_for_the_member() {
    let work = setup();
    let few = |i: usize, fields: &[&str]| i.is_multiple_of(60) && fields[4].len() == 8;
    let (members, ids) = damaged_members(&work, few, 4, |date| {
        // 19700312 → 3/12/1970
        format!(
            "{}/{}/{}",
            &date[4..6].trim_start_matches('0'),
            &date[6..],
            &date[..4]
        )
    });
    assert!(!ids.is_empty());
    let (results, rows) = judged(&work, &members);
    let named = ids
        .iter()
        .filter(|id| {
            results
                .get(&rows[*id], "理由コード")
                .contains("BIRTH_DATE_SPREADSHEET_DAMAGE")
        })
        .count();
    // Every one whose register row was compared (not those with no usable number).
    let compared = ids
        .iter()
        .filter(|id| !results.get(&rows[*id], "生年月日_判定").is_empty())
        .count();
    assert_eq!(named, compared, "{ids:?}");
    assert!(named > 0);
}
