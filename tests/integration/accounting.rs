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
    for file in ["members", "register"] {
        assert_lines_add_up(&summary["inputs"][file]);
    }
}

/// Every line of an input is the header, blank, a row or inside a row's quoted field, and
/// every row read is used, rejected or an exact repeat.
fn assert_lines_add_up(input: &serde_json::Value) {
    let n = |key: &str| {
        input[key]
            .as_u64()
            .unwrap_or_else(|| panic!("{key} in {input}"))
    };
    assert_eq!(
        n("lines"),
        n("header_lines") + n("blank_lines") + n("lines_inside_quoted_fields") + n("rows_read"),
        "{input}"
    );
    assert_eq!(
        n("rows_read"),
        n("rows_used") + n("rows_rejected") + n("rows_repeated_exactly"),
        "{input}"
    );
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

#[test]
fn every_line_of_damaged_files_is_accounted_for() {
    let work = Work::new();
    generate(&work, "gen", 1_000, 12, "modern");
    let members = std::fs::read_to_string(work.path("gen/members.csv")).unwrap();
    let mut lines: Vec<String> = members.lines().map(str::to_owned).collect();
    let header = lines[0].clone();
    // A quote left open (line 11), a header repeated as if two exports were joined (line
    // 301), a row with a quoted line break in its address (line 401, two lines), blank and
    // white-space lines, CRLF line ends on some rows.
    lines[10] = lines[10].replacen(",", ",\"", 2);
    lines.insert(300, header.clone());
    let row = lines[400].clone();
    let mut fields: Vec<String> = row.split(',').map(str::to_owned).collect();
    fields[6] = format!("\"{}\n{}\"", &fields[6], "（方書）");
    lines[400] = fields.join(",");
    lines.insert(500, String::new());
    lines.insert(600, "   ".into());
    for line in lines.iter_mut().skip(700).take(50) {
        line.push('\r');
    }
    let damaged = lines.join("\n") + "\n\n";
    work.write("gen/damaged.csv", &damaged);
    // The register: a row twice exactly, a row whose number repeats with other data, a row
    // with a quoted line break.
    let register = std::fs::read_to_string(work.path("gen/register.csv")).unwrap();
    let mut rows: Vec<String> = register.lines().map(str::to_owned).collect();
    let twice = rows[5].clone();
    rows.push(twice);
    let other = rows[6].replacen(",", ",別人", 1);
    rows.push(other);
    // A row cut short.
    rows.insert(10, "123456789018,切れた行".into());
    let last = rows.len() - 3;
    rows[last] = rows[last].replacen(",", ",\"", 5).replacen(",\"", ",", 4) + "\n\"";
    work.write("gen/register-damaged.csv", rows.join("\n") + "\n");
    work.reconcile(
        &work.path("gen/damaged.csv"),
        &work.path("gen/register-damaged.csv"),
        "out",
        &["--quiet"],
    )
    .expect_code(0);
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(work.path("out/summary.json")).unwrap())
            .unwrap();
    let members = &summary["inputs"]["members"];
    assert_lines_add_up(members);
    assert_lines_add_up(&summary["inputs"]["register"]);
    let n = |key: &str| members[key].as_u64().unwrap();
    assert_eq!(n("lines_inside_quoted_fields"), 1, "{members}");
    assert_eq!(n("blank_lines"), 3, "{members}");
    // The 1,000 members and the repeated header are rows; the open quote's row and the
    // repeated header are rejects; nothing is swallowed.
    assert_eq!(n("rows_read"), 1_001, "{members}");
    assert_eq!(n("rows_rejected"), 2, "{members}");
    assert_eq!(n("rows_used"), 999, "{members}");
    let register = &summary["inputs"]["register"];
    assert_eq!(register["rows_repeated_exactly"], 1, "{register}");
    // The row cut short and the number repeated with other data.
    assert_eq!(register["rows_rejected"], 2, "{register}");
    assert_eq!(register["lines_inside_quoted_fields"], 1, "{register}");
    assert_each_row_once(&work, "out", "damaged.csv", 1_001);
}
