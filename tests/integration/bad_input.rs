//! Bad input gets a clear answer: one sentence naming file, line and column, or a
//! rejects.csv row — never a panic, never a silent drop. One test per case.

use crate::util::{Csv, Run, Work};

const HEADER: &str = "member_id,my_number,name_kanji,name_kana,birth_date,sex,address\n";
const REGISTER: &str = "my_number,name_kanji,name_kana,birth_date,sex,address\n\
    123456789018,山田　太郎,ヤマダ　タロウ,19700101,1,東京都千代田区紀尾井町1-1\n";
const GOOD_ROW: &str =
    "A1,123456789018,山田 太郎,ヤマダ タロウ,19700101,1,東京都千代田区紀尾井町1-1\n";

/// Runs members (bytes) against the standard register.
fn run_members(members: impl AsRef<[u8]>) -> (Work, Run) {
    let work = Work::new();
    let members = work.write("members.csv", members);
    let register = work.write("register.csv", REGISTER);
    let run = work.reconcile(&members, &register, "out", &["--quiet"]);
    (work, run)
}

fn rejects(work: &Work) -> Vec<Vec<String>> {
    Csv::read(&work.path("out/rejects.csv")).rows
}

fn results(work: &Work) -> Csv {
    Csv::read(&work.path("out/results.csv"))
}

fn assert_stderr(run: &Run, needles: &[&str]) {
    let stderr = run.stderr();
    for needle in needles {
        assert!(stderr.contains(needle), "{needle:?} not in {stderr:?}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one sentence: {stderr}");
}

#[test]
fn an_open_quote_is_a_reject_naming_the_line_and_swallows_nothing() {
    let (work, run) = run_members(format!(
        "{HEADER}{GOOD_ROW}A2,,\"山田 花子,ヤマダ ハナコ,19700101,2,東京都\nA3,,x,x,19700101,1,y\nA4,,\"z\",x,19700101,1,y\n"
    ));
    run.expect_code(0);
    let rejects = rejects(&work);
    assert_eq!(rejects.len(), 1);
    assert_eq!(
        (rejects[0][1].as_str(), rejects[0][2].as_str()),
        ("3", "A2")
    );
    assert!(rejects[0][3].contains("引用符"), "{:?}", rejects[0]);
    // The rows after it are judged: none is lost.
    let ids: Vec<String> = results(&work).rows.iter().map(|r| r[0].clone()).collect();
    assert_eq!(ids, ["A1", "A3", "A4"]);
}

#[test]
fn a_wrong_column_count_is_a_reject() {
    let (work, run) = run_members(format!("{HEADER}{GOOD_ROW}A2,,山田,ヤマダ,19700101\n"));
    run.expect_code(0);
    let rejects = rejects(&work);
    assert_eq!(
        (rejects[0][1].as_str(), rejects[0][2].as_str()),
        ("3", "A2")
    );
    assert!(rejects[0][3].contains("列の数が見出しと合いません（見出し7列、この行5列）"));
}

#[test]
fn a_missing_required_column_stops_the_run() {
    let (_, run) = run_members(
        "member_id,my_number,name_kanji,name_kana,birth_date,sex\nA1,,x,x,19700101,1\n",
    );
    let run = run.expect_code(1);
    assert_stderr(
        &run,
        &["members.csv", "no column `address`", "[members.columns]"],
    );
}

#[test]
fn an_empty_file_stops_the_run() {
    let (_, run) = run_members("");
    assert_stderr(&run.expect_code(1), &["members.csv", "the file is empty"]);
}

#[test]
fn a_header_without_rows_stops_the_run() {
    let (_, run) = run_members(HEADER);
    assert_stderr(
        &run.expect_code(1),
        &["members.csv", "header row but no data rows"],
    );
}

#[test]
fn undecodable_bytes_name_line_and_column() {
    let mut bytes = format!("{HEADER}{GOOD_ROW}A2,,").into_bytes();
    bytes.extend_from_slice(b"\xff\xfe");
    bytes.extend_from_slice("x,x,19700101,1,y\n".as_bytes());
    let (_, run) = run_members(bytes);
    assert_stderr(
        &run.expect_code(1),
        &["members.csv: line 3, column 5", "UTF-8"],
    );
}

#[test]
fn a_file_that_is_not_text_is_refused() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01";
    let (_, run) = run_members(png);
    assert_stderr(
        &run.expect_code(1),
        &["members.csv", "not a text CSV/TSV file"],
    );
}

#[test]
fn nul_bytes_name_their_line() {
    let (_, run) = run_members(format!("{HEADER}{GOOD_ROW}A2,,山田\0,x,19700101,1,y\n"));
    assert_stderr(&run.expect_code(1), &["members.csv: line 3", "NUL"]);
}

