//! Auditors and operators: determinism across thread counts, resolutions honoured and
//! invalidated, re-run comparisons, and the report.

use std::collections::BTreeMap;

use sha2::Digest;

use crate::util::{generate, repo_path, Csv, Work};

/// Every output file's bytes, with the run's timestamps blanked in report.html and
/// summary.json left out (it records the time and the thread count).
fn outputs(work: &Work, dir: &str) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(work.path(dir)).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "summary.json" {
            continue;
        }
        let mut bytes = std::fs::read(entry.path()).unwrap();
        if name == "report.html" {
            let text = String::from_utf8(bytes).unwrap();
            let start = text.find("<tr><th>実行（日本時間）</th>").unwrap();
            let end = start + text[start..].find("</tr>").unwrap();
            bytes = format!("{}{}", &text[..start], &text[end..]).into_bytes();
        }
        files.insert(name, bytes);
    }
    files
}

#[test]
fn outputs_are_identical_whatever_the_thread_count() {
    let work = Work::new();
    generate(&work, "gen", 4_000, 31, "modern");
    let (members, register) = (work.path("gen/members.csv"), work.path("gen/register.csv"));
    work.reconcile(&members, &register, "base", &["--quiet", "--jobs", "2"])
        .expect_code(0);
    let mut runs = Vec::new();
    for jobs in ["1", "3", "8"] {
        let out = format!("jobs{jobs}");
        work.reconcile(
            &members,
            &register,
            &out,
            &["--quiet", "--jobs", jobs, "--previous", "base"],
        )
        .expect_code(0);
        runs.push((jobs, outputs(&work, &out)));
    }
    let (_, first) = &runs[0];
    assert!(first.contains_key("diff.csv") && first.contains_key("report.html"));
    assert_eq!(
        first.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "contact_list.csv",
            "diff.csv",
            "letters.html",
            "lift_list.csv",
            "number_request_list.csv",
            "rejects.csv",
            "report.html",
            "results.csv",
            "review_list.csv",
            "suspension_list.csv"
        ]
    );
    for (jobs, files) in &runs[1..] {
        for (name, bytes) in first {
            assert!(files[name] == *bytes, "{name} differs with --jobs {jobs}");
        }
    }
}

#[test]
fn outputs_are_identical_whatever_the_chunk_size_and_the_household_order() {
    let work = Work::new();
    generate(&work, "gen", 3_000, 37, "modern");
    let (members, register) = (work.path("gen/members.csv"), work.path("gen/register.csv"));
    work.reconcile(&members, &register, "base", &["--quiet"])
        .expect_code(0);
    let base = outputs(&work, "base");

    // Small chunks (cut only between households): the same bytes.
    work.reconcile(
        &members,
        &register,
        "chunked",
        &["--quiet", "--chunk-members", "37"],
    )
    .expect_code(0);
    let chunked = outputs(&work, "chunked");
    for (name, bytes) in &base {
        assert!(chunked[name] == *bytes, "{name} differs in chunks of 37");
    }

    // Households scattered over the file: every list holds the same rows.
    let text = std::fs::read_to_string(&members).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let body: Vec<&str> = lines.collect();
    let count = body.len();
    let mut scattered = format!("{header}\n");
    for i in 0..count {
        scattered.push_str(body[i * 7_919 % count]);
        scattered.push('\n');
    }
    let members = work.write("scattered.csv", scattered);
    work.reconcile(
        &members,
        &register,
        "scattered",
        &["--quiet", "--chunk-members", "50"],
    )
    .expect_code(0);
    let rows = |dir: &str, name: &str| {
        let text = std::fs::read_to_string(work.path(&format!("{dir}/{name}"))).unwrap();
        let mut rows: Vec<String> = text.lines().map(str::to_owned).collect();
        rows.sort();
        rows
    };
    for name in [
        "results.csv",
        "suspension_list.csv",
        "contact_list.csv",
        "review_list.csv",
    ] {
        let expected = rows("base", name);
        assert!(expected.len() > 10, "{name}: {} rows", expected.len());
        assert!(expected == rows("scattered", name), "{name} differs");
    }
}

fn results_by_id(work: &Work, dir: &str) -> (Csv, BTreeMap<String, Vec<String>>) {
    let results = Csv::read(&work.path(&format!("{dir}/results.csv")));
    let rows = results.by_first_column().into_iter().collect();
    (results, rows)
}

