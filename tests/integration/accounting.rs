//! Every member row read ends in exactly one of results.csv and rejects.csv, and the
//! summary's counts add up.

use std::collections::HashMap;

use crate::util::{generate, Csv, Work};

/// Checks that results rows plus member rejects are the data rows, each id once in results.
fn assert_each_row_once(work: &Work, out: &str, members_file: &str, data_rows: usize) {
    let results = Csv::read(&work.path(&format!("{out}/results.csv")));
    let rejects = Csv::read(&work.path(&format!("{out}/rejects.csv")));
    let files = rejects.values("ファイル");
    let member_rejects = files.iter().filter(|f| *f == members_file).count();
    assert_eq!(
        results.rows.len() + member_rejects,
        data_rows,
        "results {} + member rejects {member_rejects} != rows read {data_rows}",
        results.rows.len()
    );
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for row in &results.rows {
        *seen.entry(row[0].as_str()).or_default() += 1;
    }
    assert!(
        seen.values().all(|&n| n == 1),
        "a member id twice in results"
    );

    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(work.path(&format!("{out}/summary.json"))).unwrap(),
    )
    .unwrap();
    let counts = &summary["counts"];
    let by_outcome: u64 = counts["by_outcome"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(by_outcome as usize, results.rows.len());
    assert_eq!(
        counts["members_judged"].as_u64().unwrap() + counts["members_rejected"].as_u64().unwrap(),
        counts["members_read"].as_u64().unwrap()
    );
    assert_eq!(counts["members_read"].as_u64().unwrap() as usize, data_rows);
}

#[test]
fn testdata_cases_rows_are_each_accounted_for_once() {
    let work = Work::new();
    work.reconcile_cases("out", &["--quiet"]);
    assert_each_row_once(&work, "out", "members.csv", 28);
}

#[test]
fn messy_generated_rows_are_each_accounted_for_once() {
    let work = Work::new();
    generate(&work, "gen", 2_000, 11, "modern");
    let mut members = std::fs::read_to_string(work.path("gen/members.csv")).unwrap();
    // Rows a hand-edited spreadsheet adds: short, long, id-less, duplicated, blank lines.
    members.push_str("X-SHORT,123\n");
    members.push_str(
        "X-LONG,,山田 太郎,ヤマダ タロウ,19700101,1,東京都,h,本人,o,office,active,p,d,extra\n",
    );
    members.push_str(",,名無し,ナナシ,19700101,1,東京都,h,本人,o,office,active,p,d\n");
    members.push_str("\n\n");
    let first_data_row = members.lines().nth(1).unwrap().to_owned();
    members.push_str(&first_data_row);
    members.push('\n');
    members
        .push_str("X-DATE,,山田 花子,ヤマダ ハナコ,平成32年1月1日,9,,h,本人,o,office,active,p,d\n");
    work.write("gen/messy.csv", members);
    work.reconcile(
        &work.path("gen/messy.csv"),
        &work.path("gen/register.csv"),
        "out",
        &["--quiet"],
    )
    .expect_code(0);
    assert_each_row_once(&work, "out", "messy.csv", 2_000 + 5);
    let rejects = Csv::read(&work.path("out/rejects.csv"));
    assert_eq!(
        rejects.rows.len(),
        4,
        "short, long, id-less and duplicated rows"
    );
}