#[test]
fn a_ten_megabyte_field_is_a_reject() {
    let huge = "長".repeat(10 * 1024 * 1024 / 3);
    let (work, run) = run_members(format!("{HEADER}{GOOD_ROW}A2,,{huge},x,19700101,1,y\n"));
    run.expect_code(0);
    let rejects = rejects(&work);
    assert_eq!(rejects[0][1], "3");
    assert!(
        rejects[0][3].contains("3列目の項目が長すぎます"),
        "{:?}",
        &rejects[0][3]
    );
}

#[test]
fn a_duplicate_member_id_is_a_reject() {
    let (work, run) = run_members(format!("{HEADER}{GOOD_ROW}{GOOD_ROW}"));
    run.expect_code(0);
    let rejects = rejects(&work);
    assert_eq!(rejects.len(), 1);
    assert!(rejects[0][3].contains("加入者IDが重複しています（2行目と同じ）"));
}

#[test]
fn impossible_dates_are_unreadable_and_asked_about() {
    let numbers = [
        "314159265077",
        "314159265140",
        "314159265212",
        "314159265280",
        "314159265352",
    ];
    let dates = [
        "19700230",
        "平成32年1月1日",
        "昭和65年1月1日",
        "6450312",
        "1970年2月30日",
    ];
    let person = "山田 太郎,ヤマダ タロウ";
    let rows: String = numbers
        .iter()
        .zip(dates)
        .map(|(number, date)| {
            format!("D{number},{number},{person},{date},1,東京都千代田区紀尾井町1-1\n")
        })
        .collect();
    let register: String = numbers
        .iter()
        .map(|number| format!("{number},{person},19700101,1,東京都千代田区紀尾井町1-1\n"))
        .collect();
    let work = Work::new();
    let members = work.write("members.csv", format!("{HEADER}{rows}"));
    let register = work.write(
        "register.csv",
        format!(
            "{}{register}",
            REGISTER.lines().next().unwrap().to_owned() + "\n"
        ),
    );
    work.reconcile(&members, &register, "out", &["--quiet"])
        .expect_code(0);
    let results = results(&work);
    assert_eq!(results.rows.len(), 5);
    for row in &results.rows {
        assert_eq!(results.get(row, "生年月日_判定"), "読取不能", "{row:?}");
        assert!(results
            .get(row, "理由コード")
            .contains("BIRTH_DATE_OR_SEX_UNREADABLE"));
        assert!(results
            .get(row, "理由")
            .contains("生年月日または性別を読み取れません"));
    }
}

#[test]
fn numbers_of_the_wrong_length_are_malformed_and_notation_is_folded() {
    let rows = "N11,12345678901,山田 太郎,ヤマダ タロウ,19700101,1,東京都千代田区紀尾井町1-1\n\
                N13,1234567890180,山田 太郎,ヤマダ タロウ,19700101,1,東京都千代田区紀尾井町1-1\n\
                NFW,１２３４５６７８９０１８,山田 太郎,ヤマダ タロウ,19700101,1,東京都千代田区紀尾井町1-1\n\
                NHY,1234-5678-9018,山田 太郎,ヤマダ タロウ,19700101,1,東京都千代田区紀尾井町1-1\n";
    let (work, run) = run_members(format!("{HEADER}{rows}"));
    run.expect_code(0);
    let results = results(&work);
    let rows = results.by_first_column();
    for id in ["N11", "N13"] {
        assert_eq!(results.get(&rows[id], "番号状態"), "形式不正");
        assert_eq!(results.get(&rows[id], "理由コード"), "NUMBER_MALFORMED");
    }
    // Full-width and hyphenated forms are the same number: matched, and held twice.
    for id in ["NFW", "NHY"] {
        assert_eq!(results.get(&rows[id], "番号状態"), "照合済");
        assert_eq!(
            results.get(&rows[id], "理由コード"),
            "HELD_BY_OTHER_MEMBERS"
        );
    }
}

#[test]
fn the_same_number_twice_in_the_register_with_different_data_is_a_reject() {
    let work = Work::new();
    let members = work.write("members.csv", format!("{HEADER}{GOOD_ROW}"));
    let register = work.write(
        "register.csv",
        format!("{REGISTER}123456789018,山田　次郎,ヤマダ　ジロウ,19720101,1,東京都\n"),
    );
    work.reconcile(&members, &register, "out", &["--quiet"])
        .expect_code(0);
    let rejects = rejects(&work);
    assert_eq!(rejects[0][0], "register.csv");
    assert_eq!(rejects[0][1], "3");
    assert!(rejects[0][3].contains("同じ個人番号の行が2行目にもあり、内容が異なります"));
}