#[test]
fn resolutions_are_honoured_until_the_data_change() {
    let work = Work::new();
    let members = repo_path("testdata/cases/members.csv");
    let register_text = std::fs::read_to_string(repo_path("testdata/cases/register.csv")).unwrap();
    let register = work.write("register.csv", &register_text);
    work.reconcile(&members, &register, "first", &["--quiet"])
        .expect_code(0);
    let (results, rows) = results_by_id(&work, "first");
    let fingerprint = |id: &str| results.get(&rows[id], "照合データ指紋").to_owned();
    work.write(
        "resolutions.csv",
        format!(
            "member_id,decision,reason,date,who,fingerprint\n\
             M008,理由付き疑いなし,転居を確認,2026-11-20,佐藤,{}\n\
             M007,理由付き疑いなし,本人に確認,2026-11-20,佐藤,{}\n\
             M009,理由付き疑いなし,読みを確認,2026-11-20,佐藤,\n\
             X999,訂正済,番号を訂正,2026-11-20,佐藤,0123456789abcdef\n",
            fingerprint("M008"),
            fingerprint("M007")
        ),
    );

    // The same data: M007 and M008 are settled, M009 (no fingerprint) is judged afresh.
    work.reconcile(
        &members,
        &register,
        "second",
        &["--quiet", "--resolutions", "resolutions.csv"],
    )
    .expect_code(0);
    let (results, rows) = results_by_id(&work, "second");
    assert_eq!(results.get(&rows["M007"], "判定コード"), "resolved");
    assert_eq!(results.get(&rows["M008"], "判定コード"), "resolved");
    assert_eq!(
        results.get(&rows["M008"], "解決記録の扱い"),
        "適用（データ変更なし）"
    );
    assert!(results
        .get(&rows["M008"], "解決記録")
        .contains("転居を確認"));
    assert_eq!(results.get(&rows["M009"], "判定コード"), "review");
    assert!(results
        .get(&rows["M009"], "解決記録の扱い")
        .contains("指紋がない"));
    let suspended = Csv::read(&work.path("second/suspension_list.csv")).values("加入者ID");
    let contacted = Csv::read(&work.path("second/contact_list.csv")).values("加入者ID");
    assert!(!suspended.contains(&"M007".to_owned()));
    assert!(!contacted.contains(&"M008".to_owned()) && !contacted.contains(&"M007".to_owned()));
    let rejects = Csv::read(&work.path("second/rejects.csv"));
    let unknown: Vec<&Vec<String>> = rejects.rows.iter().filter(|r| r[2] == "X999").collect();
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0][0], "resolutions.csv");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(work.path("second/summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["resolutions"]["honoured"], 2);
    assert_eq!(summary["resolutions"]["judged_afresh"], 1);
    assert_eq!(summary["resolutions"]["unknown_member_ids"], 1);
    // The report shows every resolution applied or judged afresh, with the file and its
    // hash, and each member's card data.
    let report = std::fs::read_to_string(work.path("second/report.html")).unwrap();
    let sha256 = summary["resolutions"]["sha256"].as_str().unwrap();
    assert!(report.contains("解決記録の適用"));
    assert!(report.contains(&format!("resolutions.csv（SHA-256 {sha256}）")));
    let rows = embedded(&report, "report-rows");
    let with_resolution: BTreeMap<&str, &serde_json::Value> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("rv").is_some())
        .map(|r| (r["id"].as_str().unwrap(), &r["rv"]))
        .collect();
    assert_eq!(
        with_resolution.keys().copied().collect::<Vec<_>>(),
        ["M007", "M008", "M009"]
    );
    assert_eq!(with_resolution["M008"]["d"], "理由付き疑いなし");
    assert_eq!(with_resolution["M008"]["r"], "転居を確認");
    assert_eq!(with_resolution["M008"]["w"], "佐藤");
    assert_eq!(with_resolution["M008"]["s"], "適用（データ変更なし）");
    // explain honours the resolutions the run used.
    let explained = work
        .run(&[
            "explain",
            "--member",
            "M008",
            "--members",
            members.to_str().unwrap(),
            "--register",
            register.to_str().unwrap(),
            "--resolutions",
            "resolutions.csv",
            "--json",
        ])
        .expect_code(0)
        .stdout();
    let explained: serde_json::Value = serde_json::from_str(&explained).unwrap();
    assert_eq!(explained["outcome_code"], "resolved");
    assert_eq!(explained["resolution"]["status"], "適用（データ変更なし）");
    assert!(with_resolution["M009"]["s"]
        .as_str()
        .unwrap()
        .starts_with("再判定"));

    // The register now answers another address for M008: judged afresh; M007 unchanged.
    let moved = register_text.replace(
        "埼玉県さいたま市浦和区高砂4丁目4番4号",
        "埼玉県さいたま市浦和区高砂5丁目5番5号",
    );
    assert_ne!(moved, register_text);
    let register = work.write("register.csv", moved);
    work.reconcile(
        &members,
        &register,
        "third",
        &["--quiet", "--resolutions", "resolutions.csv"],
    )
    .expect_code(0);
    let (results, rows) = results_by_id(&work, "third");
    assert_eq!(results.get(&rows["M008"], "判定コード"), "contact");
    assert!(results
        .get(&rows["M008"], "解決記録の扱い")
        .contains("データが変更"));
    assert_eq!(results.get(&rows["M007"], "判定コード"), "resolved");
    let contacted = Csv::read(&work.path("third/contact_list.csv")).values("加入者ID");
    assert!(contacted.contains(&"M008".to_owned()));
}

