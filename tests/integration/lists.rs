//! The lists' contents on testdata/cases: one member per situation, its expected outcome
//! in the carried `expected` column.

use std::collections::BTreeSet;

use crate::util::{Csv, Work};

fn run_cases(work: &Work, extra: &[&str]) {
    work.reconcile_cases("out", extra);
}

fn ids(csv: &Csv) -> BTreeSet<String> {
    csv.values(&csv.header[0]).into_iter().collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn every_case_gets_its_expected_outcome_and_category() {
    let work = Work::new();
    run_cases(&work, &["--quiet"]);
    let results = Csv::read(&work.path("out/results.csv"));
    assert_eq!(results.rows.len(), 26);
    for row in &results.rows {
        let expected = results.get(row, "expected");
        let mut words = expected.split(' ');
        let outcome = words.next().unwrap();
        assert_eq!(results.get(row, "判定コード"), outcome, "{row:?}");
        let category = match words.next() {
            Some("1") => "①",
            Some("2") => "②",
            Some("3") => "③",
            _ => "",
        };
        assert_eq!(results.get(row, "MHLW区分"), category, "{row:?}");
    }
}

#[test]
fn suspension_list_holds_the_suspended_with_full_numbers_and_categories() {
    let work = Work::new();
    run_cases(&work, &["--quiet"]);
    let list = Csv::read(&work.path("out/suspension_list.csv"));
    assert_eq!(
        ids(&list),
        set(&[
            "M004", "M005", "M006", "M007", "M010", "M011", "M012", "M015", "M019", "M027", "M028"
        ])
    );
    let rows = list.by_first_column();
    assert_eq!(list.get(&rows["M004"], "個人番号"), "314159265280");
    assert_eq!(list.get(&rows["M004"], "MHLW区分"), "①");
    assert_eq!(list.get(&rows["M004"], "停止範囲"), "資格情報・医療情報");
    assert_eq!(list.get(&rows["M010"], "相違項目"), "照合なし");
    assert_eq!(list.get(&rows["M006"], "MHLW区分"), "②");
    assert_eq!(list.get(&rows["M006"], "停止範囲"), "医療情報");
    assert_eq!(list.get(&rows["M007"], "MHLW区分"), "③");
    assert_eq!(list.get(&rows["M012"], "個人番号"), "31415926584");
    assert_eq!(list.get(&rows["M010"], "理由コード"), "NOT_IN_REGISTER");
    assert!(list
        .get(&rows["M015"], "理由コード")
        .contains("HELD_BY_OTHER_MEMBERS"));
    assert!(list
        .get(&rows["M019"], "理由コード")
        .contains("LAPSED_CANNOT_BE_ASKED"));
    // Twins holding each other's numbers.
    for twin in ["M027", "M028"] {
        assert_eq!(list.get(&rows[twin], "相違項目"), "漢字氏名・カナ氏名");
        assert_eq!(
            list.get(&rows[twin], "理由コード"),
            "HOUSEHOLD_SWAP;BOTH_NAMES_DIFFER"
        );
    }
}

#[test]
fn contact_list_never_holds_lapsed_members_and_carries_the_route() {
    let work = Work::new();
    run_cases(&work, &["--quiet"]);
    let list = Csv::read(&work.path("out/contact_list.csv"));
    assert_eq!(
        ids(&list),
        set(&[
            "M004", "M005", "M006", "M007", "M008", "M010", "M011", "M012", "M014", "M015", "M017",
            "M021", "M025", "M026", "M027", "M028"
        ])
    );
    let rows = list.by_first_column();
    let office = &rows["M004"];
    assert_eq!(list.get(office, "送付方法"), "事業所経由");
    assert_eq!(list.get(office, "事業所記号"), "E200");
    assert_eq!(list.get(office, "送付先住所"), "");
    assert_eq!(list.get(office, "閲覧停止"), "停止中");
    assert_eq!(list.get(office, "漢字氏名"), "田中 恵子");
    let home = &rows["M017"];
    assert_eq!(list.get(home, "送付方法"), "自宅郵送");
    assert_eq!(list.get(home, "郵便番号"), "420-0853");
    assert_eq!(list.get(home, "送付先住所"), "静岡県静岡市葵区追手町9番6");
    assert_eq!(list.get(home, "閲覧停止"), "");
    // What the member reads: everyday words and what to do, no internal term.
    assert_eq!(
        list.get(&rows["M008"], "お知らせ"),
        "届け出られているご住所が住民票と一致しません。引っ越しをされた場合は、新しいご住所を回答票でお知らせください。"
    );
    assert_eq!(list.get(&rows["M008"], "理由コード"), "ADDRESS_DIFFERS");
    // The values to confirm, as the insurer holds them.
    assert_eq!(list.get(office, "生年月日"), "昭和50年11月11日");
    assert_eq!(list.get(office, "性別"), "女");
}

#[test]
fn review_and_reject_lists() {
    let work = Work::new();
    run_cases(&work, &["--quiet"]);
    let review = Csv::read(&work.path("out/review_list.csv"));
    assert_eq!(ids(&review), set(&["M009", "M016", "M024"]));
    let rows = review.by_first_column();
    assert_eq!(review.get(&rows["M009"], "カナ氏名_判定"), "類似");
    assert_eq!(
        review.get(&rows["M024"], "漢字氏名_判定"),
        "確認不能(代替文字)"
    );
    assert_eq!(review.get(&rows["M024"], "漢字氏名_一致根拠"), "代替文字");
    assert_eq!(review.get(&rows["M024"], "理由コード"), "NAME_UNVERIFIABLE");

    let rejects = Csv::read(&work.path("out/rejects.csv"));
    let described: Vec<(String, String, String)> = rejects
        .rows
        .iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
        .collect();
    let expected = [
        ("members.csv", "21", "M001"),
        ("members.csv", "22", "M022"),
        ("register.csv", "11", ""),
        ("register.csv", "18", ""),
        ("register.csv", "20", ""),
    ]
    .map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()));
    assert_eq!(described, expected);
    assert!(rejects.rows[0][3].contains("重複"));
    assert!(rejects.rows[1][3].contains("列の数"));
}