#[test]
fn swapped_members_and_register_are_detected() {
    let work = Work::new();
    let members = work.write("members.csv", format!("{HEADER}{GOOD_ROW}"));
    let register = work.write("register.csv", REGISTER);
    let run = work
        .reconcile(&register, &members, "out", &[])
        .expect_code(1);
    assert_stderr(
        &run,
        &["register.csv", "were --members and --register swapped?"],
    );
}

#[test]
fn a_quoted_line_break_in_the_register_is_one_row() {
    let work = Work::new();
    let members = work.write("members.csv", format!("{HEADER}{GOOD_ROW}"));
    let register = work.write(
        "register.csv",
        "my_number,name_kanji,name_kana,birth_date,sex,address\n\
         123456789018,山田　太郎,ヤマダ　タロウ,19700101,1,\"東京都千代田区\n紀尾井町1-1\"\n",
    );
    work.reconcile(&members, &register, "out", &["--quiet"])
        .expect_code(0);
    assert!(rejects(&work).is_empty(), "{:?}", rejects(&work));
    let results = results(&work);
    assert_eq!(results.get(&results.rows[0], "判定コード"), "ok");
}

#[test]
fn formulas_and_script_text_stay_inert_in_every_output() {
    let (work, run) = run_members(
        "member_id,my_number,name_kanji,name_kana,birth_date,sex,address,office_code,note\n\
         A1,123456789018,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",<!--<script>,19700101,1,+cmd,-2+3,@SUM(A1)\n\
         A2,,</script><script>alert(1)</script>,ヤマダ,19700101,1,東京都,=1+1,\t=2\n",
    );
    run.expect_code(0);
    let out = work.path("out");
    let mut checked = 0;
    for entry in std::fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            for row in Csv::read(&path).rows {
                for cell in row {
                    let live = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
                    assert!(!live, "{}: a live formula {cell:?}", path.display());
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 0);
    let results = results(&work);
    // A carried column keeps its text, as text.
    assert_eq!(results.get(&results.rows[0], "note"), "'@SUM(A1)");
    // The page's data cannot close its script or open a comment: three script elements
    // (labels, members, code), as the page has without hostile text, and the names are
    // there, escaped.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert_eq!(html.matches("<script").count(), 3, "script elements");
    assert_eq!(html.matches("</script>").count(), 3, "script ends");
    assert!(!html.contains("<!--"));
    assert!(
        html.contains("\\u003c!--\\u003cscript>"),
        "the kana name, escaped"
    );
}

#[test]
fn the_members_file_given_as_the_register_is_refused() {
    let work = Work::new();
    let members = work.write("members.csv", format!("{HEADER}{GOOD_ROW}"));
    let copy = work.write("copy.csv", format!("{HEADER}{GOOD_ROW}"));
    let link = work.path("link.csv");
    std::os::unix::fs::symlink(&members, &link).unwrap();
    let other_rows = work.write(
        "other.csv",
        format!("{HEADER}A9,123456789018,x,x,19700101,1,y\n"),
    );
    for (register, needle) in [
        (&copy, "same content"),
        (&link, "same content"),
        (&other_rows, "same columns"),
    ] {
        let run = work.reconcile(&members, register, "out", &["--quiet"]);
        assert_eq!(run.code(), 1, "{}", run.stderr());
        assert_stderr(&run, &[register.to_str().unwrap(), needle]);
        assert!(!work.path("out").exists());
    }
}

#[test]
fn a_header_repeated_mid_file_is_a_reject_not_a_member() {
    let (work, run) = run_members(format!(
        "{HEADER}{GOOD_ROW}{HEADER}{}",
        GOOD_ROW.replace("A1", "A2")
    ));
    run.expect_code(0);
    let rejects = rejects(&work);
    assert_eq!(rejects.len(), 1, "{rejects:?}");
    assert_eq!(rejects[0][1], "3");
    assert!(rejects[0][3].contains("見出し行が繰り返されています"));
    let ids: Vec<String> = results(&work).rows.iter().map(|r| r[0].clone()).collect();
    assert_eq!(ids, ["A1", "A2"]);
}

#[test]
fn a_column_named_twice_stops_the_run() {
    let (_, run) = run_members(format!(
        "member_id,my_number,name_kanji,name_kana,birth_date,sex,address,name_kanji\n{}",
        GOOD_ROW.replace('\n', ",x\n")
    ));
    assert_eq!(run.code(), 1);
    assert_stderr(
        &run,
        &["members.csv", "`name_kanji` twice (columns 3 and 8)"],
    );
}

#[test]
fn a_file_without_its_header_does_not_echo_its_first_row() {
    let (_, run) = run_members(format!("{GOOD_ROW}{}", GOOD_ROW.replace("A1", "A2")));
    assert_eq!(run.code(), 1);
    assert_stderr(&run, &["members.csv", "looks like data"]);
    for secret in ["123456789018", "山田", "紀尾井町"] {
        assert!(!run.stderr().contains(secret), "{}", run.stderr());
    }
}

#[test]
fn an_open_quote_in_the_register_costs_one_row_not_the_rest() {
    let work = Work::new();
    let members = work.write(
        "members.csv",
        format!("{HEADER}{GOOD_ROW}A2,123456789026,佐藤 花子,サトウ ハナコ,19800101,2,東京都千代田区紀尾井町1-2\n"),
    );
    let register = work.write(
        "register.csv",
        "my_number,name_kanji,name_kana,birth_date,sex,address\n\
         999999999999,\"壊れた,行,19700101,1,x\n\
         123456789018,山田　太郎,ヤマダ　タロウ,19700101,1,東京都千代田区紀尾井町1-1\n\
         123456789026,佐藤　花子,サトウ　ハナコ,19800101,2,東京都千代田区紀尾井町1-2\n",
    );
    work.reconcile(&members, &register, "out", &["--quiet"])
        .expect_code(0);
    let rejects = rejects(&work);
    assert_eq!(rejects.len(), 1, "{rejects:?}");
    assert_eq!(
        (rejects[0][0].as_str(), rejects[0][1].as_str()),
        ("register.csv", "2")
    );
    let results = results(&work);
    for row in &results.rows {
        assert_eq!(results.get(row, "判定コード"), "ok", "{row:?}");
    }
}

#[test]
fn operator_files_with_the_wrong_shape_say_what_they_need() {
    let work = Work::new();
    let members = work.write("members.csv", format!("{HEADER}{GOOD_ROW}"));
    let register = work.write("register.csv", REGISTER);
    work.write("resolutions.csv", "id,what\nA1,理由付き疑いなし\n");
    let run = work.reconcile(
        &members,
        &register,
        "out",
        &["--quiet", "--resolutions", "resolutions.csv"],
    );
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_stderr(
        &run,
        &["resolutions.csv", "member_id, decision, reason, date, who"],
    );
    assert!(
        !run.stderr().contains("[resolutions.columns]"),
        "{}",
        run.stderr()
    );

    // A policy that can never suspend is a configuration error.
    work.write("never.toml", "[policy]\nrules = []\n");
    let run = work.reconcile(
        &members,
        &register,
        "out",
        &["--quiet", "--config", "never.toml"],
    );
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert_stderr(&run, &["never.toml", "never be suspended"]);
}

#[test]
fn a_spreadsheets_unicode_text_utf16_is_read() {
    let work = Work::new();
    let text = format!("{HEADER}{GOOD_ROW}")
        .replace(',', "\t")
        .replace('\n', "\r\n");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let members = work.write("members.txt", utf16);
    let register = work.write("register.csv", REGISTER);
    work.reconcile(&members, &register, "out", &["--quiet"])
        .expect_code(0);
    let results = results(&work);
    assert_eq!(results.rows.len(), 1);
    assert_eq!(results.get(&results.rows[0], "判定コード"), "ok");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(work.path("out/summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["inputs"]["members"]["encoding"], "UTF-16LE");
    // A file with NUL bytes and no such mark is still not text.
    let (_, run) = run_members(b"member_id\0,x\n1,2\n");
    assert_eq!(run.code(), 1);
    assert_stderr(&run, &["NUL bytes"]);
}

#[test]
fn empty_fields_past_the_header_are_what_a_spreadsheet_writes() {
    // Every row as wide as the sheet's widest column: empty fields the header does not name.
    let (work, run) = run_members(format!(
        "{HEADER}{}{}",
        GOOD_ROW.replace('\n', ",,,\n"),
        GOOD_ROW.replace("A1", "A2").replace('\n', ",,note\n")
    ));
    run.expect_code(0);
    let results = results(&work);
    assert_eq!(results.rows.len(), 1, "the row with empty fields is judged");
    assert_eq!(results.get(&results.rows[0], "判定コード"), "ok");
    // Text past the header is not ignored: that row is a reject.
    let rejects = rejects(&work);
    assert_eq!(rejects.len(), 1);
    assert_eq!(rejects[0][2], "A2");
    assert!(rejects[0][3].contains("列の数"), "{:?}", rejects[0]);
}