#[test]
fn reruns_tell_new_persisting_and_resolved_flags() {
    let work = Work::new();
    let register = repo_path("testdata/cases/register.csv");
    let original = std::fs::read_to_string(repo_path("testdata/cases/members.csv")).unwrap();
    let members = work.write("members.csv", &original);
    work.reconcile(&members, &register, "old", &["--quiet"])
        .expect_code(0);

    // Corrected extract: M005's sex fixed (resolved), M001's birth date mistyped (new),
    // M008 left the insurer (resolved: no longer in the file).
    let corrected: String = original
        .lines()
        .filter(|line| !line.starts_with("M008,"))
        .map(|line| {
            if line.starts_with("M005,") {
                line.replace(",19820202,1,", ",19820202,2,")
            } else if line.starts_with("M001,314159265077") {
                line.replace(",19700312,", ",19700313,")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    let members = work.write("members.csv", corrected);
    work.reconcile(
        &members,
        &register,
        "new",
        &["--quiet", "--previous", "old"],
    )
    .expect_code(0);
    let diff = Csv::read(&work.path("new/diff.csv"));
    let change: BTreeMap<String, String> = diff
        .rows
        .iter()
        .map(|r| (r[0].clone(), diff.get(r, "区分コード").to_owned()))
        .collect();
    assert_eq!(change["M001"], "new");
    assert_eq!(change["M005"], "resolved");
    assert_eq!(change["M008"], "resolved");
    assert_eq!(change["M004"], "persists");
    assert!(!change.contains_key("M002"), "never flagged");

    // `diff OLD NEW` writes the same comparison.
    work.run(&["diff", "old", "new", "--out", "diff-again.csv"])
        .expect_code(0);
    assert_eq!(
        std::fs::read(work.path("diff-again.csv")).unwrap(),
        std::fs::read(work.path("new/diff.csv")).unwrap()
    );
    let report = std::fs::read_to_string(work.path("new/report.html")).unwrap();
    assert!(report.contains("前回の照合との比較"));
    // The previous run is named with the hash of the results.csv read, in the report and
    // in summary.json; each card says whether its flag is new or persists.
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(work.path("new/summary.json")).unwrap())
            .unwrap();
    let old_results = std::fs::read(work.path("old/results.csv")).unwrap();
    let sha256: String = sha2::Sha256::digest(&old_results)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(summary["previous"]["results_sha256"], sha256.as_str());
    assert!(report.contains(&format!("results.csv の SHA-256 {sha256}")));
    let rows = embedded(&report, "report-rows");
    let change_of = |id: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .map(|r| r["ch"].clone())
    };
    assert_eq!(change_of("M001"), Some("new".into()));
    assert_eq!(change_of("M004"), Some("persists".into()));
    // Resolved since: listed by id in the page, not as a card of a flagged member.
    assert_eq!(change_of("M005"), None);
    assert!(report.contains("<td>M005</td>"));
    assert_no_english_codes(&report);
}

#[test]
fn report_is_self_contained_and_lists_every_flagged_member() {
    let work = Work::new();
    work.reconcile_cases("out", &["--quiet"]);
    let report = std::fs::read_to_string(work.path("out/report.html")).unwrap();
    assert!(report.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"));
    for forbidden in [
        "<link",
        " src=",
        "@import",
        "url(",
        "https://",
        "http://www.w3.org/1999",
    ] {
        assert!(!report.contains(forbidden), "{forbidden}");
    }
    assert_eq!(
        report.matches("<svg").count(),
        2,
        "outcome and reason charts"
    );
    assert!(
        report.contains("<th>判定ポリシー</th><td>default（"),
        "the policy is named"
    );
    for heading in [
        "判定別の件数",
        "厚生労働省の区分（2023年）× 判定",
        "理由別の件数",
        "照合パターン",
        "項目別の照合結果",
        "判定ポリシーの規則（default）",
    ] {
        assert!(report.contains(heading), "{heading}");
    }
    // Printed on A4 landscape, highlights kept.
    assert!(report.contains("@page{size:A4 landscape"));
    assert!(report.contains("print-color-adjust:exact"));
    // Times in Japan time, with the offset.
    assert!(report.contains(" +09:00 〜 "), "run times in JST");

    let rows = embedded(&report, "report-rows");
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 11 + 6 + 3, "suspended, contacted and reviewed");
    let m004 = rows.iter().find(|r| r["id"] == "M004").unwrap();
    assert_eq!(m004["no"], "********5280");
    let birth_date = &m004["a"][2];
    assert_eq!(birth_date["m"], "19751111");
    assert_eq!(birth_date["r"], "19730101");
    // Under the value as written: 西暦 and 和暦.
    assert_eq!(birth_date["mn"], "1975-11-11（昭和50年11月11日）");
    assert_eq!(birth_date["rn"], "1973-01-01（昭和48年1月1日）");
    let labels = embedded(&report, "report-labels");
    assert!(labels["differs"]
        .as_array()
        .unwrap()
        .contains(&birth_date["v"]));
    // Every code a card shows has its Japanese name.
    for row in rows {
        assert!(labels["outcome"][row["o"].as_str().unwrap()].is_string());
        for reason in row["rs"].as_array().unwrap() {
            let label = &labels["reason"][reason.as_str().unwrap()];
            assert!(label.as_str().is_some_and(|l| !l.is_ascii()), "{reason}");
        }
        for attribute in row["a"].as_array().unwrap() {
            // Left out: equal, and the register's text is the member's.
            let verdict = attribute["v"].as_str().unwrap_or("equal");
            assert!(labels["verdict"][verdict].is_string(), "{verdict}");
            assert_eq!(attribute.get("r").is_none(), verdict == "equal");
        }
    }
    assert_no_english_codes(&report);
}

/// The JSON of the page's `<script type="application/json" id="ID">`.
fn embedded(report: &str, id: &str) -> serde_json::Value {
    let opening = format!("id=\"{id}\">");
    let start = report.find(&opening).unwrap() + opening.len();
    let end = start + report[start..].find("</script>").unwrap();
    serde_json::from_str(&report[start..end]).unwrap()
}

/// The page's text as a reader sees it (no style, script or tags) names no outcome,
/// reason, verdict or change by its code.
fn assert_no_english_codes(report: &str) {
    let mut text = String::new();
    let mut rest = report;
    // Leave out the style and scripts, then every tag.
    while let Some(start) = rest.find("<s") {
        text.push_str(&rest[..start]);
        let tail = &rest[start..];
        let closing = if tail.starts_with("<script") {
            "</script>"
        } else if tail.starts_with("<style") {
            "</style>"
        } else {
            text.push_str("<s");
            rest = &tail[2..];
            continue;
        };
        rest = &tail[tail.find(closing).unwrap() + closing.len()..];
    }
    text.push_str(rest);
    let mut visible = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                visible.push(' ');
            }
            _ if !in_tag => visible.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = visible
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    for word in &words {
        let code = word.len() > 3
            && word.contains('_')
            && word.chars().all(|c| c.is_ascii_uppercase() || c == '_');
        assert!(!code, "a reason code in the page's text: {word}");
    }
    for code in [
        "suspend",
        "contact",
        "review",
        "unregistered",
        "resolved",
        "persists",
        "normalized",
        "different",
        "similar",
        "likely_same",
        "not_compared",
    ] {
        assert!(!words.contains(&code), "a code in the page's text: {code}");
    }
}