#[test]
fn results_carry_extra_columns_and_mask_the_number() {
    let work = Work::new();
    run_cases(&work, &["--quiet"]);
    let results = Csv::read(&work.path("out/results.csv"));
    assert_eq!(results.header.last().unwrap(), "expected");
    let rows = results.by_first_column();
    assert_eq!(
        results.get(&rows["M001"], "個人番号(マスク)"),
        "********5077"
    );
    assert_eq!(results.get(&rows["M013"], "個人番号(マスク)"), "");
    assert_eq!(results.get(&rows["M002"], "カナ氏名_判定"), "表記ゆれ一致");
    assert_eq!(results.get(&rows["M018"], "カナ氏名_判定"), "読み近似");
    assert_eq!(
        results.get(&rows["M018"], "カナ氏名_一致根拠"),
        "小書き文字"
    );
    assert_eq!(results.get(&rows["M021"], "生年月日_判定"), "読取不能");
    assert_eq!(results.get(&rows["M023"], "漢字氏名_判定"), "表記ゆれ一致");
    assert_eq!(results.get(&rows["M023"], "漢字氏名_一致根拠"), "異体字");
    assert_eq!(results.get(&rows["M025"], "理由コード"), "SURNAME_CHANGED");
    assert_eq!(results.get(&rows["M009"], "カナ氏名_編集距離"), "1");
    assert_eq!(
        results.get(&rows["M008"], "住所_一致範囲"),
        "同一町域・番地が相違"
    );
    assert_eq!(
        results.get(&rows["M008"], "住所_相違箇所"),
        "丁目: 1 / 4；番: 1 / 4；号: 1 / 4"
    );
}

#[test]
fn summary_counts_match_the_lists() {
    let work = Work::new();
    run_cases(&work, &["--quiet"]);
    let text = std::fs::read_to_string(work.path("out/summary.json")).unwrap();
    let summary: serde_json::Value = serde_json::from_str(&text).unwrap();
    let counts = &summary["counts"];
    assert_eq!(counts["by_outcome"]["suspend"], 11);
    assert_eq!(counts["by_outcome"]["contact"], 6);
    assert_eq!(counts["by_outcome"]["review"], 3);
    assert_eq!(counts["by_outcome"]["ok"], 5);
    assert_eq!(counts["by_outcome"]["unregistered"], 1);
    assert_eq!(counts["contacted"], 16);
    assert_eq!(counts["by_mhlw_category"]["1"], 4);
    assert_eq!(counts["by_mhlw_category"]["2"], 4);
    assert_eq!(counts["by_reason"]["SURNAME_CHANGED"], 1);
    assert_eq!(counts["members_read"], 28);
    assert_eq!(counts["members_rejected"], 2);
    assert_eq!(counts["register_rows_read"], 25);
    assert_eq!(counts["register_rows_rejected"], 3);
    assert_eq!(counts["register_exact_duplicates"], 1);
    assert_eq!(summary["outputs"]["suspension_list.csv"], 11);
    assert_eq!(summary["outputs"]["contact_list.csv"], 16);
    assert_eq!(
        summary["inputs"]["members"]["sha256"]
            .as_str()
            .unwrap()
            .len(),
        64
    );
    assert_eq!(summary["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(summary["config"]["output"]["encoding"], "utf-8-bom");
    assert_eq!(summary["policy"]["name"], "default");
    assert_eq!(summary["policy"]["rules"][0]["name"], "number_malformed");
}

#[test]
fn cp932_output_when_configured() {
    let work = Work::new();
    let config = work.write("config.toml", "[output]\nencoding = \"cp932\"\n");
    run_cases(&work, &["--quiet", "--config", config.to_str().unwrap()]);
    let bytes = std::fs::read(work.path("out/contact_list.csv")).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err(), "not CP932");
    let (text, _, had_errors) = encoding_rs::SHIFT_JIS.decode(&bytes);
    assert!(!had_errors);
    assert!(text.starts_with("加入者ID,漢字氏名"));
    assert!(text.contains("田中 恵子"));
}

#[cfg(unix)]
#[test]
fn outputs_are_private_to_their_owner() {
    let work = Work::new();
    run_cases(&work, &["--quiet"]);
    let mode = |p: &str| work.mode(p);
    assert_eq!(mode("out"), 0o700);
    for name in [
        "results.csv",
        "suspension_list.csv",
        "contact_list.csv",
        "review_list.csv",
        "rejects.csv",
        "summary.json",
    ] {
        assert_eq!(mode(&format!("out/{name}")), 0o600, "{name}");
    }
    let leftovers: Vec<_> = std::fs::read_dir(work.path("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