/// An earlier run written in CP932 is read back for the comparison as one written in UTF-8.
#[test]
fn reruns_read_an_earlier_run_written_in_cp932() {
    let work = Work::new();
    let register = repo_path("testdata/cases/register.csv");
    let members = repo_path("testdata/cases/members.csv");
    let config = work.write("cp932.toml", "[output]\nencoding = \"cp932\"\n");
    let config = config.to_str().unwrap();
    work.reconcile(
        &members,
        &register,
        "old-cp932",
        &["--quiet", "--config", config],
    )
    .expect_code(0);
    work.reconcile(&members, &register, "old-utf8", &["--quiet"])
        .expect_code(0);
    for old in ["old-cp932", "old-utf8"] {
        let out = format!("new-{old}");
        work.reconcile(&members, &register, &out, &["--quiet", "--previous", old])
            .expect_code(0);
    }
    let from_cp932 = std::fs::read(work.path("new-old-cp932/diff.csv")).unwrap();
    let from_utf8 = std::fs::read(work.path("new-old-utf8/diff.csv")).unwrap();
    assert_eq!(from_cp932, from_utf8);
    let diff = Csv::read(&work.path("new-old-utf8/diff.csv"));
    assert!(!diff.rows.is_empty());
    assert!(diff
        .values("区分コード")
        .iter()
        .all(|change| change == "persists"));
}

#[test]
fn a_resolution_needs_a_known_decision_its_reason_date_and_who_and_one_row() {
    let work = Work::new();
    let members = repo_path("testdata/cases/members.csv");
    let register = repo_path("testdata/cases/register.csv");
    work.reconcile(&members, &register, "first", &["--quiet"])
        .expect_code(0);
    let (results, rows) = results_by_id(&work, "first");
    let fingerprint = |id: &str| results.get(&rows[id], "照合データ指紋").to_owned();
    let flagged: Vec<&str> = ["M007", "M008", "M004", "M005", "M006", "M003"]
        .into_iter()
        .filter(|id| results.get(&rows[*id], "判定コード") != "ok")
        .collect();
    assert!(flagged.len() >= 3, "{flagged:?}");
    let (a, b, c) = (flagged[0], flagged[1], flagged[2]);
    let (fa, fb, fc) = (fingerprint(a), fingerprint(b), fingerprint(c));
    work.write(
        "resolutions.csv",
        format!(
            "member_id,decision,reason,date,who,fingerprint\n\
             {a},停止継続,確認中,2026-11-20,佐藤,{fa}\n\
             {a},なんでもよい,確認中,2026-11-20,佐藤,{fa}\n\
             {b},理由付き疑いなし,,2026-11-20,,{fb}\n\
             {c},理由付き疑いなし,本人に確認（番号 1234-5678-9018）,2026-11-20,佐藤,{}\n\
             {c},理由付き疑いなし,本人に確認,2026-11-20,佐藤,xyz\n",
            fc.to_uppercase()
        ),
    );
    work.reconcile(
        &members,
        &register,
        "second",
        &["--quiet", "--resolutions", "resolutions.csv"],
    )
    .expect_code(0);
    let (second, rows2) = results_by_id(&work, "second");
    for id in [a, b, c] {
        assert_eq!(
            second.get(&rows2[id], "判定コード"),
            results.get(&rows[id], "判定コード"),
            "{id}: no resolution may apply"
        );
    }
    let rejects = Csv::read(&work.path("second/rejects.csv"));
    let reasons: Vec<(String, String)> = rejects
        .rows
        .iter()
        .filter(|r| r[0] == "resolutions.csv")
        .map(|r| (r[1].clone(), r[3].clone()))
        .collect();
    let expected = [
        ("2", "決定（decision）は"),
        ("3", "決定（decision）は"),
        ("4", "reason・who"),
        ("5", "6行目にもあります"),
        ("6", "照合データ指紋"),
    ];
    assert_eq!(reasons.len(), expected.len(), "{reasons:?}");
    for ((line, reason), (want_line, want)) in reasons.iter().zip(expected) {
        assert_eq!(line, want_line);
        assert!(reason.contains(want), "line {line}: {reason}");
    }
    // The number typed into a reason reaches no output.
    for entry in std::fs::read_dir(work.path("second")).unwrap() {
        let text = std::fs::read(entry.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&text);
        assert!(!text.contains("1234-5678-9018"));
    }
}

#[test]
fn a_previous_run_of_other_data_is_refused_unless_accepted() {
    let work = Work::new();
    generate(&work, "a", 1_000, 51, "modern");
    generate(&work, "b", 1_000, 52, "modern");
    work.reconcile(
        &work.path("a/members.csv"),
        &work.path("a/register.csv"),
        "run-a",
        &["--quiet"],
    )
    .expect_code(0);
    // Another insurer's members: other ids (the generator numbers households alike).
    let other: String = std::fs::read_to_string(work.path("b/members.csv"))
        .unwrap()
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                format!("{line}\n")
            } else {
                format!("K{line}\n")
            }
        })
        .collect();
    let members = work.write("b/members.csv", other);
    let register = work.path("b/register.csv");
    let run = work.reconcile(
        &members,
        &register,
        "run-b",
        &["--quiet", "--previous", "run-a"],
    );
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(
        run.stderr().contains("--previous-may-differ"),
        "{}",
        run.stderr()
    );
    assert!(!work.path("run-b").exists(), "nothing written");
    work.reconcile(
        &members,
        &register,
        "run-b",
        &["--quiet", "--previous", "run-a", "--previous-may-differ"],
    )
    .expect_code(0);
    assert!(work.path("run-b/diff.csv").exists());
}
